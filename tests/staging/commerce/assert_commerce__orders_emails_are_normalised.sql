-- Staged checkout emails are lower case, trimmed and valid (else null with
-- is_email_valid = false).
with orders as (
    select * from {{ ref('stg_commerce__orders') }}
)

select
    order_id,
    email
from orders
where
    (email is not null and (email != lower(trim(email)) or not {{ scv.is_valid_email('email') }}))
    or (email is null and is_email_valid)
