with base as (
    select * from {{ ref('base_commerce__pos_sale_lines') }}
),

final as (
    select
        sale_line_id,
        sale_id,
        line_number,
        sku,
        quantity,
        currency_code,
        unit_price,
        discount_amount,
        line_total,
        unit_price_reporting,
        discount_amount_reporting,
        line_total_reporting
    from base
    where quarantine_reason is null
)

select * from final
