{#
    Timestamps and dates written as text -> typed, or null when unparseable.

    parse_timestamp_utc accepts:
      - ISO 8601 with an offset or Z ('2024-03-01T10:15:00+01:00',
        '2024-03-01 10:15:00.123-0500', '2024-03-01T09:15:00Z'): converted to UTC;
      - ISO 8601 without offset ('2024-03-01T10:15:00', '2024-03-01 10:15',
        '2024-03-01'): taken as UTC;
      - day first 'DD/MM/YYYY', 'DD/MM/YYYY HH:MM' and 'DD/MM/YYYY HH:MM:SS'
        (European CRM exports): taken as UTC;
    anything else -> null. Result: UTC timestamp (see macros/cross_db/safe_parsing.sql).
#}
{% macro parse_timestamp_utc(expr) -%}
    {%- set offset_pattern = '\\d{1,2}:\\d{2}(:\\d{2}(\\.\\d+)?)?\\s*([zZ]|[+-]\\d{2}(:?\\d{2})?)$' -%}
    case
        when {{ scv.regex_matches(expr, offset_pattern) }}
            then {{ scv.try_cast_timestamp_with_offset(scv.normalise_utc_offset(expr)) }}
        else {{ scv.parse_naive_timestamp(expr) }}
    end
{%- endmacro %}


{# Text without offset -> timestamp of the same wall-clock time, or null. Accepts the ISO and DD/MM/YYYY shapes of parse_timestamp_utc. #}
{% macro parse_naive_timestamp(expr) -%}
    case
        when {{ scv.regex_matches(expr, '^\\d{1,2}/\\d{1,2}/\\d{4}') }}
            then coalesce(
                {{ scv.try_strptime_timestamp(expr, '%d/%m/%Y %H:%M:%S') }},
                {{ scv.try_strptime_timestamp(expr, '%d/%m/%Y %H:%M') }},
                {{ scv.try_strptime_timestamp(expr, '%d/%m/%Y') }}
            )
        when {{ scv.regex_matches(expr, '^\\d{4}-\\d{2}-\\d{2}([T ]\\d{1,2}:\\d{2}(:\\d{2}(\\.\\d+)?)?)?$') }}
            then {{ scv.try_cast_naive_timestamp(scv.pad_seconds(scv.regex_replace(expr, 'T', ' '))) }}
    end
{%- endmacro %}


{#
    Local wall-clock time written without offset (POS tills) in IANA zone
    `time_zone` (a column or a quoted literal) -> UTC timestamp. A value that
    does carry an offset is honoured as such.
#}
{% macro parse_local_timestamp_utc(expr, time_zone) -%}
    case
        when {{ scv.regex_matches(expr, '\\d{1,2}:\\d{2}(:\\d{2}(\\.\\d+)?)?\\s*([zZ]|[+-]\\d{2}(:?\\d{2})?)$') }}
            then {{ scv.parse_timestamp_utc(expr) }}
        else {{ scv.local_timestamp_to_utc(scv.parse_naive_timestamp(expr), time_zone) }}
    end
{%- endmacro %}


{# 'Z', '+0100', '+01' and ' +01:00' at the end of a timestamp -> '+00:00' / '+01:00' form that both engines cast. #}
{% macro normalise_utc_offset(expr) -%}
    {%- set step_1 = scv.regex_replace(expr, '\\s*[zZ]$', '+00:00') -%}
    {%- set step_2 = scv.regex_replace(step_1, '\\s*([+-]\\d{2}):?(\\d{2})$', '\\1:\\2') -%}
    {{ scv.pad_seconds(scv.regex_replace(scv.regex_replace(step_2, '\\s*([+-]\\d{2})$', '\\1:00'), 'T', ' ')) }}
{%- endmacro %}


{# '2024-03-01 10:15' -> '2024-03-01 10:15:00' (also before an offset): BigQuery's cast wants seconds. #}
{% macro pad_seconds(expr) -%}
    {{ scv.regex_replace(expr, '( \\d{1,2}:\\d{2})([+-]|$)', '\\1:00\\2') }}
{%- endmacro %}


{# A date written 'YYYY-MM-DD' or 'DD/MM/YYYY' (a time part is ignored) -> date, or null. #}
{% macro parse_date(expr) -%}
    case
        when {{ scv.regex_matches(expr, '^\\d{4}-\\d{2}-\\d{2}([T ].*)?$') }}
            then {{ scv.try_cast_as('substr(' ~ expr ~ ', 1, 10)', 'date') }}
        when {{ scv.regex_matches(expr, '^\\d{1,2}/\\d{1,2}/\\d{4}([T ].*)?$') }}
            then {{ scv.try_strptime_date(scv.regex_extract(expr, '^(\\d{1,2}/\\d{1,2}/\\d{4})'), '%d/%m/%Y') }}
    end
{%- endmacro %}
