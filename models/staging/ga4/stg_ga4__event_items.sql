-- One row per item of a staged GA4 event (the export's `items` list): the
-- rows of base_ga4__events that stg_ga4__events stages (the view does not
-- carry the items list), with the event's browser, session, login and
-- currency, so that readers need not join the events again.
--
-- Incremental: a run recomputes the items of every event with a
-- reprocessed row (ga4_reprocessed_rows), after deleting their earlier
-- rows; loaded_at (of the staged row) is the watermark.
{{ config(**scv.incremental_config(
    'keys',
    unique_key='event_item_key',
    partition_column='event_date',
    cluster_by=['item_id', 'event_name'],
)) }}
{{ config(pre_hook=[
    "{{ scv.ga4_delete_reprocessed('event_key') }}",
    "{{ scv.ga4_delete_orphans('event_key') }}",
]) }}

{%- set processed_through = scv.ga4_processed_through('loaded_at') %}

-- depends_on: {{ ref('stg_ga4__export_rows') }}
with base as (
    select * from {{ ref('base_ga4__events') }}
    {%- if processed_through is not none %}
        where {{ scv.ga4_rows_with_keys('dedup_key', scv.ga4_reprocessed_dedup_keys(processed_through)) }}
    {%- endif %}
),

duplicates as (
    select
        source_file,
        source_row_id
    from {{ ref('base_ga4__event_duplicates') }}
),

events as (
    select
        base.event_key,
        base.event_date,
        base.event_at,
        base.event_name,
        base.transaction_id,
        base.client_key,
        base.session_key,
        base.stream_id,
        base.user_pseudo_id,
        base.user_id,
        base.currency,
        base.export_date,
        base.loaded_at,
        base.items
    from base
    left join duplicates
        on
            base.source_file = duplicates.source_file
            and base.source_row_id = duplicates.source_row_id
    where base.row_reason is null and duplicates.source_row_id is null
),

unnested as (
    {{ scv.unnest_with_index(
        'events',
        array_column='items',
        element_alias='item',
        index_alias='item_index',
        columns=[
            'event_key', 'event_date', 'event_at', 'event_name', 'transaction_id',
            'client_key', 'session_key', 'stream_id', 'user_pseudo_id', 'user_id', 'currency',
            'export_date', 'loaded_at',
        ]
    ) }}
),

final as (
    select
        {{ scv.hash_key(['unnested.event_key', 'unnested.item_index']) }} as event_item_key,
        unnested.event_key,
        unnested.item_index,
        unnested.event_date,
        unnested.event_at,
        unnested.event_name,
        unnested.transaction_id,
        unnested.client_key,
        unnested.session_key,
        unnested.stream_id,
        unnested.user_pseudo_id,
        unnested.user_id,
        unnested.currency,
        {{ scv.ga4_not_set_to_null('unnested.item.item_id') }} as item_id,
        {{ scv.ga4_not_set_to_null('unnested.item.item_name') }} as item_name,
        {{ scv.ga4_not_set_to_null('unnested.item.item_brand') }} as item_brand,
        {{ scv.ga4_not_set_to_null('unnested.item.item_variant') }} as item_variant,
        {{ scv.ga4_not_set_to_null('unnested.item.item_category') }} as item_category,
        {{ scv.ga4_not_set_to_null('unnested.item.item_category2') }} as item_category2,
        {{ scv.ga4_not_set_to_null('unnested.item.item_category3') }} as item_category3,
        {{ scv.ga4_not_set_to_null('unnested.item.item_category4') }} as item_category4,
        {{ scv.ga4_not_set_to_null('unnested.item.item_category5') }} as item_category5,
        unnested.item.price,
        unnested.item.price_in_usd,
        unnested.item.quantity,
        unnested.item.item_revenue,
        unnested.item.item_revenue_in_usd,
        unnested.item.item_refund,
        {{ scv.ga4_not_set_to_null('unnested.item.coupon') }} as coupon,
        {{ scv.ga4_not_set_to_null('unnested.item.affiliation') }} as affiliation,
        {{ scv.ga4_not_set_to_null('unnested.item.location_id') }} as location_id,
        {{ scv.ga4_not_set_to_null('unnested.item.item_list_id') }} as item_list_id,
        {{ scv.ga4_not_set_to_null('unnested.item.item_list_name') }} as item_list_name,
        {{ scv.ga4_not_set_to_null('unnested.item.item_list_index') }} as item_list_index,
        {{ scv.ga4_not_set_to_null('unnested.item.promotion_id') }} as promotion_id,
        {{ scv.ga4_not_set_to_null('unnested.item.promotion_name') }} as promotion_name,
        {{ scv.ga4_not_set_to_null('unnested.item.creative_name') }} as creative_name,
        {{ scv.ga4_not_set_to_null('unnested.item.creative_slot') }} as creative_slot,
        unnested.export_date,
        unnested.loaded_at
    from unnested
)

select * from final
