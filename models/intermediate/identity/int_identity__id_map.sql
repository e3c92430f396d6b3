-- Every identifier (except the excluded ones) to one customer_id: the
-- connected components of the identity graph.
--
-- Components: label propagation. Every identifier starts with its own rank
-- as label; each pass gives every identifier, and the identifier its label
-- points to (hooking), the smallest label next to it, then jumps to its
-- label's label (pointer jumping), so trees merge whole and a chain of n
-- hops needs about log2(n) passes. Each pass is a join and group bys over
-- the links that can still lower a label: the cost grows linearly with the
-- links times the passes (identity_max_passes). The build fails with a
-- message when the last pass leaves a link that could lower a label.
--
-- Stable ids: the rank orders identifiers by first_seen_at, then by type,
-- then by key, so the label of a component is its earliest identifier (its
-- anchor) and customer_id is a keyed hash of the anchor's key. Data that does
-- not touch a component leaves its customer_id as it was. When new data
-- joins two components, the merged component keeps the customer_id of the
-- older anchor and the other one is retired; snap_identity__id_map keeps
-- the history and int_identity__merge_log lists each retirement.

{%- set passes = var('identity_max_passes') | int %}

with identifiers as (
    select * from {{ ref('int_identity__identifiers') }}
),

links as (
    select * from {{ ref('int_identity__links') }}
),

excluded as (
    select * from {{ ref('int_identity__excluded_identifiers') }}
),

-- Kept identifiers numbered in anchor order; only the key and the number
-- are held through the passes (the rest is joined back at the end).
nodes as {{ scv.materialized_cte() }} (
    select
        identifiers.identifier_key,
        row_number() over (
            order by
                identifiers.first_seen_at nulls last,
                {{ scv.identity_type_priority('identifiers.identifier_type') }},
                identifiers.identifier_key
        ) as node_id
    from identifiers
    left join excluded
        on identifiers.identifier_key = excluded.identifier_key
    where excluded.identifier_key is null
),

kept_links as (
    select
        left_nodes.node_id as left_node_id,
        right_nodes.node_id as right_node_id
    from links
    inner join nodes as left_nodes
        on links.left_identifier_key = left_nodes.identifier_key
    inner join nodes as right_nodes
        on links.right_identifier_key = right_nodes.identifier_key
),

-- Links between two kept identifiers, in both directions.
edges as {{ scv.materialized_cte() }} (
    select
        left_node_id as from_node_id,
        right_node_id as to_node_id
    from kept_links
    union all
    select
        right_node_id as from_node_id,
        left_node_id as to_node_id
    from kept_links
),

-- Only identifiers with a link take part in the passes (an anonymous
-- browser, an order without customer or e-mail is its own component).
labels_0 as (
    select distinct
        from_node_id as node_id,
        from_node_id as min_node_id
    from edges
),
{% for pass in range(1, passes + 1) %}
    -- Links whose far end carries a smaller label than the near end: only
    -- these can lower a label, so the passes get cheaper as labels settle.
    lowering_links_{{ pass }} as {{ scv.materialized_cte() }} (
        select
            edges.from_node_id,
            from_labels.min_node_id as from_label,
            to_labels.min_node_id as to_label
        from edges
        inner join labels_{{ pass - 1 }} as from_labels
            on edges.from_node_id = from_labels.node_id
        inner join labels_{{ pass - 1 }} as to_labels
            on edges.to_node_id = to_labels.node_id
        where to_labels.min_node_id < from_labels.min_node_id
    ),

    -- Each identifier takes the smallest label next to it ...
    neighbour_labels_{{ pass }} as (
        select
            from_node_id as node_id,
            min(to_label) as min_node_id
        from lowering_links_{{ pass }}
        group by from_node_id
    ),

    -- ... and so does the identifier its label points to (hooking: the root
    -- of a tree takes the smallest label next to any of its members, so
    -- whole trees merge in one pass instead of one identifier at a time).
    root_labels_{{ pass }} as (
        select
            from_label as node_id,
            min(to_label) as min_node_id
        from lowering_links_{{ pass }}
        group by from_label
    ),

    stepped_{{ pass }} as {{ scv.materialized_cte() }} (
        select
            labels.node_id,
            least(
                labels.min_node_id,
                coalesce(neighbour_labels.min_node_id, labels.min_node_id),
                coalesce(root_labels.min_node_id, labels.min_node_id)
            ) as min_node_id
        from labels_{{ pass - 1 }} as labels
        left join neighbour_labels_{{ pass }} as neighbour_labels
            on labels.node_id = neighbour_labels.node_id
        left join root_labels_{{ pass }} as root_labels
            on labels.node_id = root_labels.node_id
    ),

    -- pointer jumping: take the label's label
    labels_{{ pass }} as {{ scv.materialized_cte() }} (
        select
            stepped.node_id,
            least(stepped.min_node_id, jumped.min_node_id) as min_node_id
        from stepped_{{ pass }} as stepped
        inner join stepped_{{ pass }} as jumped
            on stepped.min_node_id = jumped.node_id
    ),
{% endfor %}
-- Converged when one more pass would change nothing: no identifier has a
-- neighbour with a smaller label.
unconverged as (
    select count(*) as unconverged_count
    from edges
    inner join labels_{{ passes }} as from_labels
        on edges.from_node_id = from_labels.node_id
    inner join labels_{{ passes }} as to_labels
        on edges.to_node_id = to_labels.node_id
    where to_labels.min_node_id < from_labels.min_node_id
),

convergence as (
    select
        case
            when unconverged_count = 0 then true
            else {{ scv.raise_sql_error(
                'int_identity__id_map: the identity components did not converge in '
                ~ passes ~ ' passes (identifiers with a smaller label next to them remain); '
                ~ 'raise the identity_max_passes var, e.g. dbt build --vars "{identity_max_passes: '
                ~ (passes * 2) ~ '}"'
            ) }}
        end as is_converged
    from unconverged
),

components as (
    select
        identifiers.identifier_key,
        identifiers.identifier_type,
        identifiers.identifier_value,
        identifiers.first_seen_at,
        identifiers.last_seen_at,
        anchors.identifier_key as anchor_identifier_key
    from nodes
    left join labels_{{ passes }} as labels
        on nodes.node_id = labels.node_id
    inner join nodes as anchors
        on coalesce(labels.min_node_id, nodes.node_id) = anchors.node_id
    inner join identifiers
        on nodes.identifier_key = identifiers.identifier_key
    cross join convergence
    where convergence.is_converged
),

final as (
    select
        identifier_key,
        identifier_type,
        identifier_value,
        -- keyed with the pseudonymisation salt: a known identifier cannot be
        -- hashed into its customer_id (macros/privacy/pseudonymisation.sql)
        {{ scv.hash_key([scv.pseudonymisation_salt_literal(), "'customer'", 'anchor_identifier_key']) }} as customer_id,
        anchor_identifier_key,
        identifier_key = anchor_identifier_key as is_anchor,
        count(*) over (partition by anchor_identifier_key) as component_size,
        first_seen_at,
        last_seen_at
    from components
)

select * from final
