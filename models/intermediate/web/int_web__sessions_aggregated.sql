-- One row per web session, whatever tracker recorded it (web_source: GA4
-- session_key = client + ga_session_id; GA360 session_key = fullVisitorId
-- + visitId), computed from its events in the web event contract
-- (int_web__events) alone: its times, engagement, landing page, own traffic
-- source (the first the events carry, see int_web__events; last non-direct
-- attribution is int_web__session_sources), funnel counts, purchase revenue
-- and device. Who the session belongs to is added by int_web__sessions
-- (identity changes from build to build; these rows do not).
--
-- GA4 keys a session by ga_session_id (the session's start time in
-- seconds) per client and never splits it at midnight, so a session whose
-- events span two dates (and two daily export tables) is one row here;
-- GA360 staging has already merged the rows UA split at midnight.
--
-- Incremental: a run recomputes, from all their events, the GA4 sessions
-- with a reprocessed export row (ga4_reprocessed_rows: a late event reopens
-- its session), after deleting their earlier rows; last_loaded_at is the
-- watermark. GA360 sessions (a finished history) are recomputed when a
-- row of them was loaded since, when they have a purchase on or after the
-- cutover (kept or left out by GA4's transactions), and all of them when
-- the cutover moved (ga360_cutover_date records the one they were computed
-- with): see macros/incremental/ga360_sessions.sql; their last_loaded_at is
-- the run that computed them. Any other tracker's sessions are recomputed
-- by every run until it is given a rule of its own.
{{ config(**scv.incremental_config(
    'keys',
    unique_key='session_key',
    partition_column='session_date',
    cluster_by=['client_key'],
)) }}
{{ config(pre_hook=[
    "{{ scv.ga4_delete_reprocessed('session_key', watermark_column='last_loaded_at') }}",
    "{{ scv.ga4_delete_orphans('session_key', where=\"web_source = 'ga4'\") }}",
    "{{ scv.ga360_delete_recomputed_sessions() }}",
    "{{ scv.delete_keys_gone_from('session_key', ref('int_web__events'), where=\"web_source not in ('ga4', 'ga360')\") }}",
]) }}

{%- set key_events = var('web_key_events', ['purchase']) %}
{%- set min_engaged_msec = (var('web_engaged_session_min_seconds', 10) | float * 1000) | int %}
{%- set processed_through = scv.ga4_processed_through('last_loaded_at') %}

{#- incremental: the reprocessed sessions' events (from their earliest day
    on, a constant, so that older days are skipped before they are read) -#}
{%- if processed_through is not none %}
    {%- set reprocessed_sessions -%}
    select reprocessed.session_key
    from {{ scv.ga4_reprocessed_rows(processed_through) }} as reprocessed
    {%- endset %}
    {%- set reprocessed_filter = scv.ga4_rows_with_keys('session_key', reprocessed_sessions) %}
{%- endif %}

{%- set ga360_filter = scv.ga360_recomputed_sessions() %}

-- depends_on: {{ ref('stg_ga4__export_rows') }}
-- depends_on: {{ ref('stg_ga360__sessions') }}
-- depends_on: {{ ref('stg_ga360__hits') }}
with events as (
    select * from {{ ref('int_web__events') }}
    where
        web_source = 'ga4'
        and session_key is not null
        and {{ reprocessed_filter if processed_through is not none else 'true' }}
    union all
    select * from {{ ref('int_web__events') }}
    where
        web_source = 'ga360'
        and session_key is not null
        and {{ ga360_filter['keys'] }}
        and {{ ga360_filter['export_days'] }}
    union all
    -- another tracker (none today): all its sessions, until it has a rule
    select * from {{ ref('int_web__events') }}
    where
        web_source not in ('ga4', 'ga360')
        and session_key is not null
),

cutover as (
    {{ scv.ga360_cutover() }}
),

classified_events as (
    select
        *,
        event_name = 'purchase' as is_purchase_event
    from events
),

sessions as (
    select
        session_key,
        web_source,
        client_key,
        client_identifier_type,
        client_identifier,
        stream_id,
        cookie_id,
        session_id as ga_session_id,
        min(session_number) as ga_session_number,
        {{ scv.first_non_null('platform', 'event_at, event_key') }} as platform,
        {{ scv.first_non_null('event_date', 'event_at, event_key') }} as session_date,
        min(event_at) as session_start_at,
        max(event_at) as session_end_at,
        count(*) as event_count,
        coalesce(sum(engagement_time_msec), 0) as engagement_time_msec,
        count(session_engaged) > 0 as has_session_engaged_param,
        {{ dbt.bool_or('session_engaged') }} as ga4_session_engaged,
        {{ scv.first_non_null("case when is_page_view then page_path end", 'event_at, event_key') }}
            as landing_page_path,
        {{ scv.first_non_null("case when is_page_view then page_hostname end", 'event_at, event_key') }}
            as landing_page_hostname,
        {{ scv.first_non_null('source', 'event_at, event_key') }} as own_source,
        {{ scv.first_non_null('medium', 'event_at, event_key') }} as own_medium,
        {{ scv.first_non_null('campaign', 'event_at, event_key') }} as own_campaign,
        {{ dbt.bool_or('has_gclid') }} as has_gclid,
        {{ scv.first_non_null('user_id', 'event_at, event_key') }} as user_id,
        count(case when is_page_view then 1 end) as page_views,
        count(case when event_name = 'view_item' then 1 end) as product_views,
        count(case when event_name = 'add_to_cart' then 1 end) as add_to_carts,
        count(case when event_name = 'begin_checkout' then 1 end) as checkouts,
        count(case when is_purchase_event then 1 end) as purchases,
        count(
            case when event_name in ('{{ key_events | join("', '") }}') then 1 end  -- noqa: LT05
        ) as key_events,
        sum(case when is_purchase_event then purchase_revenue end) as purchase_revenue,
        sum(case when is_purchase_event then purchase_revenue_in_usd end) as purchase_revenue_in_usd,
        count(
            case when is_purchase_event and purchase_revenue is not null and purchase_revenue_in_usd is null then 1 end
        ) as purchases_without_usd,
        {{ scv.first_non_null('case when is_purchase_event then currency end', 'event_at, event_key') }}
            as purchase_currency,
        {{ scv.first_non_null('device_category', 'event_at, event_key') }} as device_category,
        {{ scv.first_non_null('device_operating_system', 'event_at, event_key') }} as device_operating_system,
        {{ scv.first_non_null('device_browser', 'event_at, event_key') }} as device_browser,
        {{ scv.first_non_null('geo_country', 'event_at, event_key') }} as geo_country,
        max(export_date) as last_export_date,
        coalesce(max(loaded_at), {{ scv.run_started_timestamp() }}) as last_loaded_at
    from classified_events
    group by
        session_key,
        web_source,
        client_key,
        client_identifier_type,
        client_identifier,
        stream_id,
        cookie_id,
        session_id
),

-- Engaged session: GA4's own verdict when the events carry it (the
-- session_engaged parameter turns '1' once GA4 counts the session as
-- engaged); else GA4's definition applied here: engagement time (the sum of
-- engagement_time_msec, foreground time, not the wall-clock duration)
-- longer than web_engaged_session_min_seconds, a key event, or 2+ page views.
engagement as (
    select
        *,
        case
            when has_session_engaged_param then coalesce(ga4_session_engaged, false)
            else
                engagement_time_msec > {{ min_engaged_msec }}
                or key_events > 0
                or page_views >= 2
        end as is_engaged_session,
        case
            when has_session_engaged_param then 'session_engaged_param'
            else 'derived'
        end as engaged_flag_source
    from sessions
),

final as (
    select
        session_key,
        web_source,
        client_key,
        client_identifier_type,
        client_identifier,
        stream_id,
        cookie_id,
        user_id,
        platform,
        ga_session_id,
        ga_session_number,
        session_date,
        session_start_at,
        session_end_at,
        {{ dbt.datediff('session_start_at', 'session_end_at', 'microsecond') }}
        / 1000000.0 as session_duration_seconds,
        engagement_time_msec / 1000.0 as engagement_time_seconds,
        is_engaged_session,
        engaged_flag_source,
        landing_page_path,
        landing_page_hostname,
        own_source is null as is_direct_session,
        own_source,
        own_medium,
        own_campaign,
        has_gclid,
        event_count,
        page_views,
        product_views,
        add_to_carts,
        checkouts,
        purchases,
        purchases > 0 as has_purchase,
        key_events,
        coalesce(purchase_revenue, 0) as purchase_revenue,
        -- unknown (null) when a purchase has no amount in USD (a GA360
        -- order in a currency the currency_rates seed does not know): 0
        -- would understate it
        case when purchases_without_usd = 0 then coalesce(purchase_revenue_in_usd, 0) end
            as purchase_revenue_in_usd,
        purchase_currency,
        device_category,
        device_operating_system,
        device_browser,
        geo_country,
        last_export_date,
        last_loaded_at,
        case when web_source = 'ga360' then (select cutover.cutover_date from cutover) end as ga360_cutover_date
    from engagement
)

select * from final
