with base as (
    select * from {{ ref('base_commerce__products') }}
),

final as (
    select
        sku,
        product_name,
        category,
        is_category_mapped,
        source_category,
        subcategory,
        currency_code,
        list_price,
        list_price_reporting,
        fx_rate_to_reporting,
        created_at,
        is_created_at_valid
    from base
    where quarantine_reason is null
)

select * from final
