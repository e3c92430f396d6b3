-- The column lists in macros/cleaning/raw_contract.sql (read by the base
-- models and the unit-test fixtures) and the crm and commerce source YAML (the
-- documented contract) must name the same columns in the same order, and the
-- required columns (raw_contract_required_columns: an extract without one
-- stops the run) must be exactly those the YAML says are "never empty".
-- Returns one row per table that differs.
{%- set mismatches = [] %}
{%- set contract_sources = ('crm', 'commerce') %}
{%- if execute %}
    {%- for node in graph.sources.values()
        if node.source_name in contract_sources and node.package_name == project_name %}
        {%- set documented = node.columns.keys() | list %}
        {%- set contract = scv.raw_contract_columns(node.source_name, node.name) %}
        {%- set documented_required = [] %}
        {%- for name, column in node.columns.items() if 'never empty' in column.description %}
            {%- do documented_required.append(name) %}
        {%- endfor %}
        {%- set required = scv.raw_contract_required_columns(node.source_name, node.name) %}
        {%- if documented != contract %}
            {%- do mismatches.append(node.source_name ~ '.' ~ node.name ~ ': columns') %}
        {%- endif %}
        {%- if documented_required != required %}
            {%- do mismatches.append(node.source_name ~ '.' ~ node.name ~ ': required columns') %}
        {%- endif %}
    {%- endfor %}
{%- endif %}

with mismatched_tables as (
    {% for table_name in mismatches %}
        select '{{ table_name }}' as source_table
        union all
    {% endfor %}
    select cast(null as {{ dbt.type_string() }}) as source_table
)

select source_table
from mismatched_tables
where source_table is not null
