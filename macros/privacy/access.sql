{#
    Who may read what, derived from the personal-data tags in the YAML
    (model `meta: {contains_personal_data: true}`, column
    `meta: {personal_data: true}`), so that a new model or column is
    protected by tagging it, not by remembering a second setting.

    BigQuery applies the plan (macros/privacy/bigquery_access.sql):
    - a mart carrying personal data goes to the restricted dataset
      (`<dataset>_marts_restricted`), the others to `<dataset>_marts`;
    - table grants: `personal_data_readers` on models carrying personal
      data, `analytics_readers` on the others (role `bigquery_reader_role`);
    - column policy tags: `bigquery_personal_data_policy_tag` on every
      personal-data column (column-level security: only principals with
      the Fine-Grained Reader role on the tag read the values).
    DuckDB has no grants or policy tags: it keeps the default schemas and
    access is the file's. `dbt run-operation scv.print_access_plan` prints
    the plan for every model (tests/python/test_access_plan.py checks it).
#}


{% macro has_personal_data(node) -%}
    {{- return(((node.config or {}).get('meta') or {}).get('contains_personal_data') is true) -}}
{%- endmacro %}


{# Names of the node's columns tagged personal_data, in YAML order. #}
{% macro personal_data_columns(node) -%}
    {%- set names = [] -%}
    {%- for name, column in (node.columns or {}).items() -%}
        {%- set meta = column.get('meta') or {} -%}
        {%- set column_config_meta = (column.get('config') or {}).get('meta') or {} -%}
        {%- if meta.get('personal_data') is true or column_config_meta.get('personal_data') is true -%}
            {%- do names.append(name) -%}
        {%- endif -%}
    {%- endfor -%}
    {{- return(names) -}}
{%- endmacro %}


{#
    The table grants of a node: its own `grants` config, plus the readers
    its tags call for, as {role: [principals]}.
#}
{% macro access_grants(node, grant_config=none) -%}
    {%- set grants = {} -%}
    {%- for role, principals in (grant_config or {}).items() -%}
        {%- do grants.update({role: principals | list}) -%}
    {%- endfor -%}
    {%- set var_name = 'personal_data_readers' if scv.has_personal_data(node) else 'analytics_readers' -%}
    {%- set readers = var(var_name) -%}
    {%- if readers is string -%}
        {{ exceptions.raise_compiler_error(
            var_name ~ " must be a list of principals (e.g. ['group:analysts@example.com']), got '" ~ readers ~ "'"
        ) }}
    {%- endif -%}
    {%- if readers -%}
        {%- set role = var('bigquery_reader_role') -%}
        {%- set principals = grants.get(role, []) -%}
        {%- for principal in readers if principal not in principals -%}
            {%- do principals.append(principal) -%}
        {%- endfor -%}
        {%- do grants.update({role: principals}) -%}
    {%- endif -%}
    {{- return(grants) -}}
{%- endmacro %}


{# {column name: [policy tag]} for the node's personal-data columns; empty without a tag configured. #}
{% macro column_policy_tags(node) -%}
    {%- set tag = var('bigquery_personal_data_policy_tag') | string | trim -%}
    {%- set tags = {} -%}
    {%- if tag -%}
        {%- if not modules.re.fullmatch('projects/[^/]+/locations/[^/]+/taxonomies/[^/]+/policyTags/[^/]+', tag) -%}
            {{ exceptions.raise_compiler_error(
                "bigquery_personal_data_policy_tag must be a policy tag's resource name, "
                ~ "projects/<project>/locations/<location>/taxonomies/<id>/policyTags/<id>, got '" ~ tag ~ "'"
            ) }}
        {%- endif -%}
        {%- for name in scv.personal_data_columns(node) -%}
            {%- do tags.update({name: [tag]}) -%}
        {%- endfor -%}
    {%- endif -%}
    {{- return(tags) -}}
{%- endmacro %}


{#
    The schema (BigQuery dataset) of a mart with personal data: the marts'
    own with `_restricted` appended, so that dataset-level access can be
    granted apart. None for every other node (it keeps its schema).
#}
{% macro restricted_schema_suffix(node) -%}
    {%- if node is not none and node.resource_type == 'model'
        and (node.fqn | length > 1) and node.fqn[1] == 'marts'
        and scv.has_personal_data(node) -%}
        {{- return('_restricted') -}}
    {%- endif -%}
    {{- return('') -}}
{%- endmacro %}


{# `dbt run-operation scv.print_access_plan`: the plan above for every model, as one JSON line. #}
{% macro print_access_plan() %}
    {%- set plan = {} -%}
    {%- for node in graph.nodes.values() if node.resource_type in ('model', 'snapshot', 'seed') -%}
        {%- do plan.update({node.name: {
            'resource_type': node.resource_type,
            'contains_personal_data': scv.has_personal_data(node),
            'grants': scv.access_grants(node, node.config.get('grants')),
            'policy_tags': scv.column_policy_tags(node),
            'restricted_schema_suffix': scv.restricted_schema_suffix(node),
        }}) -%}
    {%- endfor -%}
    {{ print('ACCESS_PLAN ' ~ tojson(plan)) }}
{% endmacro %}
