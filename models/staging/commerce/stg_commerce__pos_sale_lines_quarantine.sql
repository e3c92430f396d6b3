with base as (
    select * from {{ ref('base_commerce__pos_sale_lines') }}
),

final as (
    select
        raw_row_key,
        quarantine_reason,
        raw_sale_id as sale_id,
        raw_line_number as line_number,
        raw_sku as sku,
        raw_quantity as quantity,
        raw_unit_price as unit_price,
        raw_discount_amount as discount_amount,
        raw_line_total as line_total
    from base
    where quarantine_reason is not null
)

select * from final
