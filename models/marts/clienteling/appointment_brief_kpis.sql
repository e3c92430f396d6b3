-- The KPIs printed on each allowed brief, one row per appointment and KPI,
-- in display_order: the renderer prints these rows as they come, so a KPI
-- added here appears on the brief without changing the renderer. The list
-- is var brief_kpis (macros/clienteling/brief_kpis.sql): each entry names a
-- column (key) of appointment_briefs, or of another model of the project
-- joined on appointment_id or customer_id (a brand's own KPI), with a label
-- and a format. A value that is null (no purchase yet, a past appointment's
-- cart) gives kpi_value null: the renderer prints a dash. A straight quote
-- in a label is printed as a typographic one (no engine-specific escaping).
{%- set kpis = scv.brief_kpi_definitions() %}
{%- set extra_models = [] %}
{%- for kpi in kpis %}
    {%- if kpi.model != 'appointment_briefs' and kpi.model not in extra_models %}
        {%- do extra_models.append(kpi.model) %}
    {%- endif %}
{%- endfor %}

with briefs as (
    select * from {{ ref('appointment_briefs') }}
    where is_brief_allowed
),
{% for model_name in extra_models %}
brand_kpis_{{ loop.index }} as (
    select * from {{ ref(model_name) }}
),
{% endfor %}
kpi_rows as (
    {%- for kpi in kpis %}
        {%- if kpi.model == 'appointment_briefs' %}
            {%- set source = 'briefs' %}
        {%- else %}
            {%- set source = 'brand_kpis_' ~ (extra_models.index(kpi.model) + 1) %}
        {%- endif %}
        {%- set value = source ~ '.' ~ kpi.key %}
        select
            briefs.appointment_id,
            '{{ kpi.key }}' as kpi_key,
            '{{ kpi.label | replace("\\", "/") | replace("'", "’") }}' as kpi_label,
            '{{ kpi.format }}' as kpi_format,
            {{ scv.format_brief_kpi(value, kpi.format, 'briefs.reporting_currency_code') }} as kpi_value,
            {{ scv.brief_kpi_number(value, kpi.format) }} as kpi_number,
            {{ kpi.display_order }} as display_order
        from briefs
        {%- if source != 'briefs' %}
            left join {{ source }}
                on briefs.{{ kpi.join_on }} = {{ source }}.{{ kpi.join_on }}
        {%- endif %}
        {% if not loop.last %}union all{% endif %}
    {%- endfor %}
),

final as (
    select
        {{ scv.hash_key(['appointment_id', 'kpi_key']) }} as brief_kpi_key,
        appointment_id,
        kpi_key,
        kpi_label,
        kpi_format,
        cast(kpi_value as {{ dbt.type_string() }}) as kpi_value,
        kpi_number,
        cast(display_order as {{ dbt.type_int() }}) as display_order
    from kpi_rows
)

select * from final
