-- A warning for the files beside the GA4 export that look like export data
-- (a .parquet in the name, or "events") but that the export glob does not
-- read: a day written as events_20240101.parquet.gz, .csv or .json, or
-- named EVENTS_20240101.parquet. Staging never sees them. Returns those
-- files (DuckDB; BigQuery reads the dataset's events_* tables: none).
-- See docs/bad_input.md.
{{ config(severity='warn') }}

with unread_files as (
    {{ scv.ga4_unread_export_files() }}
)

select * from unread_files
