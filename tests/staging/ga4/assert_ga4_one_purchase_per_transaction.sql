-- After staging, a transaction_id is carried by one purchase event only, and
-- every purchase event set aside for its transaction_id has a staged twin
-- that was logged no later. Returns the offending transaction ids.

with staged_purchases as (
    select
        transaction_id,
        count(*) as purchase_count,
        min(event_at) as first_purchase_at
    from {{ ref('stg_ga4__events') }}
    where event_name = 'purchase' and transaction_id is not null
    group by transaction_id
),

repeated_purchases as (
    select
        transaction_id,
        min(event_at) as first_repeat_at
    from {{ ref('stg_ga4__events_quarantine') }}
    where quarantine_reason = 'duplicate_transaction_id'
    group by transaction_id
),

final as (
    select
        staged_purchases.purchase_count,
        staged_purchases.first_purchase_at,
        repeated_purchases.first_repeat_at,
        coalesce(staged_purchases.transaction_id, repeated_purchases.transaction_id) as transaction_id
    from staged_purchases
    full outer join repeated_purchases
        on staged_purchases.transaction_id = repeated_purchases.transaction_id
)

select * from final
where
    purchase_count is null
    or purchase_count != 1
    or first_purchase_at > first_repeat_at
