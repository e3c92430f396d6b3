{{ config(materialized='view') }}

-- The web event contract: one row per event a tracker recorded, whichever
-- tracker it was (web_source), in one shape (docs/web_event_contract.md).
-- GA4 events (stg_ga4__events) and GA360 hits (stg_ga360__hits, named as
-- GA4 names its events) feed it; identity stitching and the web sessions
-- (int_web__sessions_aggregated, then every mart) read it, not the raw
-- exports, so another tracker is added by one staging model and one more
-- select below.
--
-- Each row carries what the session models need, each tracker's way:
-- the traffic source the event carries (source / medium / campaign, null
-- when it carries none: GA4's click id, event parameters or collected
-- tags; GA360's session trafficSource unless UA marked it true direct),
-- the session's number and id, device and country, engagement (GA4 only)
-- and purchase revenue.
--
-- Overlap (both tags ran): from the cutover day on (ga360_cutover_date,
-- empty = the first day of GA4 data) GA4 is the record: GA360 hits of those
-- days are left out, except a purchase whose transaction GA4 does not have
-- (kept once). Before it, GA360 is the only source. No event or purchase is
-- counted twice.
--
-- A view: both inputs are stored already; a reader that needs a few
-- columns reads only those.

{#- no GA360 history staged: the GA360 part is left out (nothing to read) -#}
{%- set with_ga360 = scv.ga360_is_staged(ref('stg_ga360__sessions')) %}

{#- the tags an event's traffic source is read from, in order (event_traffic_tag) -#}
{%- set ga4_tag_sets = [
    ['param_source', 'param_medium', 'param_campaign'],
    ['tag_source', 'tag_medium', 'tag_campaign'],
] %}
{%- set ga360_tag_sets = [['ga360_tags.tag_source', 'ga360_tags.tag_medium', 'ga360_tags.tag_campaign']] %}

with ga4_events as (
    select * from {{ ref('stg_ga4__events') }}
),

ga360_hits as (
    select * from {{ ref('stg_ga360__hits') }}
),

ga360_sessions as (
    select * from {{ ref('stg_ga360__sessions') }}
),

-- one row: the var's day, else the first day of GA4 data (the first
-- export table's day, a narrow scan; null without GA4 data)
cutover as (
    {{ scv.ga360_cutover() }}
),

-- GA4 converts a purchase to USD itself; a GA360 purchase is converted
-- with the currency_rates seed (the rate in force on its day, as for
-- boutique sales): null for a currency the seed does not know
usd_rates as (
    {{ scv.currency_rates_to('USD') }}
),

ga360_purchases_in_usd as (
    select
        ga360_hits.hit_key,
        ga360_hits.transaction_revenue * usd_rates.rate_to_reporting as purchase_revenue_in_usd
    from ga360_hits
    inner join usd_rates
        on {{ scv.rate_in_force('usd_rates', 'upper(ga360_hits.currency)', 'ga360_hits.export_date') }}
    where ga360_hits.event_name = 'purchase'
),

ga4_transactions as (
    select distinct transaction_id
    from ga4_events
    where event_name = 'purchase' and transaction_id is not null
),

-- The traffic source a GA4 event carries, as GA4 reads it (event_traffic_tag):
-- a Google Ads click id (auto-tagging) is google / cpc and wins over UTM
-- tags, as GA4 does unless the property lets manual tags override
-- auto-tagging; else the event's source / medium / campaign parameters;
-- else the UTM tags of collected_traffic_source (newer exports).
-- '(direct)', '(none)', '(not set)' and '' carry no information. A missing
-- medium or campaign next to a known source reads '(not set)', as in GA4's
-- reports.
ga4_tags as (
    select
        *,
        coalesce(gclid, collected_gclid) is not null as has_gclid,
        nullif(nullif(nullif(source, '(direct)'), '(not set)'), '') as param_source,
        nullif(nullif(nullif(medium, '(none)'), '(not set)'), '') as param_medium,
        nullif(nullif(campaign, '(not set)'), '') as param_campaign,
        nullif(nullif(nullif(collected_source, '(direct)'), '(not set)'), '') as tag_source,
        nullif(nullif(nullif(collected_medium, '(none)'), '(not set)'), '') as tag_medium,
        nullif(nullif(collected_campaign, '(not set)'), '') as tag_campaign
    from ga4_events
),

ga4 as (
    select
        event_key,
        'ga4' as web_source,
        event_at,
        event_date,
        export_date,
        loaded_at,
        event_name,
        event_name = 'page_view' as is_page_view,
        client_key,
        'ga_client' as client_identifier_type,
        {{ dbt.concat(['stream_id', "'/'", 'user_pseudo_id']) }} as client_identifier,
        user_pseudo_id as cookie_id,
        stream_id,
        platform,
        session_key,
        ga_session_id as session_id,
        ga_session_number as session_number,
        user_id,
        page_location,
        page_hostname,
        page_path,
        page_title,
        {{ scv.event_traffic_tag('source', 'has_gclid', ga4_tag_sets) }} as source,  -- noqa: RF04
        {{ scv.event_traffic_tag('medium', 'has_gclid', ga4_tag_sets) }} as medium,
        {{ scv.event_traffic_tag('campaign', 'has_gclid', ga4_tag_sets) }} as campaign,
        has_gclid,
        engagement_time_msec,
        session_engaged,
        booking_id,
        transaction_id,
        value,  -- noqa: RF04
        ecommerce_purchase_revenue as purchase_revenue,
        ecommerce_purchase_revenue_in_usd as purchase_revenue_in_usd,
        currency,
        device_category,
        device_operating_system,
        device_browser,
        geo_country
    from ga4_tags
),

-- A GA360 session's traffic source, the way GA4 reads an event's: UA
-- writes the last non-direct campaign into a direct session and marks it
-- isTrueDirect, so such a session carries no source of its own (the
-- sessions' attribution gives it the earlier one again, by GA4's rule).
ga360_tags as (
    select
        session_key,
        traffic_gclid is not null as has_gclid,
        case
            when not coalesce(is_traffic_true_direct, false)
                then nullif(nullif(nullif(traffic_source, '(direct)'), '(not set)'), '')
        end as tag_source,
        case
            when not coalesce(is_traffic_true_direct, false)
                then nullif(nullif(nullif(traffic_medium, '(none)'), '(not set)'), '')
        end as tag_medium,
        nullif(nullif(traffic_campaign, '(not set)'), '') as tag_campaign
    from ga360_sessions
),

ga360 as (
    select
        ga360_hits.hit_key as event_key,
        'ga360' as web_source,
        ga360_hits.hit_at as event_at,
        ga360_hits.export_date as event_date,
        ga360_hits.export_date,
        cast(null as {{ dbt.type_timestamp() }}) as loaded_at,
        ga360_hits.event_name,
        ga360_hits.is_page_view,
        ga360_hits.client_key,
        'ua_client' as client_identifier_type,
        ga360_sessions.full_visitor_id as client_identifier,
        ga360_sessions.client_id as cookie_id,
        cast(null as {{ dbt.type_string() }}) as stream_id,
        'WEB' as platform,
        ga360_hits.session_key,
        ga360_sessions.visit_id as session_id,
        ga360_sessions.visit_number as session_number,
        ga360_sessions.user_id,
        {{ dbt.concat(["'https://'", 'ga360_hits.page_hostname', 'ga360_hits.page_path']) }} as page_location,
        ga360_hits.page_hostname,
        ga360_hits.page_path,
        ga360_hits.page_title,
        {{ scv.event_traffic_tag('source', 'ga360_tags.has_gclid', ga360_tag_sets) }} as source,  -- noqa: RF04
        {{ scv.event_traffic_tag('medium', 'ga360_tags.has_gclid', ga360_tag_sets) }} as medium,
        {{ scv.event_traffic_tag('campaign', 'ga360_tags.has_gclid', ga360_tag_sets) }} as campaign,
        ga360_tags.has_gclid,
        cast(null as {{ dbt.type_bigint() }}) as engagement_time_msec,
        cast(null as {{ dbt.type_boolean() }}) as session_engaged,
        cast(null as {{ dbt.type_string() }}) as booking_id,
        ga360_hits.transaction_id,
        ga360_hits.transaction_revenue as value,  -- noqa: RF04
        case when ga360_hits.event_name = 'purchase' then ga360_hits.transaction_revenue end as purchase_revenue,
        ga360_purchases_in_usd.purchase_revenue_in_usd,
        ga360_hits.currency,
        ga360_sessions.device_category,
        ga360_sessions.device_operating_system,
        ga360_sessions.device_browser,
        ga360_sessions.geo_country
    from ga360_hits
    inner join ga360_sessions
        on ga360_hits.session_key = ga360_sessions.session_key
    inner join ga360_tags
        on ga360_hits.session_key = ga360_tags.session_key
    left join ga360_purchases_in_usd
        on ga360_hits.hit_key = ga360_purchases_in_usd.hit_key
    cross join cutover
    where
        cutover.cutover_date is null
        or ga360_hits.export_date < cutover.cutover_date
        or (
            ga360_hits.event_name = 'purchase'
            and ga360_hits.transaction_id is not null
            and ga360_hits.transaction_id not in (select ga4_transactions.transaction_id from ga4_transactions)
        )
),

final as (
    select * from ga4
    {%- if with_ga360 %}
        union all
        select * from ga360
    {%- endif %}
)

select * from final
