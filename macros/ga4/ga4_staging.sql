{#
    GA4 staging helpers that are the same on every engine (the engine-specific
    parts are in macros/cross_db/ga4_export.sql).
#}

{#
    The export tables to read, as a condition on the table suffix (see
    ga4_table_suffix): daily tables `ga4_start_date` .. `ga4_end_date`
    (YYYYMMDD, inclusive; an empty end date means no limit), plus the
    intraday tables of the same days when `ga4_include_intraday` is true.
    An incremental run passes `reprocess_from` (YYYY-MM-DD, from
    ga4_reprocess_from): tables dated before it are not read again.
    Comparing the suffix with constants lets BigQuery prune the tables
    scanned; 'intraday_...' sorts after every date, so it never falls in the
    daily range.
#}
{% macro ga4_table_suffix_filter(suffix, reprocess_from=none) -%}
    {%- set start_date = var('ga4_start_date') | string | trim -%}
    {%- set end_date = (var('ga4_end_date') | string | trim) or '99991231' -%}
    {%- for name, value in [('ga4_start_date', start_date), ('ga4_end_date', end_date)] -%}
        {%- if not modules.re.fullmatch('[0-9]{8}', value) -%}
            {{ exceptions.raise_compiler_error(name ~ " must be a date written YYYYMMDD, got '" ~ value ~ "'") }}
        {%- endif -%}
    {%- endfor -%}
    {%- if reprocess_from is not none -%}
        {%- set start_date = [start_date, reprocess_from | replace('-', '')] | max -%}
    {%- endif -%}
    (
        {{ suffix }} between '{{ start_date }}' and '{{ end_date }}'
        {%- if var('ga4_include_intraday') | string | lower in ('true', '1', 'yes') %}
        or {{ suffix }} between 'intraday_{{ start_date }}' and 'intraday_{{ end_date }}'
        {%- endif %}
    )
{%- endmacro %}


{# GA4 writes '(not set)' where a value was not sent; that, and '', mean null. #}
{% macro ga4_not_set_to_null(expr) -%}
    nullif(nullif({{ expr }}, '(not set)'), '')
{%- endmacro %}


{#
    Rows per export day (`export_day`: the export table's date as text, or
    'undated' for rows of a file with no date, see
    ga4_undated_rows_condition): the rows of the export tables in the
    date range counted straight from the source, and the rows staged and
    quarantined. Compared by the reconciliation tests in tests/staging/ga4/.
#}
{% macro ga4_rows_per_export_day() -%}
    {%- set suffix = scv.ga4_table_suffix() -%}
    with raw_rows as (
        select
            coalesce(
                cast({{ scv.try_strptime_date('right(' ~ suffix ~ ', 8)', '%Y%m%d') }} as {{ dbt.type_string() }}),
                'undated'
            ) as export_day,
            count(*) as row_count
        from {{ scv.ga4_conformed_export(source('ga4', 'events')) }} as export_rows
        where
            (
                {{ scv.ga4_table_suffix_filter(suffix) }}
                {{ scv.ga4_undated_rows_condition(suffix) }}
            )
        group by 1
    ),

    staged_rows as (
        select
            coalesce(cast(export_date as {{ dbt.type_string() }}), 'undated') as export_day,
            count(*) as row_count
        from {{ ref('stg_ga4__events') }}
        group by 1
    ),

    quarantined_rows as (
        select
            coalesce(cast(export_date as {{ dbt.type_string() }}), 'undated') as export_day,
            count(*) as row_count
        from {{ ref('stg_ga4__events_quarantine') }}
        group by 1
    ),

    -- rows of people who asked to be forgotten (macros/privacy/erasure.sql)
    erased_rows as (
        {{ scv.ga4_erased_raw_rows_per_day() }}
    ),

    days as (
        select export_day from raw_rows
        union distinct
        select export_day from staged_rows
        union distinct
        select export_day from quarantined_rows
    )

    select
        days.export_day,
        coalesce(raw_rows.row_count, 0) as raw_row_count,
        coalesce(staged_rows.row_count, 0) as staged_row_count,
        coalesce(quarantined_rows.row_count, 0) as quarantined_row_count,
        coalesce(erased_rows.row_count, 0) as erased_row_count
    from days
    left join raw_rows on days.export_day = raw_rows.export_day
    left join staged_rows on days.export_day = staged_rows.export_day
    left join quarantined_rows on days.export_day = quarantined_rows.export_day
    left join erased_rows on days.export_day = erased_rows.export_day
{%- endmacro %}
