-- A warning for the export days that staging holds but the export no longer
-- has (a daily file deleted, a BigQuery table expired, or a day now outside
-- ga4_start_date / ga4_end_date): incremental runs keep their rows, and a
-- full refresh would drop them. Returns those days. See docs/bad_input.md.
{{ config(severity='warn') }}

with per_day as (
    {{ scv.ga4_rows_per_export_day() }}
),

final as (
    select
        export_day,
        staged_row_count,
        quarantined_row_count
    from per_day
    where raw_row_count = 0
)

select * from final
