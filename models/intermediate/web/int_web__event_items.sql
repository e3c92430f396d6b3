{{ config(materialized='view') }}

-- The web item contract: one row per product of an event of the web event
-- contract (int_web__events), whichever tracker recorded it, in the shape
-- of GA4's items (docs/web_event_contract.md). GA4 items come from
-- stg_ga4__event_items, GA360 products (impressions left out) from
-- stg_ga360__hit_products; a GA360 hit's products are here only when the
-- hit is in the event contract, so the overlap rule (GA4 is the record
-- from the cutover day on) holds for items too.
--
-- item_revenue_in_usd: GA4's own conversion; a GA360 amount is converted
-- with the currency_rates seed (the rate in force on the hit's day, as in
-- int_web__events), null for a currency the seed does not know.
--
-- A view: both inputs are stored already.

{#- no GA360 history staged: the GA360 part is left out (nothing to read) -#}
{%- set with_ga360 = scv.ga360_is_staged(ref('stg_ga360__hit_products')) %}

with ga4_items as (
    select * from {{ ref('stg_ga4__event_items') }}
),

ga360_products as (
    select * from {{ ref('stg_ga360__hit_products') }}
),

-- the GA360 hits the event contract keeps, with what items need of them
ga360_events as (
    select
        event_key,
        event_date,
        client_identifier_type,
        client_identifier,
        user_id
    from {{ ref('int_web__events') }}
    where web_source = 'ga360'
),

usd_rates as (
    {{ scv.currency_rates_to('USD') }}
),

ga4 as (
    select
        event_item_key,
        event_key,
        'ga4' as web_source,
        item_index,
        event_date,
        event_at,
        event_name,
        client_key,
        'ga_client' as client_identifier_type,
        {{ dbt.concat(['stream_id', "'/'", 'user_pseudo_id']) }} as client_identifier,
        session_key,
        user_id,
        transaction_id,
        item_id,
        item_name,
        item_brand,
        item_category,
        quantity,
        price,
        item_revenue,
        item_revenue_in_usd,
        currency,
        loaded_at
    from ga4_items
),

ga360 as (
    select
        ga360_products.hit_product_key as event_item_key,
        ga360_products.hit_key as event_key,
        'ga360' as web_source,
        ga360_products.product_index as item_index,
        ga360_events.event_date,
        ga360_products.hit_at as event_at,
        ga360_products.event_name,
        ga360_products.client_key,
        ga360_events.client_identifier_type,
        ga360_events.client_identifier,
        ga360_products.session_key,
        ga360_events.user_id,
        ga360_products.transaction_id,
        ga360_products.item_id,
        ga360_products.item_name,
        ga360_products.item_brand,
        ga360_products.item_category,
        ga360_products.quantity,
        ga360_products.price,
        ga360_products.item_revenue,
        ga360_products.item_revenue * usd_rates.rate_to_reporting as item_revenue_in_usd,
        ga360_products.currency,
        cast(null as {{ dbt.type_timestamp() }}) as loaded_at
    from ga360_products
    inner join ga360_events
        on ga360_products.hit_key = ga360_events.event_key
    left join usd_rates
        on {{ scv.rate_in_force('usd_rates', 'upper(ga360_products.currency)', 'ga360_events.event_date') }}
),

final as (
    select * from ga4
    {%- if with_ga360 %}
        union all
        select * from ga360
    {%- endif %}
)

select * from final
