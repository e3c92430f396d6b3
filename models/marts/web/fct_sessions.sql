-- One row per web session (GA4, and GA360 / Universal Analytics history
-- before GA4: web_source): when, how long and how engaged, where it
-- landed, where it came from (last non-direct click, default channel
-- group), what it did (page and product views, carts, checkouts,
-- purchases and revenue), on what device, and whose it was (customer_id).
-- The rules are in int_web__sessions and int_web__session_sources.
--
-- Incremental: a run rebuilds the sessions that either of them wrote
-- (built_at) since the newest built_at it holds; sessions gone are
-- deleted first.
{{ config(**scv.incremental_config(
    'keys',
    unique_key='session_key',
    partition_column='session_date',
    cluster_by=['customer_id', 'session_key'],
)) }}
{{ config(pre_hook="{{ scv.delete_keys_gone_from('session_key', ref('int_web__sessions')) }}") }}

{%- set built_through = scv.incremental_watermark('built_at') %}

with sessions as (
    select * from {{ ref('int_web__sessions') }}
),

session_sources as (
    select * from {{ ref('int_web__session_sources') }}
),

{%- if built_through is not none %}

    rebuilt_sessions as (
        select session_key from sessions
        where {{ scv.is_newer_than('built_at', built_through) }}
        union distinct
        select session_key from session_sources
        where {{ scv.is_newer_than('built_at', built_through) }}
    ),
{%- endif %}

final as (
    select
        sessions.session_key,
        sessions.web_source,
        sessions.customer_id,
        sessions.customer_match,
        sessions.client_key,
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
        sessions.landing_page_hostname,
        sessions.landing_page_path,
        session_sources.session_source,
        session_sources.session_medium,
        session_sources.session_campaign,
        session_sources.session_default_channel_group,
        session_sources.is_direct_session,
        session_sources.is_source_inherited,
        session_sources.attributed_from_session_key,
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
        {{ scv.run_started_timestamp() }} as built_at
    from sessions
    inner join session_sources
        on sessions.session_key = session_sources.session_key
    {%- if built_through is not none %}
        where sessions.session_key in (select rebuilt_sessions.session_key from rebuilt_sessions)
    {%- endif %}
)

select * from final
