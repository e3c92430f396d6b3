-- Every change of customer_id between builds, from the id map's history
-- (snap_identity__id_map): which customer_id an identifier left, which it
-- joined, when the build saw it, and whether the old customer_id survives.
-- A retired customer_id (merged) means two people records became one: a
-- sync that stored the old id should move it to the new one. The first
-- build has no history, hence no rows.

-- Before it reads the history, the versions of people who asked to be
-- forgotten are deleted from it; it runs after the audience history too,
-- which looks them up in it (macros/privacy/erasure.sql).
{{ config(pre_hook="{{ scv.erase_id_map_history() }}") }}
-- depends_on: {{ ref('snap_audiences__members') }}

with history as (
    select * from {{ ref('snap_identity__id_map') }}
),

versions as (
    select
        identifier_key,
        identifier_type,
        customer_id,
        dbt_valid_from,
        lag(customer_id) over (partition by identifier_key order by dbt_valid_from) as previous_customer_id
    from history
),

current_ids as (
    select distinct customer_id
    from history
    where dbt_valid_to is null
),

changes as (
    select
        versions.previous_customer_id,
        versions.customer_id,
        versions.dbt_valid_from as changed_at,
        count(*) as identifier_count,
        count(distinct versions.identifier_type) as identifier_type_count
    from versions
    where versions.previous_customer_id is not null and versions.previous_customer_id != versions.customer_id
    group by versions.previous_customer_id, versions.customer_id, versions.dbt_valid_from
),

final as (
    select
        {{ scv.hash_key(['previous_customer_id', 'changes.customer_id', 'changed_at']) }} as merge_key,
        changes.previous_customer_id,
        changes.customer_id,
        changes.changed_at,
        case when current_ids.customer_id is null then 'merged' else 'split' end as change_type,
        changes.identifier_count,
        changes.identifier_type_count
    from changes
    left join current_ids
        on changes.previous_customer_id = current_ids.customer_id
)

select * from final
