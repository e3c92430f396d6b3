-- A view: every row read from the GA4 export, staged or quarantined, with
-- the keys that tell where it was read and which de-duplication group,
-- event and session it belongs to. What the incremental event models read
-- to know which rows a run re-read (ga4_reprocessed_rows); base models are
-- private to staging.
{{ config(materialized='view') }}

with base as (
    select * from {{ ref('base_ga4__events') }}
),

final as (
    select
        source_file,
        source_row_id,
        export_date,
        loaded_at,
        dedup_key,
        event_key,
        session_key
    from base
)

select * from final
