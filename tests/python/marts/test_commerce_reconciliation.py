"""Revenue in = revenue out: the commerce facts reconciled with staging on the small build.

Every staged online order and in-store sale is one row of fct_orders and every
staged line one row of fct_order_lines; reporting-currency sums match staging
to the cent, per channel; revenue is the net of the kept orders computed here
from staging on its own; lines add up to their order; customer_id is the id
map's for the order's own identifier.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

CENT = Decimal("0.01")

# staged parent model, its id column, its lines model, the lines' parent id column, id map type
CHANNELS = {
    "online": ("stg_commerce__orders", "order_id", "stg_commerce__order_lines", "order_id"),
    "boutique": ("stg_commerce__pos_sales", "sale_id", "stg_commerce__pos_sale_lines", "sale_id"),
}
IDENTIFIER_TYPES = {"online": "order_id", "boutique": "pos_sale_id"}

# Per channel: the staged expression of each fct_orders amount (reporting currency).
STAGED_ORDER_AMOUNTS = {
    "online": {
        "gross_amount": "subtotal_amount_reporting",
        "discount_amount": "coalesce(discount_amount_reporting, 0)",
        "net_amount": "subtotal_amount_reporting - coalesce(discount_amount_reporting, 0)",
        "shipping_amount": "coalesce(shipping_amount_reporting, 0)",
        "tax_amount": "tax_amount_reporting",
        "total_amount": "total_amount_reporting",
        "total_amount_original": "total_amount",
    },
    "boutique": {
        "gross_amount": "total_amount_reporting + coalesce(discount_amount_reporting, 0)",
        "discount_amount": "coalesce(discount_amount_reporting, 0)",
        "net_amount": "total_amount_reporting",
        "total_amount": "total_amount_reporting",
        "total_amount_original": "total_amount",
    },
}

# Staged statuses whose net is revenue with the default var commerce_revenue_statuses.
REVENUE_STATUSES = {"online": ("completed", "partially_refunded"), "boutique": ("completed",)}


@pytest.fixture(scope="module")
def fct_orders(warehouse) -> str:
    return warehouse.relation("fct_orders")


@pytest.fixture(scope="module")
def fct_order_lines(warehouse) -> str:
    return warehouse.relation("fct_order_lines")


def test_the_small_build_has_every_case(warehouse, fct_orders) -> None:
    """The data exercises the rules: both channels, foreign currencies, each status."""
    rows = warehouse.query(
        f"select channel, status, count(*), count(distinct currency_code) from {fct_orders} "
        "group by channel, status"
    )
    seen = {(channel, status) for channel, status, _, _ in rows}
    assert seen >= {
        ("online", "completed"),
        ("online", "cancelled"),
        ("online", "refunded"),
        ("online", "partially_refunded"),
        ("boutique", "completed"),
        ("boutique", "refunded"),
    }, seen
    assert warehouse.scalar(f"select count(distinct currency_code) from {fct_orders}") > 1


@pytest.mark.parametrize("channel", CHANNELS)
def test_every_staged_order_is_one_row(warehouse, fct_orders, channel: str) -> None:
    model, id_column, _, _ = CHANNELS[channel]
    staged = warehouse.relation(model)
    assert warehouse.scalar(
        f"select count(*) from {fct_orders} where channel = '{channel}'"
    ) == warehouse.scalar(f"select count(*) from {staged}")
    missing = warehouse.scalar(
        f"select count(*) from {staged} as staged anti join {fct_orders} as fct "
        f"on fct.channel = '{channel}' and fct.order_id = staged.{id_column}"
    )
    extra = warehouse.scalar(
        f"select count(*) from {fct_orders} as fct anti join {staged} as staged "
        f"on fct.order_id = staged.{id_column} where fct.channel = '{channel}'"
    )
    assert (missing, extra) == (0, 0)


@pytest.mark.parametrize("channel", CHANNELS)
def test_order_amounts_reconcile_to_the_cent(warehouse, fct_orders, channel: str) -> None:
    model = CHANNELS[channel][0]
    amounts = STAGED_ORDER_AMOUNTS[channel]
    staged = warehouse.query(
        "select "
        + ", ".join(f"sum({expr})" for expr in amounts.values())
        + f" from {warehouse.relation(model)}"
    )[0]
    built = warehouse.query(
        "select "
        + ", ".join(f"sum({column})" for column in amounts)
        + f" from {fct_orders} where channel = '{channel}'"
    )[0]
    differences = {
        column: (s, b) for column, s, b in zip(amounts, staged, built, strict=True) if s != b
    }
    assert not differences, f"staged vs fct_orders sums differ: {differences}"
    assert staged[list(amounts).index("total_amount")] > 0


def test_amounts_add_up_on_every_order(warehouse, fct_orders) -> None:
    """net = gross - discount exactly; total = net + shipping within a cent of rounding."""
    broken = warehouse.query(
        f"select order_id, gross_amount, discount_amount, net_amount, shipping_amount, "
        f"total_amount from {fct_orders} "
        "where net_amount <> gross_amount - discount_amount "
        f"or abs(total_amount - net_amount - shipping_amount) > {CENT} "
        "or discount_amount < 0 or net_amount < 0"
    )
    assert not broken, broken[:10]


@pytest.mark.parametrize("channel", CHANNELS)
def test_revenue_is_the_net_of_kept_orders(warehouse, fct_orders, channel: str) -> None:
    """Revenue computed from staging alone equals the facts' recognised revenue."""
    model = CHANNELS[channel][0]
    statuses = ", ".join(f"'{s}'" for s in REVENUE_STATUSES[channel])
    net = STAGED_ORDER_AMOUNTS[channel]["net_amount"]
    staged_revenue = warehouse.scalar(
        f"select sum({net}) from {warehouse.relation(model)} where status in ({statuses})"
    )
    recognised, net_total, not_recognised, refunded, cancelled = warehouse.query(
        "select sum(recognised_net_amount), sum(net_amount), "
        "sum(case when not is_recognised_revenue then net_amount else 0 end), "
        "sum(refunded_net_amount), "
        "sum(case when is_cancelled then net_amount else 0 end) "
        f"from {fct_orders} where channel = '{channel}'"
    )[0]
    assert recognised == staged_revenue
    assert recognised + not_recognised == net_total
    # what is not revenue is exactly the full refunds (returns in store) and cancellations
    assert refunded > 0
    assert refunded + cancelled == not_recognised


@pytest.mark.parametrize("channel", CHANNELS)
def test_every_staged_line_is_one_row_and_sums_match(
    warehouse, fct_order_lines, channel: str
) -> None:
    lines_model, parent_id = CHANNELS[channel][2], CHANNELS[channel][3]
    staged = warehouse.relation(lines_model)
    staged_sums = warehouse.query(
        "select count(*), sum(quantity), sum(line_total_reporting), "
        "sum(coalesce(discount_amount_reporting, 0)), sum(line_total) "
        f"from {staged}"
    )[0]
    built_sums = warehouse.query(
        "select count(*), sum(quantity), sum(net_amount), sum(discount_amount), "
        f"sum(net_amount_original) from {fct_order_lines} where channel = '{channel}'"
    )[0]
    assert built_sums == staged_sums
    missing = warehouse.scalar(
        f"select count(*) from {staged} as staged anti join {fct_order_lines} as fct "
        f"on fct.channel = '{channel}' and fct.order_id = staged.{parent_id} "
        "and fct.line_number = staged.line_number"
    )
    assert missing == 0


def test_lines_add_up_to_their_order(warehouse, fct_orders, fct_order_lines) -> None:
    """line_count and item_quantity match the lines; nets agree within a cent per line.

    Orders with a quarantined line are left out of the amount check (their staged
    lines cannot add up to the order); there are only a few of them.
    """
    quarantined = (
        "select 'online' as channel, raw_order_id as order_id "
        f"from {warehouse.relation('base_commerce__order_lines')} "
        "where quarantine_reason is not null "
        "union all "
        "select 'boutique', raw_sale_id "
        f"from {warehouse.relation('base_commerce__pos_sale_lines')} "
        "where quarantine_reason is not null"
    )
    orders, bad_counts, bad_nets, with_quarantined = warehouse.query(
        f"""
        with lines as (
            select order_key, count(*) as n, sum(quantity) as units, sum(net_amount) as net
            from {fct_order_lines}
            group by order_key
        ),
        quarantined as (select distinct channel, order_id from ({quarantined}) as q)
        select
            count(*),
            count(*) filter (where o.line_count <> coalesce(l.n, 0)
                or o.item_quantity <> coalesce(l.units, 0)),
            count(*) filter (where q.order_id is null
                and abs(o.net_amount - coalesce(l.net, 0)) > {CENT} * greatest(o.line_count, 1)),
            count(*) filter (where q.order_id is not null)
        from {fct_orders} as o
        left join lines as l on o.order_key = l.order_key
        left join quarantined as q on o.channel = q.channel and o.order_id = q.order_id
        """
    )[0]
    assert (bad_counts, bad_nets) == (0, 0)
    assert with_quarantined < orders / 10


def test_customer_id_is_the_id_maps(warehouse, fct_orders) -> None:
    """customer_id = the id map's for the order's own id, or null when the id is not mapped."""
    id_map = warehouse.relation("int_identity__id_map")
    cases = " ".join(
        f"when '{channel}' then '{identifier_type}'"
        for channel, identifier_type in IDENTIFIER_TYPES.items()
    )
    orders, mismatched, unmapped, null_ids = warehouse.query(
        f"""
        select
            count(*),
            count(*) filter (where fct.customer_id is distinct from id_map.customer_id),
            count(*) filter (where id_map.customer_id is null),
            count(*) filter (where fct.customer_id is null)
        from {fct_orders} as fct
        left join {id_map} as id_map
            on id_map.identifier_type = case fct.channel {cases} end
            and id_map.identifier_value = fct.order_id
        """
    )[0]
    assert mismatched == 0
    assert null_ids == unmapped
    assert null_ids < orders  # the join key is right: most orders find their person


def test_order_lines_carry_their_orders_context(warehouse, fct_orders, fct_order_lines) -> None:
    differing = warehouse.scalar(
        f"select count(*) from {fct_order_lines} as l inner join {fct_orders} as o "
        "on l.order_key = o.order_key "
        "where l.customer_id is distinct from o.customer_id or l.channel <> o.channel "
        "or l.order_id <> o.order_id or l.ordered_at <> o.ordered_at "
        "or l.order_status <> o.status "
        "or l.recognised_net_amount <> case when o.is_recognised_revenue then l.net_amount "
        "else 0 end"
    )
    assert differing == 0
