"""End to end: generate a small dataset, `dbt build` it on DuckDB, reconcile.

Raw rows are counted here independently of dbt (pyarrow metadata for parquet,
Python's csv module for CSV, lines for NDJSON), so a reader that silently
skipped rows would be caught: raw rows = staged rows + quarantined rows.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pyarrow.parquet as pq
import pytest

# staging model -> raw file(s), relative to the raw folder (csv is the generator's default)
STAGED_SOURCES = {
    # daily tables only: the intraday table is read when ga4_include_intraday is true
    "stg_ga4__events": "ga4/events_2*.parquet",
    "stg_crm__customers": "crm/customers.csv",
    "stg_crm__appointments": "crm/appointments.csv",
    "stg_crm__consents": "crm/consents.ndjson",
    "stg_commerce__products": "commerce/products.csv",
    "stg_commerce__orders": "commerce/orders.csv",
    "stg_commerce__order_lines": "commerce/order_lines.csv",
    "stg_commerce__pos_sales": "commerce/pos_sales.csv",
    "stg_commerce__pos_sale_lines": "commerce/pos_sale_lines.csv",
}

# manifest "mess" key for each staging model
MESS_KEYS = {
    "stg_ga4__events": "ga4.events",
    "stg_crm__customers": "crm.customers",
    "stg_crm__appointments": "crm.appointments",
    "stg_crm__consents": "crm.consents",
    "stg_commerce__products": "commerce.products",
    "stg_commerce__orders": "commerce.orders",
    "stg_commerce__order_lines": "commerce.order_lines",
    "stg_commerce__pos_sales": "commerce.pos_sales",
    "stg_commerce__pos_sale_lines": "commerce.pos_sale_lines",
}


def count_raw_rows(raw_dir: Path, pattern: str) -> int:
    files = sorted(raw_dir.glob(pattern))
    assert files, f"no raw files match {pattern} in {raw_dir}"
    total = 0
    for path in files:
        if path.suffix == ".parquet":
            total += pq.ParquetFile(path).metadata.num_rows
        elif path.suffix == ".csv":
            with path.open(newline="", encoding="utf-8") as handle:
                total += sum(1 for _ in csv.reader(handle)) - 1  # minus the header
        elif path.suffix == ".ndjson":
            with path.open(encoding="utf-8") as handle:
                total += sum(1 for line in handle if line.strip())
        else:
            raise AssertionError(f"unexpected raw file {path}")
    return total


def manifest(raw_dir: Path) -> dict:
    return json.loads((raw_dir / "manifest.json").read_text())


def test_build_succeeds_with_every_node_passing(warehouse) -> None:
    results = warehouse.build.result.results
    # exposures are listed with status no-op: nothing to build
    statuses = {
        str(r.status).lower()
        for r in results
        if str(r.node.resource_type).split(".")[-1].lower() != "exposure"
    }
    # "warn" comes only from tests configured with severity warn (orphan references)
    assert statuses <= {"success", "pass", "warn"}, statuses
    kinds = {r.node.resource_type for r in warehouse.build.result.results}
    assert {"model", "test", "seed", "unit_test"} <= {str(k).split(".")[-1].lower() for k in kinds}


@pytest.mark.parametrize("model", sorted(STAGED_SOURCES))
def test_raw_rows_equal_staged_plus_quarantined(warehouse, model: str) -> None:
    raw = count_raw_rows(warehouse.raw_dir, STAGED_SOURCES[model])
    staged = warehouse.scalar(f"select count(*) from {warehouse.relation(model)}")
    quarantined = warehouse.scalar(
        f"select count(*) from {warehouse.relation(model + '_quarantine')}"
    )
    assert staged > 0
    assert raw == staged + quarantined, f"{model}: raw {raw} != {staged} + {quarantined}"


@pytest.mark.parametrize("model", sorted(STAGED_SOURCES))
def test_quarantine_reasons_match_injected_mess(warehouse, model: str) -> None:
    """Each broken row the generator injected lands in quarantine with its own reason."""
    raw_manifest = manifest(warehouse.raw_dir)
    kinds = raw_manifest["mess_kinds"]
    injected = {
        reason: count
        for reason, count in raw_manifest["mess"].get(MESS_KEYS[model], {}).items()
        if kinds[reason]["handling"] == "quarantine"
    }
    assert injected, f"the generator injected no broken rows into {model}"
    seen = dict(
        warehouse.query(
            f"select quarantine_reason, count(*) from {warehouse.relation(model + '_quarantine')} "
            "group by 1"
        )
    )
    assert seen == injected


# kept-but-flagged problems: manifest reason -> (staging model, SQL condition)
FLAGGED = {
    ("crm.customers", "invalid_email"): ("stg_crm__customers", "is_email_valid = false"),
    ("crm.customers", "invalid_phone"): ("stg_crm__customers", "is_phone_valid = false"),
    ("commerce.orders", "invalid_email"): ("stg_commerce__orders", "is_email_valid = false"),
    ("ga4.events", "late_arrival"): ("stg_ga4__events", "is_late_arrival"),
}


@pytest.mark.parametrize(("entity", "reason"), sorted(FLAGGED))
def test_flagged_rows_match_injected_mess(warehouse, entity: str, reason: str) -> None:
    model, condition = FLAGGED[(entity, reason)]
    flagged = warehouse.scalar(
        f"select count(*) from {warehouse.relation(model)} where {condition}"
    )
    assert flagged == manifest(warehouse.raw_dir)["mess"][entity][reason] > 0


@pytest.fixture(scope="module")
def ga4_with_intraday(small_raw, dbt_project_factory):
    """GA4 staging alone, reading the intraday table as well (ga4_include_intraday)."""
    project = dbt_project_factory("ga4_intraday", {"SCV_TARGET": "duckdb"})
    database = project.database
    project.run(
        "run",
        "--select",
        "staging.ga4",
        "--vars",
        f"{{raw_dir: '{small_raw}', ga4_include_intraday: true}}",
    )
    return database


def test_intraday_copies_of_daily_events_are_quarantined_as_duplicates(
    small_raw, ga4_with_intraday
) -> None:
    import duckdb

    mess = manifest(small_raw)["mess"]["ga4.events"]
    with duckdb.connect(str(ga4_with_intraday)) as con:
        staged = con.execute("select count(*) from main_staging.stg_ga4__events").fetchone()[0]
        duplicates, quarantined = con.execute(
            "select count(*) filter (quarantine_reason = 'duplicate_event'), count(*) "
            "from main_staging.stg_ga4__events_quarantine"
        ).fetchone()
    assert mess["duplicate_event_intraday"] > 0
    assert duplicates == mess["duplicate_event"] + mess["duplicate_event_intraday"]
    assert staged + quarantined == count_raw_rows(small_raw, "ga4/events_*.parquet")
