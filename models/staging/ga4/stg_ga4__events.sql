-- A view: base_ga4__events already holds the flattened, keyed rows as a
-- table, so writing the wide event rows a second time would double the cost
-- of GA4 staging (see docs/benchmarks.md).
{{ config(materialized='view') }}

-- One row per unique GA4 event: the rows of base_ga4__events that passed
-- every check on the row alone and are not a copy set aside in
-- base_ga4__event_duplicates (rejected rows are in
-- stg_ga4__events_quarantine).

with base as (
    select * from {{ ref('base_ga4__events') }}
),

duplicates as (
    select
        source_file,
        source_row_id
    from {{ ref('base_ga4__event_duplicates') }}
),

-- the copies are few: a hash anti-join against them costs little next to
-- reading the wide rows
staged as (
    select base.*
    from base
    left join duplicates
        on
            base.source_file = duplicates.source_file
            and base.source_row_id = duplicates.source_row_id
    where base.row_reason is null and duplicates.source_row_id is null
),

final as (
    select
        event_key,
        client_key,
        session_key,
        event_date,
        event_at,
        event_name,
        stream_id,
        platform,
        user_pseudo_id,
        user_id,
        is_active_user,

        ga_session_id,
        ga_session_number,
        session_engaged,
        engagement_time_msec,

        page_location,
        page_hostname,
        page_path,
        page_title,
        page_referrer,

        source,
        medium,
        campaign,
        term,
        content,
        gclid,
        search_term,
        method,
        booking_id,

        transaction_id,
        currency,
        value,
        coupon,
        ecommerce_purchase_revenue,
        ecommerce_purchase_revenue_in_usd,
        ecommerce_refund_value,
        ecommerce_shipping_value,
        ecommerce_tax_value,
        ecommerce_total_item_quantity,
        ecommerce_unique_items,
        event_value_in_usd,

        device_category,
        device_operating_system,
        device_operating_system_version,
        device_browser,
        device_browser_version,
        device_web_hostname,
        device_mobile_brand_name,
        device_mobile_model_name,
        device_language,
        geo_continent,
        geo_sub_continent,
        geo_country,
        geo_region,
        geo_city,
        geo_metro,

        first_user_source,
        first_user_medium,
        first_user_campaign,
        collected_source,
        collected_medium,
        collected_campaign,
        collected_campaign_id,
        collected_term,
        collected_content,
        collected_gclid,

        is_analytics_storage_granted,
        is_ads_storage_granted,
        uses_transient_token,
        user_ltv_revenue,
        user_ltv_currency,
        user_first_touch_at,
        event_previous_at,
        event_bundle_sequence_id,
        event_server_timestamp_offset_micros,

        export_date,
        is_intraday,
        is_late_arrival,
        loaded_at
    from staged
)

select * from final
