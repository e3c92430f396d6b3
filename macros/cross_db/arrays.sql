{#
    Arrays (DuckDB lists, BigQuery ARRAYs).
#}

{#
    One row per element of `array_column` of the relation (a CTE name), with
    the `columns` of the relation, the element as `element_alias` and its
    1-based position as `index_alias`. Rows whose array is empty or null
    give no row.
#}
{% macro unnest_with_index(relation, array_column, element_alias, index_alias, columns) %}
    {{- return(adapter.dispatch('unnest_with_index', 'scv')(relation, array_column, element_alias, index_alias, columns)) -}}
{% endmacro %}

{% macro default__unnest_with_index(relation, array_column, element_alias, index_alias, columns) -%}
    {#- two unnests in one select list run side by side: element i with index i -#}
    select
        {%- for column in columns %}
        {{ column }},
        {%- endfor %}
        unnest({{ array_column }}) as {{ element_alias }},
        generate_subscripts({{ array_column }}, 1) as {{ index_alias }}
    from {{ relation }}
{%- endmacro %}

{% macro bigquery__unnest_with_index(relation, array_column, element_alias, index_alias, columns) -%}
    select
        {%- for column in columns %}
        {{ relation }}.{{ column }},
        {%- endfor %}
        {{ element_alias }},
        {{ element_alias }}_offset + 1 as {{ index_alias }}
    from {{ relation }}
    cross join unnest({{ relation }}.{{ array_column }}) as {{ element_alias }} with offset as {{ element_alias }}_offset
{%- endmacro %}


{# Number of elements of an array; 0 when it is null. #}
{% macro array_size(expr) %}
    {{- return(adapter.dispatch('array_size', 'scv')(expr)) -}}
{% endmacro %}

{% macro default__array_size(expr) -%}
    coalesce(len({{ expr }}), 0)
{%- endmacro %}

{% macro bigquery__array_size(expr) -%}
    array_length({{ expr }})
{%- endmacro %}


{#
    Aggregate: the first non-null value of `expr` in the group when the rows
    are sorted by `order_by` (an order-by list, e.g. 'updated_at desc,
    customer_id'); null when every value is null. Survivorship rules use it
    ("the most recent non-null value").
#}
{% macro first_non_null(expr, order_by) %}
    {{- return(adapter.dispatch('first_non_null', 'scv')(expr, order_by)) -}}
{% endmacro %}

{% macro default__first_non_null(expr, order_by) -%}
    {#-
        An order on plain columns, all ascending, is an arg_min over a row
        of them: one pass, no sort per group (measured on 10M GA4 events,
        1.25M sessions: 1.7 s against 9.1 s for the ordered array_agg), and
        null sort values compare last in both, as in an ascending order by.
        Any other order (desc, an expression) keeps the ordered array_agg:
        DuckDB sorts nulls last there, while arg_max takes them as largest.
    -#}
    {%- set terms = order_by.split(',') | map('trim') | list -%}
    {%- set plain = [] -%}
    {%- for term in terms if ' ' not in term and '(' not in term -%}
        {%- do plain.append(term) -%}
    {%- endfor -%}
    {%- if plain | length == terms | length -%}
        arg_min({{ expr }}, row({{ terms | join(', ') }})) filter (where {{ expr }} is not null)
    {%- else -%}
        (array_agg({{ expr }} order by {{ order_by }}) filter (where {{ expr }} is not null))[1]
    {%- endif -%}
{%- endmacro %}

{% macro bigquery__first_non_null(expr, order_by) -%}
    array_agg({{ expr }} ignore nulls order by {{ order_by }} limit 1)[safe_offset(0)]
{%- endmacro %}


{#
    Aggregate: the latest non-null value of `expr` by the timestamp
    `time_column`, the smallest `tiebreak` first among equal times (the
    same as first_non_null(expr, 'time desc, tiebreak'); rows without a
    time come last). DuckDB: an arg_min over (-microseconds, tiebreak), one
    pass instead of a sort per group (fct_product_interactions on 1.4M item
    events: see docs/benchmarks.md).
#}
{% macro latest_non_null(expr, time_column, tiebreak) %}
    {{- return(adapter.dispatch('latest_non_null', 'scv')(expr, time_column, tiebreak)) -}}
{% endmacro %}

{% macro default__latest_non_null(expr, time_column, tiebreak) -%}
    arg_min({{ expr }}, row(-epoch_us({{ time_column }}), {{ tiebreak }})) filter (where {{ expr }} is not null)
{%- endmacro %}

{% macro bigquery__latest_non_null(expr, time_column, tiebreak) -%}
    array_agg({{ expr }} ignore nulls order by {{ time_column }} desc, {{ tiebreak }} limit 1)[safe_offset(0)]
{%- endmacro %}
