{#
    Unit-test fixture for a raw CRM / commerce source.

    dbt builds dict and csv fixtures by reading the input relation's column
    types from the warehouse, which a source read in place (DuckDB
    `external_location`) does not have. Raw sources are all text, so this
    macro renders the fixture itself: one select per row with every column
    of the raw contract (raw_contract_columns) as text, null unless given.
    Use it with `format: sql`, wrapped in raw tags so that dbt renders it when
    the test runs, not while parsing the YAML:

        given:
          - input: source('crm', 'customers')
            format: sql
            rows: "{% raw %}{{ scv.raw_fixture('crm', 'customers', [{'customer_id': 'C1'}]) }}{% endraw %}"
#}
{% macro raw_fixture(source_name, table_name, rows) -%}
    {%- set columns = scv.raw_contract_columns(source_name, table_name) -%}
    {%- for row in rows -%}
        {%- for key in row.keys() if key not in columns -%}
            {{ exceptions.raise_compiler_error("raw_fixture: " ~ source_name ~ "." ~ table_name ~ " has no column " ~ key) }}
        {%- endfor %}
    select
        {%- for column in columns %}
        cast(
            {%- if row.get(column) is not none %} '{{ row[column] | string | replace("'", "''") }}'
            {%- else %} null
            {%- endif %} as {{ dbt.type_string() }}) as {{ column }}{{ ',' if not loop.last }}
        {%- endfor %}
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}
    {%- if rows | length == 0 %}
    select
        {%- for column in columns %}
        cast(null as {{ dbt.type_string() }}) as {{ column }}{{ ',' if not loop.last }}
        {%- endfor %}
    limit 0
    {%- endif %}
{%- endmacro %}
