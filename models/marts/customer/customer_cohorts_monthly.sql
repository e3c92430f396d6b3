-- Monthly acquisition cohorts and their retention: one row per acquisition
-- month x months since acquisition, up to the as-of month. The definitions
-- and their reasons are in the model's docs (_marts_customer__docs.md):
--   - as of the customer marts' as-of date (macro as_of_date_expression:
--     var `as_of_date`, default the latest order_date), like customer_rfm;
--     orders after it are ignored;
--   - a kept order is one fct_orders counts as revenue (is_recognised_revenue)
--     and has a customer_id; cancelled orders, full refunds and in-store
--     returns neither acquire nor retain a customer;
--   - months are UTC calendar months of ordered_at (an order at 23:30 UTC on
--     the 31st belongs to that month whatever the boutique's local time);
--   - acquisition month = month of the customer's first kept order; active
--     in a month = at least one kept order in it;
--   - every cohort has a row for each month from its acquisition month to
--     the as-of month, with zeros when nobody bought (complete triangle).
{%- set max_months = 1200 %}

with orders as (
    select * from {{ ref('fct_orders') }}
),

as_of as (
    select
        {{ scv.as_of_date_expression('orders') }} as as_of_date
),

kept_orders as (
    select
        orders.customer_id,
        orders.recognised_net_amount,
        cast({{ dbt.date_trunc('month', 'orders.ordered_at') }} as date) as order_month
    from orders
    cross join as_of
    where
        {{ scv.is_kept_order('orders', 'as_of') }}
),

acquisitions as (
    select
        customer_id,
        min(order_month) as cohort_month
    from kept_orders
    group by customer_id
),

cohorts as (
    select
        cohort_month,
        count(*) as cohort_size
    from acquisitions
    group by cohort_month
),

activity as (
    select
        acquisitions.cohort_month,
        kept_orders.order_month as activity_month,
        count(distinct kept_orders.customer_id) as active_customers,
        count(*) as orders,
        sum(kept_orders.recognised_net_amount) as revenue
    from kept_orders
    inner join acquisitions
        on kept_orders.customer_id = acquisitions.customer_id
    group by
        acquisitions.cohort_month,
        kept_orders.order_month
),

-- generated_number runs from 1; BigQuery's power() makes it a float
month_numbers as (
    select cast(generated_number - 1 as {{ dbt.type_int() }}) as month_number
    from ({{ dbt.generate_series(max_months) }}) as series
),

-- the complete triangle: each cohort's months up to the as-of month
cohort_months as (
    select
        cohorts.cohort_month,
        cohorts.cohort_size,
        month_numbers.month_number as months_since_acquisition,
        as_of.as_of_date,
        cast(
            {{ dbt.dateadd('month', 'month_numbers.month_number', 'cohorts.cohort_month') }} as date
        ) as activity_month
    from cohorts
    cross join as_of
    cross join month_numbers
    where
        month_numbers.month_number
        <= {{ dbt.datediff('cohorts.cohort_month', 'as_of.as_of_date', 'month') }}
),

measured as (
    select
        cohort_months.cohort_month,
        cohort_months.months_since_acquisition,
        cohort_months.activity_month,
        cohort_months.as_of_date,
        cohort_months.cohort_size,
        coalesce(activity.active_customers, 0) as active_customers,
        coalesce(activity.orders, 0) as orders,
        coalesce(activity.revenue, 0) as revenue
    from cohort_months
    left join activity
        on
            cohort_months.cohort_month = activity.cohort_month
            and cohort_months.activity_month = activity.activity_month
),

cumulated as (
    select
        *,
        sum(revenue) over (
            partition by cohort_month
            order by months_since_acquisition
            rows between unbounded preceding and current row
        ) as cumulative_revenue
    from measured
),

-- typed for the enforced contract (_marts_customer__models.yml)
final as (
    select
        {{ scv.hash_key(['cohort_month', 'months_since_acquisition']) }} as cohort_period_key,
        cohort_month,
        cast(months_since_acquisition as {{ dbt.type_int() }}) as months_since_acquisition,
        activity_month,
        as_of_date,
        as_of_date < cast({{ dbt.last_day('activity_month', 'month') }} as date) as is_partial_month,
        cast(cohort_size as {{ dbt.type_int() }}) as cohort_size,
        cast(active_customers as {{ dbt.type_int() }}) as active_customers,
        cast(round(active_customers / cohort_size, 4) as {{ dbt.type_numeric() }}) as retention_rate,
        cast(orders as {{ dbt.type_int() }}) as orders,
        cast(revenue as {{ dbt.type_numeric() }}) as revenue,
        cast(cumulative_revenue as {{ dbt.type_numeric() }}) as cumulative_revenue,
        cast(
            round(cumulative_revenue / cohort_size, 2) as {{ dbt.type_numeric() }}
        ) as cumulative_revenue_per_customer
    from cumulated
)

select * from final
