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

with base as (
    select * from {{ ref('base_ga360__hits') }}
    where row_reason is null
),

ranked as (
    select
        *,
        row_number() over (
            partition by session_key, hit_number
            order by is_intraday, source_file, source_row_id, hit_index
        ) as hit_copy_number
    from base
),

timed as (
    select
        *,
        coalesce(
            hit_time_msec,
            last_value(hit_time_msec ignore nulls) over (
                partition by session_key
                order by hit_number
                rows between unbounded preceding and 1 preceding
            ),
            0
        ) as hit_offset_msec
    from ranked
    where hit_copy_number = 1
),

final as (
    select
        {{ scv.hash_key(['session_key', 'hit_number']) }} as hit_key,
        session_key,
        {{ scv.hash_key(["'ga360'", 'full_visitor_id']) }} as client_key,
        hit_number,
        {{ scv.timestamp_from_micros('visit_start_time * 1000000 + hit_offset_msec * 1000') }} as hit_at,
        hit_time_msec is null as is_hit_time_imputed,
        {{ scv.ga360_event_name('hit_type', 'ecommerce_action_type', 'event_action', 'transaction_id') }}
            as event_name,
        hit_type,
        hit_type = 'PAGE' as is_page_view,
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
