-- Cart abandoners: customers who added a product to the cart or began a
-- checkout on the website and have not bought since, once at least var
-- `audience_cart_abandoners_hours` hours (default 24) have passed, with a
-- current marketing consent. Rules at the edges, in the model's docs
-- (_marts_audiences__docs.md):
--   - "now" is the end of the as-of date, midnight UTC (as_of_end); web
--     events and orders after it do not exist yet;
--   - the customer's latest add_to_cart / begin_checkout in the last var
--     `audience_cart_abandoners_lookback_days` days that is at least 24
--     hours old (at or before as_of_end - 24 h: exactly 24 h is old enough)
--     is followed by no order of theirs, online or in store, whatever its
--     status (an order at the very time of the event counts as a purchase);
--   - cart events of the last 24 hours neither qualify nor disqualify: the
--     customer may still be buying;
--   - web events are the person's as int_web__item_events attributes them
--     (the session's login, else the browser); anonymous browsers are no
--     one's.
{%- set lookback_days = var('audience_cart_abandoners_lookback_days', 7) | int %}
{%- set grace_hours = var('audience_cart_abandoners_hours', 24) | int %}

with orders as (
    select * from {{ ref('fct_orders') }}
),

item_events as (
    select * from {{ ref('int_web__item_events') }}
),

reachable_customers as (
    select * from {{ ref('int_audiences__reachable_customers') }}
),

as_of as (
    select {{ scv.as_of_date_expression('orders') }} as as_of_date
),

bounds as (
    select
        as_of_date,
        cast({{ dbt.dateadd('day', 1, 'as_of_date') }} as {{ dbt.type_timestamp() }}) as as_of_end
    from as_of
),

windows as (
    select
        as_of_date,
        as_of_end,
        cast({{ dbt.dateadd('day', -lookback_days, 'as_of_end') }} as {{ dbt.type_timestamp() }}) as window_start,
        cast({{ dbt.dateadd('hour', -grace_hours, 'as_of_end') }} as {{ dbt.type_timestamp() }}) as abandoned_before
    from bounds
),

cart_events as (
    select
        item_events.customer_id,
        item_events.event_key,
        item_events.event_at
    from item_events
    cross join windows
    where
        item_events.customer_id is not null
        and item_events.event_name in ('add_to_cart', 'begin_checkout')
        and item_events.event_at >= windows.window_start
        and item_events.event_at <= windows.abandoned_before
),

latest_carts as (
    select
        customer_id,
        max(event_at) as abandoned_at,
        cast(count(distinct event_key) as {{ dbt.type_int() }}) as cart_event_count
    from cart_events
    group by customer_id
),

purchases as (
    select
        orders.customer_id,
        orders.ordered_at
    from orders
    cross join windows
    where
        orders.customer_id is not null
        and orders.ordered_at < windows.as_of_end
),

abandoners as (
    select latest_carts.*
    from latest_carts
    left join purchases
        on
            latest_carts.customer_id = purchases.customer_id
            and latest_carts.abandoned_at <= purchases.ordered_at
    where purchases.customer_id is null
),

final as (
    select
        {{ scv.hash_key(["'cart_abandoners'", 'abandoners.customer_id']) }} as member_key,
        'cart_abandoners' as audience_name,
        abandoners.customer_id,
        reachable_customers.external_id,
        windows.as_of_date,
        abandoners.abandoned_at,
        abandoners.cart_event_count,
        reachable_customers.is_holdout,
        reachable_customers.email_sha256,
        reachable_customers.phone_e164_sha256,
        reachable_customers.phone_digits_sha256
    from abandoners
    inner join reachable_customers
        on abandoners.customer_id = reachable_customers.customer_id
    cross join windows
)

select * from final
