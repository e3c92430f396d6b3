-- Every GA360 export session row of the requested tables (see
-- ga360_table_suffix_filter), flattened and typed, without its hits
-- (base_ga360__hits reads those; only their number is kept here), keyed, with the reason the row alone is
-- rejected (row_reason; null when it passes the checks). Which rows repeat
-- another (an exact copy, the intraday table repeating the daily one) is
-- decided by stg_ga360__sessions / stg_ga360__sessions_quarantine on the
-- row key. Empty when GA360 is not enabled (ga360_is_enabled).
--
-- A session that crossed midnight is a row in each day's table with the
-- same fullVisitorId, visitId and visitStartTime: both rows carry the same
-- session_key and differ in row_key (the day).
--
-- Incremental, one partition per export date: GA360 is a finished export,
-- so a run reads only the tables of the days it has not loaded yet
-- (ga360_loaded_days; a history delivered in parts is loaded part by
-- part) and every other table is left unread. A table changed after it
-- was loaded needs --full-refresh. Rows without an export date are read
-- again by every run (delete_undated_export_rows removes the earlier copy).

{{ config(**scv.incremental_config(
    'partitions',
    partition_column='export_date',
    cluster_by=['client_key'],
)) }}
{{ config(
    pre_hook=["{{ scv.delete_undated_export_rows() }}", scv.relax_insertion_order()],
    post_hook=[scv.restore_insertion_order(), "{{ scv.ga360_erase_rows() }}"],
) }}

{#- incremental: the days already loaded are not read again -#}
{%- set loaded_days = scv.ga360_loaded_days() %}

with source as (
    select * from {{ scv.ga360_export_rows(source('ga360', 'sessions'), skip_days=loaded_days) }} as export_rows
),

-- Field names as the export writes them (camelCase); struct fields
-- (totals.hits) look like qualified column references to the linter.
-- noqa: disable=CP02, RF03
flattened as (
    select
        nullif(trim(fullVisitorId), '') as full_visitor_id,
        nullif(trim(clientId), '') as client_id,
        nullif(trim(userId), '') as user_id,
        visitId as visit_id,
        visitNumber as visit_number,
        visitStartTime as visit_start_time,
        date as raw_session_date,
        {{ scv.try_strptime_date('date', '%Y%m%d') }} as session_date,
        {{ scv.timestamp_from_micros('visitStartTime * 1000000') }} as visit_start_at,

        -- the row's totals (a continuation after midnight has visits = 0)
        totals.visits as totals_visits,
        totals.hits as totals_hits,
        totals.pageviews as totals_pageviews,
        totals.timeOnSite as totals_time_on_site_seconds,
        totals.transactions as totals_transactions,
        totals.totalTransactionRevenue / 1000000.0 as totals_transaction_revenue,
        totals.newVisits = 1 as is_new_visit,

        -- the session's traffic source and UA's channel grouping, as written
        trafficSource.source as traffic_source,
        trafficSource.medium as traffic_medium,
        trafficSource.campaign as traffic_campaign,
        trafficSource.keyword as traffic_keyword,
        trafficSource.adContent as traffic_ad_content,
        trafficSource.referralPath as traffic_referral_path,
        trafficSource.adwordsClickInfo.gclId as traffic_gclid,
        trafficSource.isTrueDirect as is_traffic_true_direct,
        channelGrouping as channel_grouping,

        -- device and geography
        device.deviceCategory as device_category,
        device.operatingSystem as device_operating_system,
        device.operatingSystemVersion as device_operating_system_version,
        device.browser as device_browser,
        device.browserVersion as device_browser_version,
        device.isMobile as device_is_mobile,
        device.language as device_language,
        geoNetwork.continent as geo_continent,
        geoNetwork.subContinent as geo_sub_continent,
        geoNetwork.country as geo_country,
        geoNetwork.region as geo_region,
        geoNetwork.city as geo_city,

        -- the row's hits, as far as the row tells (base_ga360__hits has
        -- them): counted here because on BigQuery the two base models cannot
        -- share a row id (no row position; each draws its own)
        {{ scv.array_size('hits') }} as hit_count,

        -- where the row was read from
        export_table_suffix,
        source_file,
        source_row_id,
        coalesce(export_table_suffix like 'intraday%', false) as is_intraday,
        {{ scv.try_strptime_date('right(export_table_suffix, 8)', '%Y%m%d') }} as export_date,
        -- the run that loaded the row: what stg_ga360__sessions recomputes
        {{ scv.run_started_timestamp() }} as loaded_at
    from source
),
-- noqa: enable=CP02, RF03

checked as (
    select
        *,
        {{ scv.ga360_row_reason('visit_start_time', 'raw_session_date', 'full_visitor_id', 'visit_id') }}
            as row_reason
    from flattened
),

keyed as (
    select
        *,
        {{ scv.ga360_client_key('full_visitor_id') }} as client_key
    from checked
),

final as (
    select
        {{ scv.ga360_session_key('client_key', 'visit_id') }} as session_key,
        case
            when client_key is not null and visit_id is not null
                then {{ scv.hash_key(['client_key', 'visit_id', 'raw_session_date']) }}
        end as row_key,
        *
    from keyed
)

select * from final
