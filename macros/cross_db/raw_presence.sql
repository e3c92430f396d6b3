{#
    Is the erasure request list there? DuckDB: the file the crm source
    reads (<raw_dir>/crm/erasure_requests.csv or .parquet), found with
    glob(); BigQuery: the table in the crm dataset. Lets a compile or a lint
    run without the raw data, while a build without the list stops with a
    message (erasure_requested).
#}
{% macro erasure_requests_exist() %}
    {{- return(adapter.dispatch('erasure_requests_exist', 'scv')()) -}}
{% endmacro %}

{% macro default__erasure_requests_exist() -%}
    {%- set extension = 'parquet' if var('raw_file_format') == 'parquet' else 'csv' -%}
    {%- set path = (var('raw_dir') or env_var('SCV_RAW_DIR', 'data/demo')) ~ '/crm/erasure_requests.' ~ extension -%}
    {%- set found = run_query("select count(*) from glob('" ~ path | replace("'", "''") ~ "')") -%}
    {{ return(found.columns[0].values()[0] > 0) }}
{%- endmacro %}

{% macro bigquery__erasure_requests_exist() -%}
    {%- set requests = source('crm', 'erasure_requests') -%}
    {{ return(adapter.get_relation(requests.database, requests.schema, requests.identifier) is not none) }}
{%- endmacro %}
