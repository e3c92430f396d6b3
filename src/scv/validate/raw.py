"""Suite `raw`: the raw files a warehouse is built from (docs/raw_contract.md).

What is read: the GA4 daily files' row counts from their parquet metadata
(no data), the `event_timestamp` column of the newest daily file, the CRM and
commerce extracts counted by DuckDB (streamed, nothing kept) and their header
(CSV) or schema (parquet), and the consent export's lines counted with the
keys of its first lines.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import duckdb
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from scv.validate.checks import Check, span
from scv.validate.config import ValidationConfigError, bounds, number

SUITE = "raw"
GA4_DAILY_FILE = re.compile(r"^events_(\d{8})\.parquet$")
CONSENT_KEY_SAMPLE_LINES = 1000


@dataclass(frozen=True)
class Extract:
    folder: str
    name: str
    columns: tuple[str, ...]
    ndjson: bool = False
    # the erasure request list is empty while nobody asked to be forgotten
    may_be_empty: bool = False

    @property
    def label(self) -> str:
        return f"{self.folder}/{self.name}"


def _extract(
    folder: str, name: str, columns: str, *, ndjson: bool = False, may_be_empty: bool = False
) -> Extract:
    return Extract(folder, name, tuple(columns.split()), ndjson, may_be_empty)


# The columns each extract must carry: docs/raw_contract.md, the source YAML
# and macros/cleaning/raw_contract.sql (a test keeps them identical).
EXTRACTS: tuple[Extract, ...] = (
    _extract(
        "crm",
        "customers",
        "customer_id title given_name family_name email phone birth_date gender "
        "street_address postcode city region country preferred_language home_boutique_id "
        "loyalty_tier created_at updated_at",
    ),
    _extract(
        "crm",
        "appointments",
        "appointment_id customer_id boutique_id booked_at scheduled_at motivation status "
        "booking_id channel",
    ),
    # one JSON object per line; these keys are read by base_crm__consents
    _extract(
        "crm",
        "consents",
        "consent_id customer_id channel status recorded_at source",
        ndjson=True,
    ),
    _extract(
        "crm",
        "erasure_requests",
        "request_id requested_at customer_id email",
        may_be_empty=True,
    ),
    _extract(
        "commerce",
        "products",
        "sku product_name category subcategory price currency created_at",
    ),
    _extract(
        "commerce",
        "orders",
        "order_id customer_id email ordered_at status currency subtotal_amount "
        "discount_amount shipping_amount tax_amount total_amount promo_code payment_method "
        "shipping_country updated_at",
    ),
    _extract(
        "commerce",
        "order_lines",
        "order_id line_number sku quantity unit_price discount_amount line_total",
    ),
    _extract(
        "commerce",
        "pos_sales",
        "sale_id boutique_id customer_id sold_at status currency total_amount discount_amount "
        "payment_method",
    ),
    _extract(
        "commerce",
        "pos_sale_lines",
        "sale_id line_number sku quantity unit_price discount_amount line_total",
    ),
)


def checks(raw_dir: Path, config: dict[str, Any]) -> list[Check]:
    from great_expectations import expectations as gxe

    if not raw_dir.is_dir():
        raise ValidationConfigError(
            f"no raw data folder at {raw_dir}: give the folder the warehouse was built from "
            "with --raw-dir (`make build` writes data/demo), or leave the raw files out "
            "with --suite marts"
        )
    ga4 = config["raw"]["ga4"]
    try:
        zone = ZoneInfo(str(ga4["property_time_zone"]))
    except (ZoneInfoNotFoundError, ValueError) as error:
        raise ValidationConfigError(
            f"raw.ga4.property_time_zone: unknown time zone {ga4['property_time_zone']!r} "
            "(an IANA name such as UTC or Europe/Paris)"
        ) from error
    facts = extract_facts(raw_dir)
    return [
        ga4_daily_volumes(raw_dir, ga4, gxe),
        ga4_newest_day(raw_dir, ga4, zone, gxe),
        extract_volumes(facts, config["raw"]["extracts"], gxe),
        *extract_columns(facts, gxe),
    ]


def ga4_daily_files(raw_dir: Path) -> dict[dt.date, Path]:
    files = {}
    for path in sorted((raw_dir / "ga4").glob("events_*.parquet")):
        match = GA4_DAILY_FILE.match(path.name)
        if match:  # events_intraday_* files are partial by nature: not a day's export
            files[dt.datetime.strptime(match.group(1), "%Y%m%d").date()] = path
    return files


def _warn(message: str) -> None:
    print(f"scv validate: warning: {message}", file=sys.stderr)


def _parquet_rows(path: Path) -> int:
    try:
        return pq.ParquetFile(path).metadata.num_rows
    except (pa.ArrowException, OSError) as error:
        _warn(f"cannot read {path} ({error}); counted as an empty day")
        return 0


def ga4_daily_volumes(raw_dir: Path, ga4: dict[str, Any], gxe) -> Check:
    files = ga4_daily_files(raw_dir)
    rows = []
    if files:
        day, last = min(files), max(files)
        while day <= last:
            path = files.get(day)
            events = _parquet_rows(path) if path else None
            rows.append(
                {"day": day.isoformat(), "file": path.name if path else None, "events": events}
            )
            day += dt.timedelta(days=1)
    frame = pd.DataFrame(rows, columns=["day", "file", "events"])
    frame["events"] = frame["events"].astype("Int64")
    median = frame["events"].median() if frame["events"].notna().any() else None
    frame["ratio_to_median"] = (
        frame["events"].astype("Float64") / median if median else pd.Series(dtype="Float64")
    )
    low, high = bounds(ga4["day_to_median_ratio"], "raw.ga4.day_to_median_ratio")
    min_events = number(ga4["min_events_per_day"], "raw.ga4.min_events_per_day")
    return Check(
        suite=SUITE,
        name="ga4_daily_volumes",
        table="ga4/events_YYYYMMDD.parquet",
        reads="row counts from each daily file's parquet metadata",
        frame=frame,
        index_columns=["day"],
        expectations=[
            gxe.ExpectTableRowCountToBeBetween(
                min_value=1, description="at least one GA4 daily export file"
            ),
            gxe.ExpectColumnValuesToNotBeNull(
                column="file",
                description="every day between the first and the last export has its file",
            ),
            gxe.ExpectColumnValuesToBeBetween(
                column="events",
                min_value=min_events,
                description=f"no empty day: each daily file has >= {min_events:g} events",
            ),
            gxe.ExpectColumnValuesToBeBetween(
                column="ratio_to_median",
                min_value=low,
                max_value=high,
                description=f"each day's events / the median day's {span(low, high)}",
            ),
        ],
    )


def ga4_newest_day(raw_dir: Path, ga4: dict[str, Any], zone: ZoneInfo, gxe) -> Check:
    files = ga4_daily_files(raw_dir)
    row: dict[str, Any] = {"day": None, "newest_event_at": None, "hours_before_day_end": None}
    if files:
        day = max(files)
        start = dt.datetime.combine(day, dt.time(), tzinfo=zone)
        end = start + dt.timedelta(days=1)
        try:
            table = pq.read_table(files[day], columns=["event_timestamp"])
            timestamps = table["event_timestamp"].cast(pa.int64())
        except (pa.ArrowException, OSError, KeyError) as error:
            _warn(f"cannot read event_timestamp (microseconds) from {files[day]} ({error})")
            timestamps = pa.array([], type=pa.int64())
        start_us, end_us = (int(moment.timestamp() * 1_000_000) for moment in (start, end))
        # events of other days in the file (late arrivals, broken clocks) do not count
        in_day = pc.filter(
            timestamps,
            pc.and_(pc.greater_equal(timestamps, start_us), pc.less(timestamps, end_us)),
        )
        newest = pc.max(in_day).as_py() if len(in_day) else None
        row["day"] = day.isoformat()
        if newest is not None:
            newest_at = dt.datetime.fromtimestamp(newest / 1_000_000, tz=zone)
            row["newest_event_at"] = newest_at.isoformat(timespec="seconds")
            row["hours_before_day_end"] = round((end - newest_at).total_seconds() / 3600, 2)
    frame = pd.DataFrame([row])
    frame["hours_before_day_end"] = frame["hours_before_day_end"].astype("Float64")
    max_hours = number(
        ga4["newest_event_max_hours_before_day_end"],
        "raw.ga4.newest_event_max_hours_before_day_end",
    )
    return Check(
        suite=SUITE,
        name="ga4_newest_day",
        table="ga4/events_YYYYMMDD.parquet (newest)",
        reads="event_timestamp of the newest daily file",
        frame=frame,
        index_columns=["day"],
        expectations=[
            gxe.ExpectColumnValuesToNotBeNull(
                column="newest_event_at",
                description="the newest daily file has events within its day",
            ),
            gxe.ExpectColumnValuesToBeBetween(
                column="hours_before_day_end",
                min_value=0,
                max_value=max_hours,
                description="freshness: the newest file's latest event at most "
                f"{max_hours:g} hours before the end of its day (the export covers the day)",
            ),
        ],
    )


def find_extract(raw_dir: Path, extract: Extract) -> Path | None:
    suffixes = (".ndjson",) if extract.ndjson else (".csv", ".parquet")
    for suffix in suffixes:
        path = raw_dir / extract.folder / f"{extract.name}{suffix}"
        if path.is_file():
            return path
    return None


def _csv_source(path: Path) -> str:
    # the same reader options as the dbt sources (models/staging/*/_*__sources.yml)
    literal = str(path).replace("'", "''")
    return (
        f"read_csv('{literal}', header = true, all_varchar = true, delim = ',', "
        "quote = '\"', escape = '\"')"
    )


def _parquet_source(path: Path) -> str:
    literal = str(path).replace("'", "''")
    return f"read_parquet('{literal}')"


def count_and_columns(path: Path, extract: Extract) -> tuple[int, list[str]]:
    if extract.ndjson:
        rows, keys = 0, set()
        with path.open(encoding="utf-8", errors="replace") as handle:
            for line in handle:
                if not line.strip():
                    continue
                rows += 1
                if rows <= CONSENT_KEY_SAMPLE_LINES:
                    try:
                        record = json.loads(line)
                    except json.JSONDecodeError:
                        continue  # a truncated line: staging quarantines it
                    if isinstance(record, dict):
                        keys.update(record)
        return rows, sorted(keys)
    if path.suffix == ".csv":
        source = _csv_source(path)
        # the header row as written: DuckDB's sniffer may read a broken header as data
        with path.open(newline="", encoding="utf-8-sig", errors="replace") as handle:
            columns = next(csv.reader(handle), [])
    else:
        source = _parquet_source(path)
        columns = [field.name for field in pq.read_schema(path)]
    with duckdb.connect() as con:
        rows = con.execute(f"select count(*) from {source}").fetchone()[0]
    return int(rows), [column.strip() for column in columns]


@dataclass(frozen=True)
class ExtractFacts:
    extract: Extract
    path: Path | None  # None: the file is missing
    rows: int | None
    columns: list[str]


def extract_facts(raw_dir: Path) -> list[ExtractFacts]:
    facts = []
    for extract in EXTRACTS:
        path = find_extract(raw_dir, extract)
        if path is None:
            facts.append(ExtractFacts(extract, None, None, []))
            continue
        try:
            rows, columns = count_and_columns(path, extract)
        except (duckdb.Error, pa.ArrowException, OSError) as error:
            # unreadable as CSV / parquet: reported as an extract with no rows
            _warn(f"cannot read {path} ({error}); counted as an empty extract")
            rows, columns = 0, []
        facts.append(ExtractFacts(extract, path, rows, columns))
    return facts


def extract_volumes(facts: list[ExtractFacts], extracts: dict[str, Any], gxe) -> Check:
    min_rows = number(extracts["min_rows"], "raw.extracts.min_rows")
    frame = pd.DataFrame(
        [
            {
                "extract": fact.extract.label,
                "file": fact.path.name if fact.path else None,
                # null for an extract that may be empty: not held to min_rows
                "rows": None if fact.extract.may_be_empty else fact.rows,
            }
            for fact in facts
        ],
        columns=["extract", "file", "rows"],
    )
    frame["rows"] = frame["rows"].astype("Int64")
    return Check(
        suite=SUITE,
        name="extract_volumes",
        table="crm/*, commerce/*",
        reads="each extract's rows counted by DuckDB (CSV, parquet) or by line (NDJSON)",
        frame=frame,
        index_columns=["extract"],
        expectations=[
            gxe.ExpectColumnValuesToNotBeNull(
                column="file", description="every CRM and commerce extract is there"
            ),
            gxe.ExpectColumnValuesToBeBetween(
                column="rows",
                min_value=min_rows,
                description=(
                    f"every extract has at least {min_rows:g} rows "
                    "(the erasure request list may be empty)"
                ),
            ),
        ],
    )


def extract_columns(facts: list[ExtractFacts], gxe) -> list[Check]:
    result = []
    for fact in facts:
        extract, path = fact.extract, fact.path
        if path is None:
            continue  # extract_volumes reports the missing file
        result.append(
            Check(
                suite=SUITE,
                name=f"columns_{extract.folder}_{extract.name}",
                table=f"{extract.folder}/{path.name}",
                reads="the header (CSV), schema (parquet) or keys of the first "
                f"{CONSENT_KEY_SAMPLE_LINES} lines (NDJSON)",
                frame=pd.DataFrame(columns=fact.columns),
                expectations=[
                    gxe.ExpectTableColumnsToMatchSet(
                        column_set=list(extract.columns),
                        exact_match=False,
                        description="every column of the raw contract is present "
                        "(extra columns are ignored)",
                    )
                ],
            )
        )
    return result
