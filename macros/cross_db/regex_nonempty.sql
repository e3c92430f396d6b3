{#
    The first capturing group of `pattern` in `expr` (exactly one group), or
    null when nothing matches or the group is empty. One regex evaluation per
    row, where regex_extract (regex.sql) needs two on DuckDB to tell "no
    match" from "empty group" (measured on 2M page URLs: 0.16 s against
    0.95 s of CPU for two patterns). For values where an empty match means
    nothing, such as the host or path of a URL.
#}
{% macro regex_extract_nonempty(expr, pattern) %}
    {{- return(adapter.dispatch('regex_extract_nonempty', 'scv')(expr, pattern)) -}}
{% endmacro %}

{% macro default__regex_extract_nonempty(expr, pattern) -%}
    nullif(regexp_extract({{ expr }}, {{ scv.regex_literal(pattern) }}, 1), '')
{%- endmacro %}

{% macro bigquery__regex_extract_nonempty(expr, pattern) -%}
    nullif(regexp_extract({{ expr }}, {{ scv.regex_literal(pattern) }}), '')
{%- endmacro %}
