-- First-time buyers: customers whose only kept order (one that counts as
-- revenue) up to the as-of date was placed within the last var
-- `audience_first_time_buyers_days` days (default 1: on the as-of date,
-- UTC), with a current marketing consent. Rules at the edges, in the
-- model's docs (_marts_audiences__docs.md):
--   - "exactly one order" counts kept orders, online and in store: a
--     cancelled or fully refunded earlier order does not make a customer a
--     repeat buyer, a second kept order does (even on the same day);
--   - days are UTC dates: with the default, an order at 23:59:59 UTC on the
--     as-of date is in, one at 23:59:59 the day before is out; orders after
--     the as-of date do not exist yet.
{%- set window_days = var('audience_first_time_buyers_days', 1) | int %}

with orders as (
    select * from {{ ref('fct_orders') }}
),

reachable_customers as (
    select * from {{ ref('int_audiences__reachable_customers') }}
),

as_of as (
    select {{ scv.as_of_date_expression('orders') }} as as_of_date
),

kept_orders as (
    select
        orders.customer_id,
        orders.channel,
        orders.order_date,
        orders.ordered_at,
        orders.recognised_net_amount
    from orders
    cross join as_of
    where
        {{ scv.is_kept_order('orders', 'as_of') }}
),

single_order_buyers as (
    select
        customer_id,
        max(order_date) as order_date,
        max(ordered_at) as first_order_at,
        max(channel) as first_order_channel,
        cast(max(recognised_net_amount) as {{ dbt.type_numeric() }}) as first_order_amount
    from kept_orders
    group by customer_id
    having count(*) = 1
),

final as (
    select
        {{ scv.hash_key(["'first_time_buyers'", 'buyers.customer_id']) }} as member_key,
        'first_time_buyers' as audience_name,
        buyers.customer_id,
        reachable_customers.external_id,
        as_of.as_of_date,
        buyers.first_order_at,
        buyers.first_order_channel,
        buyers.first_order_amount,
        reachable_customers.is_holdout,
        reachable_customers.email_sha256,
        reachable_customers.phone_e164_sha256,
        reachable_customers.phone_digits_sha256
    from single_order_buyers as buyers
    cross join as_of
    inner join reachable_customers
        on buyers.customer_id = reachable_customers.customer_id
    where {{ dbt.datediff('buyers.order_date', 'as_of.as_of_date', 'day') }} < {{ window_days }}  -- noqa: LT05
)

select * from final
