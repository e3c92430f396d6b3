-- Every GA360 export session row read (the tables selected by
-- ga360_start_date, ga360_end_date and ga360_include_intraday) is either
-- merged into a staged session (a part of it), quarantined or erased, and
-- so is every hit: staged, in a quarantined row, or erased. The raw rows and
-- hits are counted straight from the export, not from the base models, so a
-- row or hit lost on the way makes this test fail. Returns one row (=
-- failure) per count that differs.

with raw as (
    select
        count(*) as row_count,
        coalesce(sum({{ scv.array_size('export_rows.hits') }}), 0) as hit_count
    from {{ scv.ga360_export_rows(source('ga360', 'sessions')) }} as export_rows
),

staged as (
    select
        coalesce(sum(part_count), 0) as row_count,
        (select count(*) from {{ ref('stg_ga360__hits') }}) as hit_count
    from {{ ref('stg_ga360__sessions') }}
),

quarantined as (
    select
        count(*) as row_count,
        coalesce(sum(hit_count), 0) as hit_count
    from {{ ref('stg_ga360__sessions_quarantine') }}
),

erased as (
    {{ scv.ga360_erased_raw_rows() }}
),

counts as (
    select
        'session rows' as counted,
        raw.row_count as raw_count,
        staged.row_count as staged_count,
        quarantined.row_count as quarantined_count,
        erased.row_count as erased_count
    from raw
    cross join staged
    cross join quarantined
    cross join erased
    union all
    select
        'hits' as counted,
        raw.hit_count as raw_count,
        staged.hit_count as staged_count,
        quarantined.hit_count as quarantined_count,
        erased.hit_count as erased_count
    from raw
    cross join staged
    cross join quarantined
    cross join erased
)

select * from counts
where raw_count != staged_count + quarantined_count + erased_count
