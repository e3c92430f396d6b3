-- Every raw product row, cleaned and typed, with the reason it is rejected
-- (null when it is staged).

{{ config(pre_hook="{{ scv.check_raw_extract('commerce', 'products') }}") }}

{%- set raw_columns = scv.raw_contract_columns('commerce', 'products') %}

with source as (
    select * from {{ scv.raw_extract_conformed(source('commerce', 'products'), raw_columns) }} as extract_rows
),

category_mapping as (
    select * from {{ ref('category_mapping') }}
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
        upper(raw_text.currency) as currency_code,
        {{ scv.parse_amount('raw_text.price') }} as list_price,
        {{ scv.parse_timestamp_utc('raw_text.created_at') }} as created_at_utc
    from raw_text
),

-- A list price is converted at the rate of the product's creation date, or
-- at the latest rate when the creation date is unknown.
converted as (
    select
        typed.*,
        currency_rates.rate_to_reporting,
        category_mapping.category as mapped_category,
        known_currencies.currency_code is not null as is_currency_known,
        {{ scv.to_reporting_currency('typed.list_price', 'currency_rates.rate_to_reporting') }}
            as list_price_reporting
    from typed
    left join known_currencies
        on typed.currency_code = known_currencies.currency_code
    left join currency_rates
        on {{ scv.rate_in_force(
            'currency_rates',
            'typed.currency_code',
            "coalesce(cast(typed.created_at_utc as date), cast('9999-12-30' as date))",
        ) }}
    left join category_mapping
        on lower(typed.category) = category_mapping.raw_category
),

-- Rules that look at the row alone, in the documented order.
row_checked as (
    select
        *,
        case
            when sku is null then 'missing_sku'
            when not is_currency_known then 'unknown_currency'
            when {{ scv.is_invalid_amount('price', 'list_price', 'list_price_reporting', required=true) }}
                then 'invalid_amount'
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

-- Among the rows that passed, one per sku: the latest created_at (an
-- undated copy loses).
ranked as (
    select
        *,
        row_number() over (
            partition by sku, row_reason
            order by
                case when created_at_utc is null then 1 else 0 end asc,
                created_at_utc desc,
                raw_row_hash asc, raw_row_occurrence asc
        ) as id_rank
    from numbered
),

final as (
    select
        sku,
        product_name,
        category as source_category,
        subcategory,
        currency_code,
        list_price,
        list_price_reporting,
        rate_to_reporting as fx_rate_to_reporting,
        created_at_utc as created_at,
        sku as raw_sku,
        product_name as raw_product_name,
        category as raw_category,
        subcategory as raw_subcategory,
        price as raw_price,
        currency as raw_currency,
        created_at as raw_created_at,
        case
            when category is not null then coalesce(mapped_category, 'other')
        end as category,
        case when category is not null then mapped_category is not null end as is_category_mapped,
        case when created_at is not null then created_at_utc is not null end as is_created_at_valid,
        {{ scv.raw_row_key() }} as raw_row_key,
        coalesce(
            row_reason,
            case when id_rank > 1 then 'duplicate_sku' end
        ) as quarantine_reason
    from ranked
)

select * from final
