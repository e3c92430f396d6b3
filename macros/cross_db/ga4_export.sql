{#
    Reading the GA4 BigQuery export. The export has the same shape on both
    engines (nested event_params / items / device ...), but:

    - BigQuery reads the daily tables through the `events_*` wildcard, whose
      `_TABLE_SUFFIX` is `YYYYMMDD` for daily tables and `intraday_YYYYMMDD`
      for the streaming tables; a filter on it prunes the tables scanned.
      Columns missing from older tables come back null (a wildcard uses the
      schema of the newest table).
    - DuckDB reads the parquet files in place (`read_parquet(..., filename =
      true, file_row_number = true, union_by_name = true)`, see _ga4__sources.yml). The same suffix
      is taken from the file name (`events_YYYYMMDD.parquet`,
      `events_intraday_YYYYMMDD.parquet`), falling back to the row's
      event_date for files named otherwise. Columns or struct fields that an
      older export lacks are added as nulls (ga4_conformed_export).
#}


{#
    The export as a relation expression (use it in a from clause) carrying at
    least every column and struct field that staging reads, whatever the
    export's age. `file_filter`, a condition on the file name alone
    (ga4_export_file_filter), is applied where the files are read: DuckDB
    skips the files it excludes only there (a filter above the union below
    reads every file, measured: 30 of 30 files for a run that needs one).
#}
{% macro ga4_conformed_export(relation, file_filter=none) %}
    {{- return(adapter.dispatch('ga4_conformed_export', 'scv')(relation, file_filter)) -}}
{% endmacro %}

{% macro default__ga4_conformed_export(relation, file_filter) -%}
    {#-
        `union all by name` with an empty, typed template adds the columns and
        nested struct fields a file lacks (as nulls) and unifies types that
        changed over time (stream_id was an integer, privacy_info fields were
        integers in old exports). Measured: no noticeable cost next to the
        scan itself; fields the template does not list pass through as read.
    -#}
    (
        select * from {{ relation }}
        {%- if file_filter is not none %}
        where {{ file_filter }}
        {%- endif %}
        union all by name
        select
            {%- for column_name, data_type in scv.ga4_export_template_columns().items() %}
            cast(null as {{ data_type }}) as {{ column_name }}{{ ',' if not loop.last }}
            {%- endfor %}
        where false
    )
{%- endmacro %}

{% macro bigquery__ga4_conformed_export(relation, file_filter) -%}
    {{ relation }}
{%- endmacro %}


{# DuckDB types of the export columns and fields that staging reads (the conformed template). #}
{% macro ga4_export_template_columns() -%}
    {%- set param_list -%}
        struct("key" varchar, "value" struct(string_value varchar, int_value bigint, float_value double, double_value double))[]
    {%- endset -%}
    {{ return({
        'event_date': 'varchar',
        'event_timestamp': 'bigint',
        'event_name': 'varchar',
        'event_params': param_list,
        'event_previous_timestamp': 'bigint',
        'event_value_in_usd': 'double',
        'event_bundle_sequence_id': 'bigint',
        'event_server_timestamp_offset': 'bigint',
        'user_id': 'varchar',
        'user_pseudo_id': 'varchar',
        'privacy_info': 'struct(analytics_storage varchar, ads_storage varchar, uses_transient_token varchar)',
        'user_first_touch_timestamp': 'bigint',
        'user_ltv': 'struct(revenue double, currency varchar)',
        'device': 'struct(category varchar, mobile_brand_name varchar, mobile_model_name varchar, operating_system varchar, operating_system_version varchar, "language" varchar, is_limited_ad_tracking varchar, web_info struct(browser varchar, browser_version varchar, hostname varchar))',
        'geo': 'struct(continent varchar, sub_continent varchar, country varchar, region varchar, city varchar, metro varchar)',
        'traffic_source': 'struct("name" varchar, medium varchar, "source" varchar)',
        'stream_id': 'varchar',
        'platform': 'varchar',
        'ecommerce': 'struct(total_item_quantity bigint, purchase_revenue_in_usd double, purchase_revenue double, refund_value_in_usd double, refund_value double, shipping_value_in_usd double, shipping_value double, tax_value_in_usd double, tax_value double, unique_items bigint, transaction_id varchar)',
        'items': 'struct(item_id varchar, item_name varchar, item_brand varchar, item_variant varchar, item_category varchar, item_category2 varchar, item_category3 varchar, item_category4 varchar, item_category5 varchar, price_in_usd double, price double, quantity bigint, item_revenue_in_usd double, item_revenue double, item_refund_in_usd double, item_refund double, coupon varchar, affiliation varchar, location_id varchar, item_list_id varchar, item_list_name varchar, item_list_index varchar, promotion_id varchar, promotion_name varchar, creative_name varchar, creative_slot varchar)[]',
        'collected_traffic_source': 'struct(manual_campaign_id varchar, manual_campaign_name varchar, manual_source varchar, manual_medium varchar, manual_term varchar, manual_content varchar, gclid varchar, dclid varchar, srsltid varchar)',
        'is_active_user': 'boolean',
        'filename': 'varchar',
        'file_row_number': 'bigint',
    }) }}
{%- endmacro %}


{#
    The export table a row comes from, as BigQuery's `_TABLE_SUFFIX`:
    'YYYYMMDD' (daily) or 'intraday_YYYYMMDD'. Use it in the select that reads
    ga4_conformed_export directly (BigQuery only knows `_TABLE_SUFFIX` there).
#}
{% macro ga4_table_suffix() %}
    {{- return(adapter.dispatch('ga4_table_suffix', 'scv')()) -}}
{% endmacro %}

{% macro default__ga4_table_suffix() -%}
    coalesce({{ scv.ga4_file_table_suffix() }}, event_date)
{%- endmacro %}

{% macro bigquery__ga4_table_suffix() -%}
    _table_suffix
{%- endmacro %}


{#
    The table suffix as far as the file name alone tells it (null for a
    file named otherwise): DuckDB evaluates a condition on the file name
    alone before it opens the files, so ga4_export_file_filter skips the
    files outside the dates to read (an incremental run reads a few days,
    not the whole export). BigQuery prunes on _TABLE_SUFFIX itself.
#}
{% macro ga4_file_table_suffix() -%}
    {{ scv.regex_extract_nonempty('filename', 'events_((?:intraday_)?[0-9]{8})\\.parquet$') }}
{%- endmacro %}

{% macro ga4_export_file_filter(reprocess_from=none, skipped_days=[]) %}
    {{- return(adapter.dispatch('ga4_export_file_filter', 'scv')(reprocess_from, skipped_days)) -}}
{% endmacro %}

{% macro default__ga4_export_file_filter(reprocess_from, skipped_days) -%}
    {#- it only skips files the row filter would drop row by row; a unit
        test's fixture has no file name -#}
    {%- if execute and model.resource_type == 'unit_test' -%}
        {{ return('true') }}
    {%- endif -%}
    (
        {{ scv.ga4_file_table_suffix() }} is null
        or {{ scv.try_strptime_date('right(' ~ scv.ga4_file_table_suffix() ~ ', 8)', '%Y%m%d') }} is null
        or {{ scv.ga4_table_suffix_filter(scv.ga4_file_table_suffix(), reprocess_from) }}
    )
    and {{ scv.skip_export_days(scv.ga4_file_table_suffix(), skipped_days) }}
{%- endmacro %}

{% macro bigquery__ga4_export_file_filter(reprocess_from, skipped_days) -%}
    true
{%- endmacro %}


{#
    The export's tables with when each last changed, as a relation
    expression (use it in a from clause): `source_file` (as
    ga4_source_file gives it), `table_suffix` (null for a file not named
    events_[intraday_]YYYYMMDD.parquet) and `modified_at` (UTC). DuckDB: the
    files the export glob matches and their modification times (read_blob
    reads no content); BigQuery: the dataset's events_* tables and their
    last_modified_time (__TABLES__). An empty relation in a unit test and a
    compile without introspection (the offline BigQuery compile), where
    there is nothing to list.
#}
{% macro ga4_export_tables() %}
    {%- if not execute or flags.INTROSPECT == false or model.resource_type == 'unit_test' -%}
        (
            select
                cast(null as {{ dbt.type_string() }}) as source_file,
                cast(null as {{ dbt.type_string() }}) as table_suffix,
                cast(null as {{ dbt.type_timestamp() }}) as modified_at
            from (select 1 as one) as no_tables
            where false
        )
    {%- else -%}
        {{- return(adapter.dispatch('ga4_export_tables', 'scv')()) -}}
    {%- endif -%}
{% endmacro %}

{% macro default__ga4_export_tables() -%}
    (
        select
            filename as source_file,
            {{ scv.ga4_file_table_suffix() }} as table_suffix,
            make_timestamp(epoch_us(last_modified)) as modified_at
        from read_blob('{{ scv.external_location_path(source('ga4', 'events')) | replace("'", "''") }}')
    )
{%- endmacro %}

{% macro bigquery__ga4_export_tables() -%}
    {%- set export = source('ga4', 'events') -%}
    (
        select
            table_id as source_file,
            substr(table_id, 8) as table_suffix,
            timestamp_millis(last_modified_time) as modified_at
        from `{{ export.database }}`.`{{ export.schema }}`.__TABLES__
        where starts_with(table_id, 'events_')
    )
{%- endmacro %}


{#
    Rows whose export table has no date (ga4_table_suffix is not a date):
    on DuckDB, a file not named events_YYYYMMDD.parquet whose event_date is
    not a YYYYMMDD date (or a file named for a date that does not exist).
    They cannot be filtered by date, so they are read on every run (and
    quarantined as invalid_event_date when their event_date is broken)
    instead of being dropped by the date filter; an incremental run
    replaces them (delete_undated_export_rows). An `or` condition added to the
    date filter; BigQuery tables always have a date suffix: nothing.
#}
{% macro ga4_undated_rows_condition(suffix) %}
    {{- return(adapter.dispatch('ga4_undated_rows_condition', 'scv')(suffix)) -}}
{% endmacro %}

{% macro default__ga4_undated_rows_condition(suffix) -%}
    or {{ scv.try_strptime_date('right(' ~ suffix ~ ', 8)', '%Y%m%d') }} is null
{%- endmacro %}

{% macro bigquery__ga4_undated_rows_condition(suffix) -%}
{%- endmacro %}


{# Where a row was read from: the file path on DuckDB, the table name on BigQuery. #}
{% macro ga4_source_file() %}
    {{- return(adapter.dispatch('ga4_source_file', 'scv')()) -}}
{% endmacro %}

{% macro default__ga4_source_file() -%}
    filename
{%- endmacro %}

{% macro bigquery__ga4_source_file() -%}
    concat('events_', _table_suffix)
{%- endmacro %}


{#
    What tells a row apart from the other rows of its source file (with
    ga4_source_file it identifies the row): its position in the file on
    DuckDB (`file_row_number`); BigQuery tables have no row position, so a
    random id is drawn when the row is staged (the staged table keeps it).
    Identical copies of an event differ only there, and the staging views
    join base_ga4__event_duplicates to base_ga4__events on it.
#}
{% macro ga4_source_row_id() %}
    {{- return(adapter.dispatch('ga4_source_row_id', 'scv')()) -}}
{% endmacro %}

{% macro default__ga4_source_row_id() -%}
    file_row_number
{%- endmacro %}

{% macro bigquery__ga4_source_row_id() -%}
    generate_uuid()
{%- endmacro %}


{#
    The keys of a row's event_params, computed once per row so that each
    parameter lookup (ga4_event_param) is a list_position instead of a scan
    with a lambda: measured on DuckDB, 12 params on 5M events, 6.2 s against
    10.5 s for one list_filter per param. BigQuery looks params up with a
    correlated subquery and needs no key list (an unused typed null, pruned).
#}
{% macro ga4_event_param_keys(params_column='event_params') %}
    {{- return(adapter.dispatch('ga4_event_param_keys', 'scv')(params_column)) -}}
{% endmacro %}

{% macro default__ga4_event_param_keys(params_column) -%}
    list_transform({{ params_column }}, lambda param: param.key)
{%- endmacro %}

{% macro bigquery__ga4_event_param_keys(params_column) -%}
    cast(null as array<string>)
{%- endmacro %}


{#
    The value of event parameter `key`, typed as `value_type`:
      'string'  string_value, else a number written as text;
      'int'     int_value, else a double/float value (rounded) or a numeric string;
      'double'  double_value, else float_value, int_value or a numeric string.
    GA4 puts a value in whichever slot matches how it was sent (a tag may send
    a session engagement flag as '1' or 1, a price as 100 or 100.0), so every
    slot is read. Null when the parameter is missing; the first one wins when
    a key is repeated.
#}
{% macro ga4_event_param(key, value_type, params_column='event_params', keys_column='event_param_keys') %}
    {%- if value_type not in ('string', 'int', 'double') -%}
        {{ exceptions.raise_compiler_error("ga4_event_param: value_type must be string, int or double, got " ~ value_type) }}
    {%- endif -%}
    {{- return(adapter.dispatch('ga4_event_param', 'scv')(key, value_type, params_column, keys_column)) -}}
{% endmacro %}

{% macro default__ga4_event_param(key, value_type, params_column, keys_column) -%}
    {%- set position = "list_position(" ~ keys_column ~ ", '" ~ key ~ "')" -%}
    {%- set value = params_column ~ "[" ~ position ~ "].value" -%}
    {#-
        The repeated element lookup is computed once (common subexpression
        elimination; measured). Most events lack most parameters: the case
        reads the value slots only on rows that carry the key (20 parameters
        on 2M events: 1.9 s of CPU against 4.5 s for the bare coalesce).
    -#}
    case when {{ position }} is not null then
    {%- if value_type == 'string' %}
        coalesce(
            {{ value }}.string_value,
            cast({{ value }}.int_value as varchar),
            cast({{ value }}.double_value as varchar),
            cast({{ value }}.float_value as varchar)
        )
    {%- elif value_type == 'int' %}
        coalesce(
            {{ value }}.int_value,
            try_cast({{ value }}.double_value as bigint),
            try_cast({{ value }}.float_value as bigint),
            try_cast({{ value }}.string_value as bigint)
        )
    {%- else %}
        coalesce(
            {{ value }}.double_value,
            {{ value }}.float_value,
            cast({{ value }}.int_value as double),
            try_cast({{ value }}.string_value as double)
        )
    {%- endif %}
    end
{%- endmacro %}

{% macro bigquery__ga4_event_param(key, value_type, params_column, keys_column) -%}
    (
        select
            {%- if value_type == 'string' %}
            coalesce(
                param.value.string_value,
                cast(param.value.int_value as string),
                cast(param.value.double_value as string),
                cast(param.value.float_value as string)
            )
            {%- elif value_type == 'int' %}
            coalesce(
                param.value.int_value,
                safe_cast(param.value.double_value as int64),
                safe_cast(param.value.float_value as int64),
                safe_cast(param.value.string_value as int64)
            )
            {%- else %}
            coalesce(
                param.value.double_value,
                param.value.float_value,
                cast(param.value.int_value as float64),
                safe_cast(param.value.string_value as float64)
            )
            {%- endif %}
        from unnest({{ params_column }}) as param
        where param.key = '{{ key }}'
        limit 1
    )
{%- endmacro %}


{#
    Pre-hook of base_ga4__events: stops the run with a message that says
    what to change when the export cannot be read as the GA4 BigQuery
    export, instead of a binder error or rows lost on the way:

    - no file matches the glob (a wrong raw_dir / SCV_RAW_DIR or
      ga4_parquet_glob);
    - a file this run reads lacks a column staging cannot do without
      (ga4_export_required_columns), or carries a column staging reads with
      a type it cannot read (event_timestamp as text, event_date as a DATE,
      event_params flattened to a JSON string): the file and the column are
      named.

    A corrupt or truncated file stops the run with DuckDB's own message,
    which names the file ("No magic bytes found at end of file ...").
    Renders nothing (no statement) when it passes, on a compile without
    introspection, and on BigQuery, whose `events_*` wildcard reads every
    table with the newest table's schema.
#}
{% macro ga4_check_export() %}
    {{- return(adapter.dispatch('ga4_check_export', 'scv')()) -}}
{% endmacro %}

{% macro default__ga4_check_export() -%}
    {%- if execute and not (flags.INTROSPECT == false) -%}
        {%- set glob = scv.external_location_path(source('ga4', 'events')) -%}
        {%- set reprocess_from = scv.ga4_reprocess_from('export_date') -%}
        {%- set files_query -%}
            select filename, {{ scv.ga4_export_file_filter(reprocess_from) }} as is_read
            from (select file as filename from glob('{{ glob }}')) as export_files
            order by filename
        {%- endset -%}
        {%- set files = run_query(files_query) -%}
        {%- if files.rows | length == 0 -%}
            {{ exceptions.raise_compiler_error(
                "No GA4 export file matches '" ~ glob ~ "'. Write the export as <raw_dir>/ga4/events_YYYYMMDD.parquet"
                ~ " (docs/raw_contract.md) and point the project at it: the raw_dir var or the SCV_RAW_DIR"
                ~ " environment variable (now '" ~ (var('raw_dir') or env_var('SCV_RAW_DIR', 'data/demo')) ~ "'),"
                ~ " or the ga4_parquet_glob var for files named otherwise (now '" ~ var('ga4_parquet_glob') ~ "')."
            ) }}
        {%- endif -%}
        {%- set read = [] -%}
        {%- for row in files.rows if row[1] -%}
            {%- do read.append("'" ~ row[0] | replace("'", "''") ~ "'") -%}
        {%- endfor -%}
        {%- if read -%}
            {%- set expected = scv.ga4_export_checked_columns() -%}
            {%- set schema_query -%}
                select file_name, lower(name), duckdb_type
                from parquet_schema([{{ read | join(', ') }}])
                where lower(name) in ('{{ expected.keys() | join("', '") }}')
            {%- endset -%}
            {%- set found = {} -%}
            {%- for row in run_query(schema_query).rows -%}
                {%- do found.setdefault(row[0], {}).update({row[1]: row[2]}) -%}
            {%- endfor -%}
            {%- set problems = [] -%}
            {%- for quoted in read -%}
                {%- set file = quoted[1:-1] | replace("''", "'") -%}
                {%- set columns = found.get(file, {}) -%}
                {%- for name, rule in expected.items() -%}
                    {%- if name not in columns -%}
                        {%- if rule.required -%}
                            {%- do problems.append(file ~ ": no column " ~ name ~ " (" ~ rule.description ~ "; rows cannot be staged without it)") -%}
                        {%- endif -%}
                    {%- elif not scv.ga4_export_type_is_readable(columns[name], rule.kind) -%}
                        {%- do problems.append(file ~ ": column " ~ name ~ " is " ~ columns[name] ~ "; staging reads " ~ rule.description) -%}
                    {%- endif -%}
                {%- endfor -%}
            {%- endfor -%}
            {%- if problems -%}
                {{ exceptions.raise_compiler_error(
                    "The GA4 export does not have the BigQuery export schema (docs/raw_contract.md):\n  "
                    ~ (problems[:20] | join("\n  "))
                    ~ ("\n  ... and " ~ (problems | length - 20) ~ " more" if problems | length > 20 else "")
                    ~ "\nRe-export these files with the GA4 BigQuery export schema, or move them out of '" ~ glob ~ "'."
                ) }}
            {%- endif -%}
        {%- endif -%}
    {%- endif -%}
{%- endmacro %}

{% macro bigquery__ga4_check_export() -%}
{%- endmacro %}


{#
    The top-level export columns ga4_check_export checks: kind (what types
    staging can read), whether a row can be staged without it, and what it
    is, for the message. Optional columns an older export lacks are added
    as nulls (ga4_conformed_export).
#}
{% macro ga4_export_checked_columns() -%}
    {{ return({
        'event_date': {'kind': 'date_text', 'required': true, 'description': 'text YYYYMMDD, the day in the property time zone'},
        'event_timestamp': {'kind': 'integer', 'required': true, 'description': 'an integer: microseconds since 1970-01-01 UTC'},
        'event_name': {'kind': 'text', 'required': true, 'description': 'text'},
        'user_pseudo_id': {'kind': 'text', 'required': true, 'description': 'text: the browser / app instance id'},
        'stream_id': {'kind': 'text', 'required': true, 'description': 'text or an integer: the data stream'},
        'event_params': {'kind': 'list', 'required': false, 'description': 'a list of {key, value} records'},
        'event_previous_timestamp': {'kind': 'integer', 'required': false, 'description': 'an integer: microseconds since 1970-01-01 UTC'},
        'event_value_in_usd': {'kind': 'number', 'required': false, 'description': 'a number'},
        'event_bundle_sequence_id': {'kind': 'integer', 'required': false, 'description': 'an integer'},
        'event_server_timestamp_offset': {'kind': 'integer', 'required': false, 'description': 'an integer: microseconds'},
        'user_id': {'kind': 'text', 'required': false, 'description': 'text'},
        'user_first_touch_timestamp': {'kind': 'integer', 'required': false, 'description': 'an integer: microseconds since 1970-01-01 UTC'},
        'platform': {'kind': 'text', 'required': false, 'description': 'text'},
        'is_active_user': {'kind': 'boolean', 'required': false, 'description': 'a boolean'},
        'privacy_info': {'kind': 'struct', 'required': false, 'description': 'a record'},
        'user_ltv': {'kind': 'struct', 'required': false, 'description': 'a record'},
        'device': {'kind': 'struct', 'required': false, 'description': 'a record'},
        'geo': {'kind': 'struct', 'required': false, 'description': 'a record'},
        'traffic_source': {'kind': 'struct', 'required': false, 'description': 'a record'},
        'ecommerce': {'kind': 'struct', 'required': false, 'description': 'a record'},
        'collected_traffic_source': {'kind': 'struct', 'required': false, 'description': 'a record'},
        'items': {'kind': 'list', 'required': false, 'description': 'a list of item records'},
    }) }}
{%- endmacro %}


{# Whether DuckDB type `duckdb_type` (as parquet_schema reports it) of an export column can be read as `kind`. #}
{% macro ga4_export_type_is_readable(duckdb_type, kind) -%}
    {%- set integers = ['TINYINT', 'SMALLINT', 'INTEGER', 'BIGINT', 'HUGEINT', 'UTINYINT', 'USMALLINT', 'UINTEGER', 'UBIGINT'] -%}
    {%- set type_name = (duckdb_type or '') | upper -%}
    {%- if kind in ('text', 'date_text') -%}
        {{ return(type_name == 'VARCHAR' or type_name in integers) }}
    {%- elif kind == 'integer' -%}
        {{ return(type_name in integers) }}
    {%- elif kind == 'number' -%}
        {{ return(type_name in integers or type_name in ('FLOAT', 'DOUBLE') or type_name.startswith('DECIMAL')) }}
    {%- elif kind == 'boolean' -%}
        {{ return(type_name == 'BOOLEAN') }}
    {%- elif kind == 'list' -%}
        {{ return(type_name.endswith('[]')) }}
    {%- elif kind == 'struct' -%}
        {{ return(type_name.startswith('STRUCT(')) }}
    {%- endif -%}
    {{ exceptions.raise_compiler_error("ga4_export_type_is_readable: unknown kind " ~ kind) }}
{%- endmacro %}


{#
    The path (or glob) of a raw source read in place on DuckDB: the first
    argument of its external location (`read_parquet('<path>', ...)`,
    `read_csv('<path>', ...)`, see the sources YAML).
#}
{% macro external_location_path(relation) -%}
    {%- set match = modules.re.search("read_[a-z_]+\\(\\s*'((?:[^']|'')*)'", relation | string) -%}
    {%- if not match -%}
        {{ exceptions.raise_compiler_error("external_location_path: cannot find the file of " ~ relation) }}
    {%- endif -%}
    {{ return(match.group(1) | replace("''", "'")) }}
{%- endmacro %}


{#
    The files beside the export (in the folder of the export glob) that
    look like export data, a '.parquet' in the name or 'events', but that
    the glob does not match (a select of `unread_file`), for the warning
    test assert_ga4_export_files_are_all_read. BigQuery: none.
#}
{% macro ga4_unread_export_files() %}
    {{- return(adapter.dispatch('ga4_unread_export_files', 'scv')()) -}}
{% endmacro %}

{% macro default__ga4_unread_export_files() -%}
    {%- set relation = source('ga4', 'events') -%}
    {%- if not execute -%}
        {{ return('select null as unread_file') }}
    {%- endif -%}
    {%- set glob = scv.external_location_path(relation) -%}
    {%- set folder = glob.rsplit('/', 1)[0] if '/' in glob else '.' -%}
    select beside.file as unread_file
    from glob('{{ folder | replace("'", "''") }}/*') as beside
    where
        (
            lower(parse_filename(beside.file)) like '%.parquet%'
            or lower(parse_filename(beside.file)) like '%events%'
        )
        and beside.file not in (select matched.file from glob('{{ glob | replace("'", "''") }}') as matched)
{%- endmacro %}

{% macro bigquery__ga4_unread_export_files() -%}
    select cast(null as string) as unread_file
    from (select 1 as one) as no_files
    where false
{%- endmacro %}
