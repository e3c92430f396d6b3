{#
    Reading the CRM and commerce extracts. DuckDB reads the files in place
    (read_csv / read_parquet, see the sources YAML); BigQuery reads tables
    loaded from them. The checks before a base model reads its extract are
    in check_raw_extract (macros/cleaning/raw_contract.sql).
#}


{#
    The extract as a relation expression (use it in a from clause) that has
    every contract column: DuckDB adds the columns a file lacks as nulls
    (`union all by name` with an empty text template; names match whatever
    their case, and the file's other columns pass through). BigQuery: the
    table itself (check_raw_extract stops the run when it lacks a column).
#}
{% macro raw_extract_conformed(relation, columns) %}
    {{- return(adapter.dispatch('raw_extract_conformed', 'scv')(relation, columns)) -}}
{% endmacro %}

{% macro default__raw_extract_conformed(relation, columns) -%}
    (
        select * from {{ relation }}
        union all by name
        select
            {%- for column in columns %}
            cast(null as {{ dbt.type_string() }}) as {{ column }}{{ ',' if not loop.last }}
            {%- endfor %}
        where false
    )
{%- endmacro %}

{% macro bigquery__raw_extract_conformed(relation, columns) -%}
    {{ relation }}
{%- endmacro %}


{# Whether raw_extract_conformed adds the columns an extract lacks (DuckDB) or not (BigQuery). #}
{% macro raw_extract_fills_missing_columns() %}
    {{- return(adapter.dispatch('raw_extract_fills_missing_columns', 'scv')()) -}}
{% endmacro %}

{% macro default__raw_extract_fills_missing_columns() -%}
    {{ return(true) }}
{%- endmacro %}

{% macro bigquery__raw_extract_fills_missing_columns() -%}
    {{ return(false) }}
{%- endmacro %}


{# Where an extract is read from, for messages: 'at <path>' (DuckDB) or 'in table <relation>' (BigQuery). #}
{% macro raw_extract_location(relation) %}
    {{- return(adapter.dispatch('raw_extract_location', 'scv')(relation)) -}}
{% endmacro %}

{% macro default__raw_extract_location(relation) -%}
    {{ return("at '" ~ scv.external_location_path(relation) ~ "'") }}
{%- endmacro %}

{% macro bigquery__raw_extract_location(relation) -%}
    {{ return("in table " ~ relation) }}
{%- endmacro %}


{#
    The column names of an extract (a list), as the reader sees them
    (DuckDB: the CSV header as the sniffer reads it, trimmed; 'column0' for
    an empty file). Stops the run with a message when the file (DuckDB) or
    the table (BigQuery) is not there.
#}
{% macro raw_extract_columns(relation, source_label) %}
    {{- return(adapter.dispatch('raw_extract_columns', 'scv')(relation, source_label)) -}}
{% endmacro %}

{% macro default__raw_extract_columns(relation, source_label) -%}
    {%- set path = scv.external_location_path(relation) -%}
    {%- set found_files = run_query("select count(*) from glob('" ~ path | replace("'", "''") ~ "')").columns[0].values()[0] -%}
    {%- if found_files == 0 -%}
        {%- set raw_dir = var('raw_dir') or env_var('SCV_RAW_DIR', 'data/demo') -%}
        {{ exceptions.raise_compiler_error(
            "The " ~ source_label ~ " extract is not there: no file '" ~ path ~ "'. Write it there"
            ~ " (docs/raw_contract.md), or point the project at the folder that holds crm/ and commerce/: the"
            ~ " raw_dir var or the SCV_RAW_DIR environment variable (now '" ~ raw_dir ~ "')."
            ~ scv.raw_extract_other_format_hint(relation)
        ) }}
    {%- endif -%}
    {%- set described = run_query("describe select * from " ~ relation) -%}
    {{ return(described.columns[0].values() | list) }}
{%- endmacro %}

{% macro bigquery__raw_extract_columns(relation, source_label) -%}
    {%- set columns = adapter.get_columns_in_relation(relation) -%}
    {%- if not columns -%}
        {{ exceptions.raise_compiler_error(
            "The " ~ source_label ~ " extract is not there: no table " ~ relation ~ " (or it has no columns)."
            ~ " Load the extract as that table, or set raw_project / crm_dataset / commerce_dataset"
            ~ " (docs/raw_contract.md)."
        ) }}
    {%- endif -%}
    {{ return(columns | map(attribute='name') | list) }}
{%- endmacro %}


{#
    For a missing extract: " There is a <format> file, '<path>': set the
    raw_file_format var to <format> (now '...')." when the file is there in
    the other format (DuckDB), else ''. BigQuery: ''.
#}
{% macro raw_extract_other_format_hint(relation) %}
    {{- return(adapter.dispatch('raw_extract_other_format_hint', 'scv')(relation)) -}}
{% endmacro %}

{% macro default__raw_extract_other_format_hint(relation) -%}
    {%- set path = scv.external_location_path(relation) -%}
    {%- for this_format, other_format in [('.csv', '.parquet'), ('.parquet', '.csv')] if path.endswith(this_format) -%}
        {%- set other_path = path[:-(this_format | length)] ~ other_format -%}
        {%- if run_query("select count(*) from glob('" ~ other_path | replace("'", "''") ~ "')").columns[0].values()[0] > 0 -%}
            {{ return(" There is a " ~ other_format[1:] ~ " file, '" ~ other_path ~ "': set the raw_file_format var to "
                ~ other_format[1:] ~ " (now '" ~ var('raw_file_format') ~ "').") }}
        {%- endif -%}
    {%- endfor -%}
    {{ return('') }}
{%- endmacro %}

{% macro bigquery__raw_extract_other_format_hint(relation) -%}
    {{ return('') }}
{%- endmacro %}
