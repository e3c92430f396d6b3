"""CRM and commerce extracts are read by column name, from CSV or parquet.

Real extracts reorder columns, add columns of their own and write empty
strings for nulls; the same data exported as parquet must stage identically.
Each variant is staged and compared, table by table, with the warehouse built
from the generator's plain CSV files.
"""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import duckdb
import pytest

from raw_data import SMALL_DATA, generate

STAGED = [
    "stg_crm__customers",
    "stg_crm__appointments",
    "stg_commerce__products",
    "stg_commerce__orders",
    "stg_commerce__order_lines",
    "stg_commerce__pos_sales",
    "stg_commerce__pos_sale_lines",
]
CSV_EXTRACTS = [
    "crm/customers.csv",
    "crm/appointments.csv",
    "commerce/products.csv",
    "commerce/orders.csv",
    "commerce/order_lines.csv",
    "commerce/pos_sales.csv",
    "commerce/pos_sale_lines.csv",
]


def reshape_csv(path: Path) -> None:
    """Reverse the column order and add a column the contract does not know."""
    with path.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    header, body = rows[0], rows[1:]
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["exported_by", *reversed(header)])
        writer.writerows(["crm-export-job", *reversed(row)] for row in body)


def stage(project_factory, name: str, raw_dir: Path, raw_format: str) -> Path:
    project = project_factory(name, {"SCV_TARGET": "duckdb"})
    database = project.database
    project.run("seed")
    project.run(
        "run",
        "--select",
        "staging.crm",
        "staging.commerce",
        "--vars",
        f"{{raw_dir: '{raw_dir}', raw_file_format: {raw_format}}}",
    )
    return database


def differences(reference: Path, candidate: Path, table: str) -> tuple[int, int]:
    with duckdb.connect(str(candidate)) as con:
        con.execute(f"attach if not exists '{reference}' as reference")
        missing = con.execute(
            f"select count(*) from (select * from reference.main_staging.{table} "
            f"except all select * from main_staging.{table})"
        ).fetchone()[0]
        extra = con.execute(
            f"select count(*) from (select * from main_staging.{table} "
            f"except all select * from reference.main_staging.{table})"
        ).fetchone()[0]
    return missing, extra


@pytest.fixture(scope="module")
def reshaped_csv_warehouse(small_raw, tmp_path_factory, dbt_project_factory) -> Path:
    raw = tmp_path_factory.mktemp("reshaped") / "raw"
    shutil.copytree(small_raw, raw)
    for extract in CSV_EXTRACTS:
        reshape_csv(raw / extract)
    return stage(dbt_project_factory, "reshaped_csv", raw, "csv")


@pytest.fixture(scope="module")
def parquet_warehouse(tmp_path_factory, dbt_project_factory) -> Path:
    raw = tmp_path_factory.mktemp("parquet") / "raw"
    generate(raw, **SMALL_DATA, extra_args=["--raw-format", "parquet"])
    assert (raw / "crm" / "customers.parquet").exists()
    return stage(dbt_project_factory, "parquet", raw, "parquet")


@pytest.mark.parametrize("table", STAGED)
def test_reordered_csv_with_extra_column_stages_identically(
    warehouse, reshaped_csv_warehouse, table
) -> None:
    assert differences(warehouse.database, reshaped_csv_warehouse, table) == (0, 0)


@pytest.mark.parametrize("table", STAGED)
def test_parquet_extracts_stage_like_csv(warehouse, parquet_warehouse, table) -> None:
    assert differences(warehouse.database, parquet_warehouse, table) == (0, 0)
