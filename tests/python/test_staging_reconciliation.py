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
    "stg_ga4__events": "ga4/events_*.parquet",
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
    statuses = {str(r.status).lower() for r in warehouse.build.result.results}
    assert statuses <= {"success", "pass"}, statuses
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
    """Each broken row the generator injected lands in quarantine with its reason."""
    injected = manifest(warehouse.raw_dir)["mess"].get(MESS_KEYS[model], {})
    seen = dict(
        warehouse.query(
            f"select quarantine_reason, count(*) from {warehouse.relation(model + '_quarantine')} "
            "group by 1"
        )
    )
    for reason, count in seen.items():
        assert injected.get(reason) == count, (
            f"{model}: {count} rows quarantined as {reason}, generator injected "
            f"{injected.get(reason)}"
        )
