{#
    GA4 staging helpers that are the same on every engine (the engine-specific
    parts are in macros/cross_db/ga4_export.sql).
#}

{#
    The export tables to read, as a condition on the table suffix (see
    ga4_table_suffix): daily tables `ga4_start_date` .. `ga4_end_date`
    (YYYYMMDD, inclusive; an empty end date means no limit), plus the
    intraday tables of the same days when `ga4_include_intraday` is true.
    An incremental run passes `reprocess_from` (YYYY-MM-DD, from
    ga4_reprocess_from): tables dated before it are not read again.
    Comparing the suffix with constants lets BigQuery prune the tables
    scanned; 'intraday_...' sorts after every date, so it never falls in the
    daily range.
#}
{% macro ga4_table_suffix_filter(suffix, reprocess_from=none) -%}
    {%- set start_date = var('ga4_start_date') | string | trim -%}
    {%- set end_date = (var('ga4_end_date') | string | trim) or '99991231' -%}
    {%- for name, value in [('ga4_start_date', start_date), ('ga4_end_date', end_date)] -%}
        {%- if not modules.re.fullmatch('[0-9]{8}', value) -%}
            {{ exceptions.raise_compiler_error(name ~ " must be a date written YYYYMMDD, got '" ~ value ~ "'") }}
        {%- endif -%}
    {%- endfor -%}
    {%- if reprocess_from is not none -%}
        {%- set start_date = [start_date, reprocess_from | replace('-', '')] | max -%}
    {%- endif -%}
    (
        {{ suffix }} between '{{ start_date }}' and '{{ end_date }}'
        {%- if var('ga4_include_intraday') | string | lower in ('true', '1', 'yes') %}
        or {{ suffix }} between 'intraday_{{ start_date }}' and 'intraday_{{ end_date }}'
        {%- endif %}
    )
{%- endmacro %}


{# GA4 writes '(not set)' where a value was not sent; that, and '', mean null. #}
{% macro ga4_not_set_to_null(expr) -%}
    nullif(nullif({{ expr }}, '(not set)'), '')
{%- endmacro %}
