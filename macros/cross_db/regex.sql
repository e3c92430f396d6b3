{#
    Regular expressions. Both engines use RE2, so one pattern works on both;
    only the function names and the string literal differ. Patterns are passed
    as plain strings and rendered as a literal that keeps backslashes as they
    are: a standard string on DuckDB, a raw string r'...' on BigQuery. Write a
    single quote in a pattern as \x27 (RE2 escape) rather than '.
#}

{% macro regex_literal(pattern) %}
    {{- return(adapter.dispatch('regex_literal', 'scv')(pattern)) -}}
{% endmacro %}

{% macro default__regex_literal(pattern) -%}
    '{{ pattern | replace("'", "''") }}'
{%- endmacro %}

{% macro bigquery__regex_literal(pattern) -%}
    {%- if "'" in pattern -%}
        {{ exceptions.raise_compiler_error("regex_literal: write ' as \\x27 in pattern " ~ pattern) }}
    {%- endif -%}
    r'{{ pattern }}'
{%- endmacro %}


{# true when `expr` contains a match of `pattern` (anchor with ^ and $ for a full match); null when expr is null #}
{% macro regex_matches(expr, pattern) %}
    {{- return(adapter.dispatch('regex_matches', 'scv')(expr, pattern)) -}}
{% endmacro %}

{% macro default__regex_matches(expr, pattern) -%}
    regexp_matches({{ expr }}, {{ scv.regex_literal(pattern) }})
{%- endmacro %}

{% macro bigquery__regex_matches(expr, pattern) -%}
    regexp_contains({{ expr }}, {{ scv.regex_literal(pattern) }})
{%- endmacro %}


{# replaces every match of `pattern` in `expr`; `replacement` may use \1 back-references #}
{% macro regex_replace(expr, pattern, replacement) %}
    {{- return(adapter.dispatch('regex_replace', 'scv')(expr, pattern, replacement)) -}}
{% endmacro %}

{% macro default__regex_replace(expr, pattern, replacement) -%}
    regexp_replace({{ expr }}, {{ scv.regex_literal(pattern) }}, {{ scv.regex_literal(replacement) }}, 'g')
{%- endmacro %}

{% macro bigquery__regex_replace(expr, pattern, replacement) -%}
    regexp_replace({{ expr }}, {{ scv.regex_literal(pattern) }}, {{ scv.regex_literal(replacement) }})
{%- endmacro %}


{# the first capturing group of the first match of `pattern` (exactly one group), or null when nothing matches #}
{% macro regex_extract(expr, pattern) %}
    {{- return(adapter.dispatch('regex_extract', 'scv')(expr, pattern)) -}}
{% endmacro %}

{% macro default__regex_extract(expr, pattern) -%}
    {#- DuckDB returns '' when nothing matches; BigQuery returns null -#}
    case
        when regexp_matches({{ expr }}, {{ scv.regex_literal(pattern) }})
            then regexp_extract({{ expr }}, {{ scv.regex_literal(pattern) }}, 1)
    end
{%- endmacro %}

{% macro bigquery__regex_extract(expr, pattern) -%}
    regexp_extract({{ expr }}, {{ scv.regex_literal(pattern) }})
{%- endmacro %}
