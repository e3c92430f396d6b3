-- Who joined and who left each audience, build by build, from the
-- membership history (snap_audiences__members): a sync sends the joins as
-- additions and the leaves as removals, so it only sends the change. Each
-- version of a member is one stay: its start is a join, its end (when the
-- member left, or its identifiers or holdout flag changed) a leave that
-- carries the identifiers the platform holds. A change of identifiers or of
-- the holdout flag is a leave of the old version and a join of the new one
-- at the same moment (is_version_change). changed_at is the snapshot time
-- of the build that saw the change; the first build joins every member.

with history as (
    select * from {{ ref('snap_audiences__members') }}
),

versions as (
    select
        member_key,
        audience_name,
        customer_id,
        external_id,
        is_holdout,
        email_sha256,
        phone_e164_sha256,
        phone_digits_sha256,
        dbt_valid_from,
        dbt_valid_to,
        lag(dbt_valid_to) over (partition by member_key order by dbt_valid_from) as previous_valid_to,
        lead(dbt_valid_from) over (partition by member_key order by dbt_valid_from) as next_valid_from
    from history
),

joins as (
    select
        'joined' as change_type,
        versions.dbt_valid_from as changed_at,
        coalesce(versions.previous_valid_to = versions.dbt_valid_from, false) as is_version_change,
        versions.*
    from versions
),

leaves as (
    select
        'left' as change_type,
        versions.dbt_valid_to as changed_at,
        coalesce(versions.next_valid_from = versions.dbt_valid_to, false) as is_version_change,
        versions.*
    from versions
    where versions.dbt_valid_to is not null
),

changes as (
    select * from joins
    union all
    select * from leaves
),

latest_change as (
    select max(changed_at) as latest_changed_at
    from changes
),

final as (
    select
        {{ scv.hash_key(['changes.member_key', 'changes.change_type', 'changes.changed_at']) }} as change_key,
        changes.member_key,
        changes.audience_name,
        changes.customer_id,
        changes.external_id,
        changes.change_type,
        changes.changed_at,
        changes.dbt_valid_from as version_started_at,
        changes.changed_at = latest_change.latest_changed_at as is_latest_change,
        changes.is_version_change,
        changes.is_holdout,
        changes.email_sha256,
        changes.phone_e164_sha256,
        changes.phone_digits_sha256
    from changes
    cross join latest_change
)

select * from final
