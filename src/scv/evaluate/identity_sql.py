"""The SQL of `scv evaluate identity`, run by scv.evaluate.identity on DuckDB.

The inputs are read once into temporary tables of the evaluation's connection
(evaluation_truth, evaluation_identifiers, then evaluation_cells per scope);
the figures are small aggregates over them. `{placeholders}` are filled by
identity.py with quoted relation names, a quoted path or a fixed scope
condition, never with free text.
"""

# One row per ground-truth identifier, spelt as the id map spells it.
TRUTH = """
create or replace temp table evaluation_truth as
with

cookies as (select * from read_parquet('{truth_dir}/cookies.parquet')),
user_ids as (select * from read_parquet('{truth_dir}/user_ids.parquet')),
crm_customers as (select * from read_parquet('{truth_dir}/crm_customers.parquet')),
orders as (select * from read_parquet('{truth_dir}/orders.parquet')),
pos_sales as (select * from read_parquet('{truth_dir}/pos_sales.parquet')),
appointments as (select * from read_parquet('{truth_dir}/appointments.parquet')),

identifiers as (
    -- GA4 pseudo ids are per stream, hence the stream in the value
    select
        'ga_client' as identifier_type,
        stream_id || '/' || user_pseudo_id as identifier_value,
        person_id,
    from cookies
    union all
    select 'ga_user_id', user_id, person_id from user_ids
    union all
    select 'crm_customer_id', customer_id, person_id from crm_customers
    union all
    select 'order_id', order_id, person_id from orders
    union all
    select 'pos_sale_id', sale_id, person_id from pos_sales
    union all
    select 'appointment_id', appointment_id, person_id from appointments
    union all
    -- only appointments booked through the web form carry a booking id
    select 'booking_id', booking_id, person_id from appointments
    where booking_id is not null
    {ga360_clients}
),

final as (
    select
        identifier_type,
        identifier_value,
        min(person_id) as person_id,
        min(person_id) <> max(person_id) as has_several_persons,
    from identifiers
    group by identifier_type, identifier_value
)

select * from final
"""

# GA360 (Universal Analytics) browsers, when the data has a GA360 export.
GA360_CLIENTS = """
    union all
    select 'ua_client', full_visitor_id, person_id
    from read_parquet('{truth_dir}/ga360_clients.parquet')
"""

# Every identifier of the id map or the truth, with what each side says.
IDENTIFIERS = """
create or replace temp table evaluation_identifiers as
with

id_map as (
    -- one row per identifier is the model's contract; guard against a breach
    select
        identifier_type,
        identifier_value,
        min(identifier_key) as identifier_key,
        min(customer_id) as customer_id,
        min(customer_id) <> max(customer_id) as has_several_customer_ids,
    from {id_map}
    group by identifier_type, identifier_value
),

truth as (select * from evaluation_truth),

linked_keys as (
    select left_identifier_key as identifier_key from {links}
    union
    select right_identifier_key from {links}
),

joined as (
    select
        coalesce(id_map.identifier_type, truth.identifier_type) as identifier_type,
        coalesce(id_map.identifier_value, truth.identifier_value) as identifier_value,
        id_map.identifier_key,
        id_map.customer_id,
        truth.person_id,
        id_map.identifier_type is not null as in_id_map,
        truth.identifier_type is not null as in_truth,
        coalesce(id_map.has_several_customer_ids, false) as has_several_customer_ids,
        coalesce(truth.has_several_persons, false) as has_several_persons,
        linked_keys.identifier_key is not null as is_linkable,
    from id_map
    full outer join truth
        on
            id_map.identifier_type = truth.identifier_type
            and id_map.identifier_value = truth.identifier_value
    left join linked_keys
        on id_map.identifier_key = linked_keys.identifier_key
),

final as (
    select
        *,
        -- an identifier the truth gives to two people cannot be scored
        in_id_map and in_truth and not has_several_persons as is_item,
    from joined
)

select * from final
"""

CHECKS = """
select
    count(*) filter (where in_truth) as truth_identifiers,
    count(*) filter (where has_several_persons) as truth_identifiers_with_several_persons,
    count(*) filter (where in_id_map) as id_map_identifiers,
    count(*) filter (where has_several_customer_ids)
        as id_map_identifiers_with_several_customer_ids,
from evaluation_identifiers
"""

COVERAGE = """
with

identifiers as (select * from evaluation_identifiers),
excluded as ({excluded}),

missing_but_excluded as (
    select
        identifiers.identifier_type,
        count(*) as missing_of_which_excluded,
    from identifiers
    semi join excluded
        on
            identifiers.identifier_type = excluded.identifier_type
            and identifiers.identifier_value = excluded.identifier_value
    where identifiers.in_truth and not identifiers.in_id_map
    group by identifiers.identifier_type
),

by_type as (
    select
        identifier_type,
        count(*) filter (where is_item) as items,
        count(*) filter (where is_item and is_linkable) as linkable_items,
        count(*) filter (where in_truth and not in_id_map) as truth_missing_from_id_map,
        count(*) filter (where in_id_map and not in_truth) as id_map_without_truth,
    from identifiers
    group by identifier_type
)

select
    by_type.identifier_type,
    by_type.items,
    by_type.linkable_items,
    by_type.truth_missing_from_id_map,
    coalesce(missing_but_excluded.missing_of_which_excluded, 0) as missing_of_which_excluded,
    by_type.id_map_without_truth,
from by_type
left join missing_but_excluded using (identifier_type)
order by by_type.identifier_type
"""

# The contingency table of one scope: items per (customer_id, person_id).
CELLS = """
create or replace temp table evaluation_cells as
select
    customer_id,
    {person} as person_id,
    count(*) as n,
from evaluation_identifiers
where is_item and {scope}
group by customer_id, {person}
"""

# The edges a perfect resolver could use: every observed link except those
# touching an excluded identifier and except the de-duplication's own
# matches, which are replaced by the true duplicate CRM records of each
# person (perfect de-duplication).
REACHABLE_EDGES = """
with

links as (select * from {links}),
excluded as ({excluded_keys}),

observed as (
    select left_identifier_key as a, right_identifier_key as b,
    from links
    where link_source <> 'crm_duplicate_match'
        and left_identifier_key not in (select identifier_key from excluded)
        and right_identifier_key not in (select identifier_key from excluded)
),

crm_records as (
    select identifier_key, person_id,
    from evaluation_identifiers
    where is_item and identifier_type = 'crm_customer_id'
),

true_duplicates as (
    select
        crm_records.identifier_key as a,
        min(crm_records.identifier_key) over (partition by crm_records.person_id) as b,
    from crm_records
)

select a, b from observed
union all
select a, b from true_duplicates where a <> b
"""

# A group of n items holds n * (n - 1) / 2 pairs.
PAIRS = """
with

cells as (select * from evaluation_cells),

by_customer as (
    select
        customer_id,
        sum(n) as n,
        count(*) as persons,
    from cells
    group by customer_id
),

by_person as (
    select
        person_id,
        sum(n) as n,
        count(*) as customers,
    from cells
    group by person_id
)

select
    (select coalesce(sum(n), 0) from cells) as items,
    (select count(*) from by_person) as persons,
    (select count(*) from by_customer) as customers,
    (select coalesce(sum(n * (n - 1) // 2), 0) from by_customer) as predicted_pairs,
    (select coalesce(sum(n * (n - 1) // 2), 0) from by_person) as true_pairs,
    (select coalesce(sum(n * (n - 1) // 2), 0) from cells) as correct_pairs,
    (select count(*) from by_customer where persons > 1) as over_merged_customers,
    (
        select count(distinct person_id) from cells
        where customer_id in (select customer_id from by_customer where persons > 1)
    ) as persons_in_over_merged_customers,
    (select count(*) from by_person where customers > 1) as split_persons,
    (
        select count(distinct customer_id) from cells
        where person_id in (select person_id from by_person where customers > 1)
    ) as customers_of_split_persons
"""

LARGEST_OVER_MERGES = """
select
    customer_id,
    count(*) as persons,
    sum(n) as items,
from evaluation_cells
group by customer_id
having count(*) > 1
order by persons desc, items desc, customer_id
limit {limit}
"""

LARGEST_SPLITS = """
select
    person_id,
    count(*) as customers,
    sum(n) as items,
from evaluation_cells
group by person_id
having count(*) > 1
order by customers desc, items desc, person_id
limit {limit}
"""
