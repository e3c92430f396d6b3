-- Every raw appointment row, cleaned and typed, with the reason it is
-- rejected (null when it is staged).

{{ config(pre_hook="{{ scv.check_raw_extract('crm', 'appointments') }}") }}

{%- set raw_columns = scv.raw_contract_columns('crm', 'appointments') %}

with source as (
    -- rows of people who asked to be forgotten are not read (macros/privacy/erasure.sql)
    select * from {{ scv.raw_extract_conformed(source('crm', 'appointments'), raw_columns) }} as extract_rows
    {{ scv.erasure_filter('crm', 'appointments') }}
),

boutiques as (
    select * from {{ ref('boutiques') }}
),

raw_text as (
    select
        {{ scv.raw_text_columns(raw_columns) }}
    from source
),

-- Boutique ids are matched case-insensitively; an unknown id stays null.
cleaned as (
    select
        raw_text.appointment_id,
        raw_text.customer_id,
        boutiques.boutique_id,
        raw_text.booking_id,
        raw_text.raw_row_hash,
        {% for column in raw_columns %}
            raw_text.{{ column }} as raw_{{ column }},
        {% endfor %}
        {{ scv.parse_timestamp_utc('raw_text.booked_at') }} as booked_at_utc,
        {{ scv.parse_timestamp_utc('raw_text.scheduled_at') }} as scheduled_at_utc,
        {{ scv.normalise_code('raw_text.motivation') }} as motivation,
        {{ scv.normalise_code('raw_text.status') }} as status,
        {{ scv.normalise_code('raw_text.channel') }} as channel
    from raw_text
    left join boutiques
        on upper(raw_text.boutique_id) = boutiques.boutique_id
),

-- Rules that look at the row alone, in the documented order.
row_checked as (
    select
        *,
        case
            when appointment_id is null then 'missing_appointment_id'
            when boutique_id is null then 'unknown_boutique'
            when booked_at_utc is null or scheduled_at_utc is null then 'unparseable_timestamp'
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

-- Among the rows that passed, one per appointment_id. Appointments carry no
-- updated_at: the latest booking wins.
ranked as (
    select
        *,
        row_number() over (
            partition by appointment_id, row_reason
            order by booked_at_utc desc, scheduled_at_utc desc, raw_row_hash asc, raw_row_occurrence asc
        ) as id_rank
    from numbered
),

final as (
    select
        appointment_id,
        customer_id,
        boutique_id,
        booking_id,
        booked_at_utc as booked_at,
        scheduled_at_utc as scheduled_at,
        status,
        motivation,
        channel,
        {% for column in raw_columns %}
            raw_{{ column }},
        {% endfor %}
        {{ scv.raw_row_key() }} as raw_row_key,
        coalesce(
            row_reason,
            case when id_rank > 1 then 'duplicate_appointment_id' end
        ) as quarantine_reason
    from ranked
)

select * from final
