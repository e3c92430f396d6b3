-- Identifiers that must not stitch: placeholders (test@test.com, a phone of
-- zeros) and hubs shared by implausibly many people (a family or shop
-- e-mail, a boutique tablet many customers log in on). They stay out of
-- the id map, so the people they touch are not merged through them; each
-- row says why, with the count that tripped the threshold.

with identifiers as (
    select * from {{ ref('int_identity__identifiers') }}
),

links as (
    select * from {{ ref('int_identity__links') }}
),

-- Each link read from both ends: an identifier and one neighbour.
neighbours as (
    select
        left_identifier_key as identifier_key,
        right_identifier_key as neighbour_key,
        right_identifier_type as neighbour_type
    from links
    union all
    select
        right_identifier_key as identifier_key,
        left_identifier_key as neighbour_key,
        left_identifier_type as neighbour_type
    from links
),

neighbour_counts as (
    select
        identifier_key,
        count(distinct case when neighbour_type = 'crm_customer_id' then neighbour_key end)
            as crm_record_count,
        count(distinct case when neighbour_type = 'ga_user_id' then neighbour_key end)
            as user_id_count
    from neighbours
    group by identifier_key
),

checked as (
    select
        identifiers.identifier_key,
        identifiers.identifier_type,
        identifiers.identifier_value,
        identifiers.placeholder_reason,
        case
            when identifiers.identifier_type in ('email_sha256', 'phone_sha256')
                then neighbour_counts.crm_record_count
            when identifiers.identifier_type in ('ga_client', 'ua_client')
                then neighbour_counts.user_id_count
        end as linked_people_count,
        case
            when identifiers.identifier_type in ('email_sha256', 'phone_sha256')
                then {{ var('identity_max_crm_records_per_contact') }}
            when identifiers.identifier_type in ('ga_client', 'ua_client')
                then {{ var('identity_max_user_ids_per_browser') }}
        end as max_linked_people
    from identifiers
    left join neighbour_counts
        on identifiers.identifier_key = neighbour_counts.identifier_key
),

final as (
    select
        identifier_key,
        identifier_type,
        identifier_value,
        linked_people_count,
        max_linked_people,
        case
            when placeholder_reason is not null then placeholder_reason
            when identifier_type in ('ga_client', 'ua_client') then 'shared_browser'
            else 'shared_contact'
        end as exclusion_reason
    from checked
    where placeholder_reason is not null or linked_people_count > max_linked_people
)

select * from final
