"""Fixtures for the generator tests: two small datasets, one per raw format.

`small_raw` (300 customers x 4 days, CSV) comes from tests/python/conftest.py and
is shared with the end-to-end tests; `tiny_parquet_raw` is the smallest size the
issue names (200 customers x 3 days), with parquet extracts.
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from scv.cli import main


def run_generate(out: Path, *args: str) -> Path:
    code = main(["generate", "--out", str(out), "--quiet", *args])
    assert code == 0, f"scv generate exited with {code}"
    return out


@pytest.fixture(scope="session")
def tiny_parquet_raw(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("gen") / "tiny_parquet"
    return run_generate(
        out,
        *("--customers", "200", "--days", "3", "--seed", "11", "--raw-format", "parquet"),
        *("--ga360-days", "10"),
    )


@pytest.fixture(scope="session", params=["csv-300x4", "parquet-200x3"])
def raw(request: pytest.FixtureRequest) -> Path:
    """Each dataset in turn: every check must hold for both sizes and formats."""
    if request.param == "csv-300x4":
        return request.getfixturevalue("small_raw")
    return request.getfixturevalue("tiny_parquet_raw")


@pytest.fixture(scope="session")
def ga4(raw: Path):
    """DuckDB with view `ev`: every GA4 file (daily and intraday), with its file name."""
    con = duckdb.connect()
    con.sql(
        f"create view ev as select * from read_parquet('{raw}/ga4/events_*.parquet', "
        "union_by_name = true, filename = true)"
    )
    yield con
    con.close()


def scalar(con, sql: str):
    return con.sql(sql).fetchall()[0][0]
