-- One row per order, online (stg_commerce__orders) and in store
-- (stg_commerce__pos_sales), on one grain and one vocabulary (see the
-- model's docs in _marts_commerce__docs.md):
--   - amounts in the reporting currency as staging converted them, so that
--     sums reconcile with staging to the cent; the original-currency total
--     is kept beside them;
--   - net = goods after discount, tax included (prices are VAT-inclusive),
--     shipping excluded, on both channels;
--   - status in one vocabulary (a till's `returned` is a refund);
--   - revenue (recognised_net_amount) counts the net of orders whose status
--     is in var `commerce_revenue_statuses` (default: completed and
--     partially refunded, whose refunded amount the extract does not give),
--     0 for the others (cancelled, refunded, returned in store);
--   - customer_id from the id map through the order's or sale's own id;
--     null when that id is not in the id map (left out of stitching): the
--     row is kept;
--   - loyalty_tier_at_order: the tier of the order's CRM record (the one
--     the order names, else the buyer's primary record) in force when the
--     order was placed, from the CRM history (snap_crm__customers); an
--     order older than the first recorded version takes that version.
{%- set revenue_statuses = var('commerce_revenue_statuses', ['completed', 'partially_refunded']) %}
{%- set revenue_status_list = "'" ~ revenue_statuses | join("', '") ~ "'" %}

with orders as (
    select * from {{ ref('stg_commerce__orders') }}
),

pos_sales as (
    select * from {{ ref('stg_commerce__pos_sales') }}
),

order_lines as (
    select * from {{ ref('stg_commerce__order_lines') }}
),

pos_sale_lines as (
    select * from {{ ref('stg_commerce__pos_sale_lines') }}
),

boutiques as (
    select * from {{ ref('boutiques') }}
),

id_map as (
    select * from {{ ref('int_identity__id_map') }}
),

customers as (
    select * from {{ ref('int_customers__golden') }}
),

crm_history as (
    select
        customer_id as crm_customer_id,
        loyalty_tier,
        dbt_valid_from,
        dbt_valid_to,
        min(dbt_valid_from) over (partition by customer_id) as first_valid_from
    from {{ ref('snap_crm__customers') }}
),

-- Online: the order's subtotal is the goods before discount; shipping is
-- charged on top and an empty shipping amount means none was charged.
online_orders as (
    select
        'online' as channel,
        'order_id' as identifier_type,
        order_id,
        cast(null as {{ dbt.type_string() }}) as boutique_id,
        cast(null as {{ dbt.type_string() }}) as boutique_name,
        shipping_country_code as country_code,
        customer_id as crm_customer_id,
        ordered_at,
        cast(null as {{ dbt.type_timestamp() }}) as ordered_at_local,
        status as source_status,
        currency_code,
        fx_rate_to_reporting,
        cast(subtotal_amount_reporting as {{ dbt.type_numeric() }}) as gross_amount,
        coalesce(discount_amount_reporting, 0) as discount_amount,
        cast(
            subtotal_amount_reporting - coalesce(discount_amount_reporting, 0) as {{ dbt.type_numeric() }}
        ) as net_amount,
        coalesce(shipping_amount_reporting, 0) as shipping_amount,
        tax_amount_reporting as tax_amount,
        total_amount_reporting as total_amount,
        total_amount as total_amount_original,
        promo_code,
        payment_method
    from orders
),

-- In store: the till's total is the goods after discount (no shipping, tax
-- not itemised), so the goods before discount are total + discount.
store_sales as (
    select
        'boutique' as channel,
        'pos_sale_id' as identifier_type,
        pos_sales.sale_id as order_id,
        pos_sales.boutique_id,
        boutiques.name as boutique_name,
        boutiques.country_code,
        pos_sales.customer_id as crm_customer_id,
        pos_sales.sold_at as ordered_at,
        pos_sales.sold_at_local as ordered_at_local,
        pos_sales.status as source_status,
        pos_sales.currency_code,
        pos_sales.fx_rate_to_reporting,
        cast(
            pos_sales.total_amount_reporting + coalesce(pos_sales.discount_amount_reporting, 0)
            as {{ dbt.type_numeric() }}
        ) as gross_amount,
        coalesce(pos_sales.discount_amount_reporting, 0) as discount_amount,
        cast(pos_sales.total_amount_reporting as {{ dbt.type_numeric() }}) as net_amount,
        cast(0 as {{ dbt.type_numeric() }}) as shipping_amount,
        cast(null as {{ dbt.type_numeric() }}) as tax_amount,
        pos_sales.total_amount_reporting as total_amount,
        pos_sales.total_amount as total_amount_original,
        -- tills record no promotion code
        cast(null as {{ dbt.type_string() }}) as promo_code,
        pos_sales.payment_method
    from pos_sales
    left join boutiques
        on pos_sales.boutique_id = boutiques.boutique_id
),

all_orders as (
    select * from online_orders
    union all
    select * from store_sales
),

line_counts as (
    select
        'online' as channel,
        order_id,
        count(*) as line_count,
        cast(sum(quantity) as {{ dbt.type_bigint() }}) as item_quantity
    from order_lines
    group by order_id
    union all
    select
        'boutique' as channel,
        sale_id as order_id,
        count(*) as line_count,
        cast(sum(quantity) as {{ dbt.type_bigint() }}) as item_quantity
    from pos_sale_lines
    group by sale_id
),

normalised as (
    select
        all_orders.*,
        case
            when all_orders.channel = 'boutique' and all_orders.source_status = 'returned' then 'refunded'
            else all_orders.source_status
        end as status
    from all_orders
),

classified as (
    select
        *,
        status in ({{ revenue_status_list }}) as is_recognised_revenue
    from normalised
),

final as (
    select
        {{ scv.hash_key(['classified.channel', 'classified.order_id']) }} as order_key,
        classified.order_id,
        classified.channel,
        classified.boutique_id,
        classified.boutique_name,
        classified.country_code,
        id_map.customer_id,
        classified.crm_customer_id,
        classified.ordered_at,
        classified.ordered_at_local,
        cast(classified.ordered_at as date) as order_date,
        classified.source_status,
        classified.status,
        classified.status = 'completed' as is_completed,
        classified.status = 'cancelled' as is_cancelled,
        classified.status in ('refunded', 'partially_refunded') as is_refunded,
        classified.is_recognised_revenue,
        classified.currency_code,
        classified.fx_rate_to_reporting,
        '{{ var("reporting_currency") }}' as reporting_currency_code,
        classified.gross_amount,
        classified.discount_amount,
        classified.net_amount,
        classified.shipping_amount,
        classified.tax_amount,
        classified.total_amount,
        classified.total_amount_original,
        case
            when classified.is_recognised_revenue then classified.net_amount
            else cast(0 as {{ dbt.type_numeric() }})
        end as recognised_net_amount,
        -- a partial refund's amount is not in the extract: unknown, not 0
        case
            when classified.status = 'refunded' then classified.net_amount
            when classified.status = 'partially_refunded' then null
            else cast(0 as {{ dbt.type_numeric() }})
        end as refunded_net_amount,
        classified.promo_code is not null as has_promo,
        classified.promo_code,
        classified.discount_amount > 0 as has_discount,
        classified.payment_method,
        crm_history.loyalty_tier as loyalty_tier_at_order,
        cast(coalesce(line_counts.line_count, 0) as {{ dbt.type_int() }}) as line_count,
        cast(coalesce(line_counts.item_quantity, 0) as {{ dbt.type_int() }}) as item_quantity
    from classified
    left join id_map
        on
            classified.identifier_type = id_map.identifier_type
            and classified.order_id = id_map.identifier_value
    left join customers
        on id_map.customer_id = customers.customer_id
    left join crm_history
        on
            coalesce(classified.crm_customer_id, customers.primary_crm_customer_id) = crm_history.crm_customer_id
            and (
                classified.ordered_at >= crm_history.dbt_valid_from
                or crm_history.dbt_valid_from = crm_history.first_valid_from
            )
            and (crm_history.dbt_valid_to is null or classified.ordered_at < crm_history.dbt_valid_to)
    left join line_counts
        on
            classified.channel = line_counts.channel
            and classified.order_id = line_counts.order_id
)

select * from final
