-- One row per GA360 session (session_key = fullVisitorId + visitId): its
-- export rows that passed the checks and are not copies, merged. A session
-- that crossed midnight has a row per day in the export (UA splits it);
-- here it is one session (part_count 2, is_split_at_midnight), its
-- traffic source, device and place from its first row, its counts and
-- revenue from its staged hits (stg_ga360__hits), its login (userId) from
-- any row that carries one.
--
-- Incremental: a run recomputes, from all their rows, the sessions with a
-- row loaded since the newest last_loaded_at it holds (a new day, the
-- other half of a session split at midnight, an intraday copy); sessions
-- gone from base_ga360__sessions (erased, or the base rebuilt without
-- them) are deleted first. A loaded day is not read again
-- (base_ga360__sessions), so a run with no new GA360 day recomputes none.
{{ config(**scv.incremental_config(
    'keys',
    unique_key='session_key',
    partition_column='session_date',
    cluster_by=['client_key'],
)) }}
{{ config(pre_hook="{{ scv.delete_keys_gone_from('session_key', ref('base_ga360__sessions')) }}") }}

{%- set loaded_through = scv.incremental_watermark('last_loaded_at') %}
{#- incremental: the sessions with a row loaded since the last run -#}
{%- set recomputed_sessions -%}
    session_key in (
        select loaded.session_key
        from {{ ref('base_ga360__sessions') }} as loaded
        where {{ scv.is_newer_than('loaded.loaded_at', loaded_through) }}
    )
{%- endset %}

with base as (
    select * from {{ ref('base_ga360__sessions') }}
    where
        row_reason is null
        and {{ recomputed_sessions if loaded_through is not none else 'true' }}
),

duplicates as (
    select
        source_file,
        source_row_id
    from {{ ref('base_ga360__session_duplicates') }}
),

parts as (
    select base.*
    from base
    left join duplicates
        on
            base.source_file = duplicates.source_file
            and base.source_row_id = duplicates.source_row_id
    where duplicates.source_row_id is null
),

-- a session with one row (nearly all of them) is that row: only the
-- sessions UA split at midnight go through the aggregation below
multi_part_keys as (
    select session_key
    from parts
    group by session_key
    having count(*) > 1
),

single_parts as (
    select
        parts.session_key,
        parts.client_key,
        parts.full_visitor_id,
        parts.client_id,
        parts.user_id,
        parts.visit_id,
        parts.visit_number,
        parts.visit_start_at as session_start_at,
        parts.session_date,
        1 as part_count,
        false as is_split_at_midnight,
        coalesce(parts.is_new_visit, false) as is_new_visit,
        parts.traffic_source,
        parts.traffic_medium,
        parts.traffic_campaign,
        parts.traffic_keyword,
        parts.traffic_ad_content,
        parts.traffic_referral_path,
        parts.traffic_gclid,
        parts.is_traffic_true_direct,
        parts.channel_grouping,
        parts.device_category,
        parts.device_operating_system,
        parts.device_browser,
        parts.device_is_mobile,
        parts.device_language,
        parts.geo_continent,
        parts.geo_sub_continent,
        parts.geo_country,
        parts.geo_region,
        parts.geo_city,
        parts.totals_transaction_revenue,
        parts.export_date as first_export_date,
        parts.export_date as last_export_date,
        parts.loaded_at as last_loaded_at
    from parts
    left join multi_part_keys
        on parts.session_key = multi_part_keys.session_key
    where multi_part_keys.session_key is null
),

merged_parts as (
    select
        session_key,
        min(client_key) as client_key,
        min(full_visitor_id) as full_visitor_id,
        {{ scv.first_non_null('client_id', 'session_date') }} as client_id,
        {{ scv.first_non_null('user_id', 'session_date') }} as user_id,
        min(visit_id) as visit_id,
        min(visit_number) as visit_number,
        min(visit_start_at) as session_start_at,
        min(session_date) as session_date,
        count(*) as part_count,
        count(distinct session_date) > 1 as is_split_at_midnight,
        coalesce(max(case when is_new_visit then 1 else 0 end) = 1, false) as is_new_visit,
        {{ scv.first_non_null('traffic_source', 'session_date') }} as traffic_source,
        {{ scv.first_non_null('traffic_medium', 'session_date') }} as traffic_medium,
        {{ scv.first_non_null('traffic_campaign', 'session_date') }} as traffic_campaign,
        {{ scv.first_non_null('traffic_keyword', 'session_date') }} as traffic_keyword,
        {{ scv.first_non_null('traffic_ad_content', 'session_date') }} as traffic_ad_content,
        {{ scv.first_non_null('traffic_referral_path', 'session_date') }} as traffic_referral_path,
        {{ scv.first_non_null('traffic_gclid', 'session_date') }} as traffic_gclid,
        {{ scv.first_non_null('is_traffic_true_direct', 'session_date') }} as is_traffic_true_direct,
        {{ scv.first_non_null('channel_grouping', 'session_date') }} as channel_grouping,
        {{ scv.first_non_null('device_category', 'session_date') }} as device_category,
        {{ scv.first_non_null('device_operating_system', 'session_date') }} as device_operating_system,
        {{ scv.first_non_null('device_browser', 'session_date') }} as device_browser,
        {{ scv.first_non_null('device_is_mobile', 'session_date') }} as device_is_mobile,
        {{ scv.first_non_null('device_language', 'session_date') }} as device_language,
        {{ scv.first_non_null('geo_continent', 'session_date') }} as geo_continent,
        {{ scv.first_non_null('geo_sub_continent', 'session_date') }} as geo_sub_continent,
        {{ scv.first_non_null('geo_country', 'session_date') }} as geo_country,
        {{ scv.first_non_null('geo_region', 'session_date') }} as geo_region,
        {{ scv.first_non_null('geo_city', 'session_date') }} as geo_city,
        sum(totals_transaction_revenue) as totals_transaction_revenue,
        min(export_date) as first_export_date,
        max(export_date) as last_export_date,
        max(loaded_at) as last_loaded_at
    from parts
    where session_key in (select multi_part_keys.session_key from multi_part_keys)
    group by session_key
),

merged as (
    select * from single_parts
    union all
    select * from merged_parts
),

hit_totals as (
    select
        session_key,
        count(*) as hit_count,
        count(case when is_page_view then 1 end) as page_view_count,
        count(case when event_name = 'view_item' then 1 end) as view_item_count,
        count(case when event_name = 'add_to_cart' then 1 end) as add_to_cart_count,
        count(case when event_name = 'begin_checkout' then 1 end) as begin_checkout_count,
        count(distinct case when event_name = 'purchase' then transaction_id end) as transaction_count,
        count(case when is_hit_time_imputed then 1 end) as imputed_time_hit_count,
        max(hit_at) as last_hit_at
    from {{ ref('stg_ga360__hits') }}
    where {{ 'session_key in (select base.session_key from base)' if loaded_through is not none else 'true' }}
    group by session_key
),

final as (
    select
        merged.session_key,
        merged.client_key,
        merged.full_visitor_id,
        merged.client_id,
        merged.user_id,
        merged.visit_id,
        merged.visit_number,
        merged.session_start_at,
        coalesce(hit_totals.last_hit_at, merged.session_start_at) as session_end_at,
        {{ dbt.datediff(
            'merged.session_start_at', 'coalesce(hit_totals.last_hit_at, merged.session_start_at)', 'second'
        ) }} as session_duration_seconds,
        merged.session_date,
        merged.part_count,
        merged.is_split_at_midnight,
        merged.is_new_visit,
        coalesce(hit_totals.hit_count, 0) as hit_count,
        coalesce(hit_totals.page_view_count, 0) as page_view_count,
        coalesce(hit_totals.view_item_count, 0) as view_item_count,
        coalesce(hit_totals.add_to_cart_count, 0) as add_to_cart_count,
        coalesce(hit_totals.begin_checkout_count, 0) as begin_checkout_count,
        coalesce(hit_totals.transaction_count, 0) as transaction_count,
        coalesce(hit_totals.imputed_time_hit_count, 0) as imputed_time_hit_count,
        merged.totals_transaction_revenue,
        merged.traffic_source,
        merged.traffic_medium,
        merged.traffic_campaign,
        merged.traffic_keyword,
        merged.traffic_ad_content,
        merged.traffic_referral_path,
        merged.traffic_gclid,
        merged.is_traffic_true_direct,
        merged.channel_grouping,
        merged.device_category,
        merged.device_operating_system,
        merged.device_browser,
        merged.device_is_mobile,
        merged.device_language,
        merged.geo_continent,
        merged.geo_sub_continent,
        merged.geo_country,
        merged.geo_region,
        merged.geo_city,
        merged.first_export_date,
        merged.last_export_date,
        merged.last_loaded_at
    from merged
    left join hit_totals
        on merged.session_key = hit_totals.session_key
)

select * from final
