{#
    Hashed keys and epoch timestamps.
#}

{#
    A stable text key: md5 (hex) of the fields joined with '|', a null field
    read as ''. Built on dbt's cross-database hash and concat, so the same
    inputs give the same key on DuckDB and BigQuery. Fields are column names
    or SQL expressions.
#}
{% macro hash_key(fields) -%}
    {%- set parts = [] -%}
    {%- for field in fields -%}
        {%- do parts.append("coalesce(cast(" ~ field ~ " as " ~ dbt.type_string() ~ "), '')") -%}
        {%- if not loop.last %}{% do parts.append("'|'") %}{% endif -%}
    {%- endfor -%}
    {{ dbt.hash(dbt.concat(parts)) }}
{%- endmacro %}


{#
    Microseconds since 1970-01-01 UTC (a BIGINT, as GA4 writes event_timestamp)
    -> UTC timestamp; null outside years 1-9999, which both engines reject.
#}
{% macro timestamp_from_micros(expr) %}
    {{- return(adapter.dispatch('timestamp_from_micros', 'scv')(expr)) -}}
{% endmacro %}

{% macro default__timestamp_from_micros(expr) -%}
    case
        when {{ expr }} between -62135596800000000 and 253402300799999999
            then make_timestamp({{ expr }})
    end
{%- endmacro %}

{% macro bigquery__timestamp_from_micros(expr) -%}
    case
        when {{ expr }} between -62135596800000000 and 253402300799999999
            then timestamp_micros({{ expr }})
    end
{%- endmacro %}


{# The current time as microseconds since 1970-01-01 UTC. #}
{% macro current_micros() %}
    {{- return(adapter.dispatch('current_micros', 'scv')()) -}}
{% endmacro %}

{% macro default__current_micros() -%}
    epoch_us(current_timestamp)
{%- endmacro %}

{% macro bigquery__current_micros() -%}
    unix_micros(current_timestamp())
{%- endmacro %}


{#
    When this dbt invocation started (UTC), as a timestamp constant: the
    loaded_at of the rows a run writes, the same on every row of the run.
#}
{% macro run_started_timestamp() -%}
    cast('{{ run_started_at.strftime("%Y-%m-%d %H:%M:%S.%f") }}' as {{ dbt.type_timestamp() }})
{%- endmacro %}


{#
    SHA-256 of a text as 64 lower-case hex characters: the form ad platforms
    (Google Customer Match, Meta custom audiences) accept for normalised
    e-mails and phones, and how identity resolution stores contact details.
#}
{% macro sha256_hex(expr) %}
    {{- return(adapter.dispatch('sha256_hex', 'scv')(expr)) -}}
{% endmacro %}

{% macro default__sha256_hex(expr) -%}
    sha256({{ expr }})
{%- endmacro %}

{% macro bigquery__sha256_hex(expr) -%}
    to_hex(sha256({{ expr }}))
{%- endmacro %}
