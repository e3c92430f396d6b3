-- What each known customer has left in a website cart, as of the customer
-- marts' as-of date (macros/marts/as_of_date.sql), one row per customer and
-- product:
--   - the cart opens after the customer's last online purchase (a GA4
--     purchase event or an online order in fct_orders, whichever is later,
--     on or before the as-of date): a purchase empties the cart, a boutique
--     sale does not;
--   - net quantity = units added (add_to_cart) minus units removed
--     (remove_from_cart) since then, per product; a missing quantity counts
--     as 1; products with a net quantity of 0 or less are not in the cart;
--   - a cart expires: only the adds and removes of the last
--     web_open_cart_max_age_days days up to the as-of date count (shop
--     platforms drop old baskets; a cart of the GA360 years is not open);
--   - unit price = the price of the product's latest add_to_cart, converted
--     from the event's currency to the reporting currency at the rate of the
--     event's date (macros/cleaning/currency.sql); null when the event has
--     no price or a currency the currency_rates seed does not know.
-- Anonymous browsers (no customer_id) have no row: nobody can be reached.

with item_events as (
    select * from {{ ref('int_web__item_events') }}
    where customer_id is not null
),

orders as (
    select * from {{ ref('fct_orders') }}
),

rates as (
    {{ scv.reporting_currency_rates() }}
),

as_of as (
    select {{ scv.as_of_date_expression('orders') }} as as_of_date
),

-- events and orders up to the end of the as-of date (UTC)
events_to_date as (
    select item_events.*
    from item_events
    cross join as_of
    where cast(item_events.event_at as date) <= as_of.as_of_date
),

last_purchases as (
    select
        customer_id,
        max(purchased_at) as last_purchased_at
    from (
        select
            customer_id,
            event_at as purchased_at
        from events_to_date
        where event_name = 'purchase'
        union all
        select
            orders.customer_id,
            orders.ordered_at as purchased_at
        from orders
        cross join as_of
        where
            orders.channel = 'online'
            and orders.customer_id is not null
            and orders.order_date <= as_of.as_of_date
    ) as purchases
    group by customer_id
),

cart_events as (
    select
        events_to_date.*,
        case
            when events_to_date.event_name = 'add_to_cart' then coalesce(events_to_date.quantity, 1)
            else -coalesce(events_to_date.quantity, 1)
        end as quantity_change
    from events_to_date
    left join last_purchases
        on events_to_date.customer_id = last_purchases.customer_id
    cross join as_of
    where
        events_to_date.event_name in ('add_to_cart', 'remove_from_cart')
        and (
            last_purchases.last_purchased_at is null
            or events_to_date.event_at > last_purchases.last_purchased_at
        )
        and cast(events_to_date.event_at as date)
        > {{ dbt.dateadd('day', -(var('web_open_cart_max_age_days') | int), 'as_of.as_of_date') }}
),

cart_items as (
    select
        customer_id,
        item_id,
        sum(quantity_change) as net_quantity,
        min(case when event_name = 'add_to_cart' then event_at end) as first_added_at,
        max(case when event_name = 'add_to_cart' then event_at end) as last_added_at,
        max(event_at) as last_changed_at
    from cart_events
    group by customer_id, item_id
),

-- the product's latest add_to_cart names and prices it
latest_adds as (
    select
        customer_id,
        item_id,
        {{ scv.latest_non_null('item_name', 'event_at', 'event_item_key') }} as item_name,
        {{ scv.latest_non_null('item_category', 'event_at', 'event_item_key') }} as item_category,
        {{ scv.latest_non_null('price', 'event_at', 'event_item_key') }} as unit_price_original,
        {{ scv.latest_non_null('currency_code', 'event_at', 'event_item_key') }} as currency_code,
        {{ scv.latest_non_null('event_date', 'event_at', 'event_item_key') }} as price_date
    from cart_events
    where event_name = 'add_to_cart'
    group by customer_id, item_id
),

final as (
    select
        {{ scv.hash_key(['cart_items.customer_id', 'cart_items.item_id']) }} as open_cart_item_key,
        cart_items.customer_id,
        cart_items.item_id,
        latest_adds.item_name,
        latest_adds.item_category,
        cast(cart_items.net_quantity as {{ dbt.type_bigint() }}) as net_quantity,
        latest_adds.currency_code,
        latest_adds.unit_price_original,
        {{ scv.to_reporting_currency('latest_adds.unit_price_original', 'rates.rate_to_reporting') }}
            as unit_price,
        {{ scv.to_reporting_currency(
            'latest_adds.unit_price_original * cart_items.net_quantity', 'rates.rate_to_reporting'
        ) }} as cart_value,
        cart_items.first_added_at,
        cart_items.last_added_at,
        cart_items.last_changed_at,
        last_purchases.last_purchased_at as cart_opened_after
    from cart_items
    inner join latest_adds
        on
            cart_items.customer_id = latest_adds.customer_id
            and cart_items.item_id = latest_adds.item_id
    left join last_purchases
        on cart_items.customer_id = last_purchases.customer_id
    left join rates
        on {{ scv.rate_in_force('rates', 'latest_adds.currency_code', 'latest_adds.price_date') }}
    where cart_items.net_quantity > 0
)

select * from final
