-- One row per order line, online (stg_commerce__order_lines) and in store
-- (stg_commerce__pos_sale_lines), with the product and the order's context
-- (customer, channel, time, status) from fct_orders, so that the two facts
-- always agree. Amounts in the reporting currency as staging converted them
-- (the parent's rate); net = line total after discount, tax included. A
-- line counts as revenue when its order does (fct_orders.is_recognised_revenue).

with order_lines as (
    select * from {{ ref('stg_commerce__order_lines') }}
),

pos_sale_lines as (
    select * from {{ ref('stg_commerce__pos_sale_lines') }}
),

products as (
    select * from {{ ref('stg_commerce__products') }}
),

orders as (
    select * from {{ ref('fct_orders') }}
),

all_lines as (
    select
        'online' as channel,
        order_id,
        line_number,
        sku,
        quantity,
        unit_price_reporting,
        discount_amount_reporting,
        line_total_reporting,
        line_total
    from order_lines
    union all
    select
        'boutique' as channel,
        sale_id as order_id,
        line_number,
        sku,
        quantity,
        unit_price_reporting,
        discount_amount_reporting,
        line_total_reporting,
        line_total
    from pos_sale_lines
),

final as (
    select
        {{ scv.hash_key(['all_lines.channel', 'all_lines.order_id', 'all_lines.line_number']) }} as line_key,
        orders.order_key,
        all_lines.order_id,
        all_lines.line_number,
        all_lines.channel,
        orders.boutique_id,
        orders.customer_id,
        orders.ordered_at,
        orders.order_date,
        orders.status as order_status,
        orders.is_recognised_revenue,
        all_lines.sku,
        products.product_name,
        products.category,
        all_lines.quantity,
        orders.currency_code,
        orders.fx_rate_to_reporting,
        all_lines.unit_price_reporting as unit_price,
        cast(
            all_lines.line_total_reporting + coalesce(all_lines.discount_amount_reporting, 0)
            as {{ dbt.type_numeric() }}
        ) as gross_amount,
        coalesce(all_lines.discount_amount_reporting, 0) as discount_amount,
        all_lines.line_total_reporting as net_amount,
        all_lines.line_total as net_amount_original,
        case when orders.is_recognised_revenue then all_lines.line_total_reporting else 0 end as recognised_net_amount
    from all_lines
    -- every staged line has a staged parent (staging quarantines the others)
    inner join orders
        on
            all_lines.channel = orders.channel
            and all_lines.order_id = orders.order_id
    left join products
        on all_lines.sku = products.sku
)

select * from final
