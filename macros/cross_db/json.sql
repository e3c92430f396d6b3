{#
    JSON held as text (one line of an NDJSON export). Invalid JSON must not
    fail the query: it is detected and the row quarantined (`invalid_json`).
#}

{# true when `expr` is text holding a valid JSON object; false otherwise (also for null) #}
{% macro json_is_object(expr) %}
    {{- return(adapter.dispatch('json_is_object', 'scv')(expr)) -}}
{% endmacro %}

{% macro default__json_is_object(expr) -%}
    coalesce(case when json_valid({{ expr }}) then json_type({{ expr }}) = 'OBJECT' end, false)
{%- endmacro %}

{% macro bigquery__json_is_object(expr) -%}
    coalesce(json_type(safe.parse_json({{ expr }})) = 'object', false)
{%- endmacro %}


{# the scalar at top-level `key` of the JSON object in text `expr`, as text; null when absent or when expr is not valid JSON #}
{% macro json_extract_text(expr, key) %}
    {{- return(adapter.dispatch('json_extract_text', 'scv')(expr, key)) -}}
{% endmacro %}

{% macro default__json_extract_text(expr, key) -%}
    case when json_valid({{ expr }}) then json_extract_string({{ expr }}, '$.{{ key }}') end
{%- endmacro %}

{% macro bigquery__json_extract_text(expr, key) -%}
    json_value(safe.parse_json({{ expr }}), '$.{{ key }}')
{%- endmacro %}
