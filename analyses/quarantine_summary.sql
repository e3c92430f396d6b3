-- How many raw rows each source sent to quarantine, and why.
-- Compile with `dbt compile -s quarantine_summary` and run the SQL in
-- target/compiled/scv/analyses/ against the warehouse.
{%- set quarantine_models = [
    'stg_ga4__events_quarantine',
    'stg_crm__customers_quarantine',
    'stg_crm__appointments_quarantine',
    'stg_crm__consents_quarantine',
    'stg_commerce__products_quarantine',
    'stg_commerce__orders_quarantine',
    'stg_commerce__order_lines_quarantine',
    'stg_commerce__pos_sales_quarantine',
    'stg_commerce__pos_sale_lines_quarantine',
] %}

with quarantined as (
    {% for model_name in quarantine_models %}
        select
            '{{ model_name }}' as quarantine_model,
            quarantine_reason,
            count(*) as quarantined_rows
        from {{ ref(model_name) }}
        group by quarantine_model, quarantine_reason
        {% if not loop.last %}union all{% endif %}
    {% endfor %}
)

select *
from quarantined
order by quarantine_model asc, quarantined_rows desc
