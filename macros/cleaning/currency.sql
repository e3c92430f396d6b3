{#
    Currency conversion to the reporting currency (var `reporting_currency`,
    default EUR) with the `currency_rates` seed (units of each currency per
    1 EUR, one rate per currency and month).

    As-of rule: an amount dated D (the UTC date of the order, sale or
    product) uses, for its currency and for the reporting currency, the
    latest rate whose `rate_date` is on or before D; a date before the first
    rate uses the first rate, a date after the last rate the last rate.
    rate_to_reporting = reporting units per EUR / currency units per EUR.

    reporting_currency_rates() renders a subquery (use it as a CTE body) with
    one row per currency and validity period:
        currency_code, valid_from (inclusive), valid_to (exclusive), rate_to_reporting
    Join it with rate_in_force:
        left join rates
            on {{ scv.rate_in_force('rates', 'x.currency_code', 'x.fx_date') }}
#}
{% macro reporting_currency_rates() -%}
    {{ scv.currency_rates_to(var("reporting_currency")) }}
{%- endmacro %}


{#
    The same rates to another currency than the reporting one (column
    rate_to_reporting holds the rate to `target_currency`): USD for the
    GA360 amounts GA4 would have converted (int_web__events).
#}
{% macro currency_rates_to(target_currency) -%}
    select
        rates.currency_code,
        case
            when rates.rate_date = min(rates.rate_date) over (partition by rates.currency_code)
                then cast('1900-01-01' as date)
            else rates.rate_date
        end as valid_from,
        coalesce(
            lead(rates.rate_date) over (partition by rates.currency_code order by rates.rate_date),
            cast('9999-12-31' as date)
        ) as valid_to,
        reporting.units_per_eur / rates.units_per_eur as rate_to_reporting
    from (
        select
            cast(rate_date as date) as rate_date,
            upper(currency_code) as currency_code,
            cast(units_per_eur as {{ scv.type_float64() }}) as units_per_eur
        from {{ ref('currency_rates') }}
    ) as rates
    -- the reporting currency's rate in force on the same date
    inner join (
        select
            cast(rate_date as date) as rate_date,
            cast(units_per_eur as {{ scv.type_float64() }}) as units_per_eur
        from {{ ref('currency_rates') }}
        where upper(currency_code) = upper('{{ target_currency }}')
    ) as reporting
        on rates.rate_date = reporting.rate_date
{%- endmacro %}


{#
    The join condition that picks, from `rates` (a relation of
    reporting_currency_rates or currency_rates_to), the rate in force for
    an amount in `currency_code` (upper case) dated `fx_date` (a date):
    a range join, portable to both engines.
#}
{% macro rate_in_force(rates, currency_code, fx_date) -%}
    {{ currency_code }} = {{ rates }}.currency_code
    and {{ fx_date }} >= {{ rates }}.valid_from
    and {{ fx_date }} < {{ rates }}.valid_to
{%- endmacro %}


{# Currencies known to the currency_rates seed (a subquery: one row per currency_code). #}
{% macro known_currencies() -%}
    select distinct upper(currency_code) as currency_code
    from {{ ref('currency_rates') }}
{%- endmacro %}


{# amount in its own currency x rate_to_reporting -> amount in the reporting currency, rounded to 2 decimals #}
{% macro to_reporting_currency(amount, rate_to_reporting) -%}
    cast(round(cast({{ amount }} as {{ scv.type_float64() }}) * {{ rate_to_reporting }}, 2) as {{ dbt.type_numeric() }})
{%- endmacro %}


{# Money written as text ('1234.50'; decimal point, no thousands separator) -> numeric, or null when it is not such a number. #}
{% macro parse_amount(expr) -%}
    case
        when {{ scv.regex_matches(expr, '^[+-]?(\\d+(\\.\\d*)?|\\.\\d+)$') }}
            then {{ scv.try_cast_as(expr, dbt.type_numeric()) }}
    end
{%- endmacro %}


{# A count written as text ('2', '2.0') -> integer, or null when it is not a whole number. #}
{% macro parse_integer(expr) -%}
    case
        when {{ scv.regex_matches(expr, '^[+-]?\\d+(\\.0*)?$') }}
            then {{ scv.try_cast_as(scv.regex_replace(expr, '\\.0*$', ''), dbt.type_int()) }}
    end
{%- endmacro %}


{#
    true when an amount sends its row to quarantine (`invalid_amount`):
    text that is not a number, a negative amount, an amount above
    var max_plausible_amount once converted to the reporting currency, or,
    when `required`, no amount at all.
#}
{% macro is_invalid_amount(raw_text, amount, amount_reporting, required=false) -%}
    (
        ({{ raw_text }} is not null and {{ amount }} is null)
        or {{ amount }} < 0
        or {{ amount_reporting }} > {{ var('max_plausible_amount') }}
        {%- if required %}
        or {{ raw_text }} is null
        {%- endif %}
    )
{%- endmacro %}
