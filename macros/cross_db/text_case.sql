{#
    Proper case: the first letter of every word upper case, the rest lower
    case. Words are separated by a space, a hyphen, an apostrophe (' or U+2019)
    or a full stop, so "JEAN-PIERRE O'BRIEN" -> "Jean-Pierre O'Brien".
    Unicode-aware on both engines ("ÉLODIE" -> "Élodie"). Callers decide when
    to apply it (see tidy_name): it is meant for Latin-script names only.
#}
{% macro proper_case(expr) %}
    {{- return(adapter.dispatch('proper_case', 'scv')(expr)) -}}
{% endmacro %}

{% macro default__proper_case(expr) -%}
    {#- DuckDB has no initcap: upper-case each character (by position) that follows a separator -#}
    {%- set lowered = 'lower(' ~ expr ~ ')' -%}
    array_to_string(
        list_transform(
            range(1, length({{ lowered }}) + 1),
            lambda i: case
                when i = 1 or substr({{ lowered }}, i - 1, 1) in (' ', '-', '''', '’', '.')
                    then upper(substr({{ lowered }}, i, 1))
                else substr({{ lowered }}, i, 1)
            end
        ),
        ''
    )
{%- endmacro %}

{% macro bigquery__proper_case(expr) -%}
    initcap({{ expr }}, " -'’.")
{%- endmacro %}
