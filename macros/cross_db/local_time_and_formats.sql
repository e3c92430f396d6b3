{#
    Local time, ISO weeks and number formatting for the appointment briefs
    (models/marts/clienteling). Documented in macros/clienteling/_macros.yml.
#}

{#
    A UTC timestamp -> the wall-clock time in IANA zone `time_zone` (a column
    or a quoted literal), as a timestamp without zone: the inverse of
    local_timestamp_to_utc and the same convention as fct_orders'
    ordered_at_local (DuckDB TIMESTAMP, BigQuery TIMESTAMP holding the local
    wall-clock time).
#}
{% macro utc_timestamp_to_local(expr, time_zone) %}
    {{- return(adapter.dispatch('utc_timestamp_to_local', 'scv')(expr, time_zone)) -}}
{% endmacro %}

{% macro default__utc_timestamp_to_local(expr, time_zone) -%}
    timezone({{ time_zone }}, timezone('UTC', {{ expr }}))
{%- endmacro %}

{% macro bigquery__utc_timestamp_to_local(expr, time_zone) -%}
    timestamp(datetime({{ expr }}, {{ time_zone }}))
{%- endmacro %}


{# The Monday of the ISO week of a date (dbt.date_trunc('week') starts on Sunday on BigQuery) #}
{% macro iso_week_start(expr) %}
    {{- return(adapter.dispatch('iso_week_start', 'scv')(expr)) -}}
{% endmacro %}

{% macro default__iso_week_start(expr) -%}
    cast(date_trunc('week', cast({{ expr }} as date)) as date)
{%- endmacro %}

{% macro bigquery__iso_week_start(expr) -%}
    date_trunc(cast({{ expr }} as date), isoweek)
{%- endmacro %}


{#
    A number as text with exactly `decimals` decimals ('1234.50'), no
    thousands separator; null for null. Rounded first (half away from zero on
    both engines), as printf alone rounds half to even.
#}
{% macro format_fixed(expr, decimals) %}
    {{- return(adapter.dispatch('format_fixed', 'scv')(expr, decimals)) -}}
{% endmacro %}

{% macro default__format_fixed(expr, decimals) -%}
    printf('%.{{ decimals }}f', round(cast({{ expr }} as double), {{ decimals }}))
{%- endmacro %}

{% macro bigquery__format_fixed(expr, decimals) -%}
    format('%.{{ decimals }}f', round(cast({{ expr }} as float64), {{ decimals }}))
{%- endmacro %}
