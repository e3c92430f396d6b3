-- One row per customer_id: the golden record, each attribute chosen from
-- the person's records by survivorship rules (see the model's docs):
--   - profile fields: the most recent non-null value, CRM records by
--     updated_at (then created_at, then customer_id for ties);
--   - e-mail: a verified e-mail before an unverified one (verified: the
--     address also received an order confirmation, or its CRM record logs
--     in on the website), then CRM before orders, then the most recent;
--   - consent, per channel: the most restrictive wins (granted only when
--     every record with a recorded choice has granted it last);
--   - first_seen_at: the earliest sighting of any of the person's
--     identifiers, last_seen_at the latest.

with id_map as (
    select * from {{ ref('int_identity__id_map') }}
),

observations as (
    select * from {{ ref('int_identity__observations') }}
),

crm_customers as (
    select * from {{ ref('stg_crm__customers') }}
),

consents as (
    select * from {{ ref('stg_crm__consents') }}
),

orders as (
    select * from {{ ref('stg_commerce__orders') }}
),

-- customer_id is the single customer view's id from here on; the CRM's own
-- id is crm_customer_id.
crm_records as (
    select
        id_map.customer_id,
        crm_customers.customer_id as crm_customer_id,
        crm_customers.title,
        crm_customers.given_name,
        crm_customers.family_name,
        crm_customers.gender,
        crm_customers.birth_date,
        crm_customers.is_birth_date_valid,
        crm_customers.email,
        crm_customers.is_email_valid,
        crm_customers.phone_e164,
        crm_customers.is_phone_valid,
        crm_customers.street_address,
        crm_customers.postcode,
        crm_customers.city,
        crm_customers.region,
        crm_customers.country_code,
        crm_customers.preferred_language,
        crm_customers.home_boutique_id,
        crm_customers.loyalty_tier,
        crm_customers.created_at,
        crm_customers.updated_at
    from crm_customers
    inner join id_map
        on
            id_map.identifier_type = 'crm_customer_id'
            and crm_customers.customer_id = id_map.identifier_value
),

-- CRM records whose id the website sends as GA4 user id at login.
web_logins as (
    select distinct right_identifier_value as crm_customer_id
    from observations
    where link_source = 'ga4_user_id_is_crm_id'
),

ordered_emails as (
    select distinct {{ scv.pseudonymise('email') }} as email_hash
    from orders
    where is_email_valid
),

email_candidates as (
    select
        crm_records.customer_id,
        crm_records.email,
        {{ scv.pseudonymise('crm_records.email') }} as email_hash,
        1 as source_priority,
        coalesce(crm_records.updated_at, crm_records.created_at) as seen_at
    from crm_records
    where crm_records.is_email_valid
    union all
    select
        id_map.customer_id,
        orders.email,
        {{ scv.pseudonymise('orders.email') }} as email_hash,
        2 as source_priority,
        orders.ordered_at as seen_at
    from orders
    inner join id_map
        on id_map.identifier_type = 'order_id' and orders.order_id = id_map.identifier_value
    where orders.is_email_valid
),

-- Placeholders (test@test.com) and shared addresses are never a person's
-- e-mail.
usable_emails as (
    select
        email_candidates.*,
        (
            ordered_emails.email_hash is not null
            or (
                email_candidates.source_priority = 1
                and email_candidates.email in (
                    select crm_records.email
                    from crm_records
                    inner join web_logins on crm_records.crm_customer_id = web_logins.crm_customer_id
                )
            )
        ) as is_verified
    from email_candidates
    left join ordered_emails
        on email_candidates.email_hash = ordered_emails.email_hash
    where email_candidates.email_hash in (
            select kept_emails.identifier_value from id_map as kept_emails
            where kept_emails.identifier_type = 'email_sha256'
        )
),

best_email as (
    select
        customer_id,
        {{ scv.first_non_null('email', 'is_verified desc, source_priority, seen_at desc, email') }} as email,
        max(case when is_verified then 1 else 0 end) = 1 as is_email_verified
    from usable_emails
    group by customer_id
),

profile as (
    {%- set recency = 'updated_at desc nulls last, created_at desc nulls last, crm_customer_id' %}
    select
        customer_id,
        count(*) as crm_record_count,
        {{ scv.first_non_null('crm_customer_id', recency) }} as primary_crm_customer_id,
        {{ scv.first_non_null('title', recency) }} as title,
        {{ scv.first_non_null('given_name', recency) }} as given_name,
        {{ scv.first_non_null('family_name', recency) }} as family_name,
        {{ scv.first_non_null('gender', recency) }} as gender,
        {{ scv.first_non_null('case when is_birth_date_valid then birth_date end', recency) }} as birth_date,
        {{ scv.first_non_null('case when is_phone_valid then phone_e164 end', recency) }} as phone_e164,
        {{ scv.first_non_null('street_address', recency) }} as street_address,
        {{ scv.first_non_null('postcode', recency) }} as postcode,
        {{ scv.first_non_null('city', recency) }} as city,
        {{ scv.first_non_null('region', recency) }} as region,
        {{ scv.first_non_null('country_code', recency) }} as country_code,
        {{ scv.first_non_null('preferred_language', recency) }} as preferred_language,
        {{ scv.first_non_null('home_boutique_id', recency) }} as home_boutique_id,
        {{ scv.first_non_null('loyalty_tier', recency) }} as loyalty_tier,
        min(created_at) as crm_created_at,
        max(updated_at) as crm_updated_at
    from crm_records
    group by customer_id
),

-- Each record's latest choice per channel, then the most restrictive one.
latest_consents as (
    select
        crm_records.customer_id,
        crm_records.crm_customer_id,
        consents.channel,
        {{ scv.first_non_null('consents.is_granted', 'consents.recorded_at desc, consents.consent_id') }}
            as is_granted
    from consents
    inner join crm_records
        on consents.customer_id = crm_records.crm_customer_id
    group by crm_records.customer_id, crm_records.crm_customer_id, consents.channel
),

latest_consent_flags as (
    select
        customer_id,
        channel,
        case when is_granted then 1 else 0 end as granted_flag
    from latest_consents
),

consent_by_channel as (
    select
        customer_id,
        min(case when channel = 'email' then granted_flag end) = 1 as has_email_consent,
        min(case when channel = 'sms' then granted_flag end) = 1 as has_sms_consent,
        min(case when channel = 'phone' then granted_flag end) = 1 as has_phone_consent,
        min(case when channel = 'mail' then granted_flag end) = 1 as has_mail_consent,
        min(case when channel = 'personalised_ads' then granted_flag end) = 1 as has_personalised_ads_consent,
        count(*) as recorded_choice_count
    from latest_consent_flags
    group by customer_id
),

identifier_summary as (
    select
        customer_id,
        min(first_seen_at) as first_seen_at,
        max(last_seen_at) as last_seen_at,
        count(*) as identifier_count,
        sum(case when identifier_type = 'ga_client' then 1 else 0 end) as browser_count,
        sum(case when identifier_type = 'order_id' then 1 else 0 end) as online_order_count,
        sum(case when identifier_type = 'pos_sale_id' then 1 else 0 end) as pos_sale_count,
        sum(case when identifier_type = 'appointment_id' then 1 else 0 end) as appointment_count
    from id_map
    group by customer_id
),

final as (
    select
        identifier_summary.customer_id,
        profile.primary_crm_customer_id,
        coalesce(profile.crm_record_count, 0) as crm_record_count,
        profile.title,
        profile.given_name,
        profile.family_name,
        profile.gender,
        profile.birth_date,
        best_email.email,
        {{ scv.sha256_hex('best_email.email') }} as email_sha256,
        coalesce(best_email.is_email_verified, false) as is_email_verified,
        profile.phone_e164,
        {{ scv.sha256_hex('profile.phone_e164') }} as phone_sha256,
        profile.street_address,
        profile.postcode,
        profile.city,
        profile.region,
        profile.country_code,
        profile.preferred_language,
        profile.home_boutique_id,
        profile.loyalty_tier,
        consent_by_channel.has_email_consent,
        consent_by_channel.has_sms_consent,
        consent_by_channel.has_phone_consent,
        consent_by_channel.has_mail_consent,
        consent_by_channel.has_personalised_ads_consent,
        identifier_summary.first_seen_at,
        identifier_summary.last_seen_at,
        profile.crm_created_at,
        profile.crm_updated_at,
        identifier_summary.identifier_count,
        identifier_summary.browser_count,
        identifier_summary.online_order_count,
        identifier_summary.pos_sale_count,
        identifier_summary.appointment_count
    from identifier_summary
    left join profile
        on identifier_summary.customer_id = profile.customer_id
    left join best_email
        on identifier_summary.customer_id = best_email.customer_id
    left join consent_by_channel
        on identifier_summary.customer_id = consent_by_channel.customer_id
)

select * from final
