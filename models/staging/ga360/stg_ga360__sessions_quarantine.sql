{{ config(materialized='view') }}

-- Every GA360 export session row that staging rejects, with the reason
-- (codes in docs/raw_contract.md, "GA360 export"): raw session rows =
-- the rows stg_ga360__sessions merges (parts) + these rows. A row fails a
-- check on the row alone (base_ga360__sessions.row_reason) or repeats a row
-- kept instead (base_ga360__session_duplicates). The hits of these rows are
-- not staged, except where the row kept carries them too.

with base as (
    select * from {{ ref('base_ga360__sessions') }}
),

duplicates as (
    select * from {{ ref('base_ga360__session_duplicates') }}
),

rejected as (
    select
        base.*,
        coalesce(duplicates.session_copy_number, 1) as session_copy_number,
        coalesce(base.row_reason, duplicates.duplicate_reason) as quarantine_reason
    from base
    left join duplicates
        on
            base.source_file = duplicates.source_file
            and base.source_row_id = duplicates.source_row_id
    where base.row_reason is not null or duplicates.source_row_id is not null
),

final as (
    select
        {{ scv.hash_key([
            'export_table_suffix', 'raw_session_date', 'full_visitor_id', 'visit_id', 'visit_start_time',
            'client_id', 'hit_count', 'session_copy_number',
        ]) }} as quarantine_key,
        quarantine_reason,
        session_key,
        row_key,
        session_copy_number,
        source_file,
        source_row_id,
        export_table_suffix,
        export_date,
        raw_session_date,
        visit_start_time,
        full_visitor_id,
        client_id,
        user_id,
        visit_id,
        hit_count,
        totals_transaction_revenue
    from rejected
)

select * from final
