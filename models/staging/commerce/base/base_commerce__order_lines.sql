-- Every raw line of an online order, cleaned, typed and converted to the
-- reporting currency, with the reason it is rejected (null when staged).
-- Lines take their currency and exchange rate from their (staged) parent,
-- so a line whose order is missing or quarantined is quarantined too.

{%- set raw_columns = scv.raw_contract_columns('commerce', 'order_lines') %}
{%- set amount_columns = ['unit_price', 'discount_amount', 'line_total'] %}
{%- set required_amounts = ['unit_price', 'line_total'] %}
{%- set amount_checks = ['quantity_parsed is null', 'quantity_parsed < 1'] %}
{%- for column in amount_columns %}
    {%- do amount_checks.append(scv.is_invalid_amount(
        column, column ~ '_parsed', column ~ '_reporting', required=column in required_amounts
    )) %}
{%- endfor %}

with source as (
    select * from {{ source('commerce', 'order_lines') }}
),

parents as (
    select * from {{ ref('stg_commerce__orders') }}
),

products as (
    select * from {{ ref('stg_commerce__products') }}
),

raw_text as (
    select
        {% for column in raw_columns %}
            {{ scv.clean_text(column) }} as {{ column }},
        {% endfor %}
        {{ scv.raw_row_hash(raw_columns) }} as raw_row_hash
    from source
),

typed as (
    select
        raw_text.*,
        {% for column in amount_columns %}
            {{ scv.parse_amount('raw_text.' ~ column) }} as {{ column }}_parsed,
        {% endfor %}
        {{ scv.parse_integer('raw_text.line_number') }} as line_number_parsed,
        {{ scv.parse_integer('raw_text.quantity') }} as quantity_parsed
    from raw_text
),

converted as (
    select
        typed.*,
        parents.currency_code,
        parents.fx_rate_to_reporting,
        {% for column in amount_columns %}
            {{ scv.to_reporting_currency('typed.' ~ column ~ '_parsed', 'parents.fx_rate_to_reporting') }}
                as {{ column }}_reporting,
        {% endfor %}
        parents.order_id is not null as is_parent_staged,
        products.sku is not null as is_product_known
    from typed
    left join parents
        on typed.order_id = parents.order_id
    left join products
        on typed.sku = products.sku
),

-- Rules that look at the row alone, in the documented order. A quantity
-- counts as an amount: it must be a whole number of at least 1.
row_checked as (
    select
        *,
        case
            when order_id is null then 'missing_order_id'
            when line_number_parsed is null then 'missing_line_number'
            when not is_parent_staged then 'unknown_order'
            when {{ amount_checks | join(' or ') }} then 'invalid_amount'
            when not is_product_known then 'unknown_product'
        end as row_reason
    from converted
),

-- Among the rows that passed, one per order and line number.
ranked as (
    select
        *,
        row_number() over (
            partition by order_id, line_number_parsed, row_reason
            order by raw_row_hash
        ) as id_rank,
        -- identical raw rows are numbered so that every raw row has a key
        row_number() over (partition by raw_row_hash order by raw_row_hash) as raw_row_occurrence
    from row_checked
),

final as (
    select
        order_id,
        line_number_parsed as line_number,
        sku,
        quantity_parsed as quantity,
        currency_code,
        {% for column in amount_columns %}
            {{ column }}_parsed as {{ column }},
        {% endfor %}
        {% for column in amount_columns %}
            {{ column }}_reporting,
        {% endfor %}
        {% for column in raw_columns %}
            {{ column }} as raw_{{ column }},
        {% endfor %}
        {{ dbt.concat(['order_id', "'-'", 'cast(line_number_parsed as ' ~ dbt.type_string() ~ ')']) }} as order_line_id,
        {{ scv.raw_row_key() }} as raw_row_key,
        coalesce(
            row_reason,
            case when id_rank > 1 then 'duplicate_line_number' end
        ) as quarantine_reason
    from ranked
)

select * from final
