{#
    What an incremental run of the GA4 event models reads again.

    GA4 rewrites a day's export table for up to 72 hours after the day
    (late hits), and an intraday table is replaced by its daily table. So
    base_ga4__events looks at the export tables of the last
    `ga4_incremental_lookback_days` days it has already loaded, and every
    newer one, and reads those that are new or changed since it loaded them
    (a file's modification time on DuckDB, a table's last_modified_time on
    BigQuery, kept on each row as source_modified_at): a day whose tables
    are all as they were loaded is not read again (ga4_unchanged_export_days).
    It knows the newest day from its own rows, so a run that was missed is
    caught up by the next one.

    Every row base_ga4__events writes carries the time of the run that
    wrote it (loaded_at). Models downstream recompute every row that may
    have changed since they last ran: the rows loaded after the newest
    loaded_at they hold (their watermark, ga4_processed_through), and every
    row of those rows' de-duplication groups, wherever it sits (a copy in an
    older table can change which row of the group is kept). See
    ga4_reprocessed_rows.
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
    The export days in the look-back (from `reprocess_from`, YYYY-MM-DD)
    whose tables are all as base_ga4__events loaded them: the same tables
    (daily, and intraday when read), each with the modification time
    recorded on its rows (source_modified_at). A list of 'YYYYMMDD'; the
    run does not read them again. Empty (read every day of the look-back)
    on a full build, when a modification time is unknown, and when a file
    not named for its day (DuckDB) is new or changed: its rows can fall on
    any day. A day holding rows of such a file is never skipped (that file
    is not among the day's tables). Call it from the model being built.
#}
{% macro ga4_unchanged_export_days(reprocess_from) -%}
    {%- if reprocess_from is none or not scv.is_incremental_run() -%}
        {{ return([]) }}
    {%- endif -%}
    {%- set export_tables -%}
        (
            select
                source_file,
                table_suffix,
                modified_at,
                {{ scv.try_strptime_date('right(table_suffix, 8)', '%Y%m%d') }} as export_day
            from {{ scv.ga4_export_tables() }} as listed
        )
    {%- endset -%}
    {#- a file not named for its day that is new or changed: its rows can
        fall on any day, so no day is skipped (asked only when there is one:
        it reads the table's file names) -#}
    {%- set other_files_query -%}
        select count(*) from {{ export_tables }} as export_tables where export_day is null
    {%- endset -%}
    {%- if run_query(other_files_query).columns[0].values()[0] > 0 -%}
        {%- set changed_other_files_query -%}
            select count(*)
            from {{ export_tables }} as export_tables
            where
                export_day is null
                and not exists (
                    select 1
                    from {{ this }} as loaded_rows
                    where
                        loaded_rows.source_file = export_tables.source_file
                        and loaded_rows.source_modified_at = export_tables.modified_at
                )
        {%- endset -%}
        {%- if run_query(changed_other_files_query).columns[0].values()[0] > 0 -%}
            {{ return([]) }}
        {%- endif -%}
    {%- endif -%}
    {%- set unchanged_query -%}
        with present as (
            -- the tables of the look-back a run would read (range, intraday)
            select * from {{ export_tables }} as export_tables
            where
                export_day is not null
                and {{ scv.ga4_table_suffix_filter('table_suffix', reprocess_from) }}
        ),

        loaded as (
            select distinct
                source_file,
                source_modified_at as modified_at,
                export_date as export_day
            from {{ this }}
            where export_date >= cast('{{ reprocess_from }}' as date)
        ),

        -- a table new, changed or gone, or one without a known time
        changed_days as (
            select coalesce(present.export_day, loaded.export_day) as export_day
            from present
            full outer join loaded
                on
                    present.source_file = loaded.source_file
                    and present.export_day = loaded.export_day
            where
                present.modified_at is null
                or loaded.modified_at is null
                or present.modified_at != loaded.modified_at
        )

        select distinct cast(loaded.export_day as {{ dbt.type_string() }})
        from loaded
        where
            loaded.export_day not in (
                select changed_days.export_day from changed_days
                where changed_days.export_day is not null
            )
        order by 1
    {%- endset -%}
    {%- set days = [] -%}
    {%- for row in run_query(unchanged_query).rows -%}
        {%- do days.append(row[0][:10] | replace('-', '')) -%}
    {%- endfor -%}
    {{ return(days) }}
{%- endmacro %}


{#
    The newest loaded_at (the base_ga4__events run that loaded the rows)
    among the rows of this model, as text: the model has processed every
    export row loaded up to then. None on a full build and when the table
    is empty (process everything).
#}
{% macro ga4_processed_through(watermark_column='loaded_at') -%}
    {{ return(scv.incremental_watermark(watermark_column)) }}
{%- endmacro %}


{#
    The de-duplication groups a run recomputes (a select of `dedup_key`):
    those with a row loaded after `processed_through`
    (ga4_processed_through). Every row of such a group, wherever it sits,
    may change: a copy in an older table can change which row of the group
    is kept.
#}
{% macro ga4_reprocessed_dedup_keys(processed_through) -%}
    select reloaded.dedup_key
    from {{ ref('stg_ga4__export_rows') }} as reloaded
    where reloaded.loaded_at > cast('{{ processed_through }}' as {{ dbt.type_timestamp() }})
{%- endmacro %}


{#
    The export rows whose staging may have changed since a model last ran
    (a relation expression over stg_ga4__export_rows, keys only): every row
    of a reprocessed de-duplication group (ga4_reprocessed_dedup_keys).
    Their events, items and sessions are the ones to recompute. A model
    calling it declares `-- depends_on: {{ ref('stg_ga4__export_rows') }}`.
#}
{% macro ga4_reprocessed_rows(processed_through) -%}
    (
        select *
        from {{ ref('stg_ga4__export_rows') }}
        where dedup_key in ({{ scv.ga4_reprocessed_dedup_keys(processed_through) }})
    )
{%- endmacro %}


{#
    A condition on a model's read of base_ga4__events / stg_ga4__events
    (columns export_date and `key_column`) that keeps the rows whose
    `key_column` is in `keys_sql` (a select of keys). It adds the earliest
    export date among those rows as a constant bound (`export_date >=
    ...`, rows without an export date kept), which lets DuckDB skip the row
    groups of older days (zone maps) and BigQuery prune the older
    partitions: a semi-join on keys alone would read every row's columns
    before filtering.
#}
{% macro ga4_rows_with_keys(key_column, keys_sql) -%}
    {%- set earliest_query -%}
        select cast(min(export_date) as {{ dbt.type_string() }})
        from {{ ref('stg_ga4__export_rows') }}
        where {{ key_column }} in ({{ keys_sql }})
    {%- endset -%}
    {%- set earliest = run_query(earliest_query).columns[0].values()[0] -%}
    (
        {%- if earliest is not none %}
        export_date >= cast('{{ earliest[:10] }}' as date)
        or
        {%- endif %}
        export_date is null
    )
    and {{ key_column }} in ({{ keys_sql }})
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
{% macro ga4_delete_reprocessed(key_column, source_column=none, watermark_column='loaded_at') -%}
    {%- if scv.is_incremental_run() -%}
        {%- set processed_through = scv.ga4_processed_through(watermark_column) -%}
        delete from {{ this }}
        where
        {%- if processed_through is none %} true
        {%- else %} {{ key_column }} in (
            select reprocessed.{{ source_column or key_column }}
            from {{ scv.ga4_reprocessed_rows(processed_through) }} as reprocessed
        )
        {%- endif -%}
    {%- endif -%}
{%- endmacro %}


{#
    The newest value of `watermark_column` in this model's table, as text:
    what an incremental run has already processed (rows of its inputs with
    a newer value are new). None on a full build and when the table is
    empty (process everything).
#}
{% macro incremental_watermark(watermark_column) -%}
    {%- if not scv.is_incremental_run() -%}
        {{ return(none) }}
    {%- endif -%}
    {%- set newest_query -%}
        select cast(max({{ watermark_column }}) as {{ dbt.type_string() }}) from {{ this }}
    {%- endset -%}
    {{ return(run_query(newest_query).columns[0].values()[0]) }}
{%- endmacro %}


{#
    A condition: `column` is newer than `watermark` (text from
    incremental_watermark), or, when the watermark is none, true.
#}
{% macro is_newer_than(column, watermark) -%}
    {%- if watermark is none -%}
        true
    {%- else -%}
        {{ column }} > cast('{{ watermark }}' as {{ dbt.type_timestamp() }})
    {%- endif -%}
{%- endmacro %}


{#
    Pre-hook of an incremental model that keeps one row per key of an
    upstream model: deletes its rows whose `key_column` is no longer in
    `upstream` (a session whose events went away, an erased person's
    rows), which a merge or delete+insert of the recomputed keys would
    leave behind. Nothing on a full build. `where` (a condition on columns
    both have) limits it to some of the rows, on both sides. Give it as a
    string:
    pre_hook="{{ scv.delete_keys_gone_from('session_key', ref('int_web__sessions')) }}".
#}
{% macro delete_keys_gone_from(key_column, upstream, where=none) -%}
    {%- if scv.is_incremental_run() -%}
        delete from {{ this }}
        where
            {%- if where %} ({{ where }}) and{% endif %}
            {{ key_column }} not in (
                select upstream_rows.{{ key_column }}
                from {{ upstream }} as upstream_rows
                where
                    upstream_rows.{{ key_column }} is not null
                    {%- if where %}
                    and ({{ where }})
                    {%- endif %}
            )
    {%- endif -%}
{%- endmacro %}
