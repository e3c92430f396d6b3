with base as (
    select * from {{ ref('base_crm__customers') }}
),

final as (
    select
        customer_id,
        title,
        given_name,
        family_name,
        email,
        is_email_valid,
        phone_e164,
        is_phone_valid,
        birth_date,
        is_birth_date_valid,
        gender,
        street_address,
        postcode,
        city,
        region,
        country_code,
        is_country_recognised,
        preferred_language,
        home_boutique_id,
        loyalty_tier,
        created_at,
        updated_at
    from base
    where quarantine_reason is null
)

select * from final
