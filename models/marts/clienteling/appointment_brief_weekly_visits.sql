-- Website sessions per ISO week (Monday to Sunday, UTC dates) of the
-- customer of each allowed brief, for the brief's chart: one row per
-- appointment and week, the var brief_weekly_visits_weeks (default 12)
-- weeks up to the one holding the brief's last instant (just before
-- appointment_briefs.web_window_end), zero-filled. Sessions count in the
-- week they start in, and only when they start before web_window_end, so the
-- last week may be partial.
{%- set week_count = var('brief_weekly_visits_weeks', 12) | int %}

with briefs as (
    select * from {{ ref('appointment_briefs') }}
    where is_brief_allowed
),

sessions as (
    select * from {{ ref('fct_sessions') }}
    where customer_id is not null
),

-- generated_number runs from 1; BigQuery's power() makes it a float
week_numbers as (
    select cast(generated_number - 1 as {{ dbt.type_int() }}) as weeks_back
    from ({{ dbt.generate_series(week_count) }}) as series
),

last_weeks as (
    select
        appointment_id,
        customer_id,
        web_window_end,
        {{ scv.iso_week_start(dbt.dateadd('second', -1, 'web_window_end')) }} as last_week_start
    from briefs
),

weeks as (
    select
        last_weeks.appointment_id,
        last_weeks.customer_id,
        last_weeks.web_window_end,
        cast(
            {{ dbt.dateadd('day', '(-7 * week_numbers.weeks_back)', 'last_weeks.last_week_start') }} as date
        ) as week_start
    from last_weeks
    cross join week_numbers
),

window_sessions as (
    select
        last_weeks.appointment_id,
        {{ scv.iso_week_start('sessions.session_start_at') }} as week_start,
        count(*) as sessions
    from last_weeks
    inner join sessions
        on
            last_weeks.customer_id = sessions.customer_id
            and last_weeks.web_window_end > sessions.session_start_at
            and cast({{ dbt.dateadd('day', -7 * (week_count - 1), 'last_weeks.last_week_start') }} as date)
            <= cast(sessions.session_start_at as date)
    group by last_weeks.appointment_id, {{ scv.iso_week_start('sessions.session_start_at') }}
),

final as (
    select
        {{ scv.hash_key(['weeks.appointment_id', 'weeks.week_start']) }} as weekly_visit_key,
        weeks.appointment_id,
        weeks.week_start,
        cast(coalesce(window_sessions.sessions, 0) as {{ dbt.type_int() }}) as sessions
    from weeks
    left join window_sessions
        on
            weeks.appointment_id = window_sessions.appointment_id
            and weeks.week_start = window_sessions.week_start
)

select * from final
