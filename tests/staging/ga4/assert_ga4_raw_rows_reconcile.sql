-- Every GA4 export row read (the tables selected by ga4_start_date,
-- ga4_end_date and ga4_include_intraday) is either staged, quarantined or
-- erased (its person asked to be forgotten), exactly once, day by day. The
-- raw rows are counted straight from the source, not from
-- base_ga4__events, so a row lost on the way makes this test fail.
-- Returns one row (= failure) per export day whose counts differ, with
-- what to do: an incremental run reads again only the last
-- ga4_incremental_lookback_days days, so a table that arrives, or is
-- re-delivered, after that is not read until a full refresh. A day no
-- longer in the export is reported (as a warning) by
-- assert_ga4_loaded_days_are_still_exported. See docs/bad_input.md.

with per_day as (
    {{ scv.ga4_rows_per_export_day() }}
),

final as (
    select
        export_day,
        raw_row_count,
        staged_row_count,
        quarantined_row_count,
        erased_row_count,
        case
            when raw_row_count > staged_row_count + quarantined_row_count + erased_row_count
                then
                    'export rows not staged: the table arrived or changed after the incremental look-back'
                    || ' (ga4_incremental_lookback_days); rebuild: dbt build --full-refresh --select base_ga4__events+'
            else
                'more rows staged than exported: the table was re-delivered smaller after the look-back'
                || ' (ga4_incremental_lookback_days); rebuild: dbt build --full-refresh --select base_ga4__events+'
        end as what_to_do
    from per_day
    where
        raw_row_count > 0
        and raw_row_count != staged_row_count + quarantined_row_count + erased_row_count
)

select * from final
