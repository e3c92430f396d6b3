{#
    Window functions over the rows that share a key, for a relation (a CTE
    name) where nearly every key is unique: the relation's rows with one
    more column per entry of `windows`, a list of
        {'name': column name,
         'expression': window function whose partition starts with `key`,
         'when_unique': its value for a row whose key is unique (e.g. 1 for
                        a row_number)}.
    `window_inputs` lists the columns the window expressions read, and
    `row_locator` the columns that identify one row of the relation (two
    identical rows must differ there, e.g. file name and row number).

    BigQuery simply runs the window functions over the relation.

    DuckDB works on a narrow copy instead, so that the wide rows are never
    held in memory: it keeps the key, locator and window inputs of every row
    (a materialized CTE), runs the windows on the rows whose key repeats
    only, and joins those few rows back to the relation by locator; every
    other row takes `when_unique`. The relation is read twice, so it should
    be an inlined CTE (inlined_cte below) whose expensive columns the narrow
    read does not compute. Measured on GA4 staging (2 threads): 10.3 M
    events 74 s and 3.9 GiB peak against 105 s and 8.2 GiB when the whole
    flattened relation was materialized and read three times; 2 M events
    13.7 s against 12.6 s. A row whose locator is null fails the build: it
    could not be told from its copies.
#}
{% macro window_over_repeated_keys(relation, key, windows, row_locator, window_inputs) %}
    {{- return(adapter.dispatch('window_over_repeated_keys', 'scv')(relation, key, windows, row_locator, window_inputs)) -}}
{% endmacro %}

{% macro default__window_over_repeated_keys(relation, key, windows, row_locator, window_inputs) -%}
    with key_rows as materialized (
        select
            {{ key }},
            {%- for column in (row_locator + window_inputs) | unique %}
            {{ column }}{{ ',' if not loop.last }}
            {%- endfor %}
        from {{ relation }}
    ),

    repeated_keys as (
        select {{ key }}
        from key_rows
        group by {{ key }}
        having count(*) > 1
    ),

    repeated_rows as (
        select
            {%- for column in row_locator %}
            case
                when {{ column }} is null
                    then error('window_over_repeated_keys: {{ relation }}.{{ column }} is null on a repeated row; read the source so that it identifies every row (GA4: read_parquet(..., filename = true, file_row_number = true))')
                else {{ column }}
            end as repeated__{{ column }},
            {%- endfor %}
            {%- for window in windows %}
            {{ window['expression'] }} as repeated__{{ window['name'] }}{{ ',' if not loop.last }}
            {%- endfor %}
        from key_rows
        semi join repeated_keys using ({{ key }})
    )

    select
        {{ relation }}.*,
        {%- for window in windows %}
        case
            when repeated_rows.repeated__{{ row_locator[0] }} is null then {{ window['when_unique'] }}
            else repeated_rows.repeated__{{ window['name'] }}
        end as {{ window['name'] }}{{ ',' if not loop.last }}
        {%- endfor %}
    from {{ relation }}
    left join repeated_rows
        on
        {%- for column in row_locator %}
        {{ 'and ' if not loop.first }}{{ relation }}.{{ column }} = repeated_rows.repeated__{{ column }}
        {%- endfor %}
{%- endmacro %}

{% macro bigquery__window_over_repeated_keys(relation, key, windows, row_locator, window_inputs) -%}
    select
        *,
        {%- for window in windows %}
        {{ window['expression'] }} as {{ window['name'] }}{{ ',' if not loop.last }}
        {%- endfor %}
    from {{ relation }}
{%- endmacro %}


{#
    `source as {{ scv.inlined_cte() }} (...)`: asks DuckDB to inline a CTE
    into each reader instead of computing it once, for a wide CTE read by a
    narrow pass and a wide pass (window_over_repeated_keys): each reader
    then computes only the columns it uses, and the wide rows stream
    straight to their table. DuckDB would otherwise materialize a CTE that
    is read twice. BigQuery has no such hint (and inlines CTEs).
#}
{% macro inlined_cte() %}
    {{- return(adapter.dispatch('inlined_cte', 'scv')()) -}}
{% endmacro %}

{% macro default__inlined_cte() -%}
    not materialized
{%- endmacro %}

{% macro bigquery__inlined_cte() -%}
{%- endmacro %}


{#
    `keyed as {{ scv.materialized_cte() }} (...)`: asks DuckDB to compute a
    CTE once and keep it, for a CTE that later CTEs read several times.
    DuckDB otherwise inlines a CTE made only of projections into each reader
    (measured: GA4 staging on 2M events took 41 s instead of 13 s, the
    flattening running three times). BigQuery has no such hint.
#}
{% macro materialized_cte() %}
    {{- return(adapter.dispatch('materialized_cte', 'scv')()) -}}
{% endmacro %}

{% macro default__materialized_cte() -%}
    materialized
{%- endmacro %}

{% macro bigquery__materialized_cte() -%}
{%- endmacro %}
