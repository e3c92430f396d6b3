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
    The columns of each extract that the contract says are never empty
    (docs/raw_contract.md, "may be empty: no"): an extract without one of
    them cannot be staged, and check_raw_extract stops the run naming it.
    A column missing from this list may be absent from the file: it reads
    as empty. The singular test assert_raw_contract_matches_sources keeps
    this list and the source YAML ("never empty") identical.
#}
{% macro raw_contract_required_columns(source_name, table_name) -%}
    {%- set required = {
        'crm': {
            'customers': ['customer_id', 'created_at', 'updated_at'],
            'appointments': ['appointment_id', 'boutique_id', 'booked_at', 'scheduled_at', 'status'],
            'consents': ['json_line'],
            'erasure_requests': [],
        },
        'commerce': {
            'products': ['sku', 'product_name', 'price', 'currency'],
            'orders': ['order_id', 'ordered_at', 'status', 'currency', 'subtotal_amount', 'total_amount'],
            'order_lines': ['order_id', 'line_number', 'sku', 'quantity', 'unit_price', 'line_total'],
            'pos_sales': ['sale_id', 'boutique_id', 'sold_at', 'status', 'currency', 'total_amount'],
            'pos_sale_lines': ['sale_id', 'line_number', 'sku', 'quantity', 'unit_price', 'line_total'],
        },
    } -%}
    {%- if source_name not in required or table_name not in required[source_name] -%}
        {{ exceptions.raise_compiler_error("raw_contract_required_columns: no contract for " ~ source_name ~ "." ~ table_name) }}
    {%- endif -%}
    {{- return(required[source_name][table_name]) -}}
{%- endmacro %}


{#
    Pre-hook of every CRM / commerce base model: before the extract is
    read, stops the run with a message that says what to change when

    - the file is not there (DuckDB: naming the path, the raw_dir /
      SCV_RAW_DIR setting, and the other format's file when that one is
      there: raw_file_format);
    - the extract lacks a column the contract requires (an empty file, a
      file without its header row, a semicolon- or tab-separated file,
      renamed columns), naming the columns missing and the columns found.

    A column the contract allows to be empty that the file lacks reads as
    null for every row, with a warning naming it (DuckDB; on BigQuery the
    table must have it, and the run stops naming it). Column names match
    whatever their case; DuckDB trims white space around them. Renders
    nothing (no statement) when the extract passes, and on a compile
    without introspection. See docs/bad_input.md.
#}
{% macro check_raw_extract(source_name, table_name) -%}
    {%- if execute and not (flags.INTROSPECT == false) -%}
        {%- set relation = source(source_name, table_name) -%}
        {%- set where = scv.raw_extract_location(relation) -%}
        {%- set found = scv.raw_extract_columns(relation, source_name ~ '.' ~ table_name) -%}
        {%- set found_lower = found | map('lower') | list -%}
        {%- set contract = scv.raw_contract_columns(source_name, table_name) -%}
        {%- set required = scv.raw_contract_required_columns(source_name, table_name) -%}
        {%- set missing_required = [] -%}
        {%- set missing_optional = [] -%}
        {%- for column in contract if column not in found_lower -%}
            {%- do (missing_required if column in required else missing_optional).append(column) -%}
        {%- endfor -%}
        {%- if missing_required -%}
            {%- set hint -%}
                {%- if found_lower == ['column0'] -%}
                    The file is empty: an extract needs its header row, even when it has no rows.
                {%- elif found | length == 1 and (';' in found[0] or '	' in found[0] or '|' in found[0]) -%}
                    The header reads as one column: the file is not comma-separated. Write it with ',' between fields (docs/raw_contract.md).
                {%- else -%}
                    Name the columns as docs/raw_contract.md does (any case; extra columns are ignored); if the columns found are values, the header row is missing.
                {%- endif -%}
            {%- endset -%}
            {{ exceptions.raise_compiler_error(
                "The " ~ source_name ~ "." ~ table_name ~ " extract " ~ where ~ " has no column "
                ~ (missing_required | join(', ')) ~ ", which docs/raw_contract.md requires. Columns found: "
                ~ (found | join(', ')) ~ ". " ~ hint
            ) }}
        {%- endif -%}
        {%- if missing_optional -%}
            {%- if scv.raw_extract_fills_missing_columns() -%}
                {%- do exceptions.warn(
                    "The " ~ source_name ~ "." ~ table_name ~ " extract " ~ where ~ " has no column "
                    ~ (missing_optional | join(', ')) ~ ": read as empty for every row. Add the column to the"
                    ~ " extract if the source system has it (docs/raw_contract.md)."
                ) -%}
            {%- else -%}
                {{ exceptions.raise_compiler_error(
                    "The " ~ source_name ~ "." ~ table_name ~ " extract " ~ where ~ " has no column "
                    ~ (missing_optional | join(', ')) ~ ". Add the column to the table (every value may be"
                    ~ " empty, docs/raw_contract.md)."
                ) }}
            {%- endif -%}
        {%- endif -%}
    {%- endif -%}
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
