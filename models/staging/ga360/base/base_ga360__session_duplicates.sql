-- The rows of base_ga360__sessions set aside as copies: one row per export
-- row that repeats the row of the same session and day (row_key) kept
-- instead, with its copy number. The row kept: from a daily table before an
-- intraday one (the daily table is the complete day), then the one with
-- the most hits, then the first read. Copies are an exact copy of a row or
-- the intraday table repeating (part of) the daily one, when
-- ga360_include_intraday reads both.
--
-- Decided on a few narrow columns of the written base table; the staging
-- models join it by source_file and source_row_id.

with session_rows as (
    select
        source_file,
        source_row_id,
        row_key,
        session_key,
        is_intraday,
        hit_count
    from {{ ref('base_ga360__sessions') }}
    where row_reason is null
),

-- nearly every key is unique: the window below only runs on the rows whose
-- key repeats
repeated_keys as (
    select row_key
    from session_rows
    group by row_key
    having count(*) > 1
),

ranked as (
    select
        session_rows.source_file,
        session_rows.source_row_id,
        session_rows.row_key,
        session_rows.session_key,
        row_number() over (
            partition by session_rows.row_key
            order by
                session_rows.is_intraday asc,
                session_rows.hit_count desc,
                session_rows.source_file asc,
                session_rows.source_row_id asc
        ) as session_copy_number
    from session_rows
    inner join repeated_keys
        on session_rows.row_key = repeated_keys.row_key
),

final as (
    select
        source_file,
        source_row_id,
        row_key,
        session_key,
        session_copy_number,
        'duplicate_session' as duplicate_reason
    from ranked
    where session_copy_number > 1
)

select * from final
