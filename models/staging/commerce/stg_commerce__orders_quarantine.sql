with base as (
    select * from {{ ref('base_commerce__orders') }}
),

final as (
    select
        raw_row_key,
        quarantine_reason,
        raw_order_id as order_id,
        raw_customer_id as customer_id,
        raw_email as email,
        raw_ordered_at as ordered_at,
        raw_status as status,
        raw_currency as currency,
        raw_subtotal_amount as subtotal_amount,
        raw_discount_amount as discount_amount,
        raw_shipping_amount as shipping_amount,
        raw_tax_amount as tax_amount,
        raw_total_amount as total_amount,
        raw_promo_code as promo_code,
        raw_payment_method as payment_method,
        raw_shipping_country as shipping_country,
        raw_updated_at as updated_at
    from base
    where quarantine_reason is not null
)

select * from final
