{#
    Incremental rule of int_web__sessions_aggregated for GA360 sessions.
    GA360 is a finished export: a session's events in the web event
    contract change only when a row of it is loaded (a new day, the other
    half of a session UA split at midnight, an intraday copy), when the
    cutover moves (ga360_cutover), or, for a purchase on or after the
    cutover, when GA4 gains or loses its transaction (the overlap rule).
    So a run recomputes those sessions alone, found with narrow scans of
    GA360 staging, not by reading the contract's GA360 part.
#}


{#
    The GA360 sessions an incremental run recomputes, as two conditions
    (a dict): `keys`, on session_key, those with a row loaded since the
    table's GA360 sessions were last computed (stg_ga360__sessions
    .last_loaded_at newer than their newest last_loaded_at) and those with
    a purchase on or after the cutover; `export_days`, on export_date, the
    days their events fall on (constants, so that the contract's GA360
    part is read for those days only). Both `true` (every GA360 session)
    on a full build, when the table holds no GA360 session, and when the
    cutover moved since they were computed (ga360_cutover_date); both
    `false` when there is none to recompute, so that the run reads nothing
    of GA360. Asked when the model compiles and when its pre-hook runs,
    before anything is deleted.
#}
{% macro ga360_recomputed_sessions() -%}
    {%- set every_session = {'keys': 'true', 'export_days': 'true'} -%}
    {%- if not scv.is_incremental_run() -%}
        {{ return(every_session) }}
    {%- endif -%}
    {%- set state_query -%}
        select
            cast(max(stored.last_loaded_at) as {{ dbt.type_string() }}) as computed_through,
            count(case when stored.ga360_cutover_date is distinct from cutover.cutover_date then 1 end)
                as computed_at_another_cutover
        from {{ this }} as stored
        cross join ({{ scv.ga360_cutover() }}) as cutover
        where stored.web_source = 'ga360'
    {%- endset -%}
    {%- set state = run_query(state_query).rows[0] -%}
    {%- if state[0] is none or state[1] > 0 -%}
        {{ return(every_session) }}
    {%- endif -%}
    {%- set recomputed_keys -%}
        select staged.session_key
        from {{ ref('stg_ga360__sessions') }} as staged
        where {{ scv.is_newer_than('staged.last_loaded_at', state[0]) }}
        union all
        select hits.session_key
        from {{ ref('stg_ga360__hits') }} as hits
        cross join ({{ scv.ga360_cutover() }}) as cutover
        where
            hits.event_name = 'purchase'
            and hits.transaction_id is not null
            and hits.export_date >= cutover.cutover_date
    {%- endset -%}
    {%- set days_query -%}
        select
            count(*) as session_count,
            cast(min(first_export_date) as {{ dbt.type_string() }}) as first_day,
            cast(max(last_export_date) as {{ dbt.type_string() }}) as last_day
        from {{ ref('stg_ga360__sessions') }}
        where session_key in ({{ recomputed_keys }})
    {%- endset -%}
    {%- set days = run_query(days_query).rows[0] -%}
    {%- if days[0] == 0 -%}
        {{ return({'keys': 'false', 'export_days': 'false'}) }}
    {%- endif -%}
    {%- if days[1] is none or days[2] is none -%}
        {%- set export_days = 'true' -%}
    {%- else -%}
        {%- set export_days = "export_date between cast('" ~ days[1][:10] ~ "' as date) and cast('"
            ~ days[2][:10] ~ "' as date)" -%}
    {%- endif -%}
    {{ return({'keys': 'session_key in (' ~ recomputed_keys ~ ')', 'export_days': export_days}) }}
{%- endmacro %}


{#
    Pre-hook of int_web__sessions_aggregated on an incremental run:
    deletes the GA360 sessions the run recomputes (ga360_recomputed_sessions:
    one whose events all left the contract is gone, not kept stale) and
    those gone from stg_ga360__sessions (erased). Nothing on a full build.
#}
{% macro ga360_delete_recomputed_sessions() -%}
    {%- if scv.is_incremental_run() -%}
        delete from {{ this }}
        where
            web_source = 'ga360'
            and (
                session_key not in (
                    select staged.session_key
                    from {{ ref('stg_ga360__sessions') }} as staged
                )
                or {{ scv.ga360_recomputed_sessions()['keys'] }}
            )
    {%- endif -%}
{%- endmacro %}


{#
    The web sources other than GA4 with a session whose events the session
    models recomputed since `built_through` (int_web__sessions
    .last_loaded_at newer: the run that computed it; the built_at watermark
    of a model that reads it; none: every source), as a list of quoted
    constants: an incremental run of int_web__item_events reads another
    tracker's part of the item contract only then (a constant condition,
    so the engine leaves the other parts unread). A session only given
    another customer is not one of them: its items are the stored ones.
#}
{% macro web_sources_recomputed_since(built_through) -%}
    {%- if built_through is none -%}
        {{ return(none) }}
    {%- endif -%}
    {%- set sources_query -%}
        select distinct recomputed.web_source
        from {{ ref('int_web__sessions') }} as recomputed
        where
            recomputed.web_source != 'ga4'
            and {{ scv.is_newer_than('recomputed.last_loaded_at', built_through) }}
    {%- endset -%}
    {%- set sources = [] -%}
    {%- for row in run_query(sources_query).rows -%}
        {%- do sources.append("'" ~ row[0] ~ "'") -%}
    {%- endfor -%}
    {{ return(sources) }}
{%- endmacro %}


{#
    Pre-hook of int_web__item_events on an incremental run: deletes the
    items of another tracker than GA4 whose session the session models
    recomputed since this model's built_at watermark (the run reads them
    again from the item contract: one that left it, a GA360 purchase GA4
    now records, is gone) or that int_web__sessions no longer holds
    (erased). Items of a session only given another customer are replaced
    by the run (same keys). GA4 items are handled by delete_keys_gone_from.
    Nothing on a full build.
#}
{% macro delete_items_of_recomputed_sessions() -%}
    {%- if scv.is_incremental_run() -%}
        {%- set built_through = scv.incremental_watermark('built_at') -%}
        delete from {{ this }}
        where
            web_source != 'ga4'
            and (
                session_key not in (
                    select kept.session_key
                    from {{ ref('int_web__sessions') }} as kept
                )
                or session_key in (
                    select recomputed.session_key
                    from {{ ref('int_web__sessions') }} as recomputed
                    where {{ scv.is_newer_than('recomputed.last_loaded_at', built_through) }}
                )
            )
    {%- endif -%}
{%- endmacro %}
