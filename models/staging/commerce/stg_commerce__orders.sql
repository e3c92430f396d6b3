with base as (
    select * from {{ ref('base_commerce__orders') }}
),

final as (
    select
        order_id,
        customer_id,
        email,
        is_email_valid,
        ordered_at,
        status,
        currency_code,
        subtotal_amount,
        discount_amount,
        shipping_amount,
        tax_amount,
        total_amount,
        subtotal_amount_reporting,
        discount_amount_reporting,
        shipping_amount_reporting,
        tax_amount_reporting,
        total_amount_reporting,
        fx_rate_to_reporting,
        promo_code,
        payment_method,
        shipping_country_code,
        is_shipping_country_recognised,
        updated_at,
        is_updated_at_valid
    from base
    where quarantine_reason is null
)

select * from final
