-- RFM per customer as of one date, scored 1-5 and named by the rfm_segments
-- seed. The definitions and their reasons are in the model's docs
-- (_marts_customer__docs.md):
--   - as of var `as_of_date` ('YYYY-MM-DD'); empty = the latest order_date
--     in fct_orders (any status), so that rebuilding the same data gives the
--     same figures; orders after it are ignored;
--   - a kept order is one fct_orders counts as revenue (is_recognised_revenue):
--     cancelled orders, full refunds and in-store returns are not purchases; a
--     partially refunded order is one, with its recognised net amount;
--   - recency_days = days from the last kept order's date to as_of_date,
--     frequency = kept orders, monetary_amount = their total recognised net;
--   - score = 1 + floor(5 * customers with a strictly worse value / buyers):
--     quintiles of the buyers where equal values share the score of the
--     lowest quintile they reach, so a score never depends on customer_id;
--   - every customer of the golden record seen by as_of_date has a row; one
--     without a kept order has frequency 0, no scores and segment
--     'No purchase'. Orders without a customer_id (left out of stitching)
--     belong to no one and count nowhere.
with orders as (
    select * from {{ ref('fct_orders') }}
),

customers as (
    select * from {{ ref('int_customers__golden') }}
),

segments as (
    select * from {{ ref('rfm_segments') }}
),

as_of as (
    select {{ scv.as_of_date_expression('orders') }} as as_of_date
),

kept_orders as (
    select
        orders.customer_id,
        orders.order_date,
        orders.recognised_net_amount
    from orders
    cross join as_of
    where
        {{ scv.is_kept_order('orders', 'as_of') }}
),

buyers as (
    select
        customer_id,
        min(order_date) as first_order_date,
        max(order_date) as last_order_date,
        count(*) as frequency,
        sum(recognised_net_amount) as monetary_amount
    from kept_orders
    group by customer_id
),

measured as (
    select
        buyers.customer_id,
        buyers.first_order_date,
        buyers.last_order_date,
        buyers.frequency,
        buyers.monetary_amount,
        {{ dbt.datediff('buyers.last_order_date', 'as_of.as_of_date', 'day') }} as recency_days  -- noqa: LT05
    from buyers
    cross join as_of
),

-- rank() - 1 = how many buyers have a strictly worse value: a longer time
-- since the last order, fewer orders, a lower total.
ranked as (
    select
        customer_id,
        first_order_date,
        last_order_date,
        frequency,
        monetary_amount,
        recency_days,
        count(*) over () as buyer_count,
        rank() over (order by recency_days desc) - 1 as less_recent_count,
        rank() over (order by frequency asc) - 1 as less_frequent_count,
        rank() over (order by monetary_amount asc) - 1 as lower_monetary_count
    from measured
),

scored as (
    select
        customer_id,
        first_order_date,
        last_order_date,
        frequency,
        monetary_amount,
        recency_days,
        1 + cast(floor(5 * less_recent_count / buyer_count) as {{ dbt.type_int() }}) as recency_score,
        1 + cast(floor(5 * less_frequent_count / buyer_count) as {{ dbt.type_int() }}) as frequency_score,
        1 + cast(floor(5 * lower_monetary_count / buyer_count) as {{ dbt.type_int() }}) as monetary_score
    from ranked
),

-- the mean of the frequency and monetary scores, halves rounded up
combined as (
    select
        scored.*,
        cast(
            ceil((scored.frequency_score + scored.monetary_score) / 2) as {{ dbt.type_int() }}
        ) as frequency_monetary_score
    from scored
),

final as (
    select
        customers.customer_id,
        as_of.as_of_date,
        combined.customer_id is not null as has_purchased,
        combined.first_order_date,
        combined.last_order_date,
        cast(combined.recency_days as {{ dbt.type_int() }}) as recency_days,
        cast(coalesce(combined.frequency, 0) as {{ dbt.type_int() }}) as frequency,
        cast(coalesce(combined.monetary_amount, 0) as {{ dbt.type_numeric() }}) as monetary_amount,
        cast(
            round(combined.monetary_amount / combined.frequency, 2) as {{ dbt.type_numeric() }}
        ) as average_order_amount,
        combined.recency_score,
        combined.frequency_score,
        combined.monetary_score,
        combined.frequency_monetary_score,
        {{ dbt.concat([
            dbt.cast('combined.recency_score', dbt.type_string()),
            dbt.cast('combined.frequency_score', dbt.type_string()),
            dbt.cast('combined.monetary_score', dbt.type_string()),
        ]) }} as rfm_cell,
        case
            when combined.customer_id is null then 'No purchase'
            else segments.segment
        end as segment
    from customers
    cross join as_of
    left join combined
        on customers.customer_id = combined.customer_id
    left join segments
        on
            combined.recency_score = segments.recency_score
            and combined.frequency_monetary_score = segments.frequency_monetary_score
    where
        combined.customer_id is not null
        or customers.first_seen_at is null
        or as_of.as_of_date is null
        or cast(customers.first_seen_at as date) <= as_of.as_of_date
)

select * from final
