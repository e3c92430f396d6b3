with base as (
    select * from {{ ref('base_commerce__pos_sales') }}
),

final as (
    select
        raw_row_key,
        quarantine_reason,
        raw_sale_id as sale_id,
        raw_boutique_id as boutique_id,
        raw_customer_id as customer_id,
        raw_sold_at as sold_at,
        raw_status as status,
        raw_currency as currency,
        raw_total_amount as total_amount,
        raw_discount_amount as discount_amount,
        raw_payment_method as payment_method
    from base
    where quarantine_reason is not null
)

select * from final
