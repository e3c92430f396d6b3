{#
    Generic test: one row (= failure) when the model has no rows at all.
    On the base staging models, which hold every raw row of an extract
    (staged or quarantined), it tells an extract that arrived empty (only its
    header row) from one that arrived with rows. See docs/bad_input.md.
#}
{% test has_rows(model) %}

with counted as (
    select count(*) as row_count
    from {{ model }}
)

select row_count
from counted
where row_count = 0

{% endtest %}
