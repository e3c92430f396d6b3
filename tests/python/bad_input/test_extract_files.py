"""Bad CRM and commerce files (docs/bad_input.md): each stops its model with a message naming it.

A run goes on past a model that fails (only that model's children are
skipped), so one build can hold several broken extracts whose models do not
depend on each other; each one's message is asserted on its own. Then the
one kind of type change that must be accepted: parquet extracts whose
columns are typed (timestamps, numbers, integers) instead of text.
"""

from __future__ import annotations

import csv
import json
from datetime import UTC, datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from bad_raw import EXTRACTS, count_extract_rows, drop_column, read_csv, write_csv

pytestmark = pytest.mark.slow

SELECTION = ("--select", "staging.crm", "staging.commerce")


def to_parquet(
    raw: Path, relative: str, types: dict[str, tuple[pa.DataType, object]] | None = None
) -> None:
    """Write a CSV extract as parquet: text, or typed with a converter (None when it fails)."""
    types = types or {}
    header, rows = read_csv(raw / relative)
    columns = {}
    for name in header:
        values = [r[name] if r[name] != "" else None for r in rows]
        if name in types:
            data_type, convert = types[name]
            columns[name] = pa.array([_try(convert, v) for v in values], data_type)
        else:
            columns[name] = pa.array(values, pa.string())
    pq.write_table(pa.table(columns), (raw / relative).with_suffix(".parquet"))


def _try(convert, value):
    if value is None:
        return None
    try:
        return convert(value)
    except (ValueError, InvalidOperation):
        return None


def utc(text: str) -> datetime:
    moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


def naive(text: str) -> datetime:
    return datetime.fromisoformat(text)


# ---- files that stop their model ------------------------------------------------------------


def broken_files(raw: Path) -> None:
    # customers written in Latin-1 (not UTF-8; what Latin-1 cannot write becomes '?')
    customers = raw / "crm" / "customers.csv"
    customers.write_bytes(customers.read_text(encoding="utf-8").encode("latin-1", "replace"))
    # appointments separated by semicolons
    header, rows = read_csv(raw / "crm" / "appointments.csv")
    write_csv(raw / "crm" / "appointments.csv", header, rows, delimiter=";")
    # no consents export at all
    (raw / "crm" / "consents.ndjson").unlink()
    # products: an empty file (not even a header row)
    (raw / "commerce" / "products.csv").write_bytes(b"")
    # orders without a required column
    drop_column(raw / "commerce" / "orders.csv", "total_amount")
    # POS sales delivered as parquet while the project reads CSV
    to_parquet(raw, "commerce/pos_sales.csv")
    (raw / "commerce" / "pos_sales.csv").unlink()


@pytest.fixture(scope="module")
def broken(scenario_factory):
    scenario = scenario_factory("bad_extract_files", broken_files, ga4=False)
    return scenario, scenario.dbt("run", *SELECTION)


BROKEN = {
    "base_crm__customers": [
        "Invalid unicode",
        "This file is not utf-8 encoded",
        "crm/customers.csv",
    ],
    "base_crm__appointments": [
        "The crm.appointments extract at '{raw}/crm/appointments.csv' has no column appointment_id,"
        " boutique_id, booked_at, scheduled_at, status, which docs/raw_contract.md requires.",
        "Columns found: appointment_id;customer_id;boutique_id;",
        "The header reads as one column: the file is not comma-separated. Write it with ','"
        " between fields (docs/raw_contract.md).",
    ],
    "base_crm__consents": [
        "The crm.consents extract is not there: no file '{raw}/crm/consents.ndjson'. Write it there"
        " (docs/raw_contract.md), or point the project at the folder that holds crm/ and commerce/:"
        " the raw_dir var or the SCV_RAW_DIR environment variable (now '{raw}').",
    ],
    "base_commerce__products": [
        "The commerce.products extract at '{raw}/commerce/products.csv' has no column sku,"
        " product_name, price, currency, which docs/raw_contract.md requires.",
        "Columns found: column0.",
        "The file is empty: an extract needs its header row, even when it has no rows.",
    ],
    "base_commerce__orders": [
        "The commerce.orders extract at '{raw}/commerce/orders.csv' has no column total_amount,"
        " which docs/raw_contract.md requires. Columns found: order_id, customer_id, email,",
        "Name the columns as docs/raw_contract.md does (any case; extra columns are ignored)",
    ],
    "base_commerce__pos_sales": [
        "The commerce.pos_sales extract is not there: no file '{raw}/commerce/pos_sales.csv'.",
        "There is a parquet file, '{raw}/commerce/pos_sales.parquet': set the raw_file_format var"
        " to parquet (now 'csv').",
    ],
}


@pytest.mark.parametrize("model", sorted(BROKEN))
def test_broken_extract_stops_its_model_with_a_message(broken, model: str) -> None:
    scenario, outcome = broken
    assert outcome.status(model) == "error"
    message = " ".join(outcome.message(model).split())
    for expected in BROKEN[model]:
        assert expected.format(raw=scenario.raw) in message


def test_only_the_broken_extracts_and_their_children_stop(broken) -> None:
    _, outcome = broken
    assert outcome.with_status("error") == set(BROKEN)
    # lines need their orders / sales and the products: skipped, never half-built
    skipped = outcome.with_status("skipped")
    assert {"base_commerce__order_lines", "base_commerce__pos_sale_lines"} <= skipped
    assert outcome.with_status("success") == set()


# ---- files DuckDB cannot parse ----------------------------------------------------------------


def corrupt_files(raw: Path) -> None:
    customers = raw / "crm" / "customers.csv"
    text = customers.read_text(encoding="utf-8")
    customers.write_text(text[: text.rindex('"') - 3], encoding="utf-8")  # cut inside a value
    appointments = raw / "crm" / "appointments.csv"
    appointments.write_text(
        appointments.read_text(encoding="utf-8")
        + '"APT-RAGGED","","PAR01",one,field,too,many,,,,\n',
        encoding="utf-8",
    )
    products = raw / "commerce" / "products.csv"
    lines = products.read_text(encoding="utf-8").splitlines(keepends=True)
    products.write_text("".join(lines[1:]), encoding="utf-8")  # the header row lost
    to_parquet(raw, "commerce/orders.csv")
    (raw / "commerce" / "orders.parquet").rename(raw / "commerce" / "orders.csv")  # not text
    pos_sales = raw / "commerce" / "pos_sales.csv"
    text = pos_sales.read_text(encoding="utf-8")
    pos_sales.write_bytes(text.replace("\n", "\r\n", 20).encode())  # mixed line ends
    consents = raw / "crm" / "consents.ndjson"
    consents.write_bytes(consents.read_bytes().replace(b"\n", b"\r\n", 5))


@pytest.fixture(scope="module")
def corrupt(scenario_factory):
    scenario = scenario_factory("bad_extract_corrupt", corrupt_files, ga4=False)
    return scenario, scenario.dbt("run", *SELECTION)


# DuckDB's own message names the file and what is wrong with it. A file as small as these
# fails while DuckDB sniffs its dialect; a bad line past the sniffer's sample (20,480 rows)
# fails with "CSV Error on Line: <n>" and the line itself.
CORRUPT = {
    "base_crm__customers": ("crm/customers.csv", "Error when sniffing file"),
    "base_crm__appointments": ("crm/appointments.csv", "Error when sniffing file"),
    "base_commerce__orders": ("commerce/orders.csv", "Invalid Input Error"),
    "base_commerce__pos_sales": ("commerce/pos_sales.csv", "Error when sniffing file"),
    "base_crm__consents": ("crm/consents.ndjson", "Error when sniffing file"),
}


@pytest.mark.parametrize("model", sorted(CORRUPT))
def test_file_that_cannot_be_parsed_stops_its_model_naming_the_file(corrupt, model) -> None:
    scenario, outcome = corrupt
    assert outcome.status(model) == "error"
    file, problem = CORRUPT[model]
    message = outcome.message(model)
    assert str(scenario.raw / file) in message or f'"{scenario.raw / file}"' in message, message
    assert problem in message, message


def test_extract_without_its_header_row_names_the_values_it_found(corrupt) -> None:
    scenario, outcome = corrupt
    message = " ".join(outcome.message("base_commerce__products").split())
    first = (scenario.raw / "commerce" / "products.csv").read_text().splitlines()[0]
    assert "has no column sku, product_name, price, currency" in message
    assert f"Columns found: {first.split(',')[0].strip(chr(34))}" in message
    assert "if the columns found are values, the header row is missing" in message


def test_raw_file_format_that_does_not_match_the_files_says_which_to_set(scenario_factory) -> None:
    scenario = scenario_factory("bad_extract_format", lambda raw: None, ga4=False)
    outcome = scenario.dbt(
        "run", "--select", "base_crm__customers", vars={"raw_file_format": "parquet"}
    )
    message = " ".join(outcome.message("base_crm__customers").split())
    # the first extract the model reads is the erasure request list (macros/privacy/erasure.sql)
    assert "The erasure request list crm.erasure_requests is missing" in message, message
    assert (
        f"There is a csv file, '{scenario.raw}/crm/erasure_requests.csv': set the"
        " raw_file_format var to csv (now 'parquet')." in message
    ), message


def test_missing_extract_beside_a_file_in_the_other_format_says_which_format_to_set(
    scenario_factory,
) -> None:
    def customers_as_parquet(raw: Path) -> None:
        csv = raw / "crm" / "customers.csv"
        duckdb.sql(
            f"copy (select * from read_csv('{csv}', all_varchar = true)) "
            f"to '{csv.with_suffix('.parquet')}' (format parquet)"
        )
        csv.unlink()

    scenario = scenario_factory("bad_extract_other_format", customers_as_parquet, ga4=False)
    outcome = scenario.dbt("run", "--select", "base_crm__customers")
    message = " ".join(outcome.message("base_crm__customers").split())
    assert (
        f"The crm.customers extract is not there: no file '{scenario.raw}/crm/customers.csv'."
        in message
    ), message
    assert (
        f"There is a parquet file, '{scenario.raw}/crm/customers.parquet': set the raw_file_format"
        " var to parquet (now 'csv')." in message
    ), message


# ---- typed parquet extracts: accepted -----------------------------------------------------------

TYPED = {
    "crm/customers.csv": {"created_at": (pa.timestamp("us", tz="UTC"), utc)},
    "commerce/orders.csv": {
        "ordered_at": (pa.timestamp("us", tz="UTC"), utc),
        "subtotal_amount": (pa.float64(), float),
        "total_amount": (pa.float64(), float),
    },
    "commerce/order_lines.csv": {"line_number": (pa.int64(), int), "quantity": (pa.int64(), int)},
    "commerce/pos_sales.csv": {"sold_at": (pa.timestamp("us"), naive)},
    "commerce/products.csv": {"price": (pa.decimal128(18, 2), Decimal)},
}


def typed_parquet(raw: Path) -> None:
    # the erasure request list is read in the same format as the extracts
    for relative in [*EXTRACTS.values(), "crm/erasure_requests.csv"]:
        if relative.endswith(".csv"):
            to_parquet(raw, relative, TYPED.get(relative, {}))
            (raw / relative).unlink()


@pytest.fixture(scope="module")
def typed(scenario_factory):
    scenario = scenario_factory("bad_extract_typed_parquet", typed_parquet, ga4=False)
    outcome = scenario.dbt("run", *SELECTION, vars={"raw_file_format": "parquet"})
    assert outcome.success, outcome.describe()
    return scenario


@pytest.mark.parametrize("model", sorted(m for m, f in EXTRACTS.items() if f.endswith(".csv")))
def test_typed_parquet_extract_quarantines_what_the_generator_broke(typed, small_raw, model):
    """Typed columns stage like text: the same rows quarantined, for the same reasons."""
    manifest = json.loads((small_raw / "manifest.json").read_text())
    entity = model.removeprefix("stg_").replace("__", ".")
    injected = {
        reason: n
        for reason, n in manifest["mess"].get(entity, {}).items()
        if manifest["mess_kinds"][reason]["handling"] == "quarantine"
    }
    seen = dict(
        typed.query(
            f"select quarantine_reason, count(*) from main_staging.{model}_quarantine group by 1"
        )
    )
    assert seen == injected
    raw_rows = count_extract_rows(typed.raw, EXTRACTS[model].replace(".csv", ".parquet"))
    assert raw_rows == typed.count(model) + typed.count(f"{model}_quarantine")


def test_typed_parquet_values_equal_the_text_they_came_from(typed, small_raw) -> None:
    with (small_raw / "commerce" / "orders.csv").open(newline="", encoding="utf-8") as handle:
        by_id = {r["order_id"]: r for r in csv.DictReader(handle)}
    staged = typed.query(
        "select order_id, ordered_at, total_amount from main_staging.stg_commerce__orders"
    )
    assert len(staged) > 200
    for order_id, ordered_at, total in staged:
        source = by_id[order_id]
        assert ordered_at == utc(source["ordered_at"]).replace(tzinfo=None), order_id
        assert Decimal(str(total)) == Decimal(source["total_amount"]), order_id
    lines = typed.scalar(
        "select count(*) from main_staging.stg_commerce__order_lines where line_number >= 1"
    )
    assert lines == typed.count("stg_commerce__order_lines") > 0


# ---- an extract with its header row only ------------------------------------------------------


def header_only(raw: Path) -> None:
    for relative in ("crm/customers.csv", "crm/appointments.csv"):
        header, _ = read_csv(raw / relative)
        write_csv(raw / relative, header, [])


def test_empty_extract_fails_for_customers_and_warns_for_appointments(scenario_factory) -> None:
    """No rows is accepted (nothing to lose); a CRM with no customers is an export that failed."""
    scenario = scenario_factory("bad_extract_header_only", header_only, ga4=False)
    selection = ("--select", "base_crm__customers+1", "base_crm__appointments+1")
    ran = scenario.dbt("run", *selection, "--exclude", "resource_type:snapshot")
    assert ran.success, ran.describe()
    assert scenario.count("stg_crm__customers") == scenario.count("stg_crm__appointments") == 0
    tested = scenario.dbt(
        "test",
        "--select",
        "base_crm__customers",
        "base_crm__appointments",
        "--exclude",
        "test_type:unit",
    )
    statuses = {
        name: tested.status(name) for name in tested.nodes() if name.startswith("has_rows_")
    }
    assert statuses == {
        "has_rows_base_crm__customers_": "fail",
        "has_rows_base_crm__appointments_": "warn",
    }
