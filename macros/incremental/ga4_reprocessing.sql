{#
    What an incremental run of the GA4 event models reads again.

    GA4 rewrites a day's export table for up to 72 hours after the day
    (late hits), and an intraday table is replaced by its daily table. So
    an incremental run re-reads the export tables of the last
    `ga4_incremental_lookback_days` days the model has already processed,
    and everything newer. Each incremental model knows
    that date from its own rows (a watermark column: the export date of
    the rows it holds), so a model that missed a run catches up by itself.

    Models downstream of base_ga4__events recompute every row that may have
    changed: the rows of the re-read tables and every row of their
    de-duplication groups, wherever it sits (a copy in an older table can
    change which row of the group is kept). See ga4_reprocessed_rows.
#}


{#
    dbt's is_incremental(), guarded for the two contexts where it cannot
    ask the warehouse whether the table exists: a unit test (no `this`
    table; it tests a full build) and a compile with --no-introspect (the
    offline BigQuery compile: it renders the full build).
#}
{% macro is_incremental_run() %}
    {{- return(
        execute
        and this is not none
        and not (flags.INTROSPECT == false)
        and is_incremental()
    ) -}}
{% endmacro %}


{#
    The first export date (text 'YYYY-MM-DD') an incremental run of this
    model reads: the tables of the last `ga4_incremental_lookback_days` days
    the model holds (counting its newest `watermark_column` value) are read
    again, and every newer one (0: only newer ones). None on a full build
    (the table does not exist, or --full-refresh) and when the table is
    empty: read everything.
#}
{% macro ga4_reprocess_from(watermark_column='export_date') %}
    {%- if not scv.is_incremental_run() -%}
        {{ return(none) }}
    {%- endif -%}
    {%- set lookback = var('ga4_incremental_lookback_days') | string | trim -%}
    {%- if not modules.re.fullmatch('[0-9]+', lookback) -%}
        {{ exceptions.raise_compiler_error(
            "ga4_incremental_lookback_days must be a whole number of days (0 or more), got '" ~ lookback
            ~ "'. Set it in dbt_project.yml or with --vars '{ga4_incremental_lookback_days: 3}'."
        ) }}
    {%- endif -%}
    {%- set newest_query -%}
        select cast(max({{ watermark_column }}) as {{ dbt.type_string() }}) from {{ this }}
    {%- endset -%}
    {%- set newest = run_query(newest_query).columns[0].values()[0] -%}
    {%- if newest is none -%}
        {{ return(none) }}
    {%- endif -%}
    {%- set first_day = modules.datetime.date.fromisoformat(newest[:10]) - modules.datetime.timedelta(days=(lookback | int) - 1) -%}
    {{ return(first_day.isoformat()) }}
{% endmacro %}


{#
    The de-duplication groups a run recomputes (a select of `dedup_key`):
    those with a row in an export table dated `reprocess_from` or later, or
    in no dated table (rows every run reads again, ga4_delete_undated_rows).
    Every row of such a group, wherever it sits, may change: a copy in an
    older table can change which row of the group is kept.
#}
{% macro ga4_reprocessed_dedup_keys(reprocess_from) -%}
    select reread.dedup_key
    from {{ ref('stg_ga4__export_rows') }} as reread
    where
        reread.export_date >= cast('{{ reprocess_from }}' as date)
        or reread.export_date is null
{%- endmacro %}


{#
    The export rows whose staging may have changed since a model last ran
    (a relation expression over stg_ga4__export_rows, keys only): every row
    of a reprocessed de-duplication group (ga4_reprocessed_dedup_keys).
    Their events, items and sessions are the ones to recompute. A model
    calling it declares `-- depends_on: {{ ref('stg_ga4__export_rows') }}`.
#}
{% macro ga4_reprocessed_rows(reprocess_from) -%}
    (
        select *
        from {{ ref('stg_ga4__export_rows') }}
        where dedup_key in ({{ scv.ga4_reprocessed_dedup_keys(reprocess_from) }})
    )
{%- endmacro %}


{#
    The earliest export date among the rows whose `key_column`
    (stg_ga4__export_rows) is in `keys_sql` (a select of keys), as text
    'YYYY-MM-DD', or `reprocess_from` when none: a constant bound a model
    adds to its read of the events (`export_date >= ...`), which lets DuckDB
    skip the row groups of older days (zone maps) and BigQuery prune the
    older partitions. A semi-join on keys alone would read every row's
    columns before filtering.
#}
{% macro ga4_earliest_export_date(key_column, keys_sql, reprocess_from) -%}
    {%- set earliest_query -%}
        select cast(min(export_date) as {{ dbt.type_string() }})
        from {{ ref('stg_ga4__export_rows') }}
        where {{ key_column }} in ({{ keys_sql }})
    {%- endset -%}
    {%- set earliest = run_query(earliest_query).columns[0].values()[0] -%}
    {{- return((earliest or reprocess_from)[:10]) -}}
{%- endmacro %}


{#
    Pre-hook of an incremental model of kind 'keys' (incremental_config):
    deletes the model's rows whose `key_column` is the `source_column` of
    a reprocessed row (ga4_reprocessed_rows), so that the run's output
    replaces them, including keys that no longer have any row (a copy that
    went away). Renders nothing on a full build. Give it as a string, so
    that it is rendered when the model runs:
    pre_hook="{{ scv.ga4_delete_reprocessed('session_key') }}".
#}
{% macro ga4_delete_reprocessed(key_column, source_column=none, watermark_column='export_date') -%}
    {%- if scv.is_incremental_run() -%}
        {%- set reprocess_from = scv.ga4_reprocess_from(watermark_column) -%}
        delete from {{ this }}
        where
        {%- if reprocess_from is none %} true
        {%- else %} {{ key_column }} in (
            select reprocessed.{{ source_column or key_column }}
            from {{ scv.ga4_reprocessed_rows(reprocess_from) }} as reprocessed
        )
        {%- endif -%}
    {%- endif -%}
{%- endmacro %}


{#
    Pre-hook of base_ga4__events on an incremental run: deletes the rows
    that have no export date (export_date null: a file not named for its
    day whose event_date is broken, see ga4_undated_rows_condition). Every
    run reads them again, and the partition replacement cannot match a
    null partition, so without this they would pile up one copy per run.
    Renders nothing on a full build.
#}
{% macro ga4_delete_undated_rows() -%}
    {%- if scv.is_incremental_run() -%}
        delete from {{ this }} where export_date is null
    {%- endif -%}
{%- endmacro %}
