{#
    The columns of each CRM / commerce extract, as docs/raw_contract.md and
    the source YAML describe them (in contract order). Base staging models
    read exactly these columns (by name: extra columns in a file are
    ignored) and unit-test fixtures are built from them. A singular test
    (tests/staging/assert_raw_contract_matches_sources.sql) keeps this list
    and the source YAML identical.
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
            'erasure_requests': ['request_id', 'requested_at', 'customer_id', 'email'],
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

{#
    The select list every base staging model starts from: each raw contract
    column as cleaned text (clean_text: trimmed, empty string = null), plus
    raw_row_hash over the raw columns.
#}
{% macro raw_text_columns(raw_columns) -%}
    {%- for column in raw_columns %}
        {{ scv.clean_text(column) }} as {{ column }},
    {%- endfor %}
        {{ scv.raw_row_hash(raw_columns) }} as raw_row_hash
{%- endmacro %}

{#
    One SQL condition per amount column that is true when the amount is
    invalid (is_invalid_amount): unparseable, negative or implausible; a
    column in required_amounts must also be present. Base models join the
    list with ' or ' in their quarantine rule.
#}
{% macro invalid_amount_checks(amount_columns, required_amounts) -%}
    {%- set checks = [] %}
    {%- for column in amount_columns %}
        {%- do checks.append(scv.is_invalid_amount(
            column, column ~ '_parsed', column ~ '_reporting', required=column in required_amounts
        )) %}
    {%- endfor %}
    {{- return(checks) }}
{%- endmacro %}
