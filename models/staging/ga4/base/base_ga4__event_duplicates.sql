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
--
-- Incremental: a run decides again every de-duplication group (dedup_key)
-- that has a row loaded since the newest loaded_at it holds, over all the
-- group's rows (ga4_reprocessed_rows), after deleting the group's earlier
-- rows.
{{ config(**scv.incremental_config('keys', unique_key='dedup_key', cluster_by=['dedup_key'])) }}
{{ config(pre_hook=[
    "{{ scv.ga4_delete_reprocessed('dedup_key') }}",
    "{{ scv.ga4_delete_orphans('event_key') }}",
]) }}

{%- set processed_through = scv.ga4_processed_through('loaded_at') %}

-- depends_on: {{ ref('stg_ga4__export_rows') }}
with events as (
    select
        source_file,
        source_row_id,
        event_key,
        dedup_key,
        is_intraday,
        export_date,
        event_timestamp_micros,
        loaded_at,
        row_reason is not null as is_rejected,
        not coalesce(
            source_file = {{ dbt.concat(["'events_'", 'export_table_suffix']) }}
            or source_file like {{ dbt.concat(["'%/events_'", 'export_table_suffix', "'.parquet'"]) }},
            false
        ) as is_named_otherwise
    from {{ ref('base_ga4__events') }}
    {%- if processed_through is not none %}
        where {{ scv.ga4_rows_with_keys('dedup_key', scv.ga4_reprocessed_dedup_keys(processed_through)) }}
    {%- endif %}
),

-- Nearly every key is unique: the window functions below only run on the
-- rows whose key repeats.
repeated_keys as (
    select dedup_key
    from events
    group by dedup_key
    having count(*) > 1
),

-- event_copy_number numbers the copies of an event: a row that passes the
-- checks on the row alone before one that fails them (a copy whose
-- event_date is broken shares the event key: it must not hide the valid
-- row), the one from a daily table before the intraday one, then one
-- from a table named for its day before a copy in a file named otherwise
-- (whose table date is the event's own: a day re-delivered as
-- "events_20240101 (1).parquet" must not take the late events of the
-- real table), then the earliest table, then the file
-- (copies in one file are identical: the row position only makes the order
-- repeatable). kept_event_key is the event kept for the dedup key: for a
-- transaction, its earliest purchase (deterministic: event_key breaks
-- timestamp ties).
numbered as (
    select
        source_file,
        source_row_id,
        event_key,
        dedup_key,
        export_date,
        loaded_at,
        row_number() over (
            partition by dedup_key, event_key
            order by is_rejected, is_intraday, is_named_otherwise, export_date, source_file, source_row_id
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
        dedup_key,
        export_date,
        loaded_at,
        event_copy_number,
        case
            when event_copy_number > 1 then 'duplicate_event'
            else 'duplicate_transaction_id'
        end as duplicate_reason
    from numbered
    where event_copy_number > 1 or event_key != kept_event_key
)

select * from final
