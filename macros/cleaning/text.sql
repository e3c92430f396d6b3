{# A raw column as trimmed text; '' (and white space only) -> null. Works for CSV (all text), parquet and typed BigQuery columns alike. #}
{% macro clean_text(column) -%}
    nullif(trim({{ scv.collapse_whitespace('cast(' ~ column ~ ' as ' ~ dbt.type_string() ~ ')') }}), '')
{%- endmacro %}


{# Every run of white space (including tabs, no-break space U+00A0 and ideographic space U+3000) -> one space. #}
{% macro collapse_whitespace(expr) -%}
    {{ scv.regex_replace(expr, '[\\s\\x{00A0}\\x{2000}-\\x{200B}\\x{3000}]+', ' ') }}
{%- endmacro %}


{#
    A person's name (or a city) as people expect to read it:
    trim, collapse inner white space, keep the script and accents as written;
    a name written entirely in upper or lower case Latin letters is put in
    proper case ("JEAN-PIERRE" -> "Jean-Pierre", "élodie" -> "Élodie").
    Mixed-case names ("McDonald", "van der Berg") and every other script
    (Chinese, Arabic, Cyrillic, Greek, ...) are left as written.
    Expects text; '' -> null.
#}
{% macro tidy_name(expr) -%}
    {%- set tidied = "nullif(trim(" ~ scv.collapse_whitespace(expr) ~ "), '')" -%}
    case
        when {{ scv.regex_matches(tidied, "^[\\p{Latin}\\s.\\x27\\x{2019}-]+$") }}
            and ({{ tidied }} = upper({{ tidied }}) or {{ tidied }} = lower({{ tidied }}))
            then {{ scv.proper_case(tidied) }}
        else {{ tidied }}
    end
{%- endmacro %}


{# A code value (status, channel, motivation, payment method): lower case, white space and hyphens -> '_' ("No Show" -> "no_show", "in-store" -> "in_store"). #}
{% macro normalise_code(expr) -%}
    nullif({{ scv.regex_replace('lower(trim(' ~ expr ~ '))', '[\\s-]+', '_') }}, '')
{%- endmacro %}


{# Key used to look a country up in the country_name_variants seed: lower case, full stops removed, white space collapsed ("U.K." -> "uk"). #}
{% macro country_lookup_key(expr) -%}
    lower(trim({{ scv.collapse_whitespace(scv.regex_replace(expr, '\\.', '')) }}))
{%- endmacro %}


{# BCP 47 language tag with conventional case: "fr_fr" -> "fr-FR", "ZH-cn" -> "zh-CN", "en" -> "en"; other shapes kept as written. #}
{% macro normalise_language_tag(expr) -%}
    case
        when {{ scv.regex_matches(expr, '^[A-Za-z]{2,3}$') }} then lower({{ expr }})
        when {{ scv.regex_matches(expr, '^[A-Za-z]{2,3}[-_][A-Za-z]{2}$') }}
            then concat(
                lower({{ scv.regex_extract(expr, '^([A-Za-z]{2,3})[-_]') }}),
                '-',
                upper({{ scv.regex_extract(expr, '[-_]([A-Za-z]{2})$') }})
            )
        else {{ expr }}
    end
{%- endmacro %}
