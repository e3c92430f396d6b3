-- Every raw CRM customer row, cleaned and typed, with the reason it is
-- rejected (null when it is staged). stg_crm__customers and its quarantine
-- twin both read this model, so the two always add up to the raw rows.

{{ config(pre_hook="{{ scv.check_raw_extract('crm', 'customers') }}") }}

{%- set raw_columns = scv.raw_contract_columns('crm', 'customers') %}

with source as (
    -- rows of people who asked to be forgotten are not read (macros/privacy/erasure.sql)
    select * from {{ scv.raw_extract_conformed(source('crm', 'customers'), raw_columns) }} as extract_rows
    {{ scv.erasure_filter('crm', 'customers') }}
),

boutiques as (
    select * from {{ ref('boutiques') }}
),

country_codes as (
    select * from {{ ref('country_codes') }}
),

country_name_variants as (
    select * from {{ ref('country_name_variants') }}
),

raw_text as (
    select
        {{ scv.raw_text_columns(raw_columns) }}
    from source
),

with_country as (
    select
        raw_text.*,
        country_name_variants.country_code,
        home_boutique.country_code as home_boutique_country_code
    from raw_text
    left join country_name_variants
        on {{ scv.country_lookup_key('raw_text.country') }} = country_name_variants.country_name_variant
    left join boutiques as home_boutique
        on upper(raw_text.home_boutique_id) = home_boutique.boutique_id
),

-- The phone's dialling context is the customer's country, or the home
-- boutique's country when the record has no recognisable country.
with_dialling_context as (
    select
        with_country.*,
        country_codes.nsn_min_length as dialling_nsn_min_length,
        country_codes.nsn_max_length as dialling_nsn_max_length,
        cast(country_codes.calling_code as {{ dbt.type_string() }}) as dialling_calling_code,
        cast(country_codes.trunk_prefix as {{ dbt.type_string() }}) as dialling_trunk_prefix
    from with_country
    left join country_codes
        on coalesce(with_country.country_code, with_country.home_boutique_country_code) = country_codes.country_code
),

cleaned as (
    select
        customer_id,
        title,
        street_address,
        region,
        country_code,
        raw_row_hash,
        {% for column in raw_columns %}
            {{ column }} as raw_{{ column }},
        {% endfor %}
        {{ scv.tidy_name('given_name') }} as given_name,
        {{ scv.tidy_name('family_name') }} as family_name,
        {{ scv.normalise_email('email') }} as email_normalised,
        {{ scv.normalise_phone_e164(
            'phone',
            'dialling_calling_code',
            'dialling_trunk_prefix',
            'dialling_nsn_min_length',
            'dialling_nsn_max_length'
        ) }} as phone_e164,
        {{ scv.parse_date('birth_date') }} as birth_date_parsed,
        upper(gender) as gender_upper,
        upper(postcode) as postcode,
        {{ scv.tidy_name('city') }} as city,
        {{ scv.normalise_language_tag('preferred_language') }} as preferred_language,
        upper(home_boutique_id) as home_boutique_id,
        {{ scv.tidy_name('loyalty_tier') }} as loyalty_tier,
        {{ scv.parse_timestamp_utc('created_at') }} as created_at_utc,
        {{ scv.parse_timestamp_utc('updated_at') }} as updated_at_utc
    from with_dialling_context
),

-- Rules that look at the row alone, in the documented order.
row_checked as (
    select
        *,
        case
            when customer_id is null then 'missing_customer_id'
            when created_at_utc is null or updated_at_utc is null then 'unparseable_timestamp'
        end as row_reason
    from cleaned
),

-- Identical raw rows are numbered so that every raw row has a key; the
-- number breaks the last tie below, so which copy is kept is repeatable.
numbered as (
    select
        *,
        row_number() over (partition by raw_row_hash order by raw_row_hash) as raw_row_occurrence
    from row_checked
),

-- Among the rows that passed, one per customer_id: the latest updated_at.
ranked as (
    select
        *,
        row_number() over (
            partition by customer_id, row_reason
            order by updated_at_utc desc, created_at_utc desc, raw_row_hash asc, raw_row_occurrence asc
        ) as id_rank
    from numbered
),

final as (
    select
        customer_id,
        title,
        given_name,
        family_name,
        phone_e164,
        street_address,
        postcode,
        city,
        region,
        country_code,
        preferred_language,
        home_boutique_id,
        loyalty_tier,
        created_at_utc as created_at,
        updated_at_utc as updated_at,
        {% for column in raw_columns %}
            raw_{{ column }},
        {% endfor %}
        case when {{ scv.is_valid_email('email_normalised') }} then email_normalised end as email,
        {{ scv.is_valid_email('email_normalised') }} as is_email_valid,
        case when raw_phone is not null then phone_e164 is not null end as is_phone_valid,
        case
            when birth_date_parsed between cast('1900-01-01' as date) and current_date
                then birth_date_parsed
        end as birth_date,
        case
            when raw_birth_date is not null
                then coalesce(birth_date_parsed between cast('1900-01-01' as date) and current_date, false)
        end as is_birth_date_valid,
        case when gender_upper in ('F', 'M', 'X') then gender_upper end as gender,
        case when raw_country is not null then country_code is not null end as is_country_recognised,
        {{ scv.raw_row_key() }} as raw_row_key,
        coalesce(
            row_reason,
            case when id_rank > 1 then 'duplicate_customer_id' end
        ) as quarantine_reason
    from ranked
)

select * from final
