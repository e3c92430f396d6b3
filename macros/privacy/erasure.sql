{#
    Erasure ("right to be forgotten", GDPR art. 17). The request list is the
    CRM extract `erasure_requests` (request_id, requested_at, customer_id,
    email). On the next build every person it names is removed from every
    model and snapshot (docs/privacy.md):

    - the scope (erasure_scope): the requested CRM ids and e-mails, every CRM
      record with one of them (a placeholder e-mail names nobody and is not
      followed), the e-mails and ids of those records, and what is attached
      to them: online orders (by customer id or e-mail), boutique sales,
      appointments and their booking ids;
    - base models drop the raw rows in the scope (erasure_filter), so nothing
      downstream (identity graph, golden record, marts, audiences) sees them;
    - GA4: base_ga4__events deletes the rows that name an erased person
      (their login, a purchase of their order, a booking of their
      appointment), the sessions with such a row and the browsers (not the
      shared ones) with such a row (ga4_erase_rows, a post-hook over the
      whole table, old partitions included); the incremental models after
      it drop the rows left without an export row (ga4_delete_orphans);
    - snapshots delete their history rows of erased people (post-hooks);
    - every raw-rows reconciliation counts the erased rows.

    Nothing is stored about the people erased: the scope is computed from
    the request list at each build (the view stg_privacy__erasure_scope
    shows it). While the list is empty, none of this renders any SQL.
#}


{# Does the request list name anyone? Asked once per model at run time; false while parsing. #}
{% macro erasure_requested() %}
    {#- nor in a unit test (it tests the rules on its own rows) or a compile
        with --no-introspect (the offline BigQuery compile) -#}
    {%- if not execute or flags.INTROSPECT == false or model.resource_type == 'unit_test' -%}
        {{ return(false) }}
    {%- endif -%}
    {%- if not scv.erasure_requests_exist() -%}
        {%- if flags.WHICH in ('build', 'run', 'test', 'snapshot', 'seed', 'run-operation') -%}
            {{ exceptions.raise_compiler_error(
                "The erasure request list crm.erasure_requests is missing (DuckDB: <raw_dir>/crm/erasure_requests."
                ~ var('raw_file_format') ~ "; BigQuery: a table in the crm dataset). Create it with the columns "
                ~ "request_id, requested_at, customer_id, email (a header only when nobody asked to be forgotten): "
                ~ "without it, erasure requests could not be honoured."
                ~ scv.raw_extract_other_format_hint(source('crm', 'erasure_requests'))
            ) }}
        {%- endif -%}
        {#- compiling or linting without the raw data: nothing to erase -#}
        {{ return(false) }}
    {%- endif -%}
    {%- set requests -%}
        select count(*)
        from {{ source('crm', 'erasure_requests') }}
        where {{ scv.clean_text('customer_id') }} is not null or {{ scv.clean_text('email') }} is not null
    {%- endset -%}
    {{ return(run_query(requests).columns[0].values()[0] > 0) }}
{% endmacro %}


{#
    The erased identifiers of the given types, as a select of
    (identifier_type, identifier_value). Types: crm_customer_id,
    ga_user_id (the CRM id, when GA4 user_id is the CRM id), email
    (normalised), email_sha256 (as the identity graph hashes it: keyed with
    the pseudonymisation salt), email_ad_sha256 (plain SHA-256, as the ad
    audiences send it), order_id, pos_sale_id, appointment_id, booking_id.
#}
{% macro erasure_scope(types) -%}
    {%- set known = [
        'crm_customer_id', 'ga_user_id', 'email', 'email_sha256', 'email_ad_sha256',
        'order_id', 'pos_sale_id', 'appointment_id', 'booking_id',
    ] -%}
    {%- for type in types if type not in known -%}
        {{ exceptions.raise_compiler_error("erasure_scope: unknown identifier type '" ~ type ~ "' (known: " ~ known | join(', ') ~ ")") }}
    {%- endfor -%}
    with requests as (
        select
            {{ scv.clean_text('customer_id') }} as customer_id,
            {{ scv.normalise_email(scv.clean_text('email')) }} as email
        from {{ source('crm', 'erasure_requests') }}
    ),

    crm_records as (
        select
            {{ scv.clean_text('customer_id') }} as customer_id,
            {{ scv.normalise_email(scv.clean_text('email')) }} as email
        from {{ source('crm', 'customers') }}
    ),

    -- a placeholder e-mail typed for customers who gave none names nobody
    requested_emails as (
        select email
        from requests
        where email is not null and {{ scv.identity_placeholder_email_reason('email') }} is null
    ),

    matched_records as (
        select customer_id, email
        from crm_records
        where
            customer_id in (select requests.customer_id from requests)
            or email in (select requested_emails.email from requested_emails)
    ),

    erased_customer_ids as (
        select customer_id from requests where customer_id is not null
        union distinct
        select customer_id from matched_records where customer_id is not null
    ),

    erased_emails as (
        select email from requested_emails
        union distinct
        select email
        from matched_records
        where email is not null and {{ scv.identity_placeholder_email_reason('email') }} is null
    ),

    erased_orders as (
        select distinct {{ scv.clean_text('order_id') }} as order_id
        from {{ source('commerce', 'orders') }}
        where
            {{ scv.clean_text('customer_id') }} in (select erased_customer_ids.customer_id from erased_customer_ids)
            or {{ scv.normalise_email(scv.clean_text('email')) }} in (select erased_emails.email from erased_emails)
    ),

    erased_sales as (
        select distinct {{ scv.clean_text('sale_id') }} as sale_id
        from {{ source('commerce', 'pos_sales') }}
        where {{ scv.clean_text('customer_id') }} in (select erased_customer_ids.customer_id from erased_customer_ids)
    ),

    erased_appointments as (
        select distinct
            {{ scv.clean_text('appointment_id') }} as appointment_id,
            {{ scv.clean_text('booking_id') }} as booking_id
        from {{ source('crm', 'appointments') }}
        where {{ scv.clean_text('customer_id') }} in (select erased_customer_ids.customer_id from erased_customer_ids)
    ),

    scope as (
        {%- set branches = {
            'crm_customer_id': "select customer_id as identifier_value from erased_customer_ids",
            'ga_user_id': "select customer_id as identifier_value from erased_customer_ids",
            'email': "select email as identifier_value from erased_emails",
            'email_sha256': "select " ~ scv.pseudonymise('email') ~ " as identifier_value from erased_emails",
            'email_ad_sha256': "select " ~ scv.sha256_hex('email') ~ " as identifier_value from erased_emails",
            'order_id': "select order_id as identifier_value from erased_orders",
            'pos_sale_id': "select sale_id as identifier_value from erased_sales",
            'appointment_id': "select appointment_id as identifier_value from erased_appointments",
            'booking_id': "select booking_id as identifier_value from erased_appointments",
        } %}
        {%- for type in types %}
        select '{{ type }}' as identifier_type, identifier_value
        from ({{ branches[type] }}) as erased
        where identifier_value is not null
        {%- if type == 'ga_user_id' and not var('ga4_user_id_is_crm_customer_id') %} and false{% endif %}
        {%- if not loop.last %}
        union all
        {%- endif %}
        {%- endfor %}
    )

    select identifier_type, identifier_value from scope
{%- endmacro %}


{#
    SQL condition: the row is in the erasure scope. `matches` is a list of
    (identifier type, expression over the row) pairs; null-safe.
#}
{% macro is_erased(matches) -%}
    {%- set types = [] -%}
    {%- for type, _ in matches if type not in types -%}
        {%- do types.append(type) -%}
    {%- endfor -%}
    (
        {%- for type, expr in matches %}
        coalesce({{ expr }} in (
            select erasure_scope.identifier_value
            from ({{ scv.erasure_scope([type]) }}) as erasure_scope
        ), false)
        {%- if not loop.last %} or{% endif %}
        {%- endfor %}
    )
{%- endmacro %}


{#
    The identifiers of a raw CRM / commerce extract that name an erased
    person, as (type, expression over the raw columns): the base models
    drop those rows, the raw-rows reconciliations count them.
#}
{% macro erasure_matches(source_name, table_name) -%}
    {%- set matches = {
        ('crm', 'customers'): [
            ('crm_customer_id', scv.clean_text('customer_id')),
            ('email', scv.normalise_email(scv.clean_text('email'))),
        ],
        ('crm', 'appointments'): [
            ('crm_customer_id', scv.clean_text('customer_id')),
            ('appointment_id', scv.clean_text('appointment_id')),
        ],
        ('crm', 'consents'): [
            ('crm_customer_id', scv.clean_text(scv.json_extract_text('json_line', 'customer_id'))),
        ],
        ('commerce', 'orders'): [('order_id', scv.clean_text('order_id'))],
        ('commerce', 'order_lines'): [('order_id', scv.clean_text('order_id'))],
        ('commerce', 'pos_sales'): [('pos_sale_id', scv.clean_text('sale_id'))],
        ('commerce', 'pos_sale_lines'): [('pos_sale_id', scv.clean_text('sale_id'))],
        ('commerce', 'products'): [],
    } -%}
    {%- if (source_name, table_name) not in matches -%}
        {{ exceptions.raise_compiler_error("erasure_matches: no rule for " ~ source_name ~ "." ~ table_name) }}
    {%- endif -%}
    {{- return(matches[(source_name, table_name)]) -}}
{%- endmacro %}


{#
    `where not <erased>` for a base model's source select, or nothing while
    the request list is empty.
#}
{% macro erasure_filter(source_name, table_name) -%}
    {%- set matches = scv.erasure_matches(source_name, table_name) -%}
    {%- if matches and scv.erasure_requested() -%}
    where not {{ scv.is_erased(matches) }}
    {%- endif -%}
{%- endmacro %}


{# How many rows of a raw extract are erased (0 while nobody is): for the raw-rows reconciliations. #}
{% macro erased_raw_rows(source_name, table_name) -%}
    {%- set matches = scv.erasure_matches(source_name, table_name) -%}
    {%- if matches and scv.erasure_requested() -%}
        (select count(*) from {{ source(source_name, table_name) }} where {{ scv.is_erased(matches) }})
    {%- else -%}
        0
    {%- endif -%}
{%- endmacro %}


{#
    GA4 rows of erased people, among the rows of `relation` (a select of
    client_id = stream_id/user_pseudo_id, session_id, user_id, event_name,
    transaction_id, booking_id), as a condition on `alias`:
    - a row that names them: logged in with an erased CRM id, a purchase of
      an erased order, a booking of an erased appointment;
    - every row of a session with such a row (the visit was theirs, also
      before they logged in);
    - every row of a browser with such a row, unless more people logged in
      on it than identity_max_user_ids_per_browser (a shop tablet: only
      their sessions go);
    - every row of a browser whose user_pseudo_id is the _ga cookie of a UA
      browser erased whole (ga360_erased_cookies: a login or purchase under
      Universal Analytics names the person; GA4 kept the cookie).
    `relation` also carries user_pseudo_id.
#}
{% macro ga4_is_erased_row(relation, alias) -%}
    (
        {{ scv.ga4_names_erased_person(alias) }}
        or {{ dbt.concat([alias ~ '.client_id', "'|'", alias ~ '.session_id']) }} in (
            select {{ dbt.concat(['named.client_id', "'|'", 'named.session_id']) }}
            from {{ relation }} as named
            where named.session_id is not null and {{ scv.ga4_names_erased_person('named') }}
        )
        or {{ alias }}.client_id in (
            select named.client_id
            from {{ relation }} as named
            where
                {{ scv.ga4_names_erased_person('named') }}
                and named.client_id not in (
                    select shared.client_id
                    from {{ relation }} as shared
                    where shared.user_id is not null
                    group by shared.client_id
                    having count(distinct shared.user_id) > {{ var('identity_max_user_ids_per_browser') }}
                )
        )
        or coalesce({{ alias }}.user_pseudo_id in (
            select erased_cookies.client_id
            from {{ scv.ga360_erased_cookies() }} as erased_cookies
        ), false)
    )
{%- endmacro %}


{# The GA4 row names an erased person: their login, a purchase of their order, a booking of their appointment. #}
{% macro ga4_names_erased_person(alias) -%}
    {%- set booking_events = var('ga4_booking_event_names') -%}
    {{ scv.is_erased([
        ('ga_user_id', alias ~ '.user_id'),
        ('order_id', "case when " ~ alias ~ ".event_name = 'purchase' then " ~ alias ~ ".transaction_id end"),
        ('booking_id', "case when " ~ alias ~ ".event_name in ('" ~ booking_events | join("', '") ~ "') then " ~ alias ~ ".booking_id end"),
    ]) }}
{%- endmacro %}


{#
    Post-hook of base_ga4__events: deletes the rows of erased people
    (ga4_is_erased_row over the whole table, old partitions included).
    Nothing while nobody is erased.
#}
{% macro ga4_erase_rows() -%}
    {%- if scv.erasure_requested() -%}
        {%- set rows -%}
            (
                select
                    {{ dbt.concat(['stream_id', "'/'", 'user_pseudo_id']) }} as client_id,
                    user_pseudo_id,
                    cast(ga_session_id as {{ dbt.type_string() }}) as session_id,
                    user_id,
                    event_name,
                    transaction_id,
                    booking_id,
                    source_file,
                    source_row_id
                from {{ this }}
            )
        {%- endset -%}
        delete from {{ this }}
        where {{ dbt.concat(['source_file', "'|'", 'cast(source_row_id as ' ~ dbt.type_string() ~ ')']) }} in (
            select {{ dbt.concat(['candidate.source_file', "'|'", 'cast(candidate.source_row_id as ' ~ dbt.type_string() ~ ')']) }}
            from {{ rows }} as candidate
            where {{ scv.ga4_is_erased_row(rows, 'candidate') }}
        )
    {%- endif -%}
{%- endmacro %}


{#
    How many rows of the GA4 export read belong to erased people, per
    export day (the day ga4_rows_per_export_day counts them under), by the
    rule of ga4_erase_rows applied to the raw rows: for the raw-rows
    reconciliation of GA4 staging. A select of (export_day, row_count),
    empty while nobody is erased.
#}
{% macro ga4_erased_raw_rows_per_day() -%}
    {%- if scv.erasure_requested() -%}
        {%- set rows = scv.ga4_erasure_raw_rows() -%}
        select candidate.export_day, count(*) as row_count
        from {{ rows }} as candidate
        where {{ scv.ga4_is_erased_row(rows, 'candidate') }}
        group by candidate.export_day
    {%- else -%}
        select
            cast(null as {{ dbt.type_string() }}) as export_day,
            cast(0 as {{ dbt.type_bigint() }}) as row_count
        where false
    {%- endif -%}
{%- endmacro %}


{#
    The GA4 export rows read, as ga4_is_erased_row needs them (a relation
    expression of export_day, client_id, user_pseudo_id, session_id,
    user_id, event_name, transaction_id, booking_id), straight from the
    export: for the reconciliation, and for GA360's erasure (a UA browser
    carrying an erased GA4 browser's cookie is erased with it).
#}
{% macro ga4_erasure_raw_rows() -%}
    {%- set suffix = scv.ga4_table_suffix() -%}
    (
        select
            coalesce(
                cast({{ scv.try_strptime_date('right(export_table_suffix, 8)', '%Y%m%d') }} as {{ dbt.type_string() }}),
                'undated'
            ) as export_day,
            {{ dbt.concat(['cast(stream_id as ' ~ dbt.type_string() ~ ')', "'/'", "nullif(user_pseudo_id, '')"]) }} as client_id,
            nullif(user_pseudo_id, '') as user_pseudo_id,
            cast({{ scv.ga4_event_param('ga_session_id', 'int') }} as {{ dbt.type_string() }}) as session_id,
            nullif(user_id, '') as user_id,
            nullif(event_name, '') as event_name,
            coalesce(
                {{ scv.ga4_not_set_to_null('ecommerce.transaction_id') }},
                {{ scv.ga4_not_set_to_null(scv.ga4_event_param('transaction_id', 'string')) }}
            ) as transaction_id,
            {{ scv.ga4_event_param('booking_id', 'string') }} as booking_id
        from (
            select
                *,
                {{ suffix }} as export_table_suffix,
                {{ scv.ga4_event_param_keys('event_params') }} as event_param_keys
            from {{ scv.ga4_conformed_export(source('ga4', 'events')) }} as export_rows
            where
                {{ scv.ga4_table_suffix_filter(suffix) }}
                {{ scv.ga4_undated_rows_condition(suffix) }}
        ) as export_rows  -- noqa: RF03
    )
{%- endmacro %}


{#
    Pre-hook of the incremental models after base_ga4__events: once erased
    rows are gone from it, deletes the rows built from them (their
    `key_column` no longer matches any stg_ga4__export_rows row). `where`
    (a condition) limits it to the model's GA4 rows when it holds others.
#}
{% macro ga4_delete_orphans(key_column, source_column=none, where=none) -%}
    {%- if scv.is_incremental_run() and scv.erasure_requested() -%}
        delete from {{ this }}
        where
            {%- if where %} ({{ where }}) and{% endif %}
            {{ key_column }} not in (
            select export_rows.{{ source_column or key_column }}
            from {{ ref('stg_ga4__export_rows') }} as export_rows
            where export_rows.{{ source_column or key_column }} is not null
        )
    {%- endif -%}
{%- endmacro %}


{#
    An identity-graph identifier (type and value columns, as
    int_identity__id_map writes them) is in the erasure scope. The graph's
    other identifiers of an erased person (phone hashes, browsers) go with
    their customer_id (erase_id_map_history).
#}
{% macro is_erased_identifier(type_column, value_column) -%}
    (
        {%- for type in ['crm_customer_id', 'ga_user_id', 'email_sha256', 'order_id', 'pos_sale_id', 'appointment_id', 'booking_id'] %}
        ({{ type_column }} = '{{ type }}' and {{ scv.is_erased([(type, value_column)]) }})
        {%- if not loop.last %} or{% endif %}
        {%- endfor %}
    )
{%- endmacro %}


{# Post-hook of snap_crm__customers: deletes the history of erased CRM records. #}
{% macro erase_crm_customer_history() -%}
    {%- if scv.erasure_requested() -%}
        delete from {{ this }} where {{ scv.is_erased([('crm_customer_id', 'customer_id')]) }}
    {%- endif -%}
{%- endmacro %}


{#
    Post-hook of snap_audiences__members: deletes the audience history of
    erased people, found by their hashed e-mail and by the customer_ids the
    id map's history gave their identifiers (snap_identity__id_map, before
    int_identity__merge_log erases from it: it runs after this snapshot).
#}
{% macro erase_audience_history() -%}
    {%- if scv.erasure_requested() -%}
        {%- set id_map_history = adapter.get_relation(this.database, this.schema, 'snap_identity__id_map') -%}
        delete from {{ this }}
        where
            {{ scv.is_erased([('email_ad_sha256', 'email_sha256')]) }}
            {%- if id_map_history is not none %}
            or customer_id in (
                select history.customer_id
                from {{ id_map_history }} as history
                where {{ scv.is_erased_identifier('history.identifier_type', 'history.identifier_value') }}
            )
            {%- endif %}
    {%- endif -%}
{%- endmacro %}


{#
    Pre-hook of int_identity__merge_log: deletes from the id map's history
    (snap_identity__id_map) every version of an erased person's customer_ids
    (all their identifiers, whatever the type). merge_log runs after both
    snapshots, so the audience history was cleaned first with this history.
#}
{% macro erase_id_map_history() -%}
    {%- if scv.erasure_requested() -%}
        {%- set history = ref('snap_identity__id_map') -%}
        delete from {{ history }}
        where customer_id in (
            select erased.customer_id
            from {{ history }} as erased
            where {{ scv.is_erased_identifier('erased.identifier_type', 'erased.identifier_value') }}
        )
    {%- endif -%}
{%- endmacro %}


{#
    GA360 session rows as the erasure rules read them, straight from the
    export: (full_visitor_id, visit_id, user_id, client_id, hits).
#}
{% macro ga360_erasure_session_rows() -%}
    (
        select
            nullif(trim(export_rows.fullvisitorid), '') as full_visitor_id,
            export_rows.visitid as visit_id,
            nullif(trim(export_rows.userid), '') as user_id,
            nullif(trim(export_rows.clientid), '') as client_id,
            export_rows.hits
        from {{ scv.ga360_export_rows(source('ga360', 'sessions')) }} as export_rows
    )
{%- endmacro %}


{#
    GA360 sessions that name an erased person, as a select of
    (full_visitor_id, visit_id, is_whole_browser): logged in (userId) with an
    erased CRM id or bought an erased order; is_whole_browser unless more
    people logged in on the browser than identity_max_user_ids_per_browser
    (then only the named sessions go). The rule is GA4's (ga4_is_erased_row).
#}
{% macro ga360_named_sessions() -%}
    (
        with session_rows as (
            select * from {{ scv.ga360_erasure_session_rows() }} as export_rows
        ),

        hit_rows as (
            {{ scv.unnest_with_index(
                'session_rows', array_column='hits', element_alias='hit', index_alias='hit_index',
                columns=['full_visitor_id', 'visit_id'],
            ) }}
        ),

        named as (
            select
                session_rows.full_visitor_id,
                session_rows.visit_id
            from session_rows
            where {{ scv.is_erased([('ga_user_id', 'session_rows.user_id')]) }}
            union all
            select
                hit_rows.full_visitor_id,
                hit_rows.visit_id
            from hit_rows
            where {{ scv.is_erased([('order_id', 'hit_rows.hit.transaction.transactionid')]) }}
        ),

        shared as (
            select session_rows.full_visitor_id
            from session_rows
            where session_rows.user_id is not null
            group by session_rows.full_visitor_id
            having count(distinct session_rows.user_id) > {{ var('identity_max_user_ids_per_browser') }}
        )

        select distinct
            named.full_visitor_id,
            named.visit_id,
            named.full_visitor_id not in (select shared.full_visitor_id from shared) as is_whole_browser
        from named
        where named.full_visitor_id is not null
    )
{%- endmacro %}


{#
    The _ga cookies (clientId) of the UA browsers erased whole by
    ga360_named_sessions: GA4 kept the cookie, so the GA4 browser with that
    user_pseudo_id is the same browser and goes too (ga4_is_erased_row).
    Empty when ga360_client_id_is_ga4_user_pseudo_id is false.
#}
{% macro ga360_erased_cookies() -%}
    (
        select distinct session_rows.client_id
        from {{ scv.ga360_erasure_session_rows() }} as session_rows
        where
            {{ var('ga360_client_id_is_ga4_user_pseudo_id') }}
            and session_rows.client_id is not null
            and session_rows.full_visitor_id in (
                select named.full_visitor_id
                from {{ scv.ga360_named_sessions() }} as named
                where named.is_whole_browser
            )
    )
{%- endmacro %}


{#
    GA360 sessions of erased people, read from the exports themselves (so
    that both GA360 base tables and the raw-rows reconciliation apply the
    same rule, whichever is built first), as a select of (full_visitor_id,
    visit_id, is_whole_browser): the sessions ga360_named_sessions names,
    and every session of a UA browser whose clientId is the cookie of a GA4
    browser erased by GA4's rule (GA4 kept the UA cookie: the same browser).
#}
{% macro ga360_erased_sessions() -%}
    {%- set ga4_rows = scv.ga4_erasure_raw_rows() %}
    (
        with erased_ga4_cookies as (
            select distinct candidate.user_pseudo_id
            from {{ ga4_rows }} as candidate
            where
                candidate.user_pseudo_id is not null
                and {{ scv.ga4_is_erased_row(ga4_rows, 'candidate') }}
        ),

        carried_over as (
            select distinct
                session_rows.full_visitor_id,
                cast(null as {{ dbt.type_bigint() }}) as visit_id,
                true as is_whole_browser
            from {{ scv.ga360_erasure_session_rows() }} as session_rows
            where
                {{ var('ga360_client_id_is_ga4_user_pseudo_id') }}
                and session_rows.full_visitor_id is not null
                and session_rows.client_id in (select erased_ga4_cookies.user_pseudo_id from erased_ga4_cookies)
        )

        select
            named.full_visitor_id,
            named.visit_id,
            named.is_whole_browser
        from {{ scv.ga360_named_sessions() }} as named
        union all
        select
            carried_over.full_visitor_id,
            carried_over.visit_id,
            carried_over.is_whole_browser
        from carried_over
    )
{%- endmacro %}


{# The GA360 row (`alias` with full_visitor_id and visit_id) belongs to an erased person (ga360_erased_sessions). #}
{% macro ga360_is_erased_row(alias) -%}
    exists (
        select 1
        from {{ scv.ga360_erased_sessions() }} as erased
        where
            erased.full_visitor_id = {{ alias }}.full_visitor_id
            and (erased.is_whole_browser or erased.visit_id = {{ alias }}.visit_id)
    )
{%- endmacro %}


{# Post-hook of the GA360 base models: deletes the rows of erased people. Nothing while nobody is erased. #}
{% macro ga360_erase_rows() -%}
    {%- if scv.erasure_requested() -%}
        delete from {{ this }} as staged
        where {{ scv.ga360_is_erased_row('staged') }}
    {%- endif -%}
{%- endmacro %}


{#
    How many GA360 export session rows and hits belong to erased people (a
    select of one row: row_count, hit_count), for the raw-rows
    reconciliation of GA360 staging; zeros while nobody is erased.
#}
{% macro ga360_erased_raw_rows() -%}
    {%- if scv.erasure_requested() -%}
        select
            count(*) as row_count,
            coalesce(sum(candidate.hit_count), 0) as hit_count
        from (
            select
                nullif(trim(export_rows.fullvisitorid), '') as full_visitor_id,
                export_rows.visitid as visit_id,
                {{ scv.array_size('export_rows.hits') }} as hit_count
            from {{ scv.ga360_export_rows(source('ga360', 'sessions')) }} as export_rows
        ) as candidate
        where {{ scv.ga360_is_erased_row('candidate') }}
    {%- else -%}
        select
            cast(0 as {{ dbt.type_bigint() }}) as row_count,
            cast(0 as {{ dbt.type_bigint() }}) as hit_count
    {%- endif -%}
{%- endmacro %}
