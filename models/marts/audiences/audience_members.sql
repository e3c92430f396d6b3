-- Every audience's members in one table (long format), one row per
-- audience and customer: what a sync and the membership history
-- (snap_audiences__members, audience_membership_changes) read. The rules
-- are the four audience models'; qualified_at is the moment that put the
-- customer in the audience (the last qualifying order, the only order, the
-- abandoned cart, the last product view).

-- sqlfluff:indentation:template_blocks_indent:false
{#- each audience model and the column that says when the customer qualified #}
{%- set audiences = [
    ('audience_recent_buyers', 'last_qualifying_order_at'),
    ('audience_first_time_buyers', 'first_order_at'),
    ('audience_cart_abandoners', 'abandoned_at'),
    ('audience_browse_abandoners', 'last_viewed_at'),
] %}

with
{%- for model, qualified_at in audiences %}
{{ model }} as (
    select * from {{ ref(model) }}
),
{% endfor %}
unioned as (
    {%- for model, qualified_at in audiences %}
    select
        member_key,
        audience_name,
        customer_id,
        external_id,
        as_of_date,
        is_holdout,
        email_sha256,
        phone_e164_sha256,
        phone_digits_sha256,
        {{ qualified_at }} as qualified_at
    from {{ model }}
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}
),

final as (
    select
        member_key,
        audience_name,
        customer_id,
        external_id,
        as_of_date,
        qualified_at,
        is_holdout,
        email_sha256,
        phone_e164_sha256,
        phone_digits_sha256
    from unioned
)

select * from final
