-- Browse abandoners: customers who viewed products repeatedly on the
-- website (at least var `audience_browse_abandoners_min_views` view_item
-- events in the last var `audience_browse_abandoners_lookback_days` days)
-- without adding anything to the cart, beginning a checkout or ordering in
-- that window, with a current marketing consent. Rules at the edges, in
-- the model's docs (_marts_audiences__docs.md):
--   - the window is [as_of_end - lookback days, as_of_end), as_of_end the
--     end of the as-of date (midnight UTC); exactly the minimum number of
--     views is enough;
--   - a view is one view_item event (two products in one event are one
--     view; the same product viewed twice is two);
--   - any order, online or in store and whatever its status, in the window
--     disqualifies, as does any add_to_cart or begin_checkout;
--   - web events are the person's as int_web__item_events attributes them.
{%- set lookback_days = var('audience_browse_abandoners_lookback_days', 7) | int %}
{%- set min_views = var('audience_browse_abandoners_min_views', 3) | int %}

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
        cast({{ dbt.dateadd('day', -lookback_days, 'as_of_end') }} as {{ dbt.type_timestamp() }}) as window_start
    from bounds
),

window_events as (
    select
        item_events.customer_id,
        item_events.event_key,
        item_events.event_name,
        item_events.event_at,
        item_events.item_id
    from item_events
    cross join windows
    where
        item_events.customer_id is not null
        and item_events.event_at >= windows.window_start
        and item_events.event_at < windows.as_of_end
),

browsers as (
    select
        customer_id,
        cast(count(distinct event_key) as {{ dbt.type_int() }}) as product_view_count,
        cast(count(distinct item_id) as {{ dbt.type_int() }}) as viewed_product_count,
        max(event_at) as last_viewed_at
    from window_events
    where event_name = 'view_item'
    group by customer_id
    having count(distinct event_key) >= {{ min_views }}
),

carts as (
    select distinct customer_id
    from window_events
    where event_name in ('add_to_cart', 'begin_checkout')
),

window_orders as (
    select distinct orders.customer_id
    from orders
    cross join windows
    where
        orders.customer_id is not null
        and orders.ordered_at >= windows.window_start
        and orders.ordered_at < windows.as_of_end
),

final as (
    select
        {{ scv.hash_key(["'browse_abandoners'", 'browsers.customer_id']) }} as member_key,
        'browse_abandoners' as audience_name,
        browsers.customer_id,
        reachable_customers.external_id,
        windows.as_of_date,
        browsers.product_view_count,
        browsers.viewed_product_count,
        browsers.last_viewed_at,
        reachable_customers.is_holdout,
        reachable_customers.email_sha256,
        reachable_customers.phone_e164_sha256,
        reachable_customers.phone_digits_sha256
    from browsers
    inner join reachable_customers
        on browsers.customer_id = reachable_customers.customer_id
    cross join windows
    where
        browsers.customer_id not in (select carts.customer_id from carts)
        and browsers.customer_id not in (select window_orders.customer_id from window_orders)
)

select * from final
