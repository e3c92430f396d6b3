-- One row per web session, GA4 or GA360 (int_web__sessions_aggregated:
-- everything its events say), with the customer it belongs to. Kept apart from the
-- aggregate because identity changes from build to build (a new login can
-- join two browsers into one customer).
--
-- Incremental: a run rebuilds the sessions whose events were loaded since
-- the newest last_loaded_at it holds, and the sessions whose customer the
-- current id map changes (the binding of every session is compared with
-- the one stored: a narrow join, not the session rows), so the table
-- always reflects the current id map; built_at says when a row was last
-- written, for the models after it. Sessions gone from the aggregate are
-- deleted first.
{{ config(**scv.incremental_config(
    'keys',
    unique_key='session_key',
    partition_column='session_date',
    cluster_by=['client_key'],
)) }}
{{ config(pre_hook="{{ scv.delete_keys_gone_from('session_key', ref('int_web__sessions_aggregated')) }}") }}

{%- set loaded_through = scv.incremental_watermark('last_loaded_at') %}

with sessions as (
    select * from {{ ref('int_web__sessions_aggregated') }}
),

id_map as (
    select * from {{ ref('int_identity__id_map') }}
),

-- The customer: the user id the session logged in with (it names the person
-- even on a shared browser left out of stitching), else the browser (its
-- identifier in the graph: ga_client stream_id/user_pseudo_id for GA4,
-- ua_client fullVisitorId for GA360). Null for an anonymous browser, or a
-- browser left out of stitching (a hub) on which nobody logged in.
identified as (
    select
        sessions.session_key,
        coalesce(by_user_id.customer_id, by_client.customer_id) as customer_id,
        case
            when by_user_id.customer_id is not null then 'ga_user_id'
            when by_client.customer_id is not null then sessions.client_identifier_type
        end as customer_match
    from sessions
    left join id_map as by_user_id
        on
            by_user_id.identifier_type = 'ga_user_id'
            and sessions.user_id = by_user_id.identifier_value
    left join id_map as by_client
        on
            sessions.client_identifier_type = by_client.identifier_type
            and sessions.client_identifier = by_client.identifier_value
),


final as (
    select
        sessions.session_key,
        sessions.web_source,
        sessions.client_key,
        identified.customer_id,
        identified.customer_match,
        sessions.stream_id,
        sessions.platform,
        sessions.ga_session_id,
        sessions.ga_session_number,
        sessions.session_date,
        sessions.session_start_at,
        sessions.session_end_at,
        sessions.session_duration_seconds,
        sessions.engagement_time_seconds,
        sessions.is_engaged_session,
        sessions.engaged_flag_source,
        sessions.landing_page_path,
        sessions.landing_page_hostname,
        sessions.is_direct_session,
        sessions.own_source,
        sessions.own_medium,
        sessions.own_campaign,
        sessions.has_gclid,
        sessions.event_count,
        sessions.page_views,
        sessions.product_views,
        sessions.add_to_carts,
        sessions.checkouts,
        sessions.purchases,
        sessions.has_purchase,
        sessions.key_events,
        sessions.purchase_revenue,
        sessions.purchase_revenue_in_usd,
        sessions.purchase_currency,
        sessions.device_category,
        sessions.device_operating_system,
        sessions.device_browser,
        sessions.geo_country,
        sessions.last_loaded_at,
        {{ scv.run_started_timestamp() }} as built_at
    from sessions
    inner join identified
        on sessions.session_key = identified.session_key
    {%- if loaded_through is not none %}
    -- the sessions to rebuild: events loaded since the last run, or a
    -- customer (or how it was found) that the id map changed
        left join {{ this }} as built
            on sessions.session_key = built.session_key
        where
            {{ scv.is_newer_than('sessions.last_loaded_at', loaded_through) }}
            or built.session_key is null
            or identified.customer_id is distinct from built.customer_id
            or identified.customer_match is distinct from built.customer_match
    {%- endif %}
)

select * from final
