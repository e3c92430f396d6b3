-- The rows of base_ga4__events set aside as copies: one row per export row
-- that repeats an event (duplicate_event) or a purchase's transaction
-- (duplicate_transaction_id), with its copy number. Every other row is
-- staged with copy number 1 unless a check on the row alone rejects it.
--
-- Decided on a few narrow columns of the written base table rather than
-- while the export is read, so that the nested export is read once and the
-- wide rows stream to their table (docs/benchmarks.md); the result is small
-- (the copies only), and the staging views join it by source_file and
-- source_row_id.

with events as (
    select
        source_file,
        source_row_id,
        event_key,
        -- Rows that may be the same event or the same purchase share a dedup
        -- key: the transaction for a valid purchase carrying a transaction_id
        -- (a refreshed confirmation page sends the purchase again), else the
        -- event.
        case
            when row_reason is null and event_name = 'purchase' and transaction_id is not null
                then {{ dbt.concat(["'transaction|'", 'transaction_id']) }}
            else event_key
        end as dedup_key,
        is_intraday,
        export_date,
        event_timestamp_micros
    from {{ ref('base_ga4__events') }}
),

-- Nearly every key is unique: the window functions below only run on the
-- rows whose key repeats.
repeated_keys as (
    select dedup_key
    from events
    group by dedup_key
    having count(*) > 1
),

-- event_copy_number numbers the copies of an event: the one from a daily
-- table before the intraday one, then the earliest table, then the file
-- (copies in one file are identical: the row position only makes the order
-- repeatable). kept_event_key is the event kept for the dedup key: for a
-- transaction, its earliest purchase (deterministic: event_key breaks
-- timestamp ties).
numbered as (
    select
        source_file,
        source_row_id,
        event_key,
        row_number() over (
            partition by dedup_key, event_key
            order by is_intraday, export_date, source_file, source_row_id
        ) as event_copy_number,
        first_value(event_key) over (
            partition by dedup_key
            order by event_timestamp_micros, event_key
        ) as kept_event_key
    from events
    where dedup_key in (select repeated_keys.dedup_key from repeated_keys)
),

final as (
    select
        source_file,
        source_row_id,
        event_key,
        event_copy_number,
        case
            when event_copy_number > 1 then 'duplicate_event'
            else 'duplicate_transaction_id'
        end as duplicate_reason
    from numbered
    where event_copy_number > 1 or event_key != kept_event_key
)

select * from final
