-- One row per UTC day, the calendar MetricFlow joins metrics to (time spine,
-- configured in _marts_calendar__models.yml). It covers the data: from the
-- first day of the month of the earliest order or session to the last day
-- of the month of the latest one, whole months so that monthly figures
-- joined to the spine are never cut short. Days come from a number series
-- (dbt.generate_series) rather than dbt.date_spine, which queries the
-- warehouse while compiling; 100,000 days (about 270 years) is the most it
-- spans.
{%- set max_days = 100000 %}

with orders as (
    select * from {{ ref('fct_orders') }}
),

sessions as (
    select * from {{ ref('fct_sessions') }}
),

activity_dates as (
    select order_date as activity_date
    from orders
    union all
    select cast(session_start_at as date) as activity_date
    from sessions
),

bounds as (
    select
        cast({{ dbt.date_trunc('month', 'min(activity_date)') }} as date) as first_date,
        cast({{ dbt.last_day('max(activity_date)', 'month') }} as date) as last_date
    from activity_dates
),

-- generated_number runs from 1; BigQuery's power() makes it a float
day_numbers as (
    select cast(generated_number - 1 as {{ dbt.type_int() }}) as day_number
    from ({{ dbt.generate_series(max_days) }}) as series
),

final as (
    select
        cast(
            {{ dbt.dateadd('day', 'day_numbers.day_number', 'bounds.first_date') }} as date
        ) as date_day
    from bounds
    cross join day_numbers
    where day_numbers.day_number <= {{ dbt.datediff('bounds.first_date', 'bounds.last_date', 'day') }}
)

select * from final
