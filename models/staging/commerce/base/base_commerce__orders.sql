-- Every raw online order row, cleaned, typed and converted to the reporting
-- currency, with the reason it is rejected (null when it is staged).

{{ config(pre_hook="{{ scv.check_raw_extract('commerce', 'orders') }}") }}

{%- set raw_columns = scv.raw_contract_columns('commerce', 'orders') %}
{%- set amount_columns = ['subtotal_amount', 'discount_amount', 'shipping_amount', 'tax_amount', 'total_amount'] %}
{%- set required_amounts = ['subtotal_amount', 'total_amount'] %}
{%- set amount_checks = scv.invalid_amount_checks(amount_columns, required_amounts) %}

with source as (
    -- rows of people who asked to be forgotten are not read (macros/privacy/erasure.sql)
    select * from {{ scv.raw_extract_conformed(source('commerce', 'orders'), raw_columns) }} as extract_rows
    {{ scv.erasure_filter('commerce', 'orders') }}
),

country_name_variants as (
    select * from {{ ref('country_name_variants') }}
),

currency_rates as (
    {{ scv.reporting_currency_rates() }}
),

known_currencies as (
    {{ scv.known_currencies() }}
),

raw_text as (
    select
        {{ scv.raw_text_columns(raw_columns) }}
    from source
),

typed as (
    select
        raw_text.*,
        {% for column in amount_columns %}
            {{ scv.parse_amount('raw_text.' ~ column) }} as {{ column }}_parsed,
        {% endfor %}
        upper(raw_text.currency) as currency_code,
        {{ scv.normalise_email('raw_text.email') }} as email_normalised,
        {{ scv.parse_timestamp_utc('raw_text.ordered_at') }} as ordered_at_utc,
        {{ scv.parse_timestamp_utc('raw_text.updated_at') }} as updated_at_utc
    from raw_text
),

-- Amounts are converted at the rate in force on the order's UTC date.
converted as (
    select
        typed.*,
        currency_rates.rate_to_reporting,
        country_name_variants.country_code as shipping_country_code,
        {% for column in amount_columns %}
            {{ scv.to_reporting_currency('typed.' ~ column ~ '_parsed', 'currency_rates.rate_to_reporting') }}
                as {{ column }}_reporting,
        {% endfor %}
        known_currencies.currency_code is not null as is_currency_known
    from typed
    left join known_currencies
        on typed.currency_code = known_currencies.currency_code
    left join currency_rates
        on {{ scv.rate_in_force('currency_rates', 'typed.currency_code', 'cast(typed.ordered_at_utc as date)') }}
    left join country_name_variants
        on {{ scv.country_lookup_key('typed.shipping_country') }} = country_name_variants.country_name_variant
),

-- Rules that look at the row alone, in the documented order.
row_checked as (
    select
        *,
        case
            when order_id is null then 'missing_order_id'
            when ordered_at_utc is null then 'unparseable_timestamp'
            when not is_currency_known then 'unknown_currency'
            when {{ amount_checks | join(' or ') }} then 'invalid_amount'
        end as row_reason
    from converted
),

-- Identical raw rows are numbered so that every raw row has a key; the
-- number breaks the last tie below, so which copy is kept is repeatable.
numbered as (
    select
        *,
        row_number() over (partition by raw_row_hash order by raw_row_hash) as raw_row_occurrence
    from row_checked
),

-- Among the rows that passed, one per order_id: the latest updated_at
-- (the order time when the extract has none).
ranked as (
    select
        *,
        row_number() over (
            partition by order_id, row_reason
            order by coalesce(updated_at_utc, ordered_at_utc) desc, raw_row_hash asc, raw_row_occurrence asc
        ) as id_rank
    from numbered
),

final as (
    select
        order_id,
        customer_id,
        ordered_at_utc as ordered_at,
        currency_code,
        {% for column in amount_columns %}
            {{ column }}_parsed as {{ column }},
        {% endfor %}
        {% for column in amount_columns %}
            {{ column }}_reporting,
        {% endfor %}
        rate_to_reporting as fx_rate_to_reporting,
        shipping_country_code,
        updated_at_utc as updated_at,
        {% for column in raw_columns %}
            {{ column }} as raw_{{ column }},
        {% endfor %}
        case when {{ scv.is_valid_email('email_normalised') }} then email_normalised end as email,
        {{ scv.is_valid_email('email_normalised') }} as is_email_valid,
        {{ scv.normalise_code('status') }} as status,
        upper(promo_code) as promo_code,
        {{ scv.normalise_code('payment_method') }} as payment_method,
        case
            when shipping_country is not null then shipping_country_code is not null
        end as is_shipping_country_recognised,
        case
            when updated_at is not null then updated_at_utc is not null
        end as is_updated_at_valid,
        {{ scv.raw_row_key() }} as raw_row_key,
        coalesce(
            row_reason,
            case when id_rank > 1 then 'duplicate_order_id' end
        ) as quarantine_reason
    from ranked
)

select * from final
