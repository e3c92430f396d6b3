{#
    BigQuery applies the access plan of macros/privacy/access.sql through
    three of dbt's own macros, found here first (dispatch search order in
    dbt_project.yml: scv before dbt). Each adds the plan and hands over to
    dbt's implementation; DuckDB is untouched. These run only against a
    real BigQuery project: the offline tests compile them and check the
    plan (tests/python/test_access_plan.py), not the API calls.
#}

{# Personal-data marts in `<dataset>_marts_restricted`. #}
{% macro bigquery__generate_schema_name(custom_schema_name, node) -%}
    {%- set schema = dbt.default__generate_schema_name(custom_schema_name, node) | trim -%}
    {{- schema ~ scv.restricted_schema_suffix(node) -}}
{%- endmacro %}


{# Table grants: the node's own plus the readers its tags call for. #}
{% macro bigquery__apply_grants(relation, grant_config, should_revoke=True) %}
    {{ return(dbt.default__apply_grants(relation, scv.access_grants(model, grant_config), should_revoke)) }}
{% endmacro %}


{#
    Column descriptions (persist_docs) carry the policy tag of every
    personal-data column; a column that lists its own policy_tags keeps them.
#}
{% macro bigquery__alter_column_comment(relation, column_dict) -%}
    {%- set tags = scv.column_policy_tags(model) -%}
    {%- for name, column in column_dict.items() if name in tags and not column.get('policy_tags') -%}
        {%- do column.update({'policy_tags': tags[name]}) -%}
    {%- endfor -%}
    {% do adapter.update_columns(relation, column_dict) %}
{%- endmacro %}
