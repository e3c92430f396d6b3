-- A view: base_ga4__events already holds the flattened, keyed rows as a
-- table, so writing the wide event rows a second time would double the cost
-- of GA4 staging (see docs/benchmarks.md).
{{ config(materialized='view') }}

-- Every GA4 export row that stg_ga4__events rejects, with the reason
-- (codes in docs/raw_contract.md): raw rows = staged rows + these rows.

with base as (
    select * from {{ ref('base_ga4__events') }}
),

final as (
    select
        {{ scv.hash_key(['event_key', 'event_copy_number']) }} as quarantine_key,
        quarantine_reason,
        event_key,
        event_copy_number,
        source_file,
        export_table_suffix,
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
    from base
    where quarantine_reason is not null
)

select * from final
