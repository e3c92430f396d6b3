{#
    The columns of each CRM / commerce extract, as docs/raw_contract.md and
    the source YAML describe them (in contract order). Base staging models
    read exactly these columns (by name: extra columns in a file are
    ignored) and unit-test fixtures are built from them. A singular test per
    source (tests/staging/<source>/assert_raw_contract_matches_sources.sql)
    keeps this list and the source YAML identical.
#}
{% macro raw_contract_columns(source_name, table_name) -%}
    {%- set contract = {
        'crm': {
            'customers': [
                'customer_id', 'title', 'given_name', 'family_name', 'email', 'phone',
                'birth_date', 'gender', 'street_address', 'postcode', 'city', 'region',
                'country', 'preferred_language', 'home_boutique_id', 'loyalty_tier',
                'created_at', 'updated_at'
            ],
            'appointments': [
                'appointment_id', 'customer_id', 'boutique_id', 'booked_at', 'scheduled_at',
                'motivation', 'status', 'booking_id', 'channel'
            ],
            'consents': ['json_line'],
        },
        'commerce': {
            'products': ['sku', 'product_name', 'category', 'subcategory', 'price', 'currency', 'created_at'],
            'orders': [
                'order_id', 'customer_id', 'email', 'ordered_at', 'status', 'currency',
                'subtotal_amount', 'discount_amount', 'shipping_amount', 'tax_amount',
                'total_amount', 'promo_code', 'payment_method', 'shipping_country', 'updated_at'
            ],
            'order_lines': ['order_id', 'line_number', 'sku', 'quantity', 'unit_price', 'discount_amount', 'line_total'],
            'pos_sales': [
                'sale_id', 'boutique_id', 'customer_id', 'sold_at', 'status', 'currency',
                'total_amount', 'discount_amount', 'payment_method'
            ],
            'pos_sale_lines': ['sale_id', 'line_number', 'sku', 'quantity', 'unit_price', 'discount_amount', 'line_total'],
        },
    } -%}
    {%- if source_name not in contract or table_name not in contract[source_name] -%}
        {{ exceptions.raise_compiler_error("raw_contract_columns: no contract for " ~ source_name ~ "." ~ table_name) }}
    {%- endif -%}
    {{- return(contract[source_name][table_name]) -}}
{%- endmacro %}
