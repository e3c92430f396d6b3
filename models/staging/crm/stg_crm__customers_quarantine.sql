with base as (
    select * from {{ ref('base_crm__customers') }}
),

final as (
    select
        raw_row_key,
        quarantine_reason,
        raw_customer_id as customer_id,
        raw_title as title,
        raw_given_name as given_name,
        raw_family_name as family_name,
        raw_email as email,
        raw_phone as phone,
        raw_birth_date as birth_date,
        raw_gender as gender,
        raw_street_address as street_address,
        raw_postcode as postcode,
        raw_city as city,
        raw_region as region,
        raw_country as country,
        raw_preferred_language as preferred_language,
        raw_home_boutique_id as home_boutique_id,
        raw_loyalty_tier as loyalty_tier,
        raw_created_at as created_at,
        raw_updated_at as updated_at
    from base
    where quarantine_reason is not null
)

select * from final
