with base as (
    select * from {{ ref('base_commerce__products') }}
),

final as (
    select
        raw_row_key,
        quarantine_reason,
        raw_sku as sku,
        raw_product_name as product_name,
        raw_category as category,
        raw_subcategory as subcategory,
        raw_price as price,
        raw_currency as currency,
        raw_created_at as created_at
    from base
    where quarantine_reason is not null
)

select * from final
