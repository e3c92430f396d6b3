-- Every audience's members in one table (long format), one row per
-- audience and customer: what a sync and the membership history
-- (snap_audiences__members, audience_membership_changes) read. The rules
-- are the four audience models'; qualified_at is the moment that put the
-- customer in the audience (the last qualifying order, the only order, the
-- abandoned cart, the last product view).

with recent_buyers as (
    select * from {{ ref('audience_recent_buyers') }}
),

first_time_buyers as (
    select * from {{ ref('audience_first_time_buyers') }}
),

cart_abandoners as (
    select * from {{ ref('audience_cart_abandoners') }}
),

browse_abandoners as (
    select * from {{ ref('audience_browse_abandoners') }}
),

unioned as (
    select
        member_key,
        audience_name,
        customer_id,
        external_id,
        as_of_date,
        is_holdout,
        email_sha256,
        phone_e164_sha256,
        phone_digits_sha256,
        last_qualifying_order_at as qualified_at
    from recent_buyers
    union all
    select
        member_key,
        audience_name,
        customer_id,
        external_id,
        as_of_date,
        is_holdout,
        email_sha256,
        phone_e164_sha256,
        phone_digits_sha256,
        first_order_at as qualified_at
    from first_time_buyers
    union all
    select
        member_key,
        audience_name,
        customer_id,
        external_id,
        as_of_date,
        is_holdout,
        email_sha256,
        phone_e164_sha256,
        phone_digits_sha256,
        abandoned_at as qualified_at
    from cart_abandoners
    union all
    select
        member_key,
        audience_name,
        customer_id,
        external_id,
        as_of_date,
        is_holdout,
        email_sha256,
        phone_e164_sha256,
        phone_digits_sha256,
        last_viewed_at as qualified_at
    from browse_abandoners
),

final as (
    select
        member_key,
        audience_name,
        customer_id,
        external_id,
        as_of_date,
        qualified_at,
        is_holdout,
        email_sha256,
        phone_e164_sha256,
        phone_digits_sha256
    from unioned
)

select * from final
