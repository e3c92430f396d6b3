-- One row per person and product seen on the website: how many times the
-- product was viewed (view_item), added to the cart (add_to_cart) and
-- bought (purchase), and when. A known customer is one row per product
-- whatever the browser; an anonymous browser (no customer_id) keeps its own
-- rows, keyed by its client_key, so every interaction is counted once.
-- Who is behind an event, and which items count: int_web__item_events.

with interactions as (
    select * from {{ ref('int_web__item_events') }}
    where event_name in ('view_item', 'add_to_cart', 'purchase')
),

keyed as (
    select
        *,
        case when customer_id is null then client_key end as anonymous_client_key
    from interactions
),

final as (
    select
        {{ scv.hash_key(['customer_id', 'anonymous_client_key', 'item_id']) }} as product_interaction_key,
        customer_id,
        anonymous_client_key,
        item_id,
        {{ scv.latest_non_null('item_name', 'event_at', 'event_key') }} as item_name,
        {{ scv.latest_non_null('item_brand', 'event_at', 'event_key') }} as item_brand,
        {{ scv.latest_non_null('item_category', 'event_at', 'event_key') }} as item_category,
        count(distinct case when event_name = 'view_item' then event_key end) as product_views,
        count(distinct case when event_name = 'add_to_cart' then event_key end) as add_to_carts,
        count(distinct case when event_name = 'purchase' then event_key end) as purchases,
        cast(coalesce(sum(case when event_name = 'purchase' then quantity end), 0) as {{ dbt.type_bigint() }})
            as purchased_quantity,
        coalesce(sum(case when event_name = 'purchase' then item_revenue_in_usd end), 0) as purchase_revenue_in_usd,
        min(event_at) as first_interaction_at,
        max(event_at) as last_interaction_at,
        max(case when event_name = 'view_item' then event_at end) as last_viewed_at,
        max(case when event_name = 'add_to_cart' then event_at end) as last_added_to_cart_at,
        max(case when event_name = 'purchase' then event_at end) as last_purchased_at
    from keyed
    group by
        customer_id,
        anonymous_client_key,
        item_id
)

select * from final
