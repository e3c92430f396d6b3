with base as (
    select * from {{ ref('base_crm__consents') }}
),

final as (
    select
        raw_row_key,
        quarantine_reason,
        raw_json_line as json_line
    from base
    where quarantine_reason is not null
)

select * from final
