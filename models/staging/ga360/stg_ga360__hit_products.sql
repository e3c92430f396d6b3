{{ config(materialized='view') }}

-- One row per product of a staged GA360 hit (the hit's `product` list),
-- impressions (a product shown in a list, isImpression) left out: the
-- products viewed, added, checked out and bought, in the shape of GA4's
-- items. Amounts are in the hit's local currency (currencyCode) where the
-- export has it, and in the view's currency (price_in_view_currency).

with hits as (
    select
        hit_key,
        session_key,
        client_key,
        hit_at,
        event_name,
        transaction_id,
        currency,
        products
    from {{ ref('stg_ga360__hits') }}
    where product_count > 0
),

unnested as (
    {{ scv.unnest_with_index(
        'hits',
        array_column='products',
        element_alias='product',
        index_alias='product_index',
        columns=[
            'hit_key', 'session_key', 'client_key', 'hit_at', 'event_name', 'transaction_id', 'currency',
        ]
    ) }}
),

-- noqa: disable=CP02, RF03
final as (
    select
        {{ scv.hash_key(['hit_key', 'product_index']) }} as hit_product_key,
        hit_key,
        product_index,
        session_key,
        client_key,
        hit_at,
        event_name,
        transaction_id,
        nullif(trim(product.productSKU), '') as item_id,
        product.v2ProductName as item_name,
        product.v2ProductCategory as item_category,
        product.productBrand as item_brand,
        product.productVariant as item_variant,
        coalesce(product.productQuantity, 1) as quantity,
        currency,
        product.localProductPrice / 1000000.0 as price,
        product.localProductRevenue / 1000000.0 as item_revenue,
        product.productPrice / 1000000.0 as price_in_view_currency
    from unnested
    where not coalesce(product.isImpression, false)
)
-- noqa: enable=CP02, RF03

select * from final
