"""customer_360 reconciled with the facts it summarises, on the small build.

Revenue in = revenue out: lifetime revenue summed over customers equals the
recognised revenue of fct_orders with a customer_id up to the as-of date, and
per customer the order counts, revenue, sessions, most viewed products and open
cart are recomputed here with pandas from the facts, applying the documented
rules on their own.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pandas as pd
import pytest


def frame(warehouse, sql: str) -> pd.DataFrame:
    import duckdb

    with duckdb.connect(str(warehouse.database)) as con:
        return con.execute(sql).df()


@pytest.fixture(scope="module")
def c360(warehouse) -> pd.DataFrame:
    return frame(warehouse, f"select * from {warehouse.relation('customer_360')}").set_index(
        "customer_id"
    )


@pytest.fixture(scope="module")
def as_of_date(warehouse) -> dt.date:
    return warehouse.scalar(f"select max(order_date) from {warehouse.relation('fct_orders')}")


@pytest.fixture(scope="module")
def kept_orders(warehouse, as_of_date) -> pd.DataFrame:
    orders = frame(
        warehouse,
        "select order_key, customer_id, channel, order_date, has_promo, "
        "cast(recognised_net_amount as varchar) as amount "
        f"from {warehouse.relation('fct_orders')} "
        "where is_recognised_revenue and customer_id is not null",
    )
    orders["amount"] = orders["amount"].map(Decimal)
    return orders[pd.to_datetime(orders["order_date"]).dt.date <= as_of_date]


def test_one_row_per_golden_customer(warehouse, c360) -> None:
    golden = {
        row[0]
        for row in warehouse.query(
            f"select customer_id from {warehouse.relation('int_customers__golden')}"
        )
    }
    assert c360.index.is_unique
    assert set(c360.index) == golden


def test_lifetime_revenue_equals_fct_orders(warehouse, c360, as_of_date) -> None:
    total_360 = warehouse.scalar(
        f"select sum(lifetime_revenue) from {warehouse.relation('customer_360')}"
    )
    total_orders = warehouse.scalar(
        f"select sum(recognised_net_amount) from {warehouse.relation('fct_orders')} "
        f"where customer_id is not null and order_date <= date '{as_of_date}'"
    )
    assert total_orders > 0
    assert total_360 == total_orders
    assert (c360["as_of_date"].dt.date == as_of_date).all()


def test_order_figures_per_customer(c360, kept_orders) -> None:
    per_customer = kept_orders.groupby("customer_id").agg(
        order_count=("order_key", "count"),
        online=("channel", lambda c: int((c == "online").sum())),
        boutique=("channel", lambda c: int((c == "boutique").sum())),
        revenue=("amount", "sum"),
        promo=("has_promo", "sum"),
    )
    assert len(per_customer) > 20, "the small build should have buyers"
    expected = per_customer.reindex(c360.index)
    buyers = expected["order_count"].notna()
    assert (c360.loc[~buyers, "order_count"] == 0).all()
    assert (c360.loc[~buyers, "lifetime_revenue"] == 0).all()
    assert c360.loc[~buyers, "average_order_value"].isna().all()
    got = c360.loc[buyers]
    want = expected.loc[buyers]
    assert (got["order_count"] == want["order_count"]).all()
    assert (got["online_order_count"] == want["online"]).all()
    assert (got["boutique_order_count"] == want["boutique"]).all()
    assert [Decimal(str(v)) for v in got["lifetime_revenue"]] == [
        Decimal(v) for v in want["revenue"]
    ]
    promo_rate = (want["promo"] / want["order_count"]).round(4)
    assert (got["promo_usage_rate"].astype(float) - promo_rate).abs().max() < 1e-9


def test_rfm_columns_come_from_customer_rfm(warehouse, c360) -> None:
    rfm = frame(
        warehouse,
        "select customer_id, frequency, cast(monetary_amount as double) as monetary_amount, "
        f"segment from {warehouse.relation('customer_rfm')}",
    ).set_index("customer_id")
    joined = c360.join(rfm, how="inner")
    assert len(joined) == len(rfm)
    assert (joined["order_count"] == joined["frequency"]).all()
    assert (joined["lifetime_revenue"].astype(float) - joined["monetary_amount"]).abs().max() < 1e-6
    assert (joined["rfm_segment"] == joined["segment"]).all()


def test_sessions_and_most_viewed_products(warehouse, c360, as_of_date) -> None:
    sessions = frame(
        warehouse,
        "select customer_id, session_duration_seconds from "
        f"{warehouse.relation('fct_sessions')} where customer_id is not null "
        f"and cast(session_start_at as date) <= date '{as_of_date}'",
    )
    per_customer = sessions.groupby("customer_id")["session_duration_seconds"].agg(
        ["count", "mean"]
    )
    assert len(per_customer) > 20
    got = c360.loc[per_customer.index]
    assert (got["session_count"] == per_customer["count"]).all()
    assert (
        got["average_session_duration_seconds"].astype(float) - per_customer["mean"].round(1)
    ).abs().max() < 0.051

    views = frame(
        warehouse,
        "select customer_id, coalesce(item_name, item_id) as product, event_key, event_at "
        f"from {warehouse.relation('int_web__item_events')} "
        f"where event_name = 'view_item' and customer_id is not null "
        f"and cast(event_at as date) <= date '{as_of_date}'",
    )
    counted = (
        views.groupby(["customer_id", "product"])
        .agg(views=("event_key", "nunique"), last=("event_at", "max"))
        .reset_index()
        .sort_values(
            ["customer_id", "views", "last", "product"], ascending=[True, False, False, True]
        )
    )
    expected = (
        counted.groupby("customer_id")
        .head(3)
        .assign(text=lambda d: d["product"] + " (" + d["views"].astype(str) + ")")
        .groupby("customer_id")["text"]
        .agg("; ".join)
    )
    assert len(expected) > 20
    assert (c360.loc[expected.index, "most_viewed_products"] == expected).all()
    assert c360.loc[~c360.index.isin(expected.index), "most_viewed_products"].isna().all()


def test_open_cart_recomputed_from_item_events(warehouse, c360, as_of_date) -> None:
    events = frame(
        warehouse,
        "select customer_id, item_id, event_name, event_at, quantity "
        f"from {warehouse.relation('int_web__item_events')} where customer_id is not null "
        "and event_name in ('purchase', 'add_to_cart', 'remove_from_cart') "
        f"and cast(event_at as date) <= date '{as_of_date}'",
    )
    online = frame(
        warehouse,
        f"select customer_id, ordered_at as event_at from {warehouse.relation('fct_orders')} "
        "where channel = 'online' and customer_id is not null "
        f"and order_date <= date '{as_of_date}'",
    )
    web_purchases = events[events["event_name"] == "purchase"][["customer_id", "event_at"]]
    purchases = pd.concat([web_purchases, online])
    last_purchase = purchases.groupby("customer_id")["event_at"].max()
    cart = events[events["event_name"] != "purchase"].copy()
    cart["opened_after"] = cart["customer_id"].map(last_purchase)
    cart = cart[cart["opened_after"].isna() | (cart["event_at"] > cart["opened_after"])]
    sign = cart["event_name"].map({"add_to_cart": 1, "remove_from_cart": -1})
    cart["change"] = sign * cart["quantity"].fillna(1)
    net = cart.groupby(["customer_id", "item_id"])["change"].sum()
    units = net[net > 0].groupby("customer_id").sum()
    assert len(units) > 3, "the small build should leave some carts open"
    got = c360["open_cart_units"]
    assert (got.loc[units.index] == units).all()
    assert (got.loc[~got.index.isin(units.index)] == 0).all()
