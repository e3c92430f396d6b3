-- One row per unique GA360 hit (page view, event, ecommerce action,
-- transaction) of a staged session, with its GA4-style event name
-- (ga360_event_name), its time and its transaction.
--
-- Hits of a rejected session row (stg_ga360__sessions_quarantine) are not
-- staged. A hit is identified by its session and hitNumber, which numbers
-- the hits of a session across the rows of a session split at midnight; a
-- hit read twice (a copied row, the intraday table repeating the daily
-- one) is kept once, from the daily table.
--
-- A hit without a time (the export leaves `time` empty on some hits) takes
-- the time of the hit before it in the session (is_hit_time_imputed).

-- A view: base_ga360__hits holds the keyed, named hit rows as a table;
-- writing them a second time would double the cost of GA360 staging.
{{ config(materialized='view') }}

with base as (
    select * from {{ ref('base_ga360__hits') }}
    where row_reason is null
),

-- the sessions with a copied row: the only ones whose hits can repeat, so
-- the only ones de-duplicated (a window over every hit would sort them all)
copied_sessions as (
    select distinct session_key
    from {{ ref('base_ga360__session_duplicates') }}
),

single_copy as (
    select
        base.*,
        1 as hit_copy_number
    from base
    left join copied_sessions
        on base.session_key = copied_sessions.session_key
    where copied_sessions.session_key is null
),

ranked as (
    select
        base.*,
        row_number() over (
            partition by base.session_key, base.hit_number
            order by base.is_intraday asc, base.source_file asc, base.source_row_id asc, base.hit_index asc
        ) as hit_copy_number
    from base
    inner join copied_sessions
        on base.session_key = copied_sessions.session_key
),

deduplicated as (
    select * from single_copy
    union all
    select * from ranked
    where hit_copy_number = 1
),

-- likewise, the time of the hit before is looked up only in the sessions
-- that have a hit without time
sessions_with_gaps as (
    select distinct session_key
    from deduplicated
    where hit_time_msec is null
),

timed as (
    select
        deduplicated.*,
        deduplicated.hit_time_msec as hit_offset_msec
    from deduplicated
    left join sessions_with_gaps
        on deduplicated.session_key = sessions_with_gaps.session_key
    where sessions_with_gaps.session_key is null
    union all
    select
        deduplicated.*,
        coalesce(
            deduplicated.hit_time_msec,
            last_value(deduplicated.hit_time_msec ignore nulls) over (
                partition by deduplicated.session_key
                order by deduplicated.hit_number
                rows between unbounded preceding and 1 preceding
            ),
            0
        ) as hit_offset_msec
    from deduplicated
    inner join sessions_with_gaps
        on deduplicated.session_key = sessions_with_gaps.session_key
),

final as (
    select
        hit_key,
        session_key,
        client_key,
        hit_number,
        {{ scv.timestamp_from_micros('visit_start_time * 1000000 + hit_offset_msec * 1000') }} as hit_at,
        hit_time_msec is null as is_hit_time_imputed,
        event_name,
        hit_type,
        is_page_view,
        coalesce(is_interactive, true) as is_interactive,
        coalesce(is_entrance, false) as is_entrance,
        coalesce(is_exit, false) as is_exit,
        page_hostname,
        page_path,
        page_title,
        event_category,
        event_action,
        event_label,
        event_value,
        nullif(ecommerce_action_type, '0') as ecommerce_action_type,
        ecommerce_action_step,
        transaction_id,
        currency,
        transaction_revenue,
        transaction_tax,
        transaction_shipping,
        transaction_revenue_in_view_currency,
        {{ scv.array_size('products') }} as product_count,
        products,
        export_date,
        is_intraday,
        source_file
    from timed
)

select * from final
