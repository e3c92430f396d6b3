{#
    One field ('source', 'medium' or 'campaign') of the traffic source an
    event carries, read the way GA4 reads it: a Google Ads click id
    (`has_gclid`, auto-tagging) is google / cpc and wins over tags (its
    campaign is the first tagged campaign); else the first of `tag_sets`
    that has a source or a medium (each a [source, medium, campaign] list
    of column expressions, already cleaned of '(direct)', '(none)',
    '(not set)' and ''), a missing field of it reading '(not set)' as in
    GA4's reports; else null (the event carries no source).
#}
{% macro event_traffic_tag(field, has_gclid, tag_sets) -%}
    {%- set position = {'source': 0, 'medium': 1, 'campaign': 2} -%}
    {%- if field not in position -%}
        {{ exceptions.raise_compiler_error("event_traffic_tag: field must be source, medium or campaign, got '" ~ field ~ "'") }}
    {%- endif -%}
    case
        when {{ has_gclid }}
            {%- if field == 'campaign' %}
            then coalesce({% for tag_set in tag_sets %}{{ tag_set[2] }}, {% endfor %}'(not set)')
            {%- else %}
            then {{ "'google'" if field == 'source' else "'cpc'" }}
            {%- endif %}
        {%- for tag_set in tag_sets %}
        when {{ tag_set[0] }} is not null or {{ tag_set[1] }} is not null
            then coalesce({{ tag_set[position[field]] }}, '(not set)')
        {%- endfor %}
    end
{%- endmacro %}
