-- One row per person and product seen on the website: how many times the
-- product was viewed (view_item), added to the cart (add_to_cart) and
-- bought (purchase), and when. A known customer is one row per product
-- whatever the browser; an anonymous browser (no customer_id) keeps its own
-- rows, keyed by its client_key, so every interaction is counted once.
-- Who is behind an event, and which items count: int_web__item_events.
--
-- Incremental: a run rebuilds every row of the people (a customer_id, or
-- the client_key of an anonymous browser) whose item events were written
-- since the newest built_at it holds, or whose number of item events is
-- no longer the one stored (item_event_rows: an event that went away, or
-- moved to another customer), after deleting their rows
-- (macros/incremental/product_interactions.sql).
{{ config(**scv.incremental_config(
    'keys',
    unique_key='product_interaction_key',
    cluster_by=['customer_id', 'item_id'],
)) }}
{{ config(pre_hook="{{ scv.delete_product_interactions_to_rebuild() }}") }}

{%- set built_through = scv.incremental_watermark('built_at') %}
{#- incremental: only the people to rebuild -#}
{%- set rebuilt_people -%}
    {{ scv.product_interaction_subject('customer_id', 'client_key') }} in (
        {{ scv.product_interactions_to_rebuild(built_through) }}
    )
{%- endset %}

with interactions as (
    select * from {{ ref('int_web__item_events') }}
    where
        event_name in ({{ scv.product_interaction_events() }})
        and {{ rebuilt_people if built_through is not none else 'true' }}
),

keyed as (
    select
        *,
        case when customer_id is null then client_key end as anonymous_client_key
    from interactions
),

-- One row per event and product first (an event can list one product
-- twice), so that the counts below are plain counts, not count(distinct).
-- Within an event, the item row with the smallest key names the product.
per_event as (
    select
        customer_id,
        anonymous_client_key,
        item_id,
        event_key,
        event_name,
        event_at,
        {{ scv.first_non_null('item_name', 'event_item_key') }} as item_name,
        {{ scv.first_non_null('item_brand', 'event_item_key') }} as item_brand,
        {{ scv.first_non_null('item_category', 'event_item_key') }} as item_category,
        sum(quantity) as quantity,
        sum(item_revenue_in_usd) as item_revenue_in_usd,
        count(*) as item_event_rows
    from keyed
    group by
        customer_id,
        anonymous_client_key,
        item_id,
        event_key,
        event_name,
        event_at
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
        count(case when event_name = 'view_item' then 1 end) as product_views,
        count(case when event_name = 'add_to_cart' then 1 end) as add_to_carts,
        count(case when event_name = 'purchase' then 1 end) as purchases,
        cast(coalesce(sum(case when event_name = 'purchase' then quantity end), 0) as {{ dbt.type_bigint() }})
            as purchased_quantity,
        coalesce(sum(case when event_name = 'purchase' then item_revenue_in_usd end), 0) as purchase_revenue_in_usd,
        min(event_at) as first_interaction_at,
        max(event_at) as last_interaction_at,
        max(case when event_name = 'view_item' then event_at end) as last_viewed_at,
        max(case when event_name = 'add_to_cart' then event_at end) as last_added_to_cart_at,
        max(case when event_name = 'purchase' then event_at end) as last_purchased_at,
        cast(sum(item_event_rows) as {{ dbt.type_bigint() }}) as item_event_rows,
        {{ scv.run_started_timestamp() }} as built_at
    from per_event
    group by
        customer_id,
        anonymous_client_key,
        item_id
)

select * from final
