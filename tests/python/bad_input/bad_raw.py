"""Damaging a copy of the small generated dataset, and counting its raw rows independently.

Every helper edits files the way a broken export would (an extra row, a
different header, a file under another name) and leaves the rest of the
folder as the generator wrote it. Raw rows are counted here with Python's
csv module, NDJSON lines and pyarrow, never by dbt, so that a row staging
lost would show as a difference.
"""

from __future__ import annotations

import csv
import json
import shutil
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq
from dbt.cli.main import dbtRunner, dbtRunnerResult

from env_vars import environ
from project_paths import REPO

# the CRM / commerce extracts: staging model -> file under the raw folder
EXTRACTS = {
    "stg_crm__customers": "crm/customers.csv",
    "stg_crm__appointments": "crm/appointments.csv",
    "stg_crm__consents": "crm/consents.ndjson",
    "stg_commerce__products": "commerce/products.csv",
    "stg_commerce__orders": "commerce/orders.csv",
    "stg_commerce__order_lines": "commerce/order_lines.csv",
    "stg_commerce__pos_sales": "commerce/pos_sales.csv",
    "stg_commerce__pos_sale_lines": "commerce/pos_sale_lines.csv",
}


def copy_raw(small_raw: Path, destination: Path, *, ga4: bool = True) -> Path:
    """A private copy of the generated dataset (without the ground truth no model reads)."""
    shutil.copytree(
        small_raw,
        destination,
        ignore=shutil.ignore_patterns("ground_truth", *(() if ga4 else ("ga4",))),
    )
    return destination


# ---- CSV extracts --------------------------------------------------------------------------


def read_csv(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    with path.open(newline="", encoding="utf-8-sig") as handle:
        reader = csv.DictReader(handle)
        return list(reader.fieldnames or []), list(reader)


def write_csv(
    path: Path,
    header: Sequence[str],
    rows: Iterable[Mapping[str, str]],
    *,
    line_terminator: str = "\n",
    encoding: str = "utf-8",
    delimiter: str = ",",
) -> None:
    with path.open("w", newline="", encoding=encoding) as handle:
        writer = csv.DictWriter(
            handle,
            fieldnames=list(header),
            extrasaction="ignore",
            lineterminator=line_terminator,
            delimiter=delimiter,
        )
        writer.writeheader()
        writer.writerows(rows)


def append_rows(path: Path, rows: Iterable[Mapping[str, str]]) -> None:
    """Append rows to a CSV extract, columns matched by name (missing ones empty)."""
    header, existing = read_csv(path)
    write_csv(path, header, [*existing, *({c: r.get(c, "") for c in header} for r in rows)])


def rename_header(path: Path, renames: Mapping[str, str]) -> None:
    header, rows = read_csv(path)
    new_header = [renames.get(c, c) for c in header]
    write_csv(path, new_header, ({renames.get(k, k): v for k, v in r.items()} for r in rows))


def drop_column(path: Path, column: str) -> None:
    header, rows = read_csv(path)
    write_csv(path, [c for c in header if c != column], rows)


def count_csv_rows(path: Path) -> int:
    """Records of a CSV extract: rows after the header, blank lines aside (they carry none)."""
    with path.open(newline="", encoding="utf-8-sig") as handle:
        return sum(1 for row in csv.reader(handle) if row) - 1


def count_ndjson_lines(path: Path) -> int:
    """Lines of an NDJSON export, blank ones included: staging quarantines those as invalid_json."""
    with path.open(newline="", encoding="utf-8") as handle:
        return sum(1 for _ in handle)


def count_extract_rows(raw: Path, relative: str) -> int:
    path = raw / relative
    if path.suffix == ".ndjson":
        return count_ndjson_lines(path)
    if path.suffix == ".parquet":
        return pq.ParquetFile(path).metadata.num_rows
    return count_csv_rows(path)


def append_lines(path: Path, lines: Iterable[str]) -> None:
    """Append lines to an NDJSON export (ending its last line first: the generator does not)."""
    ends_with_newline = path.read_bytes().endswith(b"\n")
    with path.open("a", newline="", encoding="utf-8") as handle:
        if not ends_with_newline:
            handle.write("\n")
        for line in lines:
            handle.write(line)


def consent_line(**values: str) -> str:
    record = {
        "consent_id": "BAD-K-ok",
        "customer_id": "C00000000",
        "channel": "email",
        "status": "granted",
        "recorded_at": "2026-10-01T10:00:00Z",
        "source": "web_signup",
    }
    record.update(values)
    return json.dumps(record) + "\n"


# ---- GA4 export ---------------------------------------------------------------------------


def ga4_days(raw: Path) -> list[Path]:
    return sorted((raw / "ga4").glob("events_2*.parquet"))


def read_day(path: Path) -> pa.Table:
    return pq.read_table(path)


def replace_column(table: pa.Table, name: str, values: pa.Array) -> pa.Table:
    return table.set_column(table.schema.get_field_index(name), name, values)


def retype_column(path: Path, name: str, data_type: pa.DataType, convert) -> None:
    table = read_day(path)
    values = pa.array([convert(v) for v in table[name].to_pylist()], data_type)
    pq.write_table(replace_column(table, name, values), path)


def with_event_dates(table: pa.Table, values: Sequence[str | None]) -> pa.Table:
    return replace_column(table, "event_date", pa.array(values, pa.string()))


def shifted_day(table: pa.Table, days: int, copy_tag: str = "") -> pa.Table:
    """The same events `days` later (event_date, timestamps); other browsers when tagged."""
    shift = days * 86_400_000_000
    dates = [None if d is None else _add_days(d, days) for d in table["event_date"].to_pylist()]
    shifted = with_event_dates(table, dates)
    for column in ("event_timestamp", "event_previous_timestamp", "user_first_touch_timestamp"):
        values = [None if v is None else v + shift for v in table[column].to_pylist()]
        shifted = replace_column(shifted, column, pa.array(values, pa.int64()))
    if copy_tag:
        ids = [None if v is None else f"{v}{copy_tag}" for v in table["user_pseudo_id"].to_pylist()]
        shifted = replace_column(shifted, "user_pseudo_id", pa.array(ids, pa.string()))
    return shifted


def _add_days(yyyymmdd: str, days: int) -> str:
    from datetime import date, timedelta

    if len(yyyymmdd) != 8 or not yyyymmdd.isdigit():
        return yyyymmdd
    day = date(int(yyyymmdd[:4]), int(yyyymmdd[4:6]), int(yyyymmdd[6:]))
    return (day + timedelta(days=days)).strftime("%Y%m%d")


def rows_per_export_day(raw: Path, pattern: str = "events_*.parquet") -> dict[str, int]:
    """Raw export rows per export day, from the file name (events_YYYYMMDD) or else the row."""
    counts: dict[str, int] = {}
    for path in sorted((raw / "ga4").glob(pattern)):
        stem = path.name.removesuffix(".parquet").removeprefix("events_")
        if stem.startswith("intraday_"):
            continue
        if len(stem) == 8 and stem.isdigit():
            day = f"{stem[:4]}-{stem[4:6]}-{stem[6:]}"
            counts[day] = counts.get(day, 0) + pq.ParquetFile(path).metadata.num_rows
            continue
        for value in read_day(path)["event_date"].to_pylist():
            ok = value is not None and len(value) == 8 and value.isdigit()
            day = f"{value[:4]}-{value[4:6]}-{value[6:]}" if ok else "undated"
            counts[day] = counts.get(day, 0) + 1
    return counts


# ---- running dbt ---------------------------------------------------------------------------


@dataclass
class Outcome:
    """What one dbt invocation did: node results by name, and the warnings it logged."""

    result: dbtRunnerResult
    warnings: list[str] = field(default_factory=list)

    @property
    def success(self) -> bool:
        return self.result.success

    def nodes(self) -> dict[str, object]:
        results = getattr(self.result.result, "results", None) or []
        return {r.node.name: r for r in results}

    def status(self, name: str) -> str:
        return str(self.nodes()[name].status).lower().split(".")[-1]

    def message(self, name: str) -> str:
        return str(self.nodes()[name].message or "")

    def with_status(self, status: str) -> set[str]:
        return {n for n, r in self.nodes().items() if str(r.status).lower().endswith(status)}

    def describe(self) -> str:
        return "\n".join(
            f"- {name}: {result.status}: {str(result.message)[:500]}"
            for name, result in self.nodes().items()
            if str(result.status).lower().split(".")[-1] not in {"success", "pass"}
        )


@dataclass
class Scenario:
    """A damaged raw folder and the dbt project (own DuckDB file, target, logs) staging it."""

    raw: Path
    project: object  # conftest.DbtProject

    @property
    def database(self) -> Path:
        return self.project.database

    def dbt(self, *args: str, vars: Mapping[str, object] | None = None) -> Outcome:
        warnings: list[str] = []

        def keep_warnings(event) -> None:
            if event.info.level == "warn":
                warnings.append(event.info.msg)

        cli = [
            *args,
            *(("--vars", json.dumps(dict(vars))) if vars else ()),
            "--project-dir",
            str(REPO),
            "--profiles-dir",
            str(self.project.profiles_dir),
            "--target-path",
            str(self.project.workdir / "target"),
            "--log-path",
            str(self.project.workdir / "logs"),
        ]
        with environ(self.project.env):
            result = dbtRunner(callbacks=[keep_warnings]).invoke(cli)
        return Outcome(result, warnings)

    def query(self, sql: str) -> list[tuple]:
        # dbt-duckdb keeps its connection open in this process; DuckDB lets the same
        # process attach the file again with the same configuration
        with duckdb.connect(str(self.database)) as con:
            return con.execute(sql).fetchall()

    def scalar(self, sql: str):
        return self.query(sql)[0][0]

    def count(self, model: str, where: str = "true") -> int:
        return self.scalar(f"select count(*) from main_staging.{model} where {where}")

    def reasons(self, model: str, where: str = "true") -> list[str]:
        return sorted(
            r[0]
            for r in self.query(
                f"select quarantine_reason from main_staging.{model}_quarantine where {where}"
            )
        )
