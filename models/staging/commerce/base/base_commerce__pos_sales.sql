-- Every raw in-store sale row, cleaned, typed and converted to the reporting
-- currency, with the reason it is rejected (null when it is staged).

{{ config(pre_hook="{{ scv.check_raw_extract('commerce', 'pos_sales') }}") }}

{%- set raw_columns = scv.raw_contract_columns('commerce', 'pos_sales') %}
{%- set amount_columns = ['total_amount', 'discount_amount'] %}
{%- set required_amounts = ['total_amount'] %}
{%- set amount_checks = scv.invalid_amount_checks(amount_columns, required_amounts) %}

with source as (
    -- rows of people who asked to be forgotten are not read (macros/privacy/erasure.sql)
    select * from {{ scv.raw_extract_conformed(source('commerce', 'pos_sales'), raw_columns) }} as extract_rows
    {{ scv.erasure_filter('commerce', 'pos_sales') }}
),

boutiques as (
    select * from {{ ref('boutiques') }}
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

-- Tills write local time without offset: the boutique's time zone turns it
-- into UTC.
typed as (
    select
        raw_text.*,
        {% for column in amount_columns %}
            {{ scv.parse_amount('raw_text.' ~ column) }} as {{ column }}_parsed,
        {% endfor %}
        boutiques.boutique_id as known_boutique_id,
        boutiques.timezone as boutique_timezone,
        upper(raw_text.currency) as currency_code,
        {{ scv.parse_naive_timestamp('raw_text.sold_at') }} as sold_at_local_parsed,
        {{ scv.parse_local_timestamp_utc('raw_text.sold_at', 'boutiques.timezone') }} as sold_at_utc
    from raw_text
    left join boutiques
        on upper(raw_text.boutique_id) = boutiques.boutique_id
),

-- Amounts are converted at the rate in force on the sale's UTC date.
converted as (
    select
        typed.*,
        currency_rates.rate_to_reporting,
        {% for column in amount_columns %}
            {{ scv.to_reporting_currency('typed.' ~ column ~ '_parsed', 'currency_rates.rate_to_reporting') }}
                as {{ column }}_reporting,
        {% endfor %}
        known_currencies.currency_code is not null as is_currency_known
    from typed
    left join known_currencies
        on typed.currency_code = known_currencies.currency_code
    left join currency_rates
        on {{ scv.rate_in_force('currency_rates', 'typed.currency_code', 'cast(typed.sold_at_utc as date)') }}
),

-- Rules that look at the row alone, in the documented order.
row_checked as (
    select
        *,
        case
            when sale_id is null then 'missing_sale_id'
            when known_boutique_id is null then 'unknown_boutique'
            when sold_at_utc is null then 'unparseable_timestamp'
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

-- Among the rows that passed, one per sale_id. Sales carry no updated_at:
-- the latest sale time wins.
ranked as (
    select
        *,
        row_number() over (
            partition by sale_id, row_reason
            order by sold_at_utc desc, raw_row_hash asc, raw_row_occurrence asc
        ) as id_rank
    from numbered
),

final as (
    select
        sale_id,
        known_boutique_id as boutique_id,
        customer_id,
        sold_at_utc as sold_at,
        sold_at_local_parsed as sold_at_local,
        boutique_timezone,
        currency_code,
        {% for column in amount_columns %}
            {{ column }}_parsed as {{ column }},
        {% endfor %}
        {% for column in amount_columns %}
            {{ column }}_reporting,
        {% endfor %}
        rate_to_reporting as fx_rate_to_reporting,
        {% for column in raw_columns %}
            {{ column }} as raw_{{ column }},
        {% endfor %}
        {{ scv.normalise_code('status') }} as status,
        {{ scv.normalise_code('payment_method') }} as payment_method,
        {{ scv.raw_row_key() }} as raw_row_key,
        coalesce(
            row_reason,
            case when id_rank > 1 then 'duplicate_sale_id' end
        ) as quarantine_reason
    from ranked
)

select * from final
