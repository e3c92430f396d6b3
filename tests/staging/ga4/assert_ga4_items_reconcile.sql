-- stg_ga4__event_items holds exactly one row per item of every staged event:
-- its row count per event equals the length of the event's items list.
-- Returns the events (= failures) where they differ.

with base as (
    select * from {{ ref('base_ga4__events') }}
),

duplicates as (
    select * from {{ ref('base_ga4__event_duplicates') }}
),

-- the rows stg_ga4__events stages (the view does not carry the items list)
staged_events as (
    select
        base.event_key,
        {{ scv.array_size('base.items') }} as item_count
    from base
    left join duplicates
        on
            base.source_file = duplicates.source_file
            and base.source_row_id = duplicates.source_row_id
    where base.row_reason is null and duplicates.source_row_id is null
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
