-- Every GA4 export row read (the tables selected by ga4_start_date,
-- ga4_end_date and ga4_include_intraday) is either staged, quarantined or
-- erased (its person asked to be forgotten), exactly once. The raw rows are counted straight from the source, not from
-- base_ga4__events, so a row lost on the way makes this test fail.
-- Returns a row (= failure) when the counts differ.

with raw_rows as (
    select count(*) as row_count
    from {{ scv.ga4_conformed_export(source('ga4', 'events')) }} as export_rows
    where {{ scv.ga4_table_suffix_filter(scv.ga4_table_suffix()) }}
),

staged_rows as (
    select count(*) as row_count
    from {{ ref('stg_ga4__events') }}
),

quarantined_rows as (
    select count(*) as row_count
    from {{ ref('stg_ga4__events_quarantine') }}
),

final as (
    select
        raw_rows.row_count as raw_row_count,
        staged_rows.row_count as staged_row_count,
        quarantined_rows.row_count as quarantined_row_count,
        {{ scv.ga4_erased_raw_rows() }} as erased_row_count
    from raw_rows
    cross join staged_rows
    cross join quarantined_rows
)

select * from final
where raw_row_count != staged_row_count + quarantined_row_count + erased_row_count
