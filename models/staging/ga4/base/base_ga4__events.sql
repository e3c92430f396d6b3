-- Every GA4 export row of the requested tables (see ga4_table_suffix_filter),
-- flattened and typed, keyed, with the reason the row alone is rejected
-- (row_reason; null when it passes the checks). The export is read once and
-- the wide rows stream straight to this table; which rows are copies of an
-- event or repeat a transaction is decided afterwards on a few narrow
-- columns of this table (base_ga4__event_duplicates), and stg_ga4__events /
-- stg_ga4__events_quarantine are views that combine the two (see
-- docs/benchmarks.md). Written without keeping the scan order, which
-- would leave DuckDB to rewrite part of the table at the next checkpoint
-- (relax_insertion_order).
--
-- Incremental: one partition per export date (a daily table and the
-- intraday table of the same day). A run re-reads the tables of the last
-- ga4_incremental_lookback_days days it holds and every newer one, and
-- replaces those partitions (macros/incremental/ga4_reprocessing.sql).
-- After each run the rows of people who asked to be forgotten are deleted,
-- old partitions included (ga4_erase_rows, macros/privacy/erasure.sql).
-- Rows without an export date (a file not named for its day whose
-- event_date is broken) are read again by every run and replace their
-- earlier copy (delete_undated_export_rows).
--
-- Before anything is read, ga4_check_export stops the run with a message
-- naming the file and the column when the export is missing or does not
-- have the BigQuery export schema (docs/bad_input.md).
{{ config(**scv.incremental_config(
    'partitions',
    partition_column='export_date',
    cluster_by=['event_name', 'client_key'],
)) }}
{{ config(
    pre_hook=[
        "{{ scv.ga4_check_export() }}",
        "{{ scv.delete_undated_export_rows() }}",
        scv.relax_insertion_order(),
    ],
    post_hook=[scv.restore_insertion_order(), "{{ scv.ga4_erase_rows() }}"],
) }}

{%- set reprocess_from = scv.ga4_reprocess_from('export_date') %}
{#- days of the look-back whose tables are as they were loaded: not read again -#}
{%- set unchanged_days = scv.ga4_unchanged_export_days(reprocess_from) %}

with source as (
    select
        *,
        {{ scv.ga4_table_suffix() }} as export_table_suffix,
        {{ scv.ga4_source_file() }} as source_file,
        {{ scv.ga4_source_row_id() }} as source_row_id
    from {{ scv.ga4_conformed_export(
        source('ga4', 'events'),
        file_filter=scv.ga4_export_file_filter(reprocess_from, unchanged_days),
    ) }} as export_rows
    where
        (
            {{ scv.ga4_table_suffix_filter(scv.ga4_table_suffix(), reprocess_from) }}
            {{ scv.ga4_undated_rows_condition(scv.ga4_table_suffix()) }}
        )
        and {{ scv.skip_export_days(scv.ga4_table_suffix(), unchanged_days) }}
),

-- the export tables' modification times (file or table), kept on the rows
-- so that the next incremental run can tell a table that changed
with_param_keys as (
    select
        source.*,
        export_tables.modified_at as source_modified_at,
        {{ scv.ga4_event_param_keys('source.event_params') }} as event_param_keys
    from source
    left join {{ scv.ga4_export_tables() }} as export_tables
        on source.source_file = export_tables.source_file
),

-- Struct fields (device.category) look like qualified column references
-- to the linter, so its rule RF03 is off from here on.
-- noqa: disable=RF03
flattened as (
    select
        -- identifiers; user_pseudo_id is only unique within a stream, and
        -- old exports carry stream_id as an integer
        cast(stream_id as {{ dbt.type_string() }}) as stream_id,
        nullif(user_pseudo_id, '') as user_pseudo_id,
        nullif(user_id, '') as user_id,
        nullif(event_name, '') as event_name,
        event_timestamp as event_timestamp_micros,
        event_date as raw_event_date,
        {{ scv.try_strptime_date('event_date', '%Y%m%d') }} as event_date,
        event_previous_timestamp as event_previous_timestamp_micros,
        user_first_touch_timestamp as user_first_touch_timestamp_micros,
        event_bundle_sequence_id,
        event_server_timestamp_offset as event_server_timestamp_offset_micros,
        event_value_in_usd,
        platform,
        is_active_user,

        -- event parameters
        {{ scv.ga4_event_param('ga_session_id', 'int') }} as ga_session_id,
        {{ scv.ga4_event_param('ga_session_number', 'int') }} as ga_session_number,
        {{ scv.ga4_event_param('session_engaged', 'int') }} as session_engaged_flag,
        {{ scv.ga4_event_param('engagement_time_msec', 'int') }} as engagement_time_msec,
        {{ scv.ga4_event_param('page_location', 'string') }} as page_location,
        {{ scv.ga4_event_param('page_title', 'string') }} as page_title,
        {{ scv.ga4_event_param('page_referrer', 'string') }} as page_referrer,
        {{ scv.ga4_event_param('source', 'string') }} as source,  -- noqa: RF04
        {{ scv.ga4_event_param('medium', 'string') }} as medium,  -- noqa: RF04
        {{ scv.ga4_event_param('campaign', 'string') }} as campaign,
        {{ scv.ga4_event_param('term', 'string') }} as term,
        {{ scv.ga4_event_param('content', 'string') }} as content,  -- noqa: RF04
        {{ scv.ga4_event_param('gclid', 'string') }} as gclid,
        {{ scv.ga4_event_param('search_term', 'string') }} as search_term,
        {{ scv.ga4_event_param('method', 'string') }} as method,  -- noqa: RF04
        {{ scv.ga4_event_param('booking_id', 'string') }} as booking_id,
        {{ scv.ga4_event_param('currency', 'string') }} as currency,
        {{ scv.ga4_event_param('value', 'double') }} as value,  -- noqa: RF04
        {{ scv.ga4_event_param('coupon', 'string') }} as coupon,
        -- the export's ecommerce record first, the event parameter second
        coalesce(
            {{ scv.ga4_not_set_to_null('ecommerce.transaction_id') }},
            {{ scv.ga4_not_set_to_null(scv.ga4_event_param('transaction_id', 'string')) }}
        ) as transaction_id,

        -- ecommerce record
        ecommerce.purchase_revenue as ecommerce_purchase_revenue,
        ecommerce.purchase_revenue_in_usd as ecommerce_purchase_revenue_in_usd,
        ecommerce.refund_value as ecommerce_refund_value,
        ecommerce.shipping_value as ecommerce_shipping_value,
        ecommerce.tax_value as ecommerce_tax_value,
        ecommerce.total_item_quantity as ecommerce_total_item_quantity,
        ecommerce.unique_items as ecommerce_unique_items,
        items,

        -- device and geography (GA4 writes '<Other>' and '(not set)' when
        -- it withholds a value; they are kept as written)
        device.category as device_category,
        device.operating_system as device_operating_system,
        device.operating_system_version as device_operating_system_version,
        device.web_info.browser as device_browser,
        device.web_info.browser_version as device_browser_version,
        device.web_info.hostname as device_web_hostname,
        device.mobile_brand_name as device_mobile_brand_name,
        device.mobile_model_name as device_mobile_model_name,
        device.language as device_language,
        geo.continent as geo_continent,
        geo.sub_continent as geo_sub_continent,
        geo.country as geo_country,
        geo.region as geo_region,
        geo.city as geo_city,
        geo.metro as geo_metro,

        -- acquisition: traffic_source is the user's first touch,
        -- collected_traffic_source the event's own UTM / click ids
        traffic_source.source as first_user_source,
        traffic_source.medium as first_user_medium,
        traffic_source.name as first_user_campaign,
        collected_traffic_source.manual_source as collected_source,
        collected_traffic_source.manual_medium as collected_medium,
        collected_traffic_source.manual_campaign_name as collected_campaign,
        collected_traffic_source.manual_campaign_id as collected_campaign_id,
        collected_traffic_source.manual_term as collected_term,
        collected_traffic_source.manual_content as collected_content,
        collected_traffic_source.gclid as collected_gclid,

        -- consent mode and lifetime value
        privacy_info.analytics_storage as privacy_analytics_storage,
        privacy_info.ads_storage as privacy_ads_storage,
        privacy_info.uses_transient_token as privacy_uses_transient_token,
        user_ltv.revenue as user_ltv_revenue,
        user_ltv.currency as user_ltv_currency,

        -- where the row was read from
        export_table_suffix,
        source_file,
        source_row_id,
        source_modified_at,
        coalesce(export_table_suffix like 'intraday%', false) as is_intraday,
        {{ scv.try_strptime_date('right(export_table_suffix, 8)', '%Y%m%d') }} as export_date
    from with_param_keys
),
-- noqa: enable=RF03

-- Checks on the row alone, in the documented order (docs/raw_contract.md).
-- GA4 did not exist before 2005; a clock more than a day ahead is broken.
-- event_date names the day (and, for a file not named for its day, the
-- export table) the event belongs to: a row without a real one cannot be
-- placed.
checked as (
    select
        *,
        case
            when
                event_timestamp_micros is null
                or event_timestamp_micros < 1104537600000000
                or event_timestamp_micros > {{ scv.current_micros() }} + 86400000000
                then 'invalid_event_timestamp'
            when event_date is null then 'invalid_event_date'
            when user_pseudo_id is null then 'missing_user_pseudo_id'
            when event_name is null then 'missing_event_name'
        end as row_reason
    from flattened
),

-- The event key hashes what identifies an event, so that the copies of one
-- event (the same day file loaded twice, a daily and an intraday table)
-- share it while two real events never do: who (stream, cookie), when (to
-- the microsecond), what (name, upload batch, session, page) and the
-- business ids it carries.
event_keyed as (
    select
        *,
        {{ scv.hash_key(['stream_id', 'user_pseudo_id']) }} as client_key,
        {{ scv.hash_key([
            'stream_id', 'user_pseudo_id', 'event_timestamp_micros', 'event_name',
            'event_bundle_sequence_id', 'ga_session_id', 'page_location',
            'transaction_id', 'booking_id'
        ]) }} as event_key
    from checked
),

-- Rows that may be the same event or the same purchase share a dedup key
-- (base_ga4__event_duplicates keeps one row per key): the transaction for
-- a valid purchase carrying a transaction_id (a refreshed confirmation
-- page sends the purchase again), else the event.
keyed as (
    select
        *,
        case
            when row_reason is null and event_name = 'purchase' and transaction_id is not null
                then {{ dbt.concat(["'transaction|'", 'transaction_id']) }}
            else event_key
        end as dedup_key
    from event_keyed
),

final as (
    select
        keyed.event_key,
        keyed.dedup_key,
        keyed.client_key,
        case
            when keyed.ga_session_id is not null
                then {{ scv.hash_key(['keyed.client_key', 'keyed.ga_session_id']) }}
        end as session_key,
        keyed.row_reason,

        keyed.event_date,
        {{ scv.timestamp_from_micros('keyed.event_timestamp_micros') }} as event_at,
        keyed.event_timestamp_micros,
        keyed.raw_event_date,
        keyed.event_name,
        keyed.stream_id,
        keyed.platform,
        keyed.user_pseudo_id,
        keyed.user_id,
        keyed.is_active_user,

        keyed.ga_session_id,
        keyed.ga_session_number,
        keyed.session_engaged_flag = 1 as session_engaged,
        keyed.engagement_time_msec,

        keyed.page_location,
        lower({{ scv.regex_extract_nonempty(
            'keyed.page_location',
            '^[A-Za-z][A-Za-z0-9+.-]*://(?:[^/?#@]*@)?([^/?#:]+)'
        ) }}) as page_hostname,
        {{ scv.regex_extract_nonempty(
            'keyed.page_location',
            '^[A-Za-z][A-Za-z0-9+.-]*://[^/?#]*(/[^?#]*)'
        ) }} as page_path,
        keyed.page_title,
        keyed.page_referrer,

        keyed.source,
        keyed.medium,
        keyed.campaign,
        keyed.term,
        keyed.content,
        keyed.gclid,
        keyed.search_term,
        keyed.method,
        keyed.booking_id,

        keyed.transaction_id,
        keyed.currency,
        keyed.value,
        keyed.coupon,
        keyed.ecommerce_purchase_revenue,
        keyed.ecommerce_purchase_revenue_in_usd,
        keyed.ecommerce_refund_value,
        keyed.ecommerce_shipping_value,
        keyed.ecommerce_tax_value,
        keyed.ecommerce_total_item_quantity,
        keyed.ecommerce_unique_items,
        keyed.event_value_in_usd,
        keyed.items,

        keyed.device_category,
        keyed.device_operating_system,
        keyed.device_operating_system_version,
        keyed.device_browser,
        keyed.device_browser_version,
        keyed.device_web_hostname,
        keyed.device_mobile_brand_name,
        keyed.device_mobile_model_name,
        keyed.device_language,
        keyed.geo_continent,
        keyed.geo_sub_continent,
        keyed.geo_country,
        keyed.geo_region,
        keyed.geo_city,
        keyed.geo_metro,

        keyed.first_user_source,
        keyed.first_user_medium,
        keyed.first_user_campaign,
        keyed.collected_source,
        keyed.collected_medium,
        keyed.collected_campaign,
        keyed.collected_campaign_id,
        keyed.collected_term,
        keyed.collected_content,
        keyed.collected_gclid,

        case keyed.privacy_analytics_storage
            when 'Yes' then true
            when 'No' then false
        end as is_analytics_storage_granted,
        case keyed.privacy_ads_storage
            when 'Yes' then true
            when 'No' then false
        end as is_ads_storage_granted,
        case keyed.privacy_uses_transient_token
            when 'Yes' then true
            when 'No' then false
        end as uses_transient_token,
        keyed.user_ltv_revenue,
        keyed.user_ltv_currency,
        {{ scv.timestamp_from_micros('keyed.user_first_touch_timestamp_micros') }}
            as user_first_touch_at,
        {{ scv.timestamp_from_micros('keyed.event_previous_timestamp_micros') }}
            as event_previous_at,
        keyed.event_bundle_sequence_id,
        keyed.event_server_timestamp_offset_micros,

        keyed.export_table_suffix,
        keyed.export_date,
        keyed.is_intraday,
        coalesce(keyed.export_date > keyed.event_date, false) as is_late_arrival,
        keyed.source_file,
        keyed.source_row_id,
        keyed.source_modified_at,
        {{ scv.run_started_timestamp() }} as loaded_at
    from keyed
)

select * from final
