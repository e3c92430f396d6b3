-- The edges of the identity graph: two identifiers seen together, once per
-- source that saw them together (left_identifier_key < right_identifier_key).

with observations as (
    select * from {{ ref('int_identity__observations') }}
),

keyed as (
    select
        link_source,
        {{ scv.hash_key(['left_identifier_type', 'left_identifier_value']) }} as left_key,
        {{ scv.hash_key(['right_identifier_type', 'right_identifier_value']) }} as right_key,
        left_identifier_type,
        right_identifier_type,
        first_seen_at,
        last_seen_at,
        times_seen
    from observations
    where right_identifier_value is not null and left_identifier_value is not null
),

ordered as (
    select
        link_source,
        first_seen_at,
        last_seen_at,
        times_seen,
        case when left_key < right_key then left_key else right_key end as left_identifier_key,
        case when left_key < right_key then right_key else left_key end as right_identifier_key,
        case when left_key < right_key then left_identifier_type else right_identifier_type end
            as left_identifier_type,
        case when left_key < right_key then right_identifier_type else left_identifier_type end
            as right_identifier_type
    from keyed
    where left_key != right_key
),

final as (
    select
        {{ scv.hash_key(['left_identifier_key', 'right_identifier_key', 'link_source']) }} as link_key,
        left_identifier_key,
        right_identifier_key,
        left_identifier_type,
        right_identifier_type,
        link_source,
        min(first_seen_at) as first_seen_at,
        max(last_seen_at) as last_seen_at,
        sum(times_seen) as times_seen
    from ordered
    group by
        left_identifier_key,
        right_identifier_key,
        left_identifier_type,
        right_identifier_type,
        link_source
)

select * from final
