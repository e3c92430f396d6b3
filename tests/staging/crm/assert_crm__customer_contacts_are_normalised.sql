-- Staged customer contacts keep their promises: every phone is E.164
-- ('+', no leading 0, 8 to 15 digits) and every email is lower case, trimmed
-- and passes is_valid_email. A row returned is a cleaning rule that let a
-- bad value through.
with customers as (
    select * from {{ ref('stg_crm__customers') }}
)

select
    customer_id,
    phone_e164,
    email
from customers
where
    (phone_e164 is not null and not {{ scv.regex_matches('phone_e164', '^\\+[1-9][0-9]{7,14}$') }})
    or (phone_e164 is null and is_phone_valid)
    or (email is not null and (email != lower(trim(email)) or not {{ scv.is_valid_email('email') }}))
    or (email is null and is_email_valid)
