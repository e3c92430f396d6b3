-- Every place an identifier is seen, alone or together with another one:
-- the raw material of the identity graph. One row per source, identifier
-- and (optional) second identifier, with when and how often they were seen.
-- A row with a second identifier is a link (the two belong to one person);
-- a row without one only says the identifier exists (a browser that never
-- logged in still gets a customer_id). Contact details are stored as keyed
-- hashes (SHA-256 of the pseudonymisation salt and the normalised value,
-- macros/privacy/pseudonymisation.sql); whether the plain value was a
-- placeholder is decided here, before hashing. Web identifiers come from
-- the web event contract (int_web__events: GA4 and GA360), never from an
-- export directly.

with web_events as (
    select * from {{ ref('int_web__events') }}
),

crm_customers as (
    select * from {{ ref('stg_crm__customers') }}
),

crm_matches as (
    select * from {{ ref('int_crm__customer_matches') }}
),

appointments as (
    select * from {{ ref('stg_crm__appointments') }}
),

orders as (
    select * from {{ ref('stg_commerce__orders') }}
),

pos_sales as (
    select * from {{ ref('stg_commerce__pos_sales') }}
),

-- Web events (the contract int_web__events, GA4 and GA360): a browser
-- (GA4: stream_id/user_pseudo_id, as pseudo ids are only unique within a
-- stream; GA360: fullVisitorId) with the user id it logged in with, the
-- booking id its booking form sent, and the transaction id of its
-- purchases. link_source names the tracker (ga4_event, ga360_event).
web_ids as (
    select
        {{ dbt.concat(['web_source', "'_event'"]) }} as link_source,
        client_identifier_type,
        client_identifier,
        user_id,
        {%- set booking_events = var('ga4_booking_event_names') %}
        case
            when event_name in ('{{ booking_events | join("', '") }}') then booking_id  -- noqa: LT05
        end as booking_id,
        case when event_name = 'purchase' then transaction_id end as transaction_id,
        event_at
    from web_events
),

web_browsers as (
    select
        link_source,
        client_identifier_type as left_identifier_type,
        client_identifier as left_identifier_value,
        cast(null as {{ dbt.type_string() }}) as right_identifier_type,
        cast(null as {{ dbt.type_string() }}) as right_identifier_value,
        cast(null as {{ dbt.type_string() }}) as right_placeholder_reason,
        min(event_at) as first_seen_at,
        max(event_at) as last_seen_at,
        count(*) as times_seen
    from web_ids
    group by link_source, client_identifier_type, client_identifier
),

web_logins as (
    select
        link_source,
        client_identifier_type as left_identifier_type,
        client_identifier as left_identifier_value,
        'ga_user_id' as right_identifier_type,
        user_id as right_identifier_value,
        cast(null as {{ dbt.type_string() }}) as right_placeholder_reason,
        min(event_at) as first_seen_at,
        max(event_at) as last_seen_at,
        count(*) as times_seen
    from web_ids
    where user_id is not null
    group by link_source, client_identifier_type, client_identifier, user_id
),

web_bookings as (
    select
        link_source,
        client_identifier_type as left_identifier_type,
        client_identifier as left_identifier_value,
        'booking_id' as right_identifier_type,
        booking_id as right_identifier_value,
        cast(null as {{ dbt.type_string() }}) as right_placeholder_reason,
        min(event_at) as first_seen_at,
        max(event_at) as last_seen_at,
        count(*) as times_seen
    from web_ids
    where booking_id is not null
    group by link_source, client_identifier_type, client_identifier, booking_id
),

web_purchases as (
    select
        link_source,
        client_identifier_type as left_identifier_type,
        client_identifier as left_identifier_value,
        'order_id' as right_identifier_type,
        transaction_id as right_identifier_value,
        cast(null as {{ dbt.type_string() }}) as right_placeholder_reason,
        min(event_at) as first_seen_at,
        max(event_at) as last_seen_at,
        count(*) as times_seen
    from web_ids
    where transaction_id is not null and {{ var('ga4_transaction_id_is_order_id') }}
    group by link_source, client_identifier_type, client_identifier, transaction_id
),

-- GA4 kept the UA _ga cookie (a var says so): a GA360 browser whose
-- clientId is a GA4 user_pseudo_id is that GA4 browser, which joins its UA
-- history to the person GA4 knows.
ua_browsers as (
    select distinct
        client_identifier_type,
        client_identifier,
        cookie_id
    from web_events
    where web_source = 'ga360' and cookie_id is not null
),

ga4_browsers as (
    select
        client_identifier_type,
        client_identifier,
        cookie_id,
        min(event_at) as first_seen_at,
        max(event_at) as last_seen_at
    from web_events
    where web_source = 'ga4'
    group by client_identifier_type, client_identifier, cookie_id
),

web_cookie_carried_over as (
    select
        'ga360_client_id_is_ga4_cookie' as link_source,
        ua_browsers.client_identifier_type as left_identifier_type,
        ua_browsers.client_identifier as left_identifier_value,
        ga4_browsers.client_identifier_type as right_identifier_type,
        ga4_browsers.client_identifier as right_identifier_value,
        cast(null as {{ dbt.type_string() }}) as right_placeholder_reason,
        min(ga4_browsers.first_seen_at) as first_seen_at,
        max(ga4_browsers.last_seen_at) as last_seen_at,
        count(*) as times_seen
    from ua_browsers
    inner join ga4_browsers
        on ua_browsers.cookie_id = ga4_browsers.cookie_id
    where {{ var('ga360_client_id_is_ga4_user_pseudo_id') }}
    group by
        ua_browsers.client_identifier_type,
        ua_browsers.client_identifier,
        ga4_browsers.client_identifier_type,
        ga4_browsers.client_identifier
),

ga4_user_ids_in_crm as (
    select
        'ga4_user_id_is_crm_id' as link_source,
        'ga_user_id' as left_identifier_type,
        web_logins.right_identifier_value as left_identifier_value,
        'crm_customer_id' as right_identifier_type,
        crm_customers.customer_id as right_identifier_value,
        cast(null as {{ dbt.type_string() }}) as right_placeholder_reason,
        min(web_logins.first_seen_at) as first_seen_at,
        max(web_logins.last_seen_at) as last_seen_at,
        sum(web_logins.times_seen) as times_seen
    from web_logins
    inner join crm_customers
        on web_logins.right_identifier_value = crm_customers.customer_id
    where {{ var('ga4_user_id_is_crm_customer_id') }}
    group by web_logins.right_identifier_value, crm_customers.customer_id
),

crm_contacts as (
    select
        customer_id,
        coalesce(created_at, updated_at) as first_seen_at,
        coalesce(updated_at, created_at) as last_seen_at,
        case when is_email_valid then email end as email,
        case when is_phone_valid then phone_e164 end as phone_e164
    from crm_customers
),

crm_records as (
    select
        'crm_customer' as link_source,
        'crm_customer_id' as left_identifier_type,
        customer_id as left_identifier_value,
        cast(null as {{ dbt.type_string() }}) as right_identifier_type,
        cast(null as {{ dbt.type_string() }}) as right_identifier_value,
        cast(null as {{ dbt.type_string() }}) as right_placeholder_reason,
        first_seen_at,
        last_seen_at,
        1 as times_seen
    from crm_contacts
),

crm_emails as (
    select
        'crm_customer' as link_source,
        'crm_customer_id' as left_identifier_type,
        customer_id as left_identifier_value,
        'email_sha256' as right_identifier_type,
        {{ scv.pseudonymise('email') }} as right_identifier_value,
        {{ scv.identity_placeholder_email_reason('email') }} as right_placeholder_reason,
        first_seen_at,
        last_seen_at,
        1 as times_seen
    from crm_contacts
    where email is not null
),

crm_phones as (
    select
        'crm_customer' as link_source,
        'crm_customer_id' as left_identifier_type,
        customer_id as left_identifier_value,
        'phone_sha256' as right_identifier_type,
        {{ scv.pseudonymise('phone_e164') }} as right_identifier_value,
        {{ scv.identity_placeholder_phone_reason('phone_e164') }} as right_placeholder_reason,
        first_seen_at,
        last_seen_at,
        1 as times_seen
    from crm_contacts
    where phone_e164 is not null
),

-- CRM records of one person found by the de-duplication (no shared contact).
crm_duplicates as (
    select
        'crm_duplicate_match' as link_source,
        'crm_customer_id' as left_identifier_type,
        crm_matches.left_customer_id as left_identifier_value,
        'crm_customer_id' as right_identifier_type,
        crm_matches.right_customer_id as right_identifier_value,
        cast(null as {{ dbt.type_string() }}) as right_placeholder_reason,
        least(left_contacts.first_seen_at, right_contacts.first_seen_at) as first_seen_at,
        greatest(left_contacts.last_seen_at, right_contacts.last_seen_at) as last_seen_at,
        1 as times_seen
    from crm_matches
    inner join crm_contacts as left_contacts
        on crm_matches.left_customer_id = left_contacts.customer_id
    inner join crm_contacts as right_contacts
        on crm_matches.right_customer_id = right_contacts.customer_id
),

order_contacts as (
    select
        order_id,
        customer_id,
        ordered_at,
        case when is_email_valid then email end as email
    from orders
),

online_orders as (
    select
        'online_order' as link_source,
        'order_id' as left_identifier_type,
        order_id as left_identifier_value,
        case when customer_id is not null then 'crm_customer_id' end as right_identifier_type,
        customer_id as right_identifier_value,
        cast(null as {{ dbt.type_string() }}) as right_placeholder_reason,
        ordered_at as first_seen_at,
        ordered_at as last_seen_at,
        1 as times_seen
    from order_contacts
    union all
    select
        'online_order' as link_source,
        'order_id' as left_identifier_type,
        order_id as left_identifier_value,
        'email_sha256' as right_identifier_type,
        {{ scv.pseudonymise('email') }} as right_identifier_value,
        {{ scv.identity_placeholder_email_reason('email') }} as right_placeholder_reason,
        ordered_at as first_seen_at,
        ordered_at as last_seen_at,
        1 as times_seen
    from order_contacts
    where email is not null
),

store_sales as (
    select
        'pos_sale' as link_source,
        'pos_sale_id' as left_identifier_type,
        sale_id as left_identifier_value,
        case when customer_id is not null then 'crm_customer_id' end as right_identifier_type,
        customer_id as right_identifier_value,
        cast(null as {{ dbt.type_string() }}) as right_placeholder_reason,
        sold_at as first_seen_at,
        sold_at as last_seen_at,
        1 as times_seen
    from pos_sales
),

booked_appointments as (
    select
        'appointment' as link_source,
        'appointment_id' as left_identifier_type,
        appointment_id as left_identifier_value,
        case when customer_id is not null then 'crm_customer_id' end as right_identifier_type,
        customer_id as right_identifier_value,
        cast(null as {{ dbt.type_string() }}) as right_placeholder_reason,
        booked_at as first_seen_at,
        booked_at as last_seen_at,
        1 as times_seen
    from appointments
    union all
    select
        'appointment' as link_source,
        'appointment_id' as left_identifier_type,
        appointment_id as left_identifier_value,
        'booking_id' as right_identifier_type,
        booking_id as right_identifier_value,
        cast(null as {{ dbt.type_string() }}) as right_placeholder_reason,
        booked_at as first_seen_at,
        booked_at as last_seen_at,
        1 as times_seen
    from appointments
    where booking_id is not null
),

unioned as (
    select * from web_browsers
    union all
    select * from web_logins
    union all
    select * from web_bookings
    union all
    select * from web_purchases
    union all
    select * from web_cookie_carried_over
    union all
    select * from ga4_user_ids_in_crm
    union all
    select * from crm_records
    union all
    select * from crm_emails
    union all
    select * from crm_phones
    union all
    select * from crm_duplicates
    union all
    select * from online_orders
    union all
    select * from store_sales
    union all
    select * from booked_appointments
),

final as (
    select
        {{ scv.hash_key([
            'link_source', 'left_identifier_type', 'left_identifier_value',
            'right_identifier_type', 'right_identifier_value',
        ]) }} as observation_key,
        link_source,
        left_identifier_type,
        left_identifier_value,
        right_identifier_type,
        right_identifier_value,
        right_placeholder_reason,
        first_seen_at,
        last_seen_at,
        times_seen
    from unioned
)

select * from final
