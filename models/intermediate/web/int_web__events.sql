{{ config(materialized='view') }}

-- The web event contract: one row per event a tracker recorded, whichever
-- tracker it was (web_source), in one shape (docs/web_event_contract.md).
-- GA4 events (stg_ga4__events) and GA360 hits (stg_ga360__hits, named as
-- GA4 names its events) feed it; identity stitching reads it, not the raw
-- exports, so another tracker is added by one staging model and one more
-- select below.
--
-- Overlap (both tags ran): from the cutover day on (ga360_cutover_date,
-- empty = the first day of GA4 data) GA4 is the record: GA360 hits of those
-- days are left out, except a purchase whose transaction GA4 does not have
-- (kept once). Before it, GA360 is the only source. No event or purchase is
-- counted twice.
--
-- A view: both inputs are stored already; a reader that needs a few
-- columns reads only those.

{%- set cutover_date = var('ga360_cutover_date') | string | trim %}
{%- if cutover_date and not modules.re.fullmatch('[0-9]{4}-[0-9]{2}-[0-9]{2}', cutover_date) %}
    {{ exceptions.raise_compiler_error("ga360_cutover_date must be a date written YYYY-MM-DD or empty, got '" ~ cutover_date ~ "'") }}
{%- endif %}

with ga4_events as (
    select * from {{ ref('stg_ga4__events') }}
),

ga360_hits as (
    select * from {{ ref('stg_ga360__hits') }}
),

ga360_sessions as (
    select * from {{ ref('stg_ga360__sessions') }}
),

cutover as (
    select {{ "cast('" ~ cutover_date ~ "' as date)" if cutover_date else 'min(event_date)' }} as cutover_date
    from ga4_events
),

ga4_transactions as (
    select distinct transaction_id
    from ga4_events
    where event_name = 'purchase' and transaction_id is not null
),

ga4 as (
    select
        event_key,
        'ga4' as web_source,
        event_at,
        event_date,
        event_name,
        client_key,
        'ga_client' as client_identifier_type,
        {{ dbt.concat(['stream_id', "'/'", 'user_pseudo_id']) }} as client_identifier,
        user_pseudo_id as cookie_id,
        session_key,
        user_id,
        page_location,
        page_title,
        source,
        medium,
        campaign,
        booking_id,
        transaction_id,
        value,
        currency
    from ga4_events
),

ga360 as (
    select
        ga360_hits.hit_key as event_key,
        'ga360' as web_source,
        ga360_hits.hit_at as event_at,
        ga360_hits.export_date as event_date,
        ga360_hits.event_name,
        ga360_hits.client_key,
        'ua_client' as client_identifier_type,
        ga360_sessions.full_visitor_id as client_identifier,
        ga360_sessions.client_id as cookie_id,
        ga360_hits.session_key,
        ga360_sessions.user_id,
        {{ dbt.concat(["'https://'", 'ga360_hits.page_hostname', 'ga360_hits.page_path']) }} as page_location,
        ga360_hits.page_title,
        ga360_sessions.traffic_source as source,  -- noqa: RF04
        ga360_sessions.traffic_medium as medium,
        ga360_sessions.traffic_campaign as campaign,
        cast(null as {{ dbt.type_string() }}) as booking_id,
        ga360_hits.transaction_id,
        ga360_hits.transaction_revenue as value,  -- noqa: RF04
        ga360_hits.currency
    from ga360_hits
    inner join ga360_sessions
        on ga360_hits.session_key = ga360_sessions.session_key
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
    union all
    select * from ga360
)

select * from final
