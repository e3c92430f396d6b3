"""GA4 staging runs unchanged on a real export (Google Merchandise Store sample).

The sample lives in ../shared/data/ga4_sample/ and is read in place through the
same setting a user would use for their own export (`ga4_parquet_glob`).
"""

from __future__ import annotations

import duckdb
import pytest

from project_paths import GA4_SAMPLE_DIR

SAMPLE = GA4_SAMPLE_DIR / "ga4_events_sampled.snappy.parquet"

pytestmark = pytest.mark.skipif(
    not SAMPLE.exists(),
    reason=f"real GA4 sample not found at {SAMPLE} (it sits in ../shared beside the checkout)",
)


@pytest.fixture(scope="module")
def sample_warehouse(dbt_project_factory, tmp_path_factory):
    # only the GA4 export, and the erasure request list GA4 staging reads (nobody erased)
    raw = tmp_path_factory.mktemp("ga4_sample_raw")
    (raw / "crm").mkdir()
    (raw / "crm" / "erasure_requests.csv").write_text("request_id,requested_at,customer_id,email\n")
    project = dbt_project_factory("ga4_sample", {"SCV_TARGET": "duckdb", "SCV_RAW_DIR": str(raw)})
    database = project.database
    project.run(
        "build",
        "--select",
        "staging.ga4",
        # only tests whose every parent is built (not relationships from later models)
        "--indirect-selection",
        "cautious",
        "--vars",
        f"{{ga4_parquet_glob: '{GA4_SAMPLE_DIR}/*.parquet'}}",
    )
    # same configuration as the connection dbt-duckdb keeps open in this process
    con = duckdb.connect(str(database))
    yield con
    con.close()


def raw_count(sql_where: str = "true") -> int:
    return duckdb.execute(
        f"select count(*) from read_parquet('{SAMPLE}') where {sql_where}"
    ).fetchone()[0]


def test_every_raw_event_is_staged_or_quarantined(sample_warehouse) -> None:
    staged = sample_warehouse.execute(
        "select count(*) from main_staging.stg_ga4__events"
    ).fetchone()[0]
    quarantined = sample_warehouse.execute(
        "select count(*) from main_staging.stg_ga4__events_quarantine"
    ).fetchone()[0]
    assert raw_count() == 24_219
    assert staged + quarantined == 24_219
    assert staged > 24_000


# The transaction id of a purchase as the export carries it: ecommerce.transaction_id,
# or, where that says '(not set)' or is missing, the `transaction_id` event parameter
# (an int_value in this sample). Written independently of the staging macros.
RAW_TRANSACTION_ID = """
    coalesce(
        nullif(ecommerce.transaction_id, '(not set)'),
        nullif(coalesce(
            list_filter(event_params, lambda p: p.key = 'transaction_id')[1].value.string_value,
            cast(list_filter(event_params, lambda p: p.key = 'transaction_id')[1].value.int_value
                 as varchar)
        ), '(not set)')
    )
"""


def raw_purchase_ids() -> tuple[int, int, int]:
    """(purchase events, those with an id, distinct ids) in the raw sample."""
    return duckdb.execute(
        f"select count(*), count({RAW_TRANSACTION_ID}), count(distinct {RAW_TRANSACTION_ID}) "
        f"from read_parquet('{SAMPLE}') where event_name = 'purchase'"
    ).fetchone()


def test_sample_facts_from_its_readme() -> None:
    ecommerce_ids = duckdb.execute(
        "select count(*) filter (ecommerce.transaction_id = '(not set)'), "
        "count(*) filter (ecommerce.transaction_id is null), "
        "count(distinct ecommerce.transaction_id) filter (ecommerce.transaction_id <> '(not set)') "
        f"from read_parquet('{SAMPLE}') where event_name = 'purchase'"
    ).fetchone()
    assert ecommerce_ids == (90, 3, 525)


def test_purchases_are_unique_per_transaction_id(sample_warehouse) -> None:
    purchases, with_id, distinct_ids = raw_purchase_ids()
    assert purchases == 624
    rows, staged_distinct = sample_warehouse.execute(
        "select count(*), count(distinct transaction_id) from main_staging.stg_ga4__events "
        "where event_name = 'purchase' and transaction_id is not null"
    ).fetchone()
    assert rows == staged_distinct == distinct_ids
    repeats = sample_warehouse.execute(
        "select count(*) from main_staging.stg_ga4__events_quarantine "
        "where event_name = 'purchase' "
        "and quarantine_reason in ('duplicate_transaction_id', 'duplicate_event')"
    ).fetchone()[0]
    assert repeats == with_id - distinct_ids > 0


def test_purchases_without_any_id_are_kept(sample_warehouse) -> None:
    purchases, with_id, _ = raw_purchase_ids()
    kept = sample_warehouse.execute(
        "select count(*) from main_staging.stg_ga4__events "
        "where event_name = 'purchase' and transaction_id is null"
    ).fetchone()[0]
    assert kept == purchases - with_id


def test_integer_stream_id_becomes_text_client_key(sample_warehouse) -> None:
    nulls = sample_warehouse.execute(
        "select count(*) from main_staging.stg_ga4__events "
        "where client_key is null or stream_id is null"
    ).fetchone()[0]
    assert nulls == 0
