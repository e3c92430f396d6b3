{#
    Configuration of the incremental models (the GA4 event models; see
    macros/incremental/ga4_reprocessing.sql for what a run reprocesses).
    Use as `{{ config(**scv.incremental_config(...)) }}`.

    kind='partitions': a run replaces whole date partitions, those present
    in its output (partition_column). DuckDB: delete+insert keyed on the
    partition column. BigQuery: insert_overwrite of the day partitions
    (dynamic: the partitions the run's rows fall in), the table partitioned
    by day on partition_column and clustered on cluster_by.

    kind='keys': a run replaces the rows of the keys it recomputes
    (unique_key); the model's pre-hook deletes every recomputed key first,
    so a key whose rows all went away is removed too
    (ga4_delete_reprocessed). DuckDB: delete+insert on unique_key.
    BigQuery: merge on unique_key, the table partitioned by day on
    partition_column (when given) and clustered on cluster_by.

    A model whose columns change needs `--full-refresh`: on_schema_change is
    'fail', so the run stops with dbt's message saying so instead of
    writing a table that no longer matches its code.
#}
{% macro incremental_config(kind, unique_key=none, partition_column=none, cluster_by=[]) %}
    {%- if kind not in ('partitions', 'keys') -%}
        {{ exceptions.raise_compiler_error("incremental_config: kind must be 'partitions' or 'keys', got '" ~ kind ~ "'") }}
    {%- endif -%}
    {%- if kind == 'partitions' and not partition_column -%}
        {{ exceptions.raise_compiler_error("incremental_config: kind 'partitions' needs partition_column") }}
    {%- endif -%}
    {%- if kind == 'keys' and not unique_key -%}
        {{ exceptions.raise_compiler_error("incremental_config: kind 'keys' needs unique_key") }}
    {%- endif -%}
    {{- return(adapter.dispatch('incremental_config', 'scv')(kind, unique_key, partition_column, cluster_by)) -}}
{% endmacro %}

{% macro default__incremental_config(kind, unique_key, partition_column, cluster_by) -%}
    {{ return({
        'materialized': 'incremental',
        'incremental_strategy': 'delete+insert',
        'unique_key': partition_column if kind == 'partitions' else unique_key,
        'on_schema_change': 'fail',
    }) }}
{%- endmacro %}

{% macro bigquery__incremental_config(kind, unique_key, partition_column, cluster_by) -%}
    {%- set settings = {
        'materialized': 'incremental',
        'incremental_strategy': 'insert_overwrite' if kind == 'partitions' else 'merge',
        'on_schema_change': 'fail',
    } -%}
    {%- if kind == 'keys' -%}
        {%- do settings.update({'unique_key': unique_key}) -%}
    {%- endif -%}
    {%- if partition_column -%}
        {%- do settings.update({'partition_by': {'field': partition_column, 'data_type': 'date', 'granularity': 'day'}}) -%}
    {%- endif -%}
    {%- if cluster_by -%}
        {%- do settings.update({'cluster_by': cluster_by}) -%}
    {%- endif -%}
    {{ return(settings) }}
{%- endmacro %}
