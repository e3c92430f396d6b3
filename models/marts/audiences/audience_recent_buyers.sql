-- Recent buyers: customers with a kept order (one that counts as revenue)
-- of at least var `audience_recent_buyers_min_amount` (net, reporting
-- currency) placed less than var `audience_recent_buyers_days` days before
-- the as-of date, and a current marketing consent. Rules at the edges, in
-- the model's docs (_marts_audiences__docs.md):
--   - days are UTC dates: an order dated as_of_date - 89 is in (89 days
--     ago), one dated as_of_date - 90 is out (90 is not less than 90); an
--     order after the as-of date does not exist yet;
--   - the amount is recognised_net_amount: goods after discount, tax
--     included, shipping excluded, converted to the reporting currency at the
--     order date's rate; exactly the minimum is in; a cancelled or fully
--     refunded order is not a purchase (recognised amount 0);
--   - orders without a customer_id (left out of stitching) belong to no one.
{%- set window_days = var('audience_recent_buyers_days', 90) | int %}
{%- set min_amount = var('audience_recent_buyers_min_amount', 100) %}

with orders as (
    select * from {{ ref('fct_orders') }}
),

reachable_customers as (
    select * from {{ ref('int_audiences__reachable_customers') }}
),

as_of as (
    select {{ scv.as_of_date_expression('orders') }} as as_of_date
),

qualifying_orders as (
    select
        orders.customer_id,
        orders.ordered_at,
        orders.recognised_net_amount
    from orders
    cross join as_of
    where
        {{ scv.is_kept_order('orders', 'as_of') }}
        and orders.recognised_net_amount >= {{ min_amount }}
        and {{ dbt.datediff('orders.order_date', 'as_of.as_of_date', 'day') }} < {{ window_days }}  -- noqa: LT05
),

buyers as (
    select
        customer_id,
        max(ordered_at) as last_qualifying_order_at,
        cast(count(*) as {{ dbt.type_int() }}) as qualifying_order_count,
        cast(max(recognised_net_amount) as {{ dbt.type_numeric() }}) as largest_order_amount
    from qualifying_orders
    group by customer_id
),

final as (
    select
        {{ scv.hash_key(["'recent_buyers'", 'buyers.customer_id']) }} as member_key,
        'recent_buyers' as audience_name,
        buyers.customer_id,
        reachable_customers.external_id,
        as_of.as_of_date,
        buyers.last_qualifying_order_at,
        buyers.qualifying_order_count,
        buyers.largest_order_amount,
        reachable_customers.is_holdout,
        reachable_customers.email_sha256,
        reachable_customers.phone_e164_sha256,
        reachable_customers.phone_digits_sha256
    from buyers
    inner join reachable_customers
        on buyers.customer_id = reachable_customers.customer_id
    cross join as_of
)

select * from final
