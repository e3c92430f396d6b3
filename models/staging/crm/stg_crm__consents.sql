with base as (
    select * from {{ ref('base_crm__consents') }}
),

final as (
    select
        consent_id,
        customer_id,
        channel,
        status,
        is_granted,
        recorded_at,
        consent_source
    from base
    where quarantine_reason is null
)

select * from final
