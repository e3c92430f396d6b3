"""The semantic layer answers `mf query` on the small build, with the figures plain SQL gives.

MetricFlow's CLI runs in its own process, as a user would run it: it reads the
semantic manifest dbt wrote at parse time from <project dir>/target/ (a fixed
path), so the test gives it a project folder holding a copy of dbt_project.yml
and the build's semantic_manifest.json; and since this process's dbt
connection holds the warehouse's DuckDB file locked, it queries a
checkpointed copy of that file, under the same name (MetricFlow's SQL names
the database, which DuckDB takes from the file name).

The expected figures are computed here with SQL straight from fct_orders and
fct_sessions, applying the documented definitions (_marts_commerce__docs.md,
`commerce__metrics`; the metric descriptions) on their own.
"""

from __future__ import annotations

import csv
import datetime as dt
import os
import shutil
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import duckdb
import pytest

from project_paths import REPO

MF = Path(sys.executable).with_name("mf")
CENT = Decimal("0.01")


def month_of(text: str) -> dt.date:
    """metric_time as mf writes it ('2026-04-01 00:00:00' or '2026-04-01') -> date."""
    return dt.date.fromisoformat(text[:10])


def number(text: str) -> Decimal | None:
    return Decimal(text) if text not in ("", "None") else None


@pytest.fixture(scope="module")
def mf_query(warehouse, tmp_path_factory):
    """Runs `mf query ... --csv` against a copy of the small build; returns its rows."""
    assert MF.exists(), (
        f"{MF} not found: install the project with `pip install -r requirements.lock`"
    )
    root = tmp_path_factory.mktemp("metricflow")
    project_dir = root / "project"
    (project_dir / "target").mkdir(parents=True)
    shutil.copy(REPO / "dbt_project.yml", project_dir / "dbt_project.yml")
    build_target = warehouse.project.workdir / "target"
    shutil.copy(build_target / "semantic_manifest.json", project_dir / "target")
    with duckdb.connect(str(warehouse.database)) as con:
        con.execute("checkpoint")
    database = root / "data" / warehouse.database.name
    database.parent.mkdir()
    shutil.copy(warehouse.database, database)
    env = {
        **os.environ,
        **warehouse.project.env,
        "SCV_DUCKDB_PATH": str(database),
        "DBT_PROFILES_DIR": str(warehouse.project.profiles_dir),
        "DBT_PROJECT_DIR": str(project_dir),
        "DBT_LOG_PATH": str(root / "logs"),
    }

    def run(metrics: list[str], group_by: list[str]) -> list[dict[str, str]]:
        out = root / f"{'_'.join(metrics)}.csv"
        args = ["query", "--metrics", ",".join(metrics), "--group-by", ",".join(group_by)]
        result = subprocess.run(
            [str(MF), *args, "--csv", str(out), "--quiet"],
            env=env,
            cwd=project_dir,
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert result.returncode == 0 and out.exists(), (
            f"mf {' '.join(args)} failed ({result.returncode}):\n{result.stdout}\n{result.stderr}"
        )
        with out.open(newline="") as handle:
            return list(csv.DictReader(handle))

    return run


@pytest.fixture(scope="module")
def monthly_commerce(mf_query) -> dict[dt.date, dict[str, str]]:
    rows = mf_query(
        [
            "revenue",
            "orders",
            "average_order_value",
            "active_customers",
            "repeat_purchase_rate",
        ],
        ["metric_time__month"],
    )
    return {month_of(row["metric_time__month"]): row for row in rows}


@pytest.fixture(scope="module")
def daily_web(mf_query) -> dict[dt.date, dict[str, str]]:
    rows = mf_query(
        ["sessions", "purchase_sessions", "session_conversion_rate"], ["metric_time__day"]
    )
    return {month_of(row["metric_time__day"]): row for row in rows}


@pytest.fixture(scope="module")
def expected_monthly(warehouse) -> dict[dt.date, dict[str, object]]:
    """Per UTC month, from fct_orders: revenue, kept orders, buyers, repeat buyers."""
    fct_orders = warehouse.relation("fct_orders")
    rows = warehouse.query(
        f"""
        with first_purchase as (
            select customer_id, min(order_date) as first_order_date
            from {fct_orders}
            where is_recognised_revenue and customer_id is not null
            group by customer_id
        )
        select
            cast(date_trunc('month', orders.order_date) as date) as month,
            sum(orders.recognised_net_amount) as revenue,
            count(*) filter (where orders.is_recognised_revenue) as orders,
            count(distinct orders.customer_id) filter (where orders.is_recognised_revenue)
                as buyers,
            count(distinct orders.customer_id) filter (
                where orders.is_recognised_revenue
                and orders.order_date > first_purchase.first_order_date
            ) as repeat_buyers
        from {fct_orders} as orders
        left join first_purchase on orders.customer_id = first_purchase.customer_id
        group by 1
        """
    )
    return {
        month: {"revenue": revenue, "orders": orders, "buyers": buyers, "repeat": repeat}
        for month, revenue, orders, buyers, repeat in rows
    }


def test_revenue_and_orders_per_month_match_sql(monthly_commerce, expected_monthly) -> None:
    assert set(monthly_commerce) == set(expected_monthly)
    assert len(expected_monthly) > 1, "the small build should span several months"
    for month, expected in expected_monthly.items():
        row = monthly_commerce[month]
        assert number(row["revenue"]).quantize(CENT) == expected["revenue"].quantize(CENT), month
        assert int(number(row["orders"])) == expected["orders"], month


def test_revenue_adds_up_to_fct_orders(warehouse, monthly_commerce) -> None:
    """Nothing is lost between the months: orders without a customer_id count too."""
    total = warehouse.scalar(
        f"select sum(recognised_net_amount) from {warehouse.relation('fct_orders')}"
    )
    assert sum(number(row["revenue"]) for row in monthly_commerce.values()).quantize(CENT) == (
        total.quantize(CENT)
    )


def test_average_order_value_is_revenue_per_kept_order(monthly_commerce, expected_monthly) -> None:
    for month, expected in expected_monthly.items():
        value = number(monthly_commerce[month]["average_order_value"])
        if expected["orders"] == 0:
            assert value is None, month
        else:
            assert float(value) == pytest.approx(
                float(expected["revenue"]) / expected["orders"], rel=1e-9
            ), month


def test_active_customers_and_repeat_purchase_rate(monthly_commerce, expected_monthly) -> None:
    assert any(expected["repeat"] for expected in expected_monthly.values())
    for month, expected in expected_monthly.items():
        row = monthly_commerce[month]
        assert int(number(row["active_customers"])) == expected["buyers"], month
        rate = number(row["repeat_purchase_rate"])
        if expected["buyers"] == 0:
            assert rate is None, month
        else:
            assert float(rate) == pytest.approx(expected["repeat"] / expected["buyers"]), month


def test_session_conversion_rate_per_day_matches_sql(warehouse, daily_web) -> None:
    rows = warehouse.query(
        "select cast(session_start_at as date), count(*), count(*) filter (where has_purchase) "
        f"from {warehouse.relation('fct_sessions')} group by 1"
    )
    expected = {day: (sessions, converted) for day, sessions, converted in rows}
    assert expected and any(converted for _, converted in expected.values())
    # days with orders but no session are absent: the three metrics are web metrics
    assert set(daily_web) == set(expected)
    for day, (sessions, converted) in expected.items():
        row = daily_web[day]
        assert int(number(row["sessions"])) == sessions, day
        assert int(number(row["purchase_sessions"])) == converted, day
        assert float(number(row["session_conversion_rate"])) == pytest.approx(
            converted / sessions
        ), day
