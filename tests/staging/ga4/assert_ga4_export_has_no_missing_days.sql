-- A warning for the days missing from the export between its first and last
-- day: a daily table that never arrived, arrived empty (zero rows), or that
-- the export glob does not read (see assert_ga4_export_files_are_all_read).
-- Returns one row per gap. See docs/bad_input.md.
{{ config(severity='warn') }}

with export_days as (
    select distinct export_date
    from {{ ref('base_ga4__events') }}
    where export_date is not null
),

with_previous as (
    select
        export_date,
        lag(export_date) over (order by export_date) as previous_export_date
    from export_days
),

gaps as (
    select
        previous_export_date,
        export_date,
        {{ dbt.datediff('previous_export_date', 'export_date', 'day') }} - 1 as missing_day_count  -- noqa: LT05
    from with_previous
),

final as (
    select
        previous_export_date as last_day_before_gap,
        export_date as first_day_after_gap,
        missing_day_count
    from gaps
    where missing_day_count > 0
)

select * from final
