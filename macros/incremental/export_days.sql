{#
    Export-day mechanics shared by the staging models that read a dated
    export (GA4's events_YYYYMMDD, GA360's ga_sessions_YYYYMMDD): which
    tables a run leaves unread, and the rows without a day.
#}


{#
    A condition leaving out the export tables of `days` ('YYYYMMDD', from
    ga4_unchanged_export_days or ga360_loaded_days), daily and intraday, on
    a table suffix expression; `true` when there are none. Compares the
    suffix with constants, so BigQuery prunes those tables and DuckDB skips
    the files.
#}
{% macro skip_export_days(suffix, days) -%}
    {%- if days -%}
        coalesce({{ suffix }} not in (
            {%- for day in days %}'{{ day }}', 'intraday_{{ day }}'{{ ', ' if not loop.last }}{% endfor -%}
        ), true)
    {%- else -%}
        true
    {%- endif -%}
{%- endmacro %}


{#
    Pre-hook of a base model partitioned on export_date, on an incremental
    run: deletes its rows that have no export date (export_date null: a
    file not named for its day whose date is broken, see
    ga4_undated_rows_condition). Every run reads them again, and the
    partition replacement cannot match a null partition, so without this
    they would pile up one copy per run. Renders nothing on a full build.
#}
{% macro delete_undated_export_rows() -%}
    {%- if scv.is_incremental_run() -%}
        delete from {{ this }} where export_date is null
    {%- endif -%}
{%- endmacro %}
