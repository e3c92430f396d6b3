{#
    The base model of the lines of a commerce document (online order or
    in-store sale): every raw line cleaned, typed and converted to the
    reporting currency, with the reason it is rejected (null when staged).
    Lines take their currency and exchange rate from their (staged) parent,
    so a line whose parent is missing or quarantined is quarantined too.
    Documented in macros/staging/_macros.yml; every rule is unit-tested
    through base_commerce__order_lines and base_commerce__pos_sale_lines.
#}
{% macro base_commerce_lines(lines_table, parent_model, parent) -%}
{%- set parent_id = parent ~ '_id' %}
{%- set raw_columns = scv.raw_contract_columns('commerce', lines_table) %}
{%- set amount_columns = ['unit_price', 'discount_amount', 'line_total'] %}
{%- set required_amounts = ['unit_price', 'line_total'] %}
{%- set amount_checks = ['quantity_parsed is null', 'quantity_parsed < 1'] + scv.invalid_amount_checks(amount_columns, required_amounts) %}

with source as (
    -- rows of people who asked to be forgotten are not read (macros/privacy/erasure.sql)
    select * from {{ scv.raw_extract_conformed(source('commerce', lines_table), raw_columns) }} as extract_rows
    {{ scv.erasure_filter('commerce', lines_table) }}
),

parents as (
    select * from {{ ref(parent_model) }}
),

products as (
    select * from {{ ref('stg_commerce__products') }}
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
        parents.{{ parent_id }} is not null as is_parent_staged,
        products.sku is not null as is_product_known
    from typed
    left join parents
        on typed.{{ parent_id }} = parents.{{ parent_id }}
    left join products
        on typed.sku = products.sku
),

-- Rules that look at the row alone, in the documented order. A quantity
-- counts as an amount: it must be a whole number of at least 1.
row_checked as (
    select
        *,
        case
            when {{ parent_id }} is null then 'missing_{{ parent_id }}'
            when line_number_parsed is null then 'missing_line_number'
            when not is_parent_staged then 'unknown_{{ parent }}'
            when {{ amount_checks | join(' or ') }} then 'invalid_amount'
            when not is_product_known then 'unknown_product'
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

-- Among the rows that passed, one per {{ parent }} and line number.
ranked as (
    select
        *,
        row_number() over (
            partition by {{ parent_id }}, line_number_parsed, row_reason
            order by raw_row_hash, raw_row_occurrence
        ) as id_rank
    from numbered
),

final as (
    select
        {{ parent_id }},
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
        {{ dbt.concat([parent_id, "'-'", 'cast(line_number_parsed as ' ~ dbt.type_string() ~ ')']) }} as {{ parent }}_line_id,
        {{ scv.raw_row_key() }} as raw_row_key,
        coalesce(
            row_reason,
            case when id_rank > 1 then 'duplicate_line_number' end
        ) as quarantine_reason
    from ranked
)

select * from final
{%- endmacro %}
