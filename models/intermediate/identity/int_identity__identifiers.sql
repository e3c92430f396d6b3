-- Every identifier seen anywhere (the nodes of the identity graph), with
-- when it was first and last seen. first_seen_at orders identifiers when a
-- component picks its anchor (int_identity__id_map).

with observations as (
    select * from {{ ref('int_identity__observations') }}
),

endpoints as (
    select
        left_identifier_type as identifier_type,
        left_identifier_value as identifier_value,
        cast(null as {{ dbt.type_string() }}) as placeholder_reason,
        first_seen_at,
        last_seen_at,
        times_seen
    from observations
    union all
    select
        right_identifier_type as identifier_type,
        right_identifier_value as identifier_value,
        right_placeholder_reason as placeholder_reason,
        first_seen_at,
        last_seen_at,
        times_seen
    from observations
    where right_identifier_value is not null
),

final as (
    select
        {{ scv.hash_key(['identifier_type', 'identifier_value']) }} as identifier_key,
        identifier_type,
        identifier_value,
        max(placeholder_reason) as placeholder_reason,
        min(first_seen_at) as first_seen_at,
        max(last_seen_at) as last_seen_at,
        sum(times_seen) as times_seen
    from endpoints
    where identifier_value is not null
    group by identifier_type, identifier_value
)

select * from final
