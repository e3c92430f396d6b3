-- The source / medium / campaign GA4 reports for each session, and its
-- default channel group.
--
-- Last non-direct click, as GA4's session-scoped traffic dimensions: a
-- session that arrived with campaign information keeps its own source; a
-- direct session (no source, medium or click id on any of its events) takes
-- the own source of the same client's latest earlier non-direct session
-- when that one started at most web_attribution_lookback_days before it
-- (boundary included), else it stays (direct) / (none). Only a session's
-- own source is passed on: a direct session that inherited a source does
-- not hand it further, so the look-back always counts from the click.
--
-- Incremental: attribution only looks back at the same client's earlier
-- sessions, so a run rebuilds, for each client with a session whose events
-- were loaded since the newest last_loaded_at it holds, the sessions from
-- the earliest such session on (its start before or after the new events),
-- reading the client's sessions from web_attribution_lookback_days before
-- it as context. A customer change does not move a source. Sessions gone
-- are deleted first. A change of web_attribution_lookback_days needs
-- --full-refresh.
{{ config(**scv.incremental_config(
    'keys',
    unique_key='session_key',
    cluster_by=['client_key'],
)) }}
{{ config(pre_hook="{{ scv.delete_keys_gone_from('session_key', ref('int_web__sessions')) }}") }}

{%- set lookback_days = var('web_attribution_lookback_days', 90) | int %}
{%- set lookback_micros = lookback_days ~ ' * 86400 * cast(1000000 as ' ~ dbt.type_bigint() ~ ')' %}
{%- set loaded_through = scv.incremental_watermark('last_loaded_at') %}
{#- per client with newly loaded sessions: where its sessions may change -#}
{%- set changed_clients -%}
    (
        select
            changed.client_key,
            min(
                case
                    when stored.session_start_at < changed.session_start_at then stored.session_start_at
                    else changed.session_start_at
                end
            ) as first_changed_at
        from {{ ref('int_web__sessions') }} as changed
        left join {{ this }} as stored
            on changed.session_key = stored.session_key
        where {{ scv.is_newer_than('changed.last_loaded_at', loaded_through) }}
        group by changed.client_key
    )
{%- endset %}
{%- set in_context -%}
    exists (
        select 1
        from {{ changed_clients }} as changed_client
        where
            changed_client.client_key = sessions.client_key
            and {{ dbt.datediff('changed_client.first_changed_at', 'sessions.session_start_at', 'microsecond') }}
            >= -{{ lookback_micros }}
    )
{%- endset %}
{%- set rebuilt -%}
    exists (
        select 1
        from {{ changed_clients }} as changed_client
        where
            changed_client.client_key = sourced.client_key
            and sourced.session_start_at >= changed_client.first_changed_at
    )
{%- endset %}

with sessions as (
    select sessions.* from {{ ref('int_web__sessions') }} as sessions
    where {{ in_context if loaded_through is not none else 'true' }}
),

-- the client's latest earlier session that carried its own source
ordered as (
    select
        session_key,
        client_key,
        session_start_at,
        last_loaded_at,
        is_direct_session,
        own_source,
        own_medium,
        own_campaign,
        last_value(case when not is_direct_session then session_key end ignore nulls) over (
            partition by client_key
            order by session_start_at, session_key
            rows between unbounded preceding and 1 preceding
        ) as previous_non_direct_session_key
    from sessions
),

attributed as (
    select
        ordered.session_key,
        ordered.client_key,
        ordered.session_start_at,
        ordered.last_loaded_at,
        ordered.is_direct_session,
        ordered.own_source,
        ordered.own_medium,
        ordered.own_campaign,
        case
            when
                ordered.is_direct_session
                and {{ dbt.datediff('origin.session_start_at', 'ordered.session_start_at', 'microsecond') }}
                <= {{ lookback_micros }}
                then origin.session_key
        end as attributed_from_session_key
    from ordered
    left join sessions as origin
        on ordered.previous_non_direct_session_key = origin.session_key
),

sourced as (
    select
        attributed.session_key,
        attributed.client_key,
        attributed.session_start_at,
        attributed.last_loaded_at,
        attributed.is_direct_session,
        attributed.attributed_from_session_key,
        attributed.attributed_from_session_key is not null as is_source_inherited,
        case
            when not attributed.is_direct_session then attributed.own_source
            when origin.session_key is not null then origin.own_source
            else '(direct)'
        end as session_source,
        case
            when not attributed.is_direct_session then attributed.own_medium
            when origin.session_key is not null then origin.own_medium
            else '(none)'
        end as session_medium,
        case
            when not attributed.is_direct_session then attributed.own_campaign
            when origin.session_key is not null then origin.own_campaign
            else '(direct)'
        end as session_campaign
    from attributed
    left join sessions as origin
        on attributed.attributed_from_session_key = origin.session_key
),

final as (
    select
        *,
        {{ scv.default_channel_group('session_source', 'session_medium', 'session_campaign') }}
            as session_default_channel_group,
        {{ scv.run_started_timestamp() }} as built_at
    from sourced
    where {{ rebuilt if loaded_through is not none else 'true' }}
)

select * from final
