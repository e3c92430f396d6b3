"""customer_cohorts_monthly recomputed with pandas from fct_orders on the small build.

The documented rules are applied here on their own: a kept order counts as
revenue, has a customer_id and is dated on or before the as-of date (the
latest order_date by default); months are UTC calendar months of ordered_at;
a customer's cohort is the month of their first kept order; every cohort has
a row for each month up to the as-of month.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pandas as pd
import pytest

CENT = Decimal("0.01")


@pytest.fixture(scope="module")
def orders(warehouse) -> pd.DataFrame:
    rows = warehouse.query(
        "select customer_id, order_date, ordered_at, is_recognised_revenue, "
        "cast(recognised_net_amount as varchar) "
        f"from {warehouse.relation('fct_orders')}"
    )
    frame = pd.DataFrame(
        rows,
        columns=[
            "customer_id",
            "order_date",
            "ordered_at",
            "is_recognised_revenue",
            "recognised_net_amount",
        ],
    )
    frame["recognised_net_amount"] = frame["recognised_net_amount"].map(Decimal)
    return frame


@pytest.fixture(scope="module")
def cohorts(warehouse) -> pd.DataFrame:
    rows = warehouse.query(
        "select cohort_month, months_since_acquisition, activity_month, as_of_date, "
        "is_partial_month, cohort_size, active_customers, cast(retention_rate as varchar), "
        "orders, cast(revenue as varchar), cast(cumulative_revenue as varchar), "
        "cast(cumulative_revenue_per_customer as varchar) "
        f"from {warehouse.relation('customer_cohorts_monthly')}"
    )
    columns = [
        "cohort_month",
        "months_since_acquisition",
        "activity_month",
        "as_of_date",
        "is_partial_month",
        "cohort_size",
        "active_customers",
        "retention_rate",
        "orders",
        "revenue",
        "cumulative_revenue",
        "cumulative_revenue_per_customer",
    ]
    frame = pd.DataFrame(rows, columns=columns)
    for column in columns[-4:]:
        frame[column] = frame[column].map(Decimal)
    frame["retention_rate"] = frame["retention_rate"].map(Decimal)
    return frame.set_index(["cohort_month", "months_since_acquisition"]).sort_index()


def month_start(value: dt.date | dt.datetime) -> dt.date:
    return dt.date(value.year, value.month, 1)


def months_between(start: dt.date, end: dt.date) -> int:
    return (end.year - start.year) * 12 + end.month - start.month


def add_months(start: dt.date, months: int) -> dt.date:
    index = start.month - 1 + months
    return dt.date(start.year + index // 12, index % 12 + 1, 1)


def pandas_cohorts(orders: pd.DataFrame) -> pd.DataFrame:
    as_of_date = orders["order_date"].max()
    kept = orders[
        orders["is_recognised_revenue"]
        & orders["customer_id"].notna()
        & (orders["order_date"] <= as_of_date)
    ].copy()
    kept["order_month"] = kept["ordered_at"].map(month_start)
    kept["cohort_month"] = kept.groupby("customer_id")["order_month"].transform("min")
    sizes = kept.groupby("cohort_month")["customer_id"].nunique()
    activity = kept.groupby(["cohort_month", "order_month"]).agg(
        active_customers=("customer_id", "nunique"),
        orders=("customer_id", "size"),
        revenue=("recognised_net_amount", "sum"),
    )
    rows = []
    for cohort_month, cohort_size in sizes.items():
        size = int(cohort_size)
        cumulative = Decimal(0)
        for months in range(months_between(cohort_month, as_of_date) + 1):
            month = add_months(cohort_month, months)
            if (cohort_month, month) in activity.index:
                found = activity.loc[(cohort_month, month)]
                active, count = int(found["active_customers"]), int(found["orders"])
                revenue = found["revenue"]
            else:
                active, count, revenue = 0, 0, Decimal(0)
            cumulative += revenue
            rows.append(
                {
                    "cohort_month": cohort_month,
                    "months_since_acquisition": months,
                    "activity_month": month,
                    "as_of_date": as_of_date,
                    "cohort_size": size,
                    "active_customers": active,
                    "retention_rate": Decimal(active) / Decimal(size),
                    "orders": count,
                    "revenue": revenue,
                    "cumulative_revenue": cumulative,
                    "cumulative_revenue_per_customer": cumulative / size,
                }
            )
    return pd.DataFrame(rows).set_index(["cohort_month", "months_since_acquisition"]).sort_index()


def test_cohort_table_matches_pandas(orders, cohorts) -> None:
    expected = pandas_cohorts(orders)
    assert len(expected.index.get_level_values(0).unique()) > 1, "expected several cohorts"
    assert (expected["active_customers"] == 0).any(), "expected a month without activity"
    assert list(cohorts.index) == list(expected.index)
    for column in ["activity_month", "as_of_date", "cohort_size", "active_customers", "orders"]:
        assert cohorts[column].tolist() == expected[column].tolist(), column
    for column in ["revenue", "cumulative_revenue"]:
        assert [value.quantize(CENT) for value in cohorts[column]] == [
            value.quantize(CENT) for value in expected[column]
        ], column
    # the ratios are rounded in SQL after a floating-point division: at most half
    # a unit of the last place from the exact value (a tie may go either way)
    for column, places in [
        ("cumulative_revenue_per_customer", CENT),
        ("retention_rate", Decimal("0.0001")),
    ]:
        gaps = [
            abs(built - exact)
            for built, exact in zip(cohorts[column], expected[column], strict=True)
        ]
        assert max(gaps) <= places / 2 + Decimal("1e-9"), column


def test_every_buyer_is_in_exactly_one_cohort(orders, cohorts) -> None:
    buyers = orders.loc[orders["is_recognised_revenue"], "customer_id"].dropna().nunique()
    month_zero = cohorts.xs(0, level="months_since_acquisition")
    assert month_zero["cohort_size"].sum() == buyers
    assert (month_zero["active_customers"] == month_zero["cohort_size"]).all()


def test_only_the_as_of_month_can_be_partial(cohorts) -> None:
    as_of_date = cohorts["as_of_date"].iloc[0]
    partial = cohorts.loc[cohorts["is_partial_month"], "activity_month"]
    assert set(partial) <= {month_start(as_of_date)}
