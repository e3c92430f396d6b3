with base as (
    select * from {{ ref('base_crm__appointments') }}
),

final as (
    select
        appointment_id,
        customer_id,
        boutique_id,
        booking_id,
        booked_at,
        scheduled_at,
        status,
        motivation,
        channel
    from base
    where quarantine_reason is null
)

select * from final
