{#
    Reading the GA360 (Universal Analytics) BigQuery export, one row per
    session with its hits nested (see _ga360__sources.yml):

    - BigQuery reads the daily tables through the `ga_sessions_*` wildcard,
      whose `_TABLE_SUFFIX` is `YYYYMMDD` for daily tables and
      `intraday_YYYYMMDD` for the streaming ones; a filter on it prunes the
      tables scanned.
    - DuckDB reads the parquet files in place, the suffix taken from the file
      name (`ga_sessions_YYYYMMDD.parquet`), falling back to the row's `date`
      for files named otherwise; fields an export lacks read as null.

    The export is optional (ga360_is_enabled): when it is not read, the same
    columns come from a typed empty relation, so every GA360 model builds,
    empty, and the models after it need no condition.
#}


{# Whether the export is there: files match the glob (DuckDB), a dataset is configured (BigQuery). #}
{% macro ga360_export_is_present() %}
    {{- return(adapter.dispatch('ga360_export_is_present', 'scv')()) -}}
{% endmacro %}

{% macro default__ga360_export_is_present() -%}
    {#- a compile without a connection shows the SQL that reads the export -#}
    {%- if flags.INTROSPECT == false -%}
        {{ return(true) }}
    {%- endif -%}
    {%- set glob = scv.external_location_path(source('ga360', 'sessions')) -%}
    {%- set found = run_query("select count(*) from glob('" ~ glob | replace("'", "''") ~ "')") -%}
    {{ return(found.rows[0][0] > 0) }}
{%- endmacro %}

{% macro bigquery__ga360_export_is_present() -%}
    {{ return((var('ga360_dataset') | string | trim) != '') }}
{%- endmacro %}


{# Where the export is looked for, for messages. #}
{% macro ga360_export_location() %}
    {{- return(adapter.dispatch('ga360_export_location', 'scv')()) -}}
{% endmacro %}

{% macro default__ga360_export_location() -%}
    {{ return("no file matches '" ~ scv.external_location_path(source('ga360', 'sessions')) ~ "'") }}
{%- endmacro %}

{% macro bigquery__ga360_export_location() -%}
    {{ return("the ga360_dataset var is empty") }}
{%- endmacro %}


{# The SQL type of a type of ga360_export_schema on this engine. #}
{% macro ga360_sql_type(data_type) %}
    {{- return(adapter.dispatch('ga360_sql_type', 'scv')(data_type)) -}}
{% endmacro %}

{% macro default__ga360_sql_type(data_type) -%}
    {%- if data_type is mapping -%}
        {{ scv.ga360_sql_type(data_type['array']) }}[]
    {%- elif data_type is string -%}
        {{ {'string': 'varchar', 'int': 'bigint', 'float': 'double', 'bool': 'boolean'}[data_type] }}
    {%- else -%}
        struct(
        {%- for name, field_type in data_type -%}
            "{{ name }}" {{ scv.ga360_sql_type(field_type) }}{{ ', ' if not loop.last }}
        {%- endfor -%}
        )
    {%- endif -%}
{%- endmacro %}

{% macro bigquery__ga360_sql_type(data_type) -%}
    {%- if data_type is mapping -%}
        array<{{ scv.ga360_sql_type(data_type['array']) }}>
    {%- elif data_type is string -%}
        {{ {'string': 'string', 'int': 'int64', 'float': 'float64', 'bool': 'bool'}[data_type] }}
    {%- else -%}
        struct<
        {%- for name, field_type in data_type -%}
            `{{ name }}` {{ scv.ga360_sql_type(field_type) }}{{ ', ' if not loop.last }}
        {%- endfor -%}
        >
    {%- endif -%}
{%- endmacro %}


{#
    The export rows to stage, as a relation expression (use it in a from
    clause): every column and field of ga360_export_schema, plus
    export_table_suffix ('YYYYMMDD' or 'intraday_YYYYMMDD'), source_file
    (the file, or the table's name) and source_row_id (what tells a row
    apart within its file: its position on DuckDB, a random id drawn when
    the row is staged on BigQuery, which has no row position), restricted
    to the tables of ga360_table_suffix_filter, less the tables of
    `skip_days` ('YYYYMMDD', from ga360_loaded_days: daily and intraday
    tables of those days, pruned before they are read). Empty and typed
    when GA360 is not enabled.
#}
{% macro ga360_export_rows(relation, skip_days=[]) %}
    {{- return(adapter.dispatch('ga360_export_rows', 'scv')(relation, skip_days)) -}}
{% endmacro %}

{% macro default__ga360_export_rows(relation, skip_days=[]) -%}
    {%- set file_suffix = scv.regex_extract_nonempty('filename', 'ga_sessions_((?:intraday_)?[0-9]{8})\\.parquet$') -%}
    {%- set template -%}
        select
            {%- for name, data_type in scv.ga360_export_schema() %}
            cast(null as {{ scv.ga360_sql_type(data_type) }}) as "{{ name }}",
            {%- endfor %}
            cast(null as varchar) as filename,
            cast(null as bigint) as file_row_number
        where false
    {%- endset -%}
    {#- the condition on the file name sits where the files are read: DuckDB
        skips the files outside the dates there, not above the union; a unit
        test's fixture may have no file name -#}
    {%- set file_filter = 'coalesce(' ~ scv.ga360_table_suffix_filter(file_suffix) ~ ', true) and '
        ~ scv.skip_export_days(file_suffix, skip_days) -%}
    {%- if execute and model.resource_type == 'unit_test' -%}
        {%- set file_filter = 'true' -%}
    {%- endif -%}
    {%- if scv.ga360_is_enabled() -%}
        (
            select
                conformed.*,
                coalesce({{ file_suffix }}, conformed.date) as export_table_suffix,
                conformed.filename as source_file,
                conformed.file_row_number as source_row_id
            from (
                select * from {{ relation }}
                where {{ file_filter }}
                union all by name
                {{ template }}
            ) as conformed
            {#- a row of a file named otherwise whose date is broken cannot be
                placed: kept, and quarantined as invalid_session_date #}
            where
                (
                    {{ scv.ga360_table_suffix_filter('coalesce(' ~ file_suffix ~ ', conformed.date)') }}
                    or {{ scv.try_strptime_date('right(coalesce(' ~ file_suffix ~ ', conformed.date), 8)', '%Y%m%d') }} is null
                )
                and {{ scv.skip_export_days('coalesce(' ~ file_suffix ~ ', conformed.date)', skip_days) }}
        )
    {%- else -%}
        (
            select
                *,
                cast(null as varchar) as export_table_suffix,
                cast(null as varchar) as source_file,
                cast(null as bigint) as source_row_id
            from ({{ template }}) as disabled
        )
    {%- endif -%}
{%- endmacro %}

{% macro bigquery__ga360_export_rows(relation, skip_days=[]) -%}
    {%- if scv.ga360_is_enabled() -%}
        (
            select
                *,
                _table_suffix as export_table_suffix,
                concat('ga_sessions_', _table_suffix) as source_file,
                generate_uuid() as source_row_id
            from {{ relation }}
            where
                {{ scv.ga360_table_suffix_filter('_table_suffix') }}
                and {{ scv.skip_export_days('_table_suffix', skip_days) }}
        )
    {%- else -%}
        (
            select
                {%- for name, data_type in scv.ga360_export_schema() %}
                cast(null as {{ scv.ga360_sql_type(data_type) }}) as `{{ name }}`,
                {%- endfor %}
                cast(null as string) as export_table_suffix,
                cast(null as string) as source_file,
                cast(null as string) as source_row_id
            from (select 1 as one) as no_export
            where false
        )
    {%- endif -%}
{%- endmacro %}
