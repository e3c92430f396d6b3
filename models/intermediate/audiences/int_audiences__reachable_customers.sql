-- The customers an ad audience may hold, one row per customer_id, with the
-- identifiers ad platforms match on, hashed, and the holdout split. Rules
-- and their sources are in the model's docs (_int_audiences__docs.md):
--   - consent: the golden record's current consent for the channel named by
--     var `audience_consent_channel` (default personalised_ads: the choice
--     a customer makes about ads tailored to them, which covers handing
--     their contact details to an ad platform for matching); a missing
--     choice is no consent;
--   - reachable: at least one of e-mail and phone, else no platform can
--     match the customer;
--   - hashes: SHA-256 hex (lower case) of the normalised value, never the
--     value itself: the e-mail trimmed and lower-cased (Meta and Google
--     Customer Match), the phone in E.164 with '+' (Google) and as digits
--     only, country code included (Meta);
--   - holdout: a customer is held out of every audience when the hash
--     fraction of var `audience_holdout_salt` || '|' || customer_id is
--     below var `audience_holdout_share`.
{%- set consent_channel = var('audience_consent_channel', 'personalised_ads') %}
{%- set consent_channels = ['email', 'sms', 'phone', 'mail', 'personalised_ads'] %}
{%- if consent_channel not in consent_channels %}
    {{- exceptions.raise_compiler_error(
        "var audience_consent_channel must be one of " ~ consent_channels | join(', ')
        ~ ", got '" ~ consent_channel ~ "'"
    ) }}
{%- endif %}
{%- set holdout_share = var('audience_holdout_share', 0.1) | float %}
{%- if holdout_share < 0 or holdout_share > 1 %}
    {{- exceptions.raise_compiler_error(
        "var audience_holdout_share is the share of each audience held out, between 0 and 1, got "
        ~ holdout_share
    ) }}
{%- endif %}
{%- set holdout_salt = var('audience_holdout_salt', 'audience-holdout') | string %}
{%- if not modules.re.match('^[A-Za-z0-9_.:-]*$', holdout_salt) %}
    {{- exceptions.raise_compiler_error(
        "var audience_holdout_salt may hold letters, digits and _ . : - only, got '" ~ holdout_salt ~ "'"
    ) }}
{%- endif %}

with customers as (
    select * from {{ ref('int_customers__golden') }}
),

contacts as (
    select
        customer_id,
        {{ scv.normalise_email('email') }} as normalised_email,
        phone_e164,
        has_{{ consent_channel }}_consent as has_consent
    from customers
),

reachable as (
    select *
    from contacts
    where
        coalesce(has_consent, false)
        and (normalised_email is not null or phone_e164 is not null)
),

final as (
    select
        customer_id,
        {{ scv.sha256_hex('customer_id') }} as external_id,
        '{{ consent_channel }}' as consent_channel,
        {{ scv.sha256_hex('normalised_email') }} as email_sha256,
        {{ scv.sha256_hex('phone_e164') }} as phone_e164_sha256,
        {{ scv.sha256_hex(dbt.replace('phone_e164', "'+'", "''")) }} as phone_digits_sha256,
        {{ scv.hash_fraction(dbt.concat(["'" ~ holdout_salt ~ "|'", 'customer_id'])) }} as holdout_fraction,
        {{ scv.hash_fraction(dbt.concat(["'" ~ holdout_salt ~ "|'", 'customer_id'])) }}
        < {{ holdout_share }} as is_holdout
    from reachable
)

select * from final
