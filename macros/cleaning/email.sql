{# Email as written -> trimmed (also no-break spaces) and lower case; '' -> null. Does not validate: see is_valid_email. #}
{% macro normalise_email(expr) -%}
    nullif(lower({{ scv.regex_replace(expr, '^[\\s\\x{00A0}]+|[\\s\\x{00A0}]+$', '') }}), '')
{%- endmacro %}


{#
    Is a normalised email (see normalise_email) deliverable-looking?
    One @; a local part of ASCII letters, digits and . _ % + ' - without a
    leading, trailing or doubled dot; a domain of dot-separated labels
    (letters, digits, inner hyphens) ending in a top-level domain of 2+
    letters; at most 254 characters. Internationalised (non-ASCII) addresses
    are treated as invalid because most email service providers reject them.
    Returns null for null input, so "no email" and "invalid email" differ.
#}
{% macro is_valid_email(expr) -%}
    (
        {{ scv.regex_matches(expr, "^[a-z0-9_%+\\x27-]+(\\.[a-z0-9_%+\\x27-]+)*@([a-z0-9]([a-z0-9-]*[a-z0-9])?\\.)+[a-z]{2,}$") }}
        and length({{ expr }}) <= 254
    )
{%- endmacro %}
