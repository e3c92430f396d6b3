with base as (
    select * from {{ ref('base_crm__appointments') }}
),

final as (
    select
        raw_row_key,
        quarantine_reason,
        raw_appointment_id as appointment_id,
        raw_customer_id as customer_id,
        raw_boutique_id as boutique_id,
        raw_booked_at as booked_at,
        raw_scheduled_at as scheduled_at,
        raw_motivation as motivation,
        raw_status as status,
        raw_booking_id as booking_id,
        raw_channel as channel
    from base
    where quarantine_reason is not null
)

select * from final
