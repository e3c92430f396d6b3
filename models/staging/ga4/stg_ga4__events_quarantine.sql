-- A view: base_ga4__events already holds the flattened, keyed rows as a
-- table, so writing the wide event rows a second time would double the cost
-- of GA4 staging (see docs/benchmarks.md).
{{ config(materialized='view') }}

-- Every GA4 export row that stg_ga4__events rejects, with the reason
-- (codes in docs/raw_contract.md): raw rows = staged rows + these rows.
-- A row fails a check on the row alone (base_ga4__events.row_reason) or is
-- a copy set aside (base_ga4__event_duplicates); the row's own reason wins.

with base as (
    select * from {{ ref('base_ga4__events') }}
),

duplicates as (
    select * from {{ ref('base_ga4__event_duplicates') }}
),

rejected as (
    select
        base.*,
        coalesce(duplicates.event_copy_number, 1) as event_copy_number,
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
        {{ scv.hash_key(['event_key', 'event_copy_number']) }} as quarantine_key,
        quarantine_reason,
        event_key,
        event_copy_number,
        source_file,
        export_table_suffix,
        export_date,
        raw_event_date,
        event_timestamp_micros,
        event_at,
        event_name,
        stream_id,
        user_pseudo_id,
        user_id,
        ga_session_id,
        page_location,
        transaction_id,
        booking_id,
        value,
        currency
    from rejected
)

select * from final
