-- What the customer of each allowed brief looked at and bought, per product
-- category, in the brief's web window (appointment_briefs.web_window_start
-- included to web_window_end excluded): one row per appointment and
-- category with at least one view or purchase. Both sides use the product
-- catalogue's categories (stg_commerce__products.category, as
-- fct_order_lines): a viewed item's sku is looked up in the catalogue;
-- a sku the catalogue does not know, or a product without a category,
-- counts as 'uncategorised'. Views are view_item events (one per event and
-- category); purchases are units of kept order lines (online and in store,
-- fct_orders.is_recognised_revenue) and their recognised net amount.

with briefs as (
    select * from {{ ref('appointment_briefs') }}
    where is_brief_allowed
),

item_events as (
    select * from {{ ref('int_web__item_events') }}
    where event_name = 'view_item' and customer_id is not null
),

products as (
    select * from {{ ref('stg_commerce__products') }}
),

orders as (
    select * from {{ ref('fct_orders') }}
    where is_recognised_revenue and customer_id is not null
),

order_lines as (
    select * from {{ ref('fct_order_lines') }}
),

category_views as (
    select
        briefs.appointment_id,
        coalesce(products.category, 'uncategorised') as category,
        count(distinct item_events.event_key) as views  -- noqa: RF04
    from briefs
    inner join item_events
        on
            briefs.customer_id = item_events.customer_id
            and briefs.web_window_start <= item_events.event_at
            and briefs.web_window_end > item_events.event_at
    left join products
        on item_events.item_id = products.sku
    group by briefs.appointment_id, coalesce(products.category, 'uncategorised')
),

category_purchases as (
    select
        briefs.appointment_id,
        coalesce(order_lines.category, 'uncategorised') as category,
        sum(order_lines.quantity) as purchased_units,
        sum(order_lines.recognised_net_amount) as purchase_revenue
    from briefs
    inner join orders
        on
            briefs.customer_id = orders.customer_id
            and briefs.web_window_start <= orders.ordered_at
            and briefs.web_window_end > orders.ordered_at
    inner join order_lines
        on orders.order_key = order_lines.order_key
    group by briefs.appointment_id, coalesce(order_lines.category, 'uncategorised')
),

categories as (
    select
        appointment_id,
        category
    from category_views
    union distinct
    select
        appointment_id,
        category
    from category_purchases
),

final as (
    select
        {{ scv.hash_key(['categories.appointment_id', 'categories.category']) }} as category_mix_key,
        categories.appointment_id,
        categories.category,
        cast(coalesce(category_views.views, 0) as {{ dbt.type_int() }}) as views,  -- noqa: RF04
        cast(coalesce(category_purchases.purchased_units, 0) as {{ dbt.type_int() }}) as purchases,
        cast(coalesce(category_purchases.purchase_revenue, 0) as {{ dbt.type_numeric() }}) as purchase_revenue
    from categories
    left join category_views
        on
            categories.appointment_id = category_views.appointment_id
            and categories.category = category_views.category
    left join category_purchases
        on
            categories.appointment_id = category_purchases.appointment_id
            and categories.category = category_purchases.category
)

select * from final
