"""`scv validate --target bigquery` against a stub client (no cloud here).

What this shows: the relations are named as dbt names them on BigQuery
(`<project>.<dataset>_<layer>.<model>`), every query the marts suite sends
parses as BigQuery SQL (sqlglot), results typed as the BigQuery client types
them (NUMERIC as Decimal objects, DATE as date objects) are handled, and a
missing table or missing settings exit 2. What it cannot show: that real
BigQuery accepts the queries and returns the same rows; that was never run.
"""

from __future__ import annotations

import decimal
import re

import duckdb
import pandas as pd
import pytest
import sqlglot
from google.api_core import exceptions as google_errors

from scv.validate import engines

RELATION = re.compile(r"`stub-project\.scv_ci_(marts|staging)\.(\w+)`")


class StubJob:
    def __init__(self, frame: pd.DataFrame) -> None:
        self.frame = frame

    def to_dataframe(self) -> pd.DataFrame:
        return self.frame


class StubBigQuery:
    """Answers the suite's queries from the DuckDB test build, typed as BigQuery would."""

    def __init__(self, database, missing: str | None = None) -> None:
        self.con = duckdb.connect(str(database), read_only=True)
        self.missing = missing
        self.queries: list[str] = []
        self.closed = False

    def query(self, sql: str) -> StubJob:
        self.queries.append(sql)
        tables = RELATION.findall(sql)
        assert tables, f"no BigQuery relation in {sql}"
        if self.missing and any(table == self.missing for _, table in tables):
            raise google_errors.NotFound(f"Not found: Table stub-project:scv_ci.{self.missing}")
        frame = self.con.execute(RELATION.sub(r'"main_\1"."\2"', sql)).df()
        for column in frame.columns:
            if column.endswith("amount"):
                frame[column] = [decimal.Decimal(str(v)) for v in frame[column]]
            elif pd.api.types.is_datetime64_any_dtype(frame[column]):
                frame[column] = [None if pd.isna(v) else v.date() for v in frame[column]]
        return StubJob(frame)

    def close(self) -> None:
        self.closed = True
        self.con.close()


@pytest.fixture
def stub(monkeypatch, pristine_warehouse):
    clients: list[StubBigQuery] = []

    def install(missing: str | None = None) -> list[StubBigQuery]:
        def make_client(settings):
            assert settings["project"] == "stub-project"
            assert settings["location"] == "US"
            client = StubBigQuery(pristine_warehouse, missing)
            clients.append(client)
            return client

        monkeypatch.setattr(engines, "bigquery_client", make_client)
        return clients

    monkeypatch.setenv("SCV_BQ_PROJECT", "stub-project")
    monkeypatch.setenv("SCV_BQ_DATASET", "scv_ci")
    monkeypatch.setenv("SCV_BQ_LOCATION", "US")
    monkeypatch.delenv("SCV_BQ_METHOD", raising=False)
    return install


def test_marts_suite_passes_through_the_bigquery_reader(validate, stub) -> None:
    clients = stub()
    run = validate("--target", "bigquery")
    assert run.code == 0, run.out + run.err
    assert "warehouse: BigQuery stub-project.scv_ci_*" in run.out
    assert "raw." not in run.out  # raw files are not read by default on BigQuery
    (client,) = clients
    assert client.closed
    assert len(client.queries) == 7  # counts, latest dates, 2 distributions, 3 references
    for sql in client.queries:
        sqlglot.parse_one(sql, read="bigquery")
    relations = {
        f"{layer}.{table}" for sql in client.queries for layer, table in RELATION.findall(sql)
    }
    assert {
        "marts.fct_orders",
        "marts.customer_360",
        "staging.stg_ga4__events_quarantine",
    } <= relations


def test_decimal_amounts_are_checked_as_numbers(
    validate, stub, broken_warehouse, monkeypatch
) -> None:
    database = broken_warehouse(
        "update main_marts.fct_orders set net_amount = -3 "
        "where order_key = (select min(order_key) from main_marts.fct_orders)"
    )
    clients: list[StubBigQuery] = []
    monkeypatch.setattr(
        engines,
        "bigquery_client",
        lambda settings: clients.append(StubBigQuery(database)) or clients[-1],
    )
    run = validate("--target", "bigquery")
    assert run.code == 1
    assert "observed: -3" in run.out


def test_missing_table_exits_2(validate, stub) -> None:
    stub(missing="fct_sessions")
    run = validate("--target", "bigquery")
    assert run.code == 2
    assert "Not found: Table stub-project:scv_ci.fct_sessions" in run.err
    assert "dbt build --target bigquery" in run.err


@pytest.mark.parametrize(
    ("environ", "message"),
    [
        ({}, "needs SCV_BQ_PROJECT"),
        ({"SCV_BQ_PROJECT": "p", "SCV_BQ_METHOD": "magic"}, "SCV_BQ_METHOD='magic'"),
        (
            {"SCV_BQ_PROJECT": "p", "SCV_BQ_METHOD": "service-account"},
            "needs SCV_BQ_KEYFILE",
        ),
    ],
)
def test_settings_errors(environ, message) -> None:
    with pytest.raises(engines.ValidationConfigError, match=re.escape(message)):
        engines.bigquery_settings(environ)


def test_settings_default_like_the_profile() -> None:
    settings = engines.bigquery_settings({"SCV_BQ_PROJECT": "p"})
    assert settings == {
        "project": "p",
        "dataset": "scv",
        "location": "EU",
        "method": "oauth",
        "keyfile": "",
    }
    warehouse = engines.BigQueryWarehouse(client=None, project="p", dataset="scv")
    warehouse.resolve({"fct_orders": "marts"})
    assert warehouse.relation("fct_orders") == "`p.scv_marts.fct_orders`"
