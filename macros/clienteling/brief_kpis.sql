{#
    The KPIs printed on an appointment brief (appointment_brief_kpis), in
    order: var `brief_kpis`, a list of entries
        {key: <column>, label: <text>, format: <format>,
         model: <model, default appointment_briefs>,
         join_on: <appointment_id | customer_id, default appointment_id>}
    Formats: text, integer, decimal (2 decimals), currency (whole units and
    the reporting currency), percent (a 0-1 share as a whole percentage),
    date (YYYY-MM-DD), duration (seconds as 'M min SS s'), yes_no.
    Returns the entries checked and completed with their defaults; a
    malformed entry stops compilation with a message saying what to fix.
#}

{% macro brief_kpi_definitions() %}
    {%- set default_kpis = [
        {'key': 'lifetime_revenue', 'label': 'Lifetime value', 'format': 'currency'},
        {'key': 'order_count', 'label': 'Orders', 'format': 'integer'},
        {'key': 'rfm_segment', 'label': 'RFM segment', 'format': 'text'},
        {'key': 'loyalty_tier', 'label': 'Loyalty tier', 'format': 'text'},
        {'key': 'last_purchased_at', 'label': 'Last purchase', 'format': 'date'},
        {'key': 'last_boutique_visit_at', 'label': 'Last boutique visit', 'format': 'date'},
        {'key': 'sessions_last_30_days', 'label': 'Website visits, last 30 days', 'format': 'integer'},
        {'key': 'average_session_duration_seconds', 'label': 'Average website visit', 'format': 'duration'},
        {'key': 'open_cart_value', 'label': 'Left in online cart', 'format': 'currency'},
    ] %}
    {%- set formats = ['text', 'integer', 'decimal', 'currency', 'percent', 'date', 'duration', 'yes_no'] %}
    {%- set example = "e.g. {key: lifetime_revenue, label: 'Lifetime value', format: currency}" %}
    {%- set kpis = var('brief_kpis', default_kpis) %}
    {%- if kpis is string or kpis is mapping or kpis | length == 0 %}
        {{- exceptions.raise_compiler_error(
            "var brief_kpis must be a non-empty list of KPI entries, " ~ example ~ "; got " ~ kpis
        ) }}
    {%- endif %}
    {%- set checked = [] %}
    {%- set seen = [] %}
    {%- for kpi in kpis %}
        {%- if kpi is not mapping or not kpi.get('key') or not kpi.get('label') %}
            {{- exceptions.raise_compiler_error(
                "brief_kpis entry " ~ loop.index ~ " needs a key (a column name) and a label, " ~ example ~ "; got " ~ kpi
            ) }}
        {%- endif %}
        {%- set key = kpi['key'] | string | trim %}
        {%- if not modules.re.match('^[A-Za-z_][A-Za-z0-9_]*$', key) %}
            {{- exceptions.raise_compiler_error("brief_kpis key must be a column name, got '" ~ key ~ "'") }}
        {%- endif %}
        {%- if key in seen %}
            {{- exceptions.raise_compiler_error("brief_kpis lists the key '" ~ key ~ "' twice: keys must be unique") }}
        {%- endif %}
        {%- do seen.append(key) %}
        {%- set format = kpi.get('format', 'text') | string | trim %}
        {%- if format not in formats %}
            {{- exceptions.raise_compiler_error(
                "brief_kpis '" ~ key ~ "': format must be one of " ~ formats | join(', ') ~ ", got '" ~ format ~ "'"
            ) }}
        {%- endif %}
        {%- set join_on = kpi.get('join_on', 'appointment_id') | string | trim %}
        {%- if join_on not in ['appointment_id', 'customer_id'] %}
            {{- exceptions.raise_compiler_error(
                "brief_kpis '" ~ key ~ "': join_on must be appointment_id or customer_id, got '" ~ join_on ~ "'"
            ) }}
        {%- endif %}
        {%- do checked.append({
            'key': key,
            'label': kpi['label'] | string,
            'format': format,
            'model': kpi.get('model', 'appointment_briefs') | string | trim,
            'join_on': join_on,
            'display_order': loop.index,
        }) %}
    {%- endfor %}
    {{- return(checked) }}
{% endmacro %}


{# A KPI value as the text printed on the brief, by format (see brief_kpi_definitions); null stays null #}
{% macro format_brief_kpi(expr, format, currency_code_expr) %}
    {%- if format == 'integer' -%}
        cast(cast(round({{ expr }}, 0) as {{ dbt.type_bigint() }}) as {{ dbt.type_string() }})
    {%- elif format == 'decimal' -%}
        {{ scv.format_fixed(expr, 2) }}
    {%- elif format == 'currency' -%}
        {{ dbt.concat([scv.format_fixed(expr, 0), "' '", currency_code_expr]) }}
    {%- elif format == 'percent' -%}
        {{ dbt.concat([scv.format_fixed(expr ~ ' * 100', 0), "'%'"]) }}
    {%- elif format == 'date' -%}
        cast(cast({{ expr }} as date) as {{ dbt.type_string() }})
    {%- elif format == 'duration' -%}
        {{ dbt.concat([
            dbt.cast('cast(floor(round(' ~ expr ~ ', 0) / 60) as ' ~ dbt.type_bigint() ~ ')', dbt.type_string()),
            "' min '",
            "lpad(" ~ dbt.cast('mod(cast(round(' ~ expr ~ ', 0) as ' ~ dbt.type_bigint() ~ '), 60)', dbt.type_string()) ~ ", 2, '0')",
            "' s'",
        ]) }}
    {%- elif format == 'yes_no' -%}
        case when {{ expr }} then 'yes' when not {{ expr }} then 'no' end
    {%- else -%}
        cast({{ expr }} as {{ dbt.type_string() }})
    {%- endif -%}
{% endmacro %}


{# A KPI value as a number for renderers that format themselves (null for text, date and yes_no) #}
{% macro brief_kpi_number(expr, format) %}
    {%- if format in ['integer', 'decimal', 'currency', 'percent', 'duration'] -%}
        cast({{ expr }} as {{ scv.type_float64() }})
    {%- else -%}
        cast(null as {{ scv.type_float64() }})
    {%- endif -%}
{% endmacro %}
