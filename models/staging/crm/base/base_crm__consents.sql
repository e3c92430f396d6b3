-- Every line of the consent platform export, parsed and typed, with the
-- reason it is rejected (null when it is staged).

{{ config(pre_hook="{{ scv.check_raw_extract('crm', 'consents') }}") }}

{%- set json_keys = ['consent_id', 'customer_id', 'channel', 'status', 'recorded_at', 'source'] %}

with source as (
    -- rows of people who asked to be forgotten are not read (macros/privacy/erasure.sql)
    select * from {{ source('crm', 'consents') }}
    {{ scv.erasure_filter('crm', 'consents') }}
),

lines as (
    select
        cast(json_line as {{ dbt.type_string() }}) as json_line,
        {{ scv.raw_row_hash(['json_line']) }} as raw_row_hash
    from source
),

parsed as (
    select
        json_line,
        raw_row_hash,
        {% for key in json_keys %}
            {{ scv.clean_text(scv.json_extract_text('json_line', key)) }} as {{ key }},
        {% endfor %}
        {{ scv.json_is_object('json_line') }} as is_json_object
    from lines
),

cleaned as (
    select
        consent_id,
        customer_id,
        source as consent_source,
        is_json_object,
        json_line,
        raw_row_hash,
        {{ scv.normalise_code('channel') }} as channel,
        {{ scv.normalise_code('status') }} as status,
        {{ scv.parse_timestamp_utc('recorded_at') }} as recorded_at_utc
    from parsed
),

-- Rules that look at the line alone, in the documented order.
row_checked as (
    select
        *,
        case
            when not is_json_object then 'invalid_json'
            when consent_id is null then 'missing_consent_id'
            when recorded_at_utc is null then 'unparseable_timestamp'
        end as row_reason
    from cleaned
),

-- Identical raw rows are numbered so that every raw row has a key; the
-- number breaks the last tie below, so which copy is kept is repeatable.
numbered as (
    select
        *,
        row_number() over (partition by raw_row_hash order by raw_row_hash) as raw_row_occurrence
    from row_checked
),

-- Among the lines that passed, one per consent_id: the latest recorded_at.
ranked as (
    select
        *,
        row_number() over (
            partition by consent_id, row_reason
            order by recorded_at_utc desc, raw_row_hash asc, raw_row_occurrence asc
        ) as id_rank
    from numbered
),

final as (
    select
        consent_id,
        customer_id,
        channel,
        status,
        recorded_at_utc as recorded_at,
        consent_source,
        json_line as raw_json_line,
        status = 'granted' as is_granted,
        {{ scv.raw_row_key() }} as raw_row_key,
        coalesce(
            row_reason,
            case when id_rank > 1 then 'duplicate_consent_id' end
        ) as quarantine_reason
    from ranked
)

select * from final
