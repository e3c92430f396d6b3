-- The as-of conversion needs one rate per currency and month, for every
-- currency in every month of the seed (including the reporting currency),
-- and positive rates. Returns the (month, currency) pairs that break this.
with rates as (
    select * from {{ ref('currency_rates') }}
),

months as (
    select distinct rate_date from rates
),

currencies as (
    select distinct currency_code from rates
),

expected as (
    select
        months.rate_date,
        currencies.currency_code
    from months
    cross join currencies
),

checked as (
    select
        expected.rate_date,
        expected.currency_code,
        count(rates.units_per_eur) as rate_count,
        min(rates.units_per_eur) as min_rate
    from expected
    left join rates
        on
            expected.rate_date = rates.rate_date
            and expected.currency_code = rates.currency_code
    group by 1, 2
),

reporting_currency_missing as (
    select
        cast(null as date) as rate_date,
        upper('{{ var("reporting_currency") }}') as currency_code,
        0 as rate_count,
        cast(null as {{ scv.type_float64() }}) as min_rate
    from (select 1 as one) as reporting_check
    where
        upper('{{ var("reporting_currency") }}') not in (
            select upper(currencies.currency_code) from currencies
        )
)

select * from checked
where rate_count != 1 or min_rate <= 0
union all
select * from reporting_currency_missing
