-- The product pages the customer of each allowed brief viewed most in the
-- brief's web window (appointment_briefs.web_window_start, included, to
-- web_window_end, excluded): one row per appointment and product, the top
-- var brief_top_products (default 5). A product is its item_name (GA4 names
-- the product, item_id the variant sold), the sku when unnamed; a view is a
-- view_item event (one per event, whatever the number of items). Ties: more
-- views, then the latest view, then the name. item_id is the product's most
-- viewed variant (ties: the latest viewed, then the sku).

with briefs as (
    select * from {{ ref('appointment_briefs') }}
    where is_brief_allowed
),

item_events as (
    select * from {{ ref('int_web__item_events') }}
    where event_name = 'view_item' and customer_id is not null
),

window_views as (
    select
        briefs.appointment_id,
        item_events.item_id,
        item_events.event_key,
        item_events.event_at,
        coalesce(item_events.item_name, item_events.item_id) as product_name
    from briefs
    inner join item_events
        on
            briefs.customer_id = item_events.customer_id
            and briefs.web_window_start <= item_events.event_at
            and briefs.web_window_end > item_events.event_at
),

product_views as (
    select
        appointment_id,
        product_name,
        count(distinct event_key) as view_count,
        max(event_at) as last_viewed_at
    from window_views
    group by appointment_id, product_name
),

ranked_products as (
    select
        *,
        row_number() over (
            partition by appointment_id
            order by view_count desc, last_viewed_at desc, product_name asc
        ) as view_rank
    from product_views
),

ranked_variants as (
    select
        appointment_id,
        product_name,
        item_id,
        row_number() over (
            partition by appointment_id, product_name
            order by count(distinct event_key) desc, max(event_at) desc, item_id asc
        ) as variant_rank
    from window_views
    group by appointment_id, product_name, item_id
),

final as (
    select
        {{ scv.hash_key(['ranked_products.appointment_id', 'ranked_products.product_name']) }}
            as product_view_key,
        ranked_products.appointment_id,
        cast(ranked_products.view_rank as {{ dbt.type_int() }}) as rank,
        ranked_products.product_name,
        ranked_variants.item_id,
        cast(ranked_products.view_count as {{ dbt.type_int() }}) as view_count,
        ranked_products.last_viewed_at
    from ranked_products
    inner join ranked_variants
        on
            ranked_products.appointment_id = ranked_variants.appointment_id
            and ranked_products.product_name = ranked_variants.product_name
            and ranked_variants.variant_rank = 1
    where ranked_products.view_rank <= {{ var('brief_top_products', 5) }}
)

select * from final
