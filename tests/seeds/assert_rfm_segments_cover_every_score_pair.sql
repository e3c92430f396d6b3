-- customer_rfm names a buyer's segment by joining its (recency score,
-- frequency-monetary score) pair to the rfm_segments seed: every one of the
-- 25 pairs must be there exactly once, or a buyer would get no segment (a
-- missing pair) or two rows (a repeated pair). Returns the pairs that break
-- this.
with segments as (
    select * from {{ ref('rfm_segments') }}
),

scores as (
    select 1 as score
    union all
    select 2 as score
    union all
    select 3 as score
    union all
    select 4 as score
    union all
    select 5 as score
),

expected as (
    select
        recency.score as recency_score,
        frequency_monetary.score as frequency_monetary_score
    from scores as recency
    cross join scores as frequency_monetary
),

found as (
    select
        recency_score,
        frequency_monetary_score,
        count(*) as row_count
    from segments
    group by recency_score, frequency_monetary_score
),

checked as (
    select
        coalesce(expected.recency_score, found.recency_score) as recency_score,
        coalesce(
            expected.frequency_monetary_score, found.frequency_monetary_score
        ) as frequency_monetary_score,
        coalesce(found.row_count, 0) as row_count,
        expected.recency_score is not null as is_expected
    from expected
    full outer join found
        on
            expected.recency_score = found.recency_score
            and expected.frequency_monetary_score = found.frequency_monetary_score
)

select * from checked
where row_count != 1 or not is_expected
