"""customer_rfm cross-checked against an independent implementation on the small build.

Recency, frequency and monetary value per customer are recomputed here with
plain pandas from the rows of fct_orders, applying the documented rules on their
own (a kept order counts as revenue, has a customer_id and is dated on or before
as_of_date).
(A cross-check with pymc-marketing's `rfm_summary` was tried and dropped: the
library is ~550 MB with its dependencies, too heavy for every CI install.)
Scores (1 + floor(5 * k / n), equal values share the lowest score) and segments
(seeds/rfm_segments.csv, read as a file) are recomputed with pandas ranks.
Everything runs twice: on the default as-of date (the latest order date) and on
a past one, on a copy of the warehouse rebuilt with `--vars {as_of_date: ...}`.
"""

from __future__ import annotations

import csv
import datetime as dt
import shutil
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from project_paths import REPO

SEGMENTS_CSV = REPO / "seeds" / "rfm_segments.csv"
NO_PURCHASE = "No purchase"


@dataclass(frozen=True)
class RfmBuild:
    """What one build of customer_rfm saw and produced."""

    as_of_date: dt.date
    expected_as_of_date: dt.date
    orders: pd.DataFrame  # every row of fct_orders (the columns the rules need)
    customers: pd.DataFrame  # int_customers__golden: customer_id, first_seen_at
    rfm: pd.DataFrame  # customer_rfm, indexed by customer_id


def table(con: duckdb.DuckDBPyConnection, name: str) -> str:
    schemas = con.execute(
        "select table_schema from information_schema.tables where table_name = ?", [name]
    ).fetchall()
    assert len(schemas) == 1, f"expected exactly one table {name}, found {schemas}"
    return f'"{schemas[0][0]}"."{name}"'


def read_build(database: Path, expected_as_of_date: dt.date | None) -> RfmBuild:
    with duckdb.connect(str(database)) as con:
        # amounts as text, read back as Decimal: pandas would turn DECIMAL into float
        orders = con.execute(
            "select customer_id, order_date, ordered_at, status, is_recognised_revenue, "
            "cast(recognised_net_amount as varchar) as recognised_net_amount "
            f"from {table(con, 'fct_orders')}"
        ).df()
        customers = con.execute(
            f"select customer_id, first_seen_at from {table(con, 'int_customers__golden')}"
        ).df()
        rfm = con.execute(
            "select * replace (cast(monetary_amount as varchar) as monetary_amount) "
            f"from {table(con, 'customer_rfm')}"
        ).df()
        latest_order_date = con.execute(
            f"select max(order_date) from {table(con, 'fct_orders')}"
        ).fetchone()[0]
    orders["recognised_net_amount"] = orders["recognised_net_amount"].map(Decimal)
    rfm["monetary_amount"] = rfm["monetary_amount"].map(Decimal)
    as_of_dates = set(rfm["as_of_date"].map(as_date))
    assert len(as_of_dates) == 1, as_of_dates
    return RfmBuild(
        as_of_date=as_of_dates.pop(),
        expected_as_of_date=expected_as_of_date or latest_order_date,
        orders=orders,
        customers=customers,
        rfm=rfm.set_index("customer_id"),
    )


def as_date(value: object) -> dt.date:
    return pd.Timestamp(value).date()


def kept_orders(orders: pd.DataFrame) -> pd.DataFrame:
    """The orders RFM counts, before the as-of cut: revenue, tied to a customer."""
    return orders[orders["is_recognised_revenue"] & orders["customer_id"].notna()]


def pandas_rfm(orders: pd.DataFrame, as_of_date: dt.date) -> pd.DataFrame:
    """recency_days, frequency, monetary_amount per buyer, with pandas alone."""
    kept = kept_orders(orders)
    kept = kept[kept["order_date"].map(as_date) <= as_of_date]
    by_customer = kept.groupby("customer_id")
    last_order = by_customer["order_date"].max().map(as_date)
    return pd.DataFrame(
        {
            "recency_days": last_order.map(lambda day: (as_of_date - day).days),
            "frequency": by_customer.size(),
            "monetary_amount": by_customer["recognised_net_amount"].sum(),
        }
    )


def quintile_scores(values: pd.Series, *, higher_is_better: bool) -> pd.Series:
    """1 + floor(5 * k / n), k = how many values are strictly worse (ties share a score)."""
    worse_count = values.rank(method="min", ascending=higher_is_better) - 1
    return (1 + (5 * worse_count) // len(values)).astype(int)


def read_segments() -> dict[tuple[int, int], str]:
    with SEGMENTS_CSV.open(newline="") as handle:
        return {
            (int(row["recency_score"]), int(row["frequency_monetary_score"])): row["segment"]
            for row in csv.DictReader(handle)
        }


def buyers(build: RfmBuild) -> pd.DataFrame:
    return build.rfm[build.rfm["has_purchased"]]


@pytest.fixture(scope="module")
def default_build(warehouse) -> RfmBuild:
    return read_build(warehouse.database, expected_as_of_date=None)


@pytest.fixture(scope="module")
def past_build(warehouse, dbt_project_factory, tmp_path_factory) -> RfmBuild:
    """A copy of the warehouse with customer_rfm rebuilt as of the median order date."""
    with duckdb.connect(str(warehouse.database)) as con:
        as_of_date = con.execute(
            f"select cast(quantile_disc(order_date, 0.5) as date) from {table(con, 'fct_orders')}"
        ).fetchone()[0]
        con.execute("checkpoint")
    database = tmp_path_factory.mktemp("rfm_past") / "rfm_past.duckdb"
    shutil.copy(warehouse.database, database)
    project = dbt_project_factory(
        "rfm_past", {**warehouse.project.env, "SCV_DUCKDB_PATH": str(database)}
    )
    project.run("run", "-s", "customer_rfm", "--vars", f"{{as_of_date: '{as_of_date}'}}")
    return read_build(database, expected_as_of_date=as_of_date)


@pytest.fixture(scope="module", params=["default_as_of_date", "past_as_of_date"])
def build(request) -> RfmBuild:
    fixture = "default_build" if request.param == "default_as_of_date" else "past_build"
    return request.getfixturevalue(fixture)


def test_the_small_build_exercises_the_rules(build: RfmBuild) -> None:
    """Enough buyers, orders that do not count, ties, and buyers with several orders."""
    rfm = buyers(build)
    assert len(rfm) >= 50
    not_kept = build.orders[~build.orders["is_recognised_revenue"]]
    assert not_kept["customer_id"].notna().sum() > 0
    assert rfm["frequency"].duplicated().any()
    assert (rfm["frequency"] > 1).sum() >= 5


def test_as_of_date_is_the_var_or_the_latest_order_date(build: RfmBuild) -> None:
    assert build.as_of_date == build.expected_as_of_date


def test_every_customer_seen_by_the_as_of_date_has_one_row(build: RfmBuild) -> None:
    """Buyers are exactly the customers with a kept order; the others are 'No purchase'."""
    expected = pandas_rfm(build.orders, build.as_of_date)
    seen = build.customers[build.customers["first_seen_at"].map(as_date) <= build.as_of_date][
        "customer_id"
    ]
    assert set(build.rfm.index) == set(seen) | set(expected.index)
    assert set(buyers(build).index) == set(expected.index)
    others = build.rfm[~build.rfm["has_purchased"]]
    assert len(others) > 0
    assert (others["segment"] == NO_PURCHASE).all()
    assert (others["frequency"] == 0).all()
    assert (others["monetary_amount"] == 0).all()
    score_columns = ["recency_days", "recency_score", "frequency_score", "monetary_score"]
    assert others[score_columns].isna().all().all()


def test_rfm_figures_match_pandas(build: RfmBuild) -> None:
    expected = pandas_rfm(build.orders, build.as_of_date)
    actual = buyers(build).loc[expected.index]
    assert (actual["recency_days"] == expected["recency_days"]).all()
    assert (actual["frequency"] == expected["frequency"]).all()
    # Decimal sums: equal to the cent, no tolerance
    assert (actual["monetary_amount"] == expected["monetary_amount"]).all()
    assert all(isinstance(value, Decimal) for value in expected["monetary_amount"])


def test_scores_and_segments_match_pandas_ranks(build: RfmBuild) -> None:
    rfm = buyers(build)
    recency = quintile_scores(rfm["recency_days"], higher_is_better=False)
    frequency = quintile_scores(rfm["frequency"], higher_is_better=True)
    monetary = quintile_scores(rfm["monetary_amount"].astype(float), higher_is_better=True)
    frequency_monetary = (frequency + monetary + 1) // 2
    assert (rfm["recency_score"] == recency).all()
    assert (rfm["frequency_score"] == frequency).all()
    assert (rfm["monetary_score"] == monetary).all()
    assert (rfm["frequency_monetary_score"] == frequency_monetary).all()
    segments = read_segments()
    expected_segments = [
        segments[(r, fm)] for r, fm in zip(recency, frequency_monetary, strict=True)
    ]
    assert rfm["segment"].tolist() == expected_segments
    cells = (recency.astype(str) + frequency.astype(str) + monetary.astype(str)).tolist()
    assert rfm["rfm_cell"].tolist() == cells
    # every score is used on recency and monetary (few ties there)
    assert set(recency) == set(monetary) == {1, 2, 3, 4, 5}
