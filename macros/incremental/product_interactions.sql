{#
    Incremental rules of fct_product_interactions. Its rows are rebuilt
    per person (the subject: customer_id, or the client_key of an anonymous
    browser), since an event moving from one customer to another changes
    both people's rows. The people to rebuild:
    - those with an item event written since the newest built_at it holds
      (a new event, or an event given another customer: its new person);
    - those whose stored number of item rows (item_event_rows) differs from
      what int_web__item_events holds now (an event gone, or given another
      customer: its former person, who may have no event left at all).
    An event cannot leave a person and another arrive without a write, so
    the two cover every change.
#}

{# The item events the model counts, as a SQL list. #}
{% macro product_interaction_events() -%}
    'view_item', 'add_to_cart', 'purchase'
{%- endmacro %}


{# The person a row belongs to: its customer, else its browser ('' for neither). #}
{% macro product_interaction_subject(customer_column, client_column) -%}
    coalesce({{ customer_column }}, {{ client_column }}, '')
{%- endmacro %}


{#
    A select of the people to rebuild, given the watermark (the newest
    built_at of the model, read before its pre-hook deletes anything).
    Evaluated after that deletion (in the model), the count comparison
    still returns every deleted person who has events now, and no other.
#}
{% macro product_interactions_to_rebuild(built_through) -%}
    {%- set item_events = ref('int_web__item_events') -%}
    {%- set subject = scv.product_interaction_subject('customer_id', 'client_key') -%}
    select {{ subject }} as subject
    from {{ item_events }}
    where
        event_name in ({{ scv.product_interaction_events() }})
        and {{ scv.is_newer_than('built_at', built_through) }}
    union distinct
    select coalesce(stored_rows.subject, current_rows.subject) as subject
    from (
        select
            subject,
            sum(item_event_rows) as item_event_rows
        from (
            select
                {{ scv.product_interaction_subject('customer_id', 'anonymous_client_key') }} as subject,
                item_event_rows
            from {{ this }}
        ) as stored
        group by subject
    ) as stored_rows
    full outer join (
        select
            subject,
            count(*) as item_event_rows
        from (
            select {{ subject }} as subject
            from {{ item_events }}
            where event_name in ({{ scv.product_interaction_events() }})
        ) as current_items
        group by subject
    ) as current_rows
        on stored_rows.subject = current_rows.subject
    where stored_rows.item_event_rows is distinct from current_rows.item_event_rows
{%- endmacro %}


{#
    Pre-hook of fct_product_interactions: deletes the rows of the people an
    incremental run rebuilds. Renders nothing on a full build. Give it as a
    string, so that it is rendered when the model runs (before the deletion).
#}
{% macro delete_product_interactions_to_rebuild() -%}
    {%- set built_through = scv.incremental_watermark('built_at') -%}
    {%- if scv.is_incremental_run() -%}
        delete from {{ this }}
        where {{ scv.product_interaction_subject('customer_id', 'anonymous_client_key') }} in (
            {{ scv.product_interactions_to_rebuild(built_through) }}
        )
    {%- endif -%}
{%- endmacro %}
