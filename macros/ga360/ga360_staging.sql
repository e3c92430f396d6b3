{#
    GA360 (Universal Analytics) staging helpers that are the same on every
    engine; the engine-specific parts are in macros/cross_db/ga360_export.sql.
#}

{#
    The columns and nested fields of the GA360 export (`ga_sessions_*`) that
    staging reads, in an engine-neutral notation: a type is 'string', 'int',
    'float', 'bool', a list of (name, type) pairs (a record) or
    {'array': type} (a repeated field). It is the conformed template (a field
    an export lacks reads as null) and the typed empty export used when
    GA360 is not enabled. Add a field here before reading it in a model.
#}
{% macro ga360_export_schema() -%}
    {%- set custom_dimension = [('index', 'int'), ('value', 'string')] -%}
    {%- set product = [
        ('productSKU', 'string'),
        ('v2ProductName', 'string'),
        ('v2ProductCategory', 'string'),
        ('productBrand', 'string'),
        ('productVariant', 'string'),
        ('productPrice', 'int'),
        ('localProductPrice', 'int'),
        ('productQuantity', 'int'),
        ('productRevenue', 'int'),
        ('localProductRevenue', 'int'),
        ('isImpression', 'bool'),
    ] -%}
    {%- set hit = [
        ('hitNumber', 'int'),
        ('time', 'int'),
        ('isInteractive', 'bool'),
        ('isEntrance', 'bool'),
        ('isExit', 'bool'),
        ('type', 'string'),
        ('page', [('pagePath', 'string'), ('hostname', 'string'), ('pageTitle', 'string')]),
        ('transaction', [
            ('transactionId', 'string'),
            ('transactionRevenue', 'int'),
            ('transactionTax', 'int'),
            ('transactionShipping', 'int'),
            ('affiliation', 'string'),
            ('currencyCode', 'string'),
            ('localTransactionRevenue', 'int'),
            ('localTransactionTax', 'int'),
            ('localTransactionShipping', 'int'),
        ]),
        ('eCommerceAction', [('action_type', 'string'), ('step', 'int')]),
        ('eventInfo', [
            ('eventCategory', 'string'),
            ('eventAction', 'string'),
            ('eventLabel', 'string'),
            ('eventValue', 'int'),
        ]),
        ('product', {'array': product}),
        ('customDimensions', {'array': custom_dimension}),
    ] -%}
    {{ return([
        ('visitorId', 'int'),
        ('visitNumber', 'int'),
        ('visitId', 'int'),
        ('visitStartTime', 'int'),
        ('date', 'string'),
        ('fullVisitorId', 'string'),
        ('clientId', 'string'),
        ('userId', 'string'),
        ('channelGrouping', 'string'),
        ('totals', [
            ('visits', 'int'),
            ('hits', 'int'),
            ('pageviews', 'int'),
            ('timeOnSite', 'int'),
            ('bounces', 'int'),
            ('transactions', 'int'),
            ('transactionRevenue', 'int'),
            ('totalTransactionRevenue', 'int'),
            ('newVisits', 'int'),
        ]),
        ('trafficSource', [
            ('referralPath', 'string'),
            ('campaign', 'string'),
            ('source', 'string'),
            ('medium', 'string'),
            ('keyword', 'string'),
            ('adContent', 'string'),
            ('adwordsClickInfo', [('gclId', 'string')]),
            ('isTrueDirect', 'bool'),
        ]),
        ('device', [
            ('browser', 'string'),
            ('browserVersion', 'string'),
            ('operatingSystem', 'string'),
            ('operatingSystemVersion', 'string'),
            ('isMobile', 'bool'),
            ('deviceCategory', 'string'),
            ('language', 'string'),
        ]),
        ('geoNetwork', [
            ('continent', 'string'),
            ('subContinent', 'string'),
            ('country', 'string'),
            ('region', 'string'),
            ('city', 'string'),
        ]),
        ('customDimensions', {'array': custom_dimension}),
        ('hits', {'array': hit}),
    ]) }}
{%- endmacro %}


{#
    Whether GA360 staging reads the export: the `ga360_enabled` var, 'auto'
    (the default: read it when it is there, see ga360_export_is_present),
    true (read it; a missing export is an error that says where it was
    looked for) or false (never; the GA360 models are empty).
#}
{% macro ga360_is_enabled() -%}
    {%- set setting = var('ga360_enabled', 'auto') | string | trim | lower -%}
    {%- if setting in ('false', '0', 'no') -%}
        {{ return(false) }}
    {%- elif setting not in ('auto', 'true', '1', 'yes') -%}
        {{ exceptions.raise_compiler_error(
            "ga360_enabled must be auto, true or false, got '" ~ var('ga360_enabled') ~ "'"
        ) }}
    {%- endif -%}
    {#- a unit test reads its fixture -#}
    {%- if not execute or model.resource_type == 'unit_test' -%}
        {{ return(true) }}
    {%- endif -%}
    {%- set present = scv.ga360_export_is_present() -%}
    {%- if setting != 'auto' and not present -%}
        {{ exceptions.raise_compiler_error(
            "ga360_enabled is true but there is no GA360 export: " ~ scv.ga360_export_location()
            ~ ". Write it there (docs/raw_contract.md, \"GA360 export\"), point the ga360_parquet_glob var"
            ~ " (DuckDB) or ga360_project / ga360_dataset (BigQuery) at it, or set ga360_enabled: auto."
        ) }}
    {%- endif -%}
    {{ return(present) }}
{%- endmacro %}


{#
    The export tables to read, as a condition on the table suffix (BigQuery's
    `_TABLE_SUFFIX` of `ga_sessions_*`, or the same taken from the file name):
    daily tables `ga360_start_date` .. `ga360_end_date` (YYYYMMDD, inclusive;
    an empty end date means no limit), plus the intraday tables of the same
    days when `ga360_include_intraday` is true. Constants on the suffix let
    BigQuery prune the tables scanned.
#}
{% macro ga360_table_suffix_filter(suffix) -%}
    {%- set start_date = var('ga360_start_date') | string | trim -%}
    {%- set end_date = (var('ga360_end_date') | string | trim) or '99991231' -%}
    {%- for name, value in [('ga360_start_date', start_date), ('ga360_end_date', end_date)] -%}
        {%- if not modules.re.fullmatch('[0-9]{8}', value) -%}
            {{ exceptions.raise_compiler_error(name ~ " must be a date written YYYYMMDD, got '" ~ value ~ "'") }}
        {%- endif -%}
    {%- endfor -%}
    (
        {{ suffix }} between '{{ start_date }}' and '{{ end_date }}'
        {%- if var('ga360_include_intraday') | string | lower in ('true', '1', 'yes') %}
        or {{ suffix }} between 'intraday_{{ start_date }}' and 'intraday_{{ end_date }}'
        {%- endif %}
    )
{%- endmacro %}


{#
    Why a session row alone cannot be staged (null: it can), in the
    documented order (docs/raw_contract.md, "GA360 export"): a start time
    before GA's first export (2005) or more than a day ahead, a date that is
    not YYYYMMDD, no fullVisitorId (the browser), no visitId. Used by both
    base models so that a session row's hits share its fate.
#}
{% macro ga360_row_reason(visit_start_time, session_date, full_visitor_id, visit_id) -%}
    case
        when
            {{ visit_start_time }} is null
            or {{ visit_start_time }} < 1104537600
            or {{ visit_start_time }} > {{ scv.current_micros() }} / 1000000 + 86400
            then 'invalid_visit_start_time'
        when {{ scv.try_strptime_date(session_date, '%Y%m%d') }} is null then 'invalid_session_date'
        when nullif(trim({{ full_visitor_id }}), '') is null then 'missing_full_visitor_id'
        when {{ visit_id }} is null then 'missing_visit_id'
    end
{%- endmacro %}


{#
    The GA4-style event name of a UA hit (docs/raw_contract.md, "GA360
    export"): the enhanced-ecommerce action wins (a product detail page view
    is view_item, the transaction hit purchase), else the hit type (PAGE ->
    page_view, APPVIEW -> screen_view), else an EVENT hit's action in GA4's
    naming (lower case, words joined by '_'), else the type in lower case.
#}
{% macro ga360_event_name(hit_type, action_type, event_action, transaction_id) -%}
    case
        when {{ action_type }} = '6' or ({{ hit_type }} = 'TRANSACTION' and {{ transaction_id }} is not null)
            then 'purchase'
        when {{ action_type }} = '1' then 'select_item'
        when {{ action_type }} = '2' then 'view_item'
        when {{ action_type }} = '3' then 'add_to_cart'
        when {{ action_type }} = '4' then 'remove_from_cart'
        when {{ action_type }} = '5' then 'begin_checkout'
        when {{ action_type }} = '7' then 'refund'
        when {{ action_type }} = '8' then 'checkout_option'
        when {{ hit_type }} = 'PAGE' then 'page_view'
        when {{ hit_type }} = 'APPVIEW' then 'screen_view'
        when {{ hit_type }} = 'EVENT' and nullif(trim({{ event_action }}), '') is not null
            then trim({{ scv.regex_replace('lower(trim(' ~ event_action ~ '))', '[^a-z0-9]+', '_') }}, '_')
        else lower(coalesce({{ hit_type }}, 'unknown'))
    end
{%- endmacro %}


{# The browser's key: md5 of 'ga360' and fullVisitorId; null without one. #}
{% macro ga360_client_key(full_visitor_id) -%}
    case
        when {{ full_visitor_id }} is not null
            then {{ scv.hash_key(["'ga360'", full_visitor_id]) }}
    end
{%- endmacro %}


{# The session's key: md5 of the client key and visitId (the same in the rows of a session split at midnight). #}
{% macro ga360_session_key(client_key, visit_id) -%}
    case
        when {{ client_key }} is not null and {{ visit_id }} is not null
            then {{ scv.hash_key([client_key, visit_id]) }}
    end
{%- endmacro %}


{#
    The export days (a list of 'YYYYMMDD') an incremental run of a GA360
    base model does not read again: the days it holds rows of. GA360 is a
    finished export (Universal Analytics stopped processing in 2024), so a
    table once loaded does not change: a run reads only the tables of days
    it has not loaded (a history exported in several parts, or loaded
    before the rest arrived). Empty on a full build (read everything). A
    table changed after it was loaded needs --full-refresh.
#}
{% macro ga360_loaded_days() -%}
    {%- if not scv.is_incremental_run() -%}
        {{ return([]) }}
    {%- endif -%}
    {%- set loaded_query -%}
        select distinct cast(export_date as {{ dbt.type_string() }})
        from {{ this }}
        where export_date is not null
        order by 1
    {%- endset -%}
    {%- set days = [] -%}
    {%- for row in run_query(loaded_query).rows -%}
        {%- do days.append(row[0][:10] | replace('-', '')) -%}
    {%- endfor -%}
    {{ return(days) }}
{%- endmacro %}


{#
    Whether a GA360 staging relation (`staged`: a ref the calling model
    reads) holds any row, asked once when the model compiles: the web
    contracts leave the GA360 part out when it holds none, so that a
    property without UA history pays nothing for it. True in a unit test,
    in an offline compile (no warehouse to ask), and before the relation
    exists.
#}
{% macro ga360_is_staged(staged) -%}
    {%- if not execute or model.resource_type == 'unit_test' or flags.INTROSPECT == false -%}
        {{ return(true) }}
    {%- endif -%}
    {%- set relation = adapter.get_relation(
        database=staged.database, schema=staged.schema, identifier=staged.identifier
    ) -%}
    {%- if relation is none -%}
        {{ return(true) }}
    {%- endif -%}
    {%- set any_row -%}
        select count(*) from (select 1 as one from {{ staged }} limit 1) as any_row
    {%- endset -%}
    {{ return(run_query(any_row).columns[0].values()[0] > 0) }}
{%- endmacro %}
