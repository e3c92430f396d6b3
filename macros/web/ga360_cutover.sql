{#
    The GA360 -> GA4 cutover as a one-row subquery (column cutover_date):
    the `ga360_cutover_date` var (YYYY-MM-DD), else the first day of GA4
    data (the first export table's day, a narrow scan of
    stg_ga4__export_rows; null without GA4 data). From that day on GA4 is
    the record in the web event contract (int_web__events), and
    int_web__sessions_aggregated recomputes every GA360 session when it
    moves.
#}
{% macro ga360_cutover() -%}
    {%- set cutover_date = var('ga360_cutover_date') | string | trim -%}
    {%- if cutover_date and not modules.re.fullmatch('[0-9]{4}-[0-9]{2}-[0-9]{2}', cutover_date) -%}
        {{ exceptions.raise_compiler_error(
            "ga360_cutover_date must be a date written YYYY-MM-DD or empty, got '" ~ cutover_date ~ "'"
        ) }}
    {%- endif -%}
    {%- if cutover_date -%}
        select cast('{{ cutover_date }}' as date) as cutover_date
    {%- else -%}
        select min(export_date) as cutover_date
        from {{ ref('stg_ga4__export_rows') }}
    {%- endif -%}
{%- endmacro %}
