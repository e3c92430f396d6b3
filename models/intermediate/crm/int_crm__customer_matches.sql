-- CRM record pairs judged to be the same person (score at or above
-- crm_match_min_score), with the score and the field agreements that
-- explain it. The identity graph links each pair.

with candidates as (
    select * from {{ ref('int_crm__customer_match_candidates') }}
),

-- every column of the candidates, so that each match explains itself
final as (
    select * from candidates  -- noqa: AM04
    where is_match
)

select * from final  -- noqa: AM04
