with base as (
    select * from {{ ref('base_commerce__pos_sales') }}
),

final as (
    select
        sale_id,
        boutique_id,
        customer_id,
        sold_at,
        sold_at_local,
        boutique_timezone,
        status,
        currency_code,
        total_amount,
        discount_amount,
        total_amount_reporting,
        discount_amount_reporting,
        fx_rate_to_reporting,
        payment_method
    from base
    where quarantine_reason is null
)

select * from final
