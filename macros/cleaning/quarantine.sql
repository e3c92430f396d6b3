{#
    Helpers shared by the staging models and their `_quarantine` twins.
#}

{# A stable hash of a raw row (list of columns, cast to text): a deterministic tie-breaker when two copies of an id have the same timestamps. #}
{% macro raw_row_hash(columns) -%}
    {%- set parts = [] -%}
    {%- for column in columns -%}
        {%- do parts.append("coalesce(cast(" ~ column ~ " as " ~ dbt.type_string() ~ "), '')") -%}
        {%- if not loop.last %}{% do parts.append("'|'") %}{% endif -%}
    {%- endfor -%}
    {{ dbt.hash(dbt.concat(parts)) }}
{%- endmacro %}


{#
    Singular-test body: rows returned = failure. Checks that every raw row
    of `source_relation` is either staged, quarantined or erased (its person
    asked to be forgotten; `erased_rows`, an SQL count), exactly once:
    count(source) = count(staged) + count(quarantined) + erased.
#}
{% macro assert_raw_rows_reconcile(source_relation, staged_relation, quarantine_relation, erased_rows='0') -%}
    with counts as (
        select
            (select count(*) from {{ source_relation }}) as raw_rows,
            (select count(*) from {{ staged_relation }}) as staged_rows,
            (select count(*) from {{ quarantine_relation }}) as quarantined_rows,
            {{ erased_rows }} as erased_rows
    )

    select *
    from counts
    where raw_rows != staged_rows + quarantined_rows + erased_rows
{%- endmacro %}


{# Key of a raw row: its hash, '-', its occurrence number among identical raw rows. #}
{% macro raw_row_key(hash_column='raw_row_hash', occurrence_column='raw_row_occurrence') -%}
    {{ dbt.concat([hash_column, "'-'", 'cast(' ~ occurrence_column ~ ' as ' ~ dbt.type_string() ~ ')']) }}
{%- endmacro %}
