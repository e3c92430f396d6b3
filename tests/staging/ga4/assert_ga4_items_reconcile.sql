-- stg_ga4__event_items holds exactly one row per item of every staged event:
-- its row count per event equals the length of the event's items list.
-- Returns the events (= failures) where they differ.

with staged_events as (
    select
        event_key,
        {{ scv.array_size('items') }} as item_count
    from {{ ref('base_ga4__events') }}
    where quarantine_reason is null
),

item_rows as (
    select
        event_key,
        count(*) as item_row_count
    from {{ ref('stg_ga4__event_items') }}
    group by event_key
),

final as (
    select
        coalesce(staged_events.event_key, item_rows.event_key) as event_key,
        coalesce(staged_events.item_count, 0) as item_count,
        coalesce(item_rows.item_row_count, 0) as item_row_count
    from staged_events
    full outer join item_rows
        on staged_events.event_key = item_rows.event_key
)

select * from final
where item_count != item_row_count
