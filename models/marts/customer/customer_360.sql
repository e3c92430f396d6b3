-- The single customer view: one row per customer_id of the golden record
-- (int_customers__golden), with the person's profile, consents, web
-- behaviour, purchases, open cart, next appointment and RFM segment.
-- Every figure is as of the customer marts' as-of date (var as_of_date,
-- default the latest order date; macros/marts/as_of_date.sql), like
-- customer_rfm: orders, sessions, product views and carts after it are not
-- counted, so rebuilding the same data gives the same table. Definitions of
-- every column: _marts_customer__models.yml and _marts_customer__docs.md.

with customers as (
    select * from {{ ref('int_customers__golden') }}
),

orders as (
    select * from {{ ref('fct_orders') }}
),

order_lines as (
    select * from {{ ref('fct_order_lines') }}
),

sessions as (
    select * from {{ ref('fct_sessions') }}
),

product_interactions as (
    select * from {{ ref('int_web__item_events') }}
    where event_name = 'view_item' and customer_id is not null
),

open_cart_items as (
    select * from {{ ref('int_web__open_cart_items') }}
),

appointments as (
    select * from {{ ref('stg_crm__appointments') }}
),

id_map as (
    select * from {{ ref('int_identity__id_map') }}
),

rfm as (
    select * from {{ ref('customer_rfm') }}
),

as_of as (
    select {{ scv.as_of_date_expression('orders') }} as as_of_date
),

-- orders counted as purchases (fct_orders.is_recognised_revenue) up to the as-of date
kept_orders as (
    select orders.*
    from orders
    cross join as_of
    where
        {{ scv.is_kept_order('orders', 'as_of') }}
),

order_summary as (
    select
        customer_id,
        count(*) as order_count,
        sum(case when channel = 'online' then 1 else 0 end) as online_order_count,
        sum(case when channel = 'boutique' then 1 else 0 end) as boutique_order_count,
        sum(recognised_net_amount) as lifetime_revenue,
        sum(case when has_promo then 1 else 0 end) as promo_order_count,
        min(order_date) as first_order_date,
        max(order_date) as last_order_date
    from kept_orders
    group by customer_id
),

-- most used payment method: most orders, then the most recent use, then the name
payment_methods as (
    select
        customer_id,
        payment_method,
        row_number() over (
            partition by customer_id
            order by count(*) desc, max(ordered_at) desc, payment_method asc
        ) as preference_rank
    from kept_orders
    where payment_method is not null
    group by customer_id, payment_method
),

kept_lines as (
    select order_lines.*
    from order_lines
    inner join kept_orders
        on order_lines.order_key = kept_orders.order_key
),

-- preferred category: highest recognised net amount, then units, then the name
categories as (
    select
        customer_id,
        category,
        row_number() over (
            partition by customer_id
            order by sum(recognised_net_amount) desc, sum(quantity) desc, category asc
        ) as preference_rank
    from kept_lines
    where category is not null
    group by customer_id, category
),

-- last purchased product: the line of the latest kept order, highest amount first
last_lines as (
    select
        customer_id,
        sku,
        product_name,
        ordered_at,
        row_number() over (
            partition by customer_id
            order by ordered_at desc, recognised_net_amount desc, sku asc, line_key asc
        ) as recency_rank
    from kept_lines
),

sessions_to_date as (
    select sessions.*
    from sessions
    cross join as_of
    where
        sessions.customer_id is not null
        and cast(sessions.session_start_at as date) <= as_of.as_of_date
),

session_summary as (
    select
        customer_id,
        count(*) as session_count,
        sum(case when is_engaged_session then 1 else 0 end) as engaged_session_count,
        avg(session_duration_seconds) as average_session_duration_seconds,
        min(session_start_at) as first_session_at,
        max(session_start_at) as last_session_at,
        {{ dbt.listagg('distinct device_category', "', '", 'order by device_category') }}
            as device_categories
    from sessions_to_date
    group by customer_id
),

-- product pages are counted per product (item_name: GA4 names the product,
-- item_id the variant sold), falling back to the sku when unnamed
product_views as (
    select
        product_interactions.customer_id,
        coalesce(product_interactions.item_name, product_interactions.item_id) as product_name,
        count(distinct product_interactions.event_key) as view_count,
        max(product_interactions.event_at) as last_viewed_at
    from product_interactions
    cross join as_of
    where cast(product_interactions.event_at as date) <= as_of.as_of_date
    group by
        product_interactions.customer_id,
        coalesce(product_interactions.item_name, product_interactions.item_id)
),

-- the most viewed products: most views, then the latest view, then the name
ranked_product_views as (
    select
        *,
        row_number() over (
            partition by customer_id
            order by view_count desc, last_viewed_at desc, product_name asc
        ) as view_rank
    from product_views
),

top_product_views as (
    select
        customer_id,
        {{ dbt.listagg(
            dbt.concat(["product_name", "' ('", dbt.cast('view_count', dbt.type_string()), "')'"]),
            "'; '",
            'order by view_rank'
        ) }} as most_viewed_products
    from ranked_product_views
    where view_rank <= {{ var('customer_360_top_products', 3) }}
    group by customer_id
),

open_carts as (
    select
        customer_id,
        sum(net_quantity) as open_cart_units,
        sum(cart_value) as open_cart_value,
        max(last_changed_at) as open_cart_updated_at
    from open_cart_items
    group by customer_id
),

-- the next booked appointment on or after the as-of date (UTC day start)
upcoming_appointments as (
    select
        id_map.customer_id,
        appointments.appointment_id,
        appointments.scheduled_at,
        appointments.boutique_id,
        appointments.motivation,
        row_number() over (
            partition by id_map.customer_id
            order by appointments.scheduled_at, appointments.appointment_id
        ) as upcoming_rank
    from appointments
    inner join id_map
        on
            id_map.identifier_type = 'appointment_id'
            and appointments.appointment_id = id_map.identifier_value
    cross join as_of
    where
        appointments.status = 'booked'
        and cast(appointments.scheduled_at as date) >= as_of.as_of_date
),

final as (
    select
        customers.customer_id,
        as_of.as_of_date,
        customers.primary_crm_customer_id,
        cast(customers.crm_record_count as {{ dbt.type_int() }}) as crm_record_count,
        customers.title,
        customers.given_name,
        customers.family_name,
        customers.gender,
        customers.birth_date,
        customers.email,
        customers.email_sha256,
        customers.is_email_verified,
        customers.phone_e164,
        customers.phone_sha256,
        customers.street_address,
        customers.postcode,
        customers.city,
        customers.region,
        customers.country_code,
        customers.preferred_language,
        customers.home_boutique_id,
        customers.loyalty_tier,
        coalesce(customers.has_email_consent, false) as has_email_consent,
        coalesce(customers.has_sms_consent, false) as has_sms_consent,
        coalesce(customers.has_phone_consent, false) as has_phone_consent,
        coalesce(customers.has_mail_consent, false) as has_mail_consent,
        coalesce(customers.has_personalised_ads_consent, false) as has_personalised_ads_consent,
        customers.first_seen_at,
        customers.last_seen_at,
        coalesce(session_summary.session_count, 0) > 0 as has_web_sessions,
        coalesce(order_summary.online_order_count, 0) > 0 as has_online_orders,
        coalesce(order_summary.boutique_order_count, 0) > 0 as has_boutique_orders,
        customers.appointment_count > 0 as has_appointments,
        -- web, online, boutique, appointment: the ones the customer used, in that order
        nullif(
            rtrim(
                {{ dbt.concat([
                    "case when coalesce(session_summary.session_count, 0) > 0 then 'web, ' else '' end",
                    "case when coalesce(order_summary.online_order_count, 0) > 0 then 'online, ' else '' end",
                    "case when coalesce(order_summary.boutique_order_count, 0) > 0 then 'boutique, ' else '' end",
                    "case when customers.appointment_count > 0 then 'appointment, ' else '' end",
                ]) }},
                ', '
            ),
            ''
        ) as channels_used,
        cast(customers.browser_count as {{ dbt.type_int() }}) as browser_count,
        session_summary.device_categories,
        cast(coalesce(session_summary.session_count, 0) as {{ dbt.type_int() }}) as session_count,
        cast(coalesce(session_summary.engaged_session_count, 0) as {{ dbt.type_int() }})
            as engaged_session_count,
        cast(round(session_summary.average_session_duration_seconds, 1) as {{ dbt.type_numeric() }})
            as average_session_duration_seconds,
        session_summary.last_session_at,
        top_product_views.most_viewed_products,
        last_lines.sku as last_purchased_sku,
        last_lines.product_name as last_purchased_product_name,
        last_lines.ordered_at as last_purchased_at,
        cast(coalesce(order_summary.order_count, 0) as {{ dbt.type_int() }}) as order_count,
        cast(coalesce(order_summary.online_order_count, 0) as {{ dbt.type_int() }}) as online_order_count,
        cast(coalesce(order_summary.boutique_order_count, 0) as {{ dbt.type_int() }})
            as boutique_order_count,
        order_summary.first_order_date,
        order_summary.last_order_date,
        cast(coalesce(order_summary.lifetime_revenue, 0) as {{ dbt.type_numeric() }}) as lifetime_revenue,
        cast(
            round(order_summary.lifetime_revenue / order_summary.order_count, 2) as {{ dbt.type_numeric() }}
        ) as average_order_value,
        cast(
            round(
                {{ dbt.datediff('order_summary.first_order_date', 'order_summary.last_order_date', 'day') }}
                / nullif(order_summary.order_count - 1, 0),
                1
            ) as {{ dbt.type_numeric() }}
        ) as average_days_between_orders,
        cast(
            round(order_summary.promo_order_count / order_summary.order_count, 4) as {{ dbt.type_numeric() }}
        ) as promo_usage_rate,
        payment_methods.payment_method as preferred_payment_method,
        categories.category as preferred_category,
        cast(
            {{ dbt.datediff('order_summary.last_order_date', 'as_of.as_of_date', 'day') }}
            as {{ dbt.type_int() }}
        ) as days_since_last_order,
        cast(coalesce(open_carts.open_cart_units, 0) as {{ dbt.type_int() }}) as open_cart_units,
        cast(coalesce(open_carts.open_cart_value, 0) as {{ dbt.type_numeric() }}) as open_cart_value,
        upcoming_appointments.appointment_id as next_appointment_id,
        upcoming_appointments.scheduled_at as next_appointment_at,
        upcoming_appointments.boutique_id as next_appointment_boutique_id,
        upcoming_appointments.motivation as next_appointment_motivation,
        rfm.recency_score,
        rfm.frequency_score,
        rfm.monetary_score,
        rfm.rfm_cell,
        coalesce(rfm.segment, 'No purchase') as rfm_segment
    from customers
    cross join as_of
    left join order_summary
        on customers.customer_id = order_summary.customer_id
    left join payment_methods
        on customers.customer_id = payment_methods.customer_id and payment_methods.preference_rank = 1
    left join categories
        on customers.customer_id = categories.customer_id and categories.preference_rank = 1
    left join last_lines
        on customers.customer_id = last_lines.customer_id and last_lines.recency_rank = 1
    left join session_summary
        on customers.customer_id = session_summary.customer_id
    left join top_product_views
        on customers.customer_id = top_product_views.customer_id
    left join open_carts
        on customers.customer_id = open_carts.customer_id
    left join upcoming_appointments
        on customers.customer_id = upcoming_appointments.customer_id and upcoming_appointments.upcoming_rank = 1
    left join rfm
        on customers.customer_id = rfm.customer_id
)

select * from final
