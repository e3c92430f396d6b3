-- A view, so that nothing about the people erased is stored: who the
-- erasure requests (crm.erasure_requests) name, as the identifiers the
-- build removes everywhere (macros/privacy/erasure.sql, docs/privacy.md).
-- The base models and hooks compute the same scope themselves; this view
-- shows it, e.g. to check a request before the build. Empty while nobody
-- asked.
{{ config(materialized='view') }}

{%- set types = [
    'crm_customer_id', 'ga_user_id', 'email', 'email_sha256', 'email_ad_sha256',
    'order_id', 'pos_sale_id', 'appointment_id', 'booking_id',
] %}

with scope as (
    {%- if scv.erasure_requested() %}
        {{ scv.erasure_scope(types) }}
    {%- else %}
        -- the request list is empty (checked when the view was built)
        select
            cast(null as {{ dbt.type_string() }}) as identifier_type,
            cast(null as {{ dbt.type_string() }}) as identifier_value
        from {{ source('crm', 'erasure_requests') }}
        where false
    {%- endif %}
),

final as (
    select
        identifier_type,
        identifier_value
    from scope
)

select * from final
