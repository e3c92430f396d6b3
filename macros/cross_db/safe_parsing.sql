{#
    Typing text without failing the query: a value that cannot be typed
    becomes null (and staging quarantines or flags the row).

    Timestamps are returned as UTC: on DuckDB a TIMESTAMP (without time zone)
    holding UTC wall-clock time, so results never depend on the session time
    zone; on BigQuery a TIMESTAMP.
#}

{# cast, or null when the value cannot be cast (dbt.safe_cast is a plain cast on DuckDB) #}
{% macro try_cast_as(expr, data_type) %}
    {{- return(adapter.dispatch('try_cast_as', 'scv')(expr, data_type)) -}}
{% endmacro %}

{% macro default__try_cast_as(expr, data_type) -%}
    try_cast({{ expr }} as {{ data_type }})
{%- endmacro %}

{% macro bigquery__try_cast_as(expr, data_type) -%}
    safe_cast({{ expr }} as {{ data_type }})
{%- endmacro %}


{# text with an explicit UTC offset ('+01:00', '+00:00'; normalise 'Z' and '+0100' first) -> UTC timestamp #}
{% macro try_cast_timestamp_with_offset(expr) %}
    {{- return(adapter.dispatch('try_cast_timestamp_with_offset', 'scv')(expr)) -}}
{% endmacro %}

{% macro default__try_cast_timestamp_with_offset(expr) -%}
    timezone('UTC', try_cast({{ expr }} as timestamptz))
{%- endmacro %}

{% macro bigquery__try_cast_timestamp_with_offset(expr) -%}
    safe_cast({{ expr }} as timestamp)
{%- endmacro %}


{# text without offset -> timestamp of the same wall-clock time (taken as UTC) #}
{% macro try_cast_naive_timestamp(expr) %}
    {{- return(adapter.dispatch('try_cast_naive_timestamp', 'scv')(expr)) -}}
{% endmacro %}

{% macro default__try_cast_naive_timestamp(expr) -%}
    try_cast({{ expr }} as timestamp)
{%- endmacro %}

{% macro bigquery__try_cast_naive_timestamp(expr) -%}
    safe_cast({{ expr }} as timestamp)
{%- endmacro %}


{# text in a strftime format without offset (e.g. '%d/%m/%Y %H:%M') -> timestamp of that wall-clock time (taken as UTC), or null #}
{% macro try_strptime_timestamp(expr, format) %}
    {{- return(adapter.dispatch('try_strptime_timestamp', 'scv')(expr, format)) -}}
{% endmacro %}

{% macro default__try_strptime_timestamp(expr, format) -%}
    try_strptime({{ expr }}, '{{ format }}')
{%- endmacro %}

{% macro bigquery__try_strptime_timestamp(expr, format) -%}
    safe.parse_timestamp('{{ format }}', {{ expr }})
{%- endmacro %}


{# text in a strftime date format (e.g. '%d/%m/%Y') -> date, or null #}
{% macro try_strptime_date(expr, format) %}
    {{- return(adapter.dispatch('try_strptime_date', 'scv')(expr, format)) -}}
{% endmacro %}

{% macro default__try_strptime_date(expr, format) -%}
    cast(try_strptime({{ expr }}, '{{ format }}') as date)
{%- endmacro %}

{% macro bigquery__try_strptime_date(expr, format) -%}
    safe.parse_date('{{ format }}', {{ expr }})
{%- endmacro %}


{#
    A wall-clock time read without offset (a timestamp as returned by the
    macros above) that was really local time in IANA zone `time_zone`
    (e.g. 'Europe/Paris', a column) -> UTC timestamp. Times in a daylight
    saving gap or overlap are resolved by the engine's time zone library.
#}
{% macro local_timestamp_to_utc(expr, time_zone) %}
    {{- return(adapter.dispatch('local_timestamp_to_utc', 'scv')(expr, time_zone)) -}}
{% endmacro %}

{% macro default__local_timestamp_to_utc(expr, time_zone) -%}
    timezone('UTC', timezone({{ time_zone }}, {{ expr }}))
{%- endmacro %}

{% macro bigquery__local_timestamp_to_utc(expr, time_zone) -%}
    timestamp(datetime({{ expr }}, 'UTC'), {{ time_zone }})
{%- endmacro %}


{# 64-bit floating point type name (dbt.type_float() is 32-bit FLOAT on DuckDB) #}
{% macro type_float64() %}
    {{- return(adapter.dispatch('type_float64', 'scv')()) -}}
{% endmacro %}

{% macro default__type_float64() -%}
    double
{%- endmacro %}

{% macro bigquery__type_float64() -%}
    float64
{%- endmacro %}


{#
    Fails the query with `message` when evaluated (use inside a case
    expression): a build-time check with a message that says what to change.
    Both engines name the function `error`; DuckDB returns null from it,
    BigQuery any type.
#}
{% macro raise_sql_error(message) %}
    {{- return(adapter.dispatch('raise_sql_error', 'scv')(message)) -}}
{% endmacro %}

{% macro default__raise_sql_error(message) -%}
    error('{{ message | replace("'", "''") }}')
{%- endmacro %}

{% macro bigquery__raise_sql_error(message) -%}
    error('{{ message | replace("'", "\\'") }}')
{%- endmacro %}
