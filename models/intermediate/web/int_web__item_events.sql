-- One row per item of a web ecommerce event (view_item, add_to_cart,
-- remove_from_cart, begin_checkout, purchase) of any tracker (the web item
-- contract int_web__event_items: GA4 items, GA360 products) with the person
-- behind the event, so that product interactions, open carts, audiences and
-- the briefs attribute web behaviour the same way. The person is the event's session's customer
-- (int_web__sessions: the session's login, else the browser); for an event
-- without a session, its own login, else its browser; null for an anonymous
-- browser or an excluded hub. Items without an item_id (sku) cannot name a
-- product and are left out. Amounts stay in the event's currency (GA4's
-- `currency` parameter, GA360's currencyCode) and in USD (GA4's
-- conversion; GA360 with the currency_rates seed).
--
-- Incremental: a run rebuilds the items loaded since the newest loaded_at
-- it holds, the items of the sessions int_web__sessions rewrote since the
-- newest built_at it holds (their customer may have changed: a GA360
-- session new to the sessions is such a session), and the items without a
-- session whose customer the id map changed; GA4 items gone from the
-- item contract are deleted first. Another tracker's items (GA360: a
-- finished export, every item on a session) are read from the item
-- contract only for the sessions the session models recomputed since
-- (their events may have changed; their stored items are deleted first by
-- delete_items_of_recomputed_sessions), and only when there are any, so a
-- run that recomputed no GA360 session reads none of that part; the items
-- of a session that was only given another customer are its stored rows
-- with the new customer (reading the GA360 part for them cost 10 s a run
-- on 3.4M hits).
{{ config(**scv.incremental_config(
    'keys',
    unique_key='event_item_key',
    partition_column='event_date',
    cluster_by=['item_id', 'event_name'],
)) }}
{#- the watermark hook first: each hook is rendered when it runs, and a
    deletion before it could move the watermark the model compiled with -#}
{{ config(pre_hook=[
    "{{ scv.delete_items_of_recomputed_sessions() }}",
    "{{ scv.delete_keys_gone_from('event_item_key', ref('int_web__event_items'), where=\"web_source = 'ga4'\") }}",
]) }}

{%- set loaded_through = scv.incremental_watermark('loaded_at') %}
{%- set built_through = scv.incremental_watermark('built_at') %}
{#- the GA4 items to look at again: loaded since the last run, of a session
    rewritten since (its customer may have changed), or without a session -#}
{%- set ga4_rebuilt_items -%}
    {{ scv.is_newer_than('event_items.loaded_at', loaded_through) }}
    or event_items.session_key is null
    or event_items.session_key in (
        select rebound.session_key
        from {{ ref('int_web__sessions') }} as rebound
        where {{ scv.is_newer_than('rebound.built_at', built_through) }}
    )
{%- endset %}
{#- another tracker's items read again: those of a session recomputed since -#}
{%- set other_rebuilt_items -%}
    event_items.session_key in (
        select recomputed.session_key
        from {{ ref('int_web__sessions') }} as recomputed
        where
            recomputed.web_source != 'ga4'
            and {{ scv.is_newer_than('recomputed.last_loaded_at', built_through) }}
    )
{%- endset %}
{#- of those, an item without a session that was not loaded again is
    rebuilt only when its customer changed -#}
{%- set changed_items -%}
    identified.session_key is not null
    or {{ scv.is_newer_than('identified.loaded_at', loaded_through) }}
    or not exists (
        select 1
        from {{ this }} as built
        where
            built.event_item_key = identified.event_item_key
            and built.customer_id is not distinct from identified.customer_id
    )
{%- endset %}

{#- another tracker's items are read only when some of its sessions were recomputed -#}
{%- set recomputed_sources = scv.web_sources_recomputed_since(built_through) %}
{%- set read_sources = (["'ga4'"] + (recomputed_sources or [])) | join(', ') %}

with event_items as (
    select * from {{ ref('int_web__event_items') }}
    where
        event_name in ('view_item', 'add_to_cart', 'remove_from_cart', 'begin_checkout', 'purchase')
        and item_id is not null
        and {{ 'true' if recomputed_sources is none else 'web_source in (' ~ read_sources ~ ')' }}
),

sessions as (
    select * from {{ ref('int_web__sessions') }}
),

id_map as (
    select * from {{ ref('int_identity__id_map') }}
),

identified as (
    select
        event_items.event_item_key,
        event_items.event_key,
        event_items.web_source,
        event_items.item_index,
        event_items.event_date,
        event_items.event_at,
        event_items.event_name,
        event_items.client_key,
        event_items.session_key,
        event_items.item_id,
        event_items.item_name,
        event_items.item_brand,
        event_items.item_category,
        event_items.quantity,
        event_items.price,
        event_items.item_revenue_in_usd,
        event_items.loaded_at,
        upper(event_items.currency) as currency_code,
        coalesce(sessions.customer_id, by_user_id.customer_id, by_client.customer_id) as customer_id
    from event_items
    left join sessions
        on event_items.session_key = sessions.session_key
    left join id_map as by_user_id
        on
            event_items.session_key is null
            and by_user_id.identifier_type = 'ga_user_id'
            and event_items.user_id = by_user_id.identifier_value
    left join id_map as by_client
        on
            event_items.session_key is null
            and event_items.client_identifier_type = by_client.identifier_type
            and event_items.client_identifier = by_client.identifier_value
    where
        (
            event_items.web_source = 'ga4'
            and ({{ ga4_rebuilt_items if loaded_through is not none else 'true' }})
        )
        or (
            event_items.web_source != 'ga4'
            and ({{ other_rebuilt_items if built_through is not none else 'true' }})
        )
),

final as (
    select
        identified.*,
        {{ scv.run_started_timestamp() }} as built_at
    from identified
    where {{ changed_items if loaded_through is not none else 'true' }}
    {%- if built_through is not none %}
        union all
        -- another tracker's items of a session only given another customer
        -- since (not recomputed): the stored rows, with that customer
        select
            built.event_item_key,
            built.event_key,
            built.web_source,
            built.item_index,
            built.event_date,
            built.event_at,
            built.event_name,
            built.client_key,
            built.session_key,
            built.item_id,
            built.item_name,
            built.item_brand,
            built.item_category,
            built.quantity,
            built.price,
            built.item_revenue_in_usd,
            built.loaded_at,
            built.currency_code,
            rebound.customer_id,
            {{ scv.run_started_timestamp() }} as built_at
        from {{ this }} as built
        inner join sessions as rebound
            on built.session_key = rebound.session_key
        where
            built.web_source != 'ga4'
            and {{ scv.is_newer_than('rebound.built_at', built_through) }}
            and not ({{ scv.is_newer_than('rebound.last_loaded_at', built_through) }})
    {%- endif %}
)

select * from final
