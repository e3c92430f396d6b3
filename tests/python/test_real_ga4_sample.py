"""GA4 staging runs unchanged on a real export (Google Merchandise Store sample).

The sample lives in ../shared/data/ga4_sample/ and is read in place through the
same setting a user would use for their own export (`ga4_parquet_glob`).
"""

from __future__ import annotations

import duckdb
import pytest

from conftest import GA4_SAMPLE_DIR

SAMPLE = GA4_SAMPLE_DIR / "ga4_events_sampled.snappy.parquet"

pytestmark = pytest.mark.skipif(
    not SAMPLE.exists(),
    reason=f"real GA4 sample not found at {SAMPLE} (it sits in ../shared beside the checkout)",
)


@pytest.fixture(scope="module")
def sample_warehouse(dbt_project_factory):
    project = dbt_project_factory("ga4_sample", {"SCV_TARGET": "duckdb"})
    database = project.workdir / "sample.duckdb"
    project.env["SCV_DUCKDB_PATH"] = str(database)
    project.run(
        "build",
        "--select",
        "staging.ga4",
        "--vars",
        f"{{ga4_parquet_glob: '{GA4_SAMPLE_DIR}/*.parquet'}}",
    )
    con = duckdb.connect(str(database), read_only=True)
    yield con
    con.close()


def raw_count(sql_where: str = "true") -> int:
    return duckdb.sql(
        f"select count(*) from read_parquet('{SAMPLE}') where {sql_where}"
    ).fetchone()[0]


def test_every_raw_event_is_staged_or_quarantined(sample_warehouse) -> None:
    staged = sample_warehouse.sql("select count(*) from main_staging.stg_ga4__events").fetchone()[0]
    quarantined = sample_warehouse.sql(
        "select count(*) from main_staging.stg_ga4__events_quarantine"
    ).fetchone()[0]
    assert raw_count() == 24_219
    assert staged + quarantined == 24_219
    assert staged > 24_000


def test_purchases_are_unique_per_transaction_id(sample_warehouse) -> None:
    rows, distinct_ids = sample_warehouse.sql(
        "select count(*), count(distinct transaction_id) from main_staging.stg_ga4__events "
        "where event_name = 'purchase' and transaction_id is not null"
    ).fetchone()
    assert rows == distinct_ids
    # 531 purchase events carry a real id, 525 distinct: the 6 repeats are set aside
    assert distinct_ids == 525
    repeats = sample_warehouse.sql(
        "select count(*) from main_staging.stg_ga4__events_quarantine "
        "where event_name = 'purchase' "
        "and quarantine_reason in ('duplicate_transaction_id', 'duplicate_event')"
    ).fetchone()[0]
    assert repeats == 531 - 525


def test_not_set_transaction_ids_become_null_but_stay(sample_warehouse) -> None:
    kept = sample_warehouse.sql(
        "select count(*) from main_staging.stg_ga4__events "
        "where event_name = 'purchase' and transaction_id is null"
    ).fetchone()[0]
    assert kept == 90 + 3


def test_integer_stream_id_becomes_text_client_key(sample_warehouse) -> None:
    nulls = sample_warehouse.sql(
        "select count(*) from main_staging.stg_ga4__events "
        "where client_key is null or stream_id is null"
    ).fetchone()[0]
    assert nulls == 0
