-- What boutique staff need to prepare a CRM appointment: one row per
-- appointment (stg_crm__appointments), upcoming and past. Rules and their
-- reasons: _marts_clienteling__docs.md; in short:
--   - the brief's figures use the data known before its cutoff,
--     web_window_end = the earlier of the appointment's scheduled time and
--     the end of the as-of date (macros/marts/as_of_date.sql): a past
--     appointment shows what staff could have known then, an upcoming one
--     everything up to the as-of date;
--   - "last N days" windows end at the cutoff (excluded) and start N x 24
--     hours before it (included);
--   - the profile, loyalty tier, RFM segment, consents and the open cart are
--     as of the as-of date (the open cart only for upcoming appointments);
--   - a brief is allowed only for a resolved customer whose latest choice
--     grants one of the channels of var brief_consent_channels; otherwise
--     every figure about the person is null and brief_status says why.
{%- set consent_channels = var('brief_consent_channels', ['email', 'phone']) %}
{%- set known_channels = ['email', 'sms', 'phone', 'mail', 'personalised_ads'] %}
{%- if consent_channels is string or consent_channels | length == 0 %}
    {{- exceptions.raise_compiler_error(
        "var brief_consent_channels must be a non-empty list of consent channels among "
        ~ known_channels | join(', ') ~ ", e.g. [email, phone]; got " ~ consent_channels
    ) }}
{%- endif %}
{%- for channel in consent_channels %}
    {%- if channel not in known_channels %}
        {{- exceptions.raise_compiler_error(
            "var brief_consent_channels: unknown channel '" ~ channel ~ "' (stg_crm__consents channels: "
            ~ known_channels | join(', ') ~ ")"
        ) }}
    {%- endif %}
{%- endfor %}
{%- set recent_days = var('brief_recent_sessions_days', 30) | int %}
{%- set web_days = var('brief_web_window_days', 90) | int %}
{%- set category_count = var('brief_preferred_categories', 3) | int %}
{#- columns about the person, null when no brief is allowed -#}
{%- set personal_columns = [
    'customer_display_name', 'preferred_language', 'loyalty_tier', 'contact_consent_channels',
    'rfm_segment', 'lifetime_revenue', 'order_count', 'last_purchased_product_name',
    'last_purchased_at', 'preferred_categories', 'last_boutique_visit_at',
    'last_boutique_visit_boutique_name', 'has_web_history', 'sessions_last_30_days',
    'sessions_last_90_days', 'average_session_duration_seconds', 'open_cart_products',
    'open_cart_value', 'brief_notes',
] %}

with appointments as (
    select * from {{ ref('stg_crm__appointments') }}
),

boutiques as (
    select * from {{ ref('boutiques') }}
),

id_map as (
    select * from {{ ref('int_identity__id_map') }}
    where identifier_type = 'appointment_id'
),

customers as (
    select * from {{ ref('int_customers__golden') }}
),

observations as (
    select * from {{ ref('int_identity__observations') }}
),

orders as (
    select * from {{ ref('fct_orders') }}
),

order_lines as (
    select * from {{ ref('fct_order_lines') }}
),

sessions as (
    select * from {{ ref('fct_sessions') }}
    where customer_id is not null
),

rfm as (
    select * from {{ ref('customer_rfm') }}
),

open_cart_items as (
    select * from {{ ref('int_web__open_cart_items') }}
),

notes as (
    select * from {{ ref('brief_notes') }}
    where note is not null
),

as_of as (
    select
        as_of_date,
        cast({{ dbt.dateadd('day', 1, 'as_of_date') }} as {{ dbt.type_timestamp() }}) as as_of_end
    from (select {{ scv.as_of_date_expression('orders') }} as as_of_date) as as_of_dates
),

-- the GA4 booking events (var ga4_booking_event_names) seen up to the as-of date
ga4_bookings as (
    select distinct observations.right_identifier_value as booking_id
    from observations
    cross join as_of
    where
        observations.link_source = 'ga4_event'
        and observations.right_identifier_type = 'booking_id'
        and observations.first_seen_at < as_of.as_of_end
),

appointment_windows as (
    select
        appointments.appointment_id,
        appointments.scheduled_at,
        appointments.boutique_id,
        boutiques.name as boutique_name,
        boutiques.timezone as boutique_timezone,
        appointments.motivation,
        appointments.status as appointment_status,
        appointments.channel as booking_channel,
        appointments.booking_id,
        id_map.customer_id,
        as_of.as_of_date,
        as_of.as_of_end,
        cast(appointments.scheduled_at as date) >= as_of.as_of_date as is_upcoming,
        least(appointments.scheduled_at, as_of.as_of_end) as window_end
    from appointments
    cross join as_of
    left join boutiques
        on appointments.boutique_id = boutiques.boutique_id
    left join id_map
        on appointments.appointment_id = id_map.identifier_value
),

windows as (
    select
        *,
        cast({{ dbt.dateadd('day', -web_days, 'window_end') }} as {{ dbt.type_timestamp() }}) as window_start,
        cast({{ dbt.dateadd('day', -recent_days, 'window_end') }} as {{ dbt.type_timestamp() }})
            as recent_window_start
    from appointment_windows
),

-- orders counted as purchases (fct_orders.is_recognised_revenue) before the cutoff
kept_orders as (
    select
        windows.appointment_id,
        orders.order_key,
        orders.recognised_net_amount
    from windows
    inner join orders
        on
            windows.customer_id = orders.customer_id
            and windows.window_end > orders.ordered_at
    where orders.is_recognised_revenue
),

order_summary as (
    select
        appointment_id,
        count(*) as order_count,
        sum(recognised_net_amount) as lifetime_revenue
    from kept_orders
    group by appointment_id
),

kept_lines as (
    select
        kept_orders.appointment_id,
        order_lines.line_key,
        order_lines.ordered_at,
        order_lines.sku,
        order_lines.product_name,
        order_lines.category,
        order_lines.quantity,
        order_lines.recognised_net_amount
    from kept_orders
    inner join order_lines
        on kept_orders.order_key = order_lines.order_key
),

-- the line of the latest kept order, the highest amount first (as customer_360)
last_lines as (
    select
        appointment_id,
        ordered_at,
        coalesce(product_name, sku) as product_name,
        row_number() over (
            partition by appointment_id
            order by ordered_at desc, recognised_net_amount desc, sku asc, line_key asc
        ) as recency_rank
    from kept_lines
),

-- categories by recognised net amount, then units, then the name
ranked_categories as (
    select
        appointment_id,
        category,
        row_number() over (
            partition by appointment_id
            order by sum(recognised_net_amount) desc, sum(quantity) desc, category asc
        ) as preference_rank
    from kept_lines
    where category is not null
    group by appointment_id, category
),

preferred_categories as (
    select
        appointment_id,
        {{ dbt.listagg('category', "', '", 'order by preference_rank') }} as preferred_categories
    from ranked_categories
    where preference_rank <= {{ category_count }}
    group by appointment_id
),

-- any in-store sale is a visit (a return too), whatever its status
boutique_visits as (
    select
        windows.appointment_id,
        orders.ordered_at,
        orders.boutique_name,
        row_number() over (
            partition by windows.appointment_id
            order by orders.ordered_at desc, orders.order_key asc
        ) as recency_rank
    from windows
    inner join orders
        on
            windows.customer_id = orders.customer_id
            and windows.window_end > orders.ordered_at
    where orders.channel = 'boutique'
),

session_summary as (
    select
        windows.appointment_id,
        count(*) as session_count,
        sum(case when sessions.session_start_at >= windows.recent_window_start then 1 else 0 end)
            as sessions_last_30_days,
        sum(case when sessions.session_start_at >= windows.window_start then 1 else 0 end)
            as sessions_last_90_days,
        avg(
            case
                when sessions.session_start_at >= windows.window_start
                    then sessions.session_duration_seconds
            end
        ) as average_session_duration_seconds
    from windows
    inner join sessions
        on
            windows.customer_id = sessions.customer_id
            and windows.window_end > sessions.session_start_at
    group by windows.appointment_id
),

-- as of the as-of date (int_web__open_cart_items): shown for upcoming appointments only
open_carts as (
    select
        customer_id,
        {{ dbt.listagg(
            dbt.concat([
                'coalesce(item_name, item_id)',
                "case when net_quantity > 1 then " ~ dbt.concat(["' x'", dbt.cast('net_quantity', dbt.type_string())]) ~ " else '' end",
            ]),
            "'; '",
            'order by coalesce(item_name, item_id), item_id'
        ) }} as open_cart_products,
        sum(cart_value) as open_cart_value
    from open_cart_items
    group by customer_id
),

-- a note for the appointment, or for the customer (appointment_id empty)
matched_notes as (
    select
        windows.appointment_id,
        {{ dbt.listagg(
            'notes.note',
            "' | '",
            'order by case when notes.appointment_id is null then 1 else 0 end, notes.note'
        ) }} as brief_notes
    from windows
    inner join notes
        on
            windows.appointment_id = notes.appointment_id
            or (notes.appointment_id is null and windows.customer_id = notes.customer_id)
    group by windows.appointment_id
),

assembled as (
    select
        windows.*,
        customers.customer_id is not null as is_customer_resolved,
        (
            {%- for channel in consent_channels %}
                coalesce(customers.has_{{ channel }}_consent, false){% if not loop.last %} or{% endif %}
            {%- endfor %}
        ) as has_brief_consent,
        -- CJK names are written family name first without a space
        {%- set family = "coalesce(customers.family_name, '')" %}
        {%- set given = "coalesce(customers.given_name, '')" %}
        {%- set cjk = '[\\p{Han}\\p{Hiragana}\\p{Katakana}\\p{Hangul}]' %}
        case
            when {{ scv.regex_matches(dbt.concat([family, given]), cjk) }}
                then {{ dbt.concat([family, given]) }}
            else nullif(trim({{ dbt.concat([given, "' '", family]) }}), '')
        end as customer_display_name,
        customers.preferred_language,
        customers.loyalty_tier,
        -- contact channels granted (latest choice), in a fixed order
        nullif(
            rtrim(
                {{ dbt.concat([
                    "case when customers.has_email_consent then 'email, ' else '' end",
                    "case when customers.has_sms_consent then 'sms, ' else '' end",
                    "case when customers.has_phone_consent then 'phone, ' else '' end",
                    "case when customers.has_mail_consent then 'mail, ' else '' end",
                ]) }},
                ', '
            ),
            ''
        ) as contact_consent_channels,
        coalesce(rfm.segment, 'No purchase') as rfm_segment,
        cast(coalesce(order_summary.lifetime_revenue, 0) as {{ dbt.type_numeric() }}) as lifetime_revenue,
        cast(coalesce(order_summary.order_count, 0) as {{ dbt.type_int() }}) as order_count,
        last_lines.product_name as last_purchased_product_name,
        last_lines.ordered_at as last_purchased_at,
        preferred_categories.preferred_categories,
        boutique_visits.ordered_at as last_boutique_visit_at,
        boutique_visits.boutique_name as last_boutique_visit_boutique_name,
        coalesce(session_summary.session_count, 0) > 0 as has_web_history,
        cast(coalesce(session_summary.sessions_last_30_days, 0) as {{ dbt.type_int() }}) as sessions_last_30_days,
        cast(coalesce(session_summary.sessions_last_90_days, 0) as {{ dbt.type_int() }}) as sessions_last_90_days,
        cast(round(session_summary.average_session_duration_seconds, 1) as {{ dbt.type_numeric() }})
            as average_session_duration_seconds,
        case when windows.is_upcoming then open_carts.open_cart_products end as open_cart_products,
        case
            when windows.is_upcoming then cast(coalesce(open_carts.open_cart_value, 0) as {{ dbt.type_numeric() }})
        end as open_cart_value,
        matched_notes.brief_notes
    from windows
    left join customers
        on windows.customer_id = customers.customer_id
    left join rfm
        on windows.customer_id = rfm.customer_id
    left join order_summary
        on windows.appointment_id = order_summary.appointment_id
    left join last_lines
        on windows.appointment_id = last_lines.appointment_id and last_lines.recency_rank = 1
    left join preferred_categories
        on windows.appointment_id = preferred_categories.appointment_id
    left join boutique_visits
        on windows.appointment_id = boutique_visits.appointment_id and boutique_visits.recency_rank = 1
    left join session_summary
        on windows.appointment_id = session_summary.appointment_id
    left join open_carts
        on windows.customer_id = open_carts.customer_id
    left join matched_notes
        on windows.appointment_id = matched_notes.appointment_id
),

final as (
    select
        assembled.appointment_id,
        assembled.scheduled_at,
        {{ scv.utc_timestamp_to_local('assembled.scheduled_at', 'assembled.boutique_timezone') }}
            as scheduled_at_local,
        cast(
            {{ scv.utc_timestamp_to_local('assembled.scheduled_at', 'assembled.boutique_timezone') }} as date
        ) as appointment_date_local,
        assembled.boutique_id,
        assembled.boutique_name,
        assembled.boutique_timezone,
        assembled.motivation,
        assembled.appointment_status,
        assembled.booking_channel,
        assembled.is_upcoming,
        case when assembled.is_customer_resolved then assembled.customer_id end as customer_id,
        case
            when not assembled.is_customer_resolved then 'customer_not_resolved'
            when not assembled.has_brief_consent then 'no_consent'
            else 'ready'
        end as brief_status,
        assembled.is_customer_resolved and assembled.has_brief_consent as is_brief_allowed,
        {%- for column in personal_columns %}
            case when assembled.is_customer_resolved and assembled.has_brief_consent then assembled.{{ column }} end
                as {{ column }},
        {%- endfor %}
        assembled.booking_id is not null as has_booking_id,
        coalesce(ga4_bookings.booking_id is not null, false) as booking_reached_ga,
        '{{ var("reporting_currency", "EUR") }}' as reporting_currency_code,
        assembled.window_start as web_window_start,
        assembled.window_end as web_window_end,
        assembled.as_of_date,
        assembled.as_of_end as data_as_of
    from assembled
    left join ga4_bookings
        on assembled.booking_id = ga4_bookings.booking_id
)

select * from final
