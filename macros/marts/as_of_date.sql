{#-
    The date "as of" which customer marts (RFM, audiences, cohorts, the
    customer 360) are computed, as a SQL expression of type date:
    var `as_of_date` ('YYYY-MM-DD') when set, else the latest order_date of
    `orders` (a relation or CTE name with an order_date column), so that
    rebuilding the same data gives the same figures.
-#}
{% macro as_of_date_expression(orders='orders') %}
    {%- set as_of_date = var('as_of_date', '') | string | trim %}
    {%- if as_of_date %}
        {%- if not modules.re.match('^[0-9]{4}-[0-9]{2}-[0-9]{2}$', as_of_date) %}
            {{- exceptions.raise_compiler_error(
                "var as_of_date must be a date written YYYY-MM-DD (or empty for the latest order date), got '"
                ~ as_of_date ~ "'. Example: dbt build --vars '{as_of_date: 2026-06-30}'"
            ) }}
        {%- endif %}
        {{- "cast('" ~ as_of_date ~ "' as date)" }}
    {%- else %}
        {{- "(select max(order_date) from " ~ orders ~ ")" }}
    {%- endif %}
{%- endmacro %}


{#-
    The rule of a kept order as of the as-of date, shared by every customer
    mart (RFM, customer 360, cohorts, buyer audiences): an order of
    fct_orders counted as revenue (is_recognised_revenue: cancelled orders,
    full refunds and in-store returns are no purchase), that belongs to a
    customer (a customer_id from the id map) and is dated on or before the
    as-of date. A predicate for a where clause.
-#}
{% macro is_kept_order(orders='orders', as_of='as_of') -%}
    {{ orders }}.customer_id is not null
    and {{ orders }}.is_recognised_revenue
    and {{ orders }}.order_date <= {{ as_of }}.as_of_date
{%- endmacro %}
