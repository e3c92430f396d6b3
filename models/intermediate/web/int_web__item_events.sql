-- One row per item of a GA4 ecommerce event (view_item, add_to_cart,
-- remove_from_cart, begin_checkout, purchase) with the person behind the
-- event, so that product interactions, open carts and audiences attribute
-- web behaviour the same way. The person is the event's session's customer
-- (int_web__sessions: the session's login, else the browser); for an event
-- without a session, its own login, else its browser; null for an anonymous
-- browser or an excluded hub. Items without an item_id (sku) cannot name a
-- product and are left out. Amounts stay in the event's currency (GA4's
-- `currency` parameter) and in GA4's USD conversion.

with event_items as (
    select * from {{ ref('stg_ga4__event_items') }}
    where
        event_name in ('view_item', 'add_to_cart', 'remove_from_cart', 'begin_checkout', 'purchase')
        and item_id is not null
),

sessions as (
    select * from {{ ref('int_web__sessions') }}
),

id_map as (
    select * from {{ ref('int_identity__id_map') }}
),

final as (
    select
        event_items.event_item_key,
        event_items.event_key,
        event_items.item_index,
        event_items.event_date,
        event_items.event_at,
        event_items.event_name,
        event_items.client_key,
        event_items.session_key,
        event_items.item_id,
        event_items.item_name,
        event_items.item_brand,
        event_items.item_category,
        event_items.quantity,
        event_items.price,
        event_items.item_revenue_in_usd,
        upper(event_items.currency) as currency_code,
        coalesce(sessions.customer_id, by_user_id.customer_id, by_client.customer_id) as customer_id
    from event_items
    left join sessions
        on event_items.session_key = sessions.session_key
    left join id_map as by_user_id
        on
            event_items.session_key is null
            and by_user_id.identifier_type = 'ga_user_id'
            and event_items.user_id = by_user_id.identifier_value
    left join id_map as by_client
        on
            event_items.session_key is null
            and by_client.identifier_type = 'ga_client'
            and {{ dbt.concat(['event_items.stream_id', "'/'", 'event_items.user_pseudo_id']) }}
            = by_client.identifier_value
)

select * from final
