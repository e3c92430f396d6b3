{#
    Hooks around a table that is written straight from a scan (GA4's
    base_ga4__events): `pre_hook=scv.relax_insertion_order()`,
    `post_hook=scv.restore_insertion_order()`.

    DuckDB keeps the rows of `create table as select` in scan order by
    default (preserve_insertion_order). For a plain scan of many parquet
    row groups that order-preserving insert leaves partly filled row groups
    that the next checkpoint rewrites: measured on 10.3 M GA4 events,
    checkpointing the table (when the database closed) took 20-50 s,
    depending on the machine's load, and wrote 600 MB of the file twice;
    without it, 0.2 s. A table has no row order in SQL, so nothing is
    lost. The setting is global to the DuckDB instance while the model runs
    (a model built alongside also writes unordered), and the post-hook
    restores DuckDB's default (true). BigQuery has no such setting: the
    hooks render empty and dbt skips them.
#}
{% macro relax_insertion_order() %}
    {{- return(adapter.dispatch('relax_insertion_order', 'scv')()) -}}
{% endmacro %}

{% macro default__relax_insertion_order() -%}
    set preserve_insertion_order = false
{%- endmacro %}

{% macro bigquery__relax_insertion_order() -%}
{%- endmacro %}


{% macro restore_insertion_order() %}
    {{- return(adapter.dispatch('restore_insertion_order', 'scv')()) -}}
{% endmacro %}

{% macro default__restore_insertion_order() -%}
    reset preserve_insertion_order
{%- endmacro %}

{% macro bigquery__restore_insertion_order() -%}
{%- endmacro %}
