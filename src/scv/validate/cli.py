"""`scv validate`: Great Expectations suites on the raw files and the built warehouse."""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import time
from pathlib import Path

from scv.validate import config as validate_config
from scv.validate import marts, raw
from scv.validate.config import ValidationConfigError
from scv.warehouse import default_database

SUITES = ("raw", "marts")
TARGETS = ("duckdb", "bigquery")
DEFAULT_DOCS_DIR = Path("target/validation_docs")

DESCRIPTION = f"""\
Validate the data with Great Expectations and write its Data Docs (HTML).

Suites (--suite, default: both on DuckDB, marts only on BigQuery):
  raw    the raw files in --raw-dir: GA4 daily export files (rows per day
         relative to the median day, no missing or empty day, the newest
         file reaching the end of its day), CRM and commerce extracts (rows,
         the raw contract's columns present)
  marts  the models dbt built: volumes of fct_orders, fct_sessions and
         customer_360 relative to their sources' raw rows, freshness of the
         latest order and session against the as-of date, distributions of
         order net amounts and session durations (minimum, quantiles),
         references (fct_orders and fct_sessions customer_id in
         customer_360, fct_order_lines order_key in fct_orders), and the
         share of each source's raw rows in its _quarantine model

Thresholds are settings with defaults ({validate_config.DEFAULTS_FILE} in
scv/validate, docs/validation.md); --config FILE overrides any of them.

Exit status: 0 when every expectation passes, 1 when any fails (the summary
names each failure: table, column, bound and observed value), 2 when the
command cannot run (no warehouse, no raw folder, a bad --config): the message
says what to change."""

EPILOG = """\
examples:
  make build && scv validate
  scv validate --warehouse scv.duckdb --raw-dir data/demo --docs-dir target/validation_docs
  scv validate --suite marts --config my_thresholds.yml
  SCV_BQ_PROJECT=my-project scv validate --target bigquery
"""


def _date(value: str) -> dt.date:
    if value == "today":
        return dt.date.today()
    try:
        return dt.date.fromisoformat(value)
    except ValueError as error:
        raise argparse.ArgumentTypeError(f"not a date: {value!r} (YYYY-MM-DD or today)") from error


def add_parser(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    parser = subparsers.add_parser(
        "validate",
        help="data validation (Great Expectations) of the raw files and the warehouse",
        description=DESCRIPTION,
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--target",
        choices=TARGETS,
        default=os.environ.get("SCV_TARGET", "duckdb"),
        help="where the marts are: the DuckDB file (default; $SCV_TARGET) or BigQuery with the "
        "SCV_BQ_PROJECT, SCV_BQ_DATASET, SCV_BQ_LOCATION, SCV_BQ_METHOD and SCV_BQ_KEYFILE "
        "settings of profiles.example.yml",
    )
    parser.add_argument(
        "--warehouse",
        type=Path,
        default=None,
        metavar="PATH.duckdb",
        help="the DuckDB file dbt built (default $SCV_DUCKDB_PATH, else scv.duckdb); "
        "opened read-only",
    )
    parser.add_argument(
        "--raw-dir",
        type=Path,
        default=None,
        metavar="DIR",
        help="the raw files the warehouse was built from (default $SCV_RAW_DIR, else "
        "data/demo); read by the raw suite",
    )
    parser.add_argument(
        "--suite",
        action="append",
        choices=SUITES,
        help="run only this suite (repeat for both; default: raw and marts on DuckDB, marts "
        "on BigQuery)",
    )
    parser.add_argument(
        "--docs-dir",
        type=Path,
        default=DEFAULT_DOCS_DIR,
        metavar="DIR",
        help=f"where to write the Data Docs site (default {DEFAULT_DOCS_DIR}, which git "
        "ignores); its index.html is replaced on each run",
    )
    parser.add_argument(
        "--config",
        type=Path,
        default=None,
        metavar="FILE.yml",
        help=f"thresholds overriding the defaults ({validate_config.DEFAULTS_FILE}: same keys)",
    )
    parser.add_argument(
        "--as-of",
        type=_date,
        default=None,
        metavar="DATE",
        help="the date freshness is measured against (YYYY-MM-DD or today; default: "
        "customer_360.as_of_date, the date the marts were computed as of)",
    )
    parser.set_defaults(func=run)
    return parser


def _suites(args: argparse.Namespace) -> list[str]:
    if args.suite:
        return [suite for suite in SUITES if suite in args.suite]
    return ["raw", "marts"] if args.target == "duckdb" else ["marts"]


def run(args: argparse.Namespace) -> int:
    from scv.validate import engines, report, runner

    started = time.perf_counter()
    suites = _suites(args)
    raw_dir = args.raw_dir or Path(os.environ.get("SCV_RAW_DIR") or "data/demo")
    database = args.warehouse or default_database()
    header = ["scv validate"]
    warehouse = None
    try:
        if (
            args.target not in TARGETS
        ):  # a default taken from $SCV_TARGET is not checked by argparse
            raise ValidationConfigError(
                f"SCV_TARGET={args.target!r} is not a target scv validate reads: "
                "give --target duckdb or --target bigquery"
            )
        config = validate_config.load(args.config)
        checks = []
        if "raw" in suites:
            header.append(f"  raw files: {raw_dir}")
            checks += raw.checks(raw_dir, config)
        if "marts" in suites:
            warehouse = engines.open_warehouse(args.target, database)
            checks += marts.checks(warehouse, config, args.as_of)
            header.append(f"  warehouse: {warehouse.description}")
            as_of = next(
                (c.frame["as_of_date"].iloc[0] for c in checks if c.name == "freshness"), None
            )
            header.append(f"  as of:     {as_of} ({'--as-of' if args.as_of else 'customer_360'})")
        outcomes, index = runner.run(checks, args.docs_dir)
    except ValidationConfigError as error:
        print(f"scv validate: error: {error}", file=sys.stderr)
        return 2
    finally:
        if warehouse is not None:
            warehouse.close()
    print(report.format_summary(checks, outcomes, header))
    print(f"\nData Docs: {index}")
    print(f"took {time.perf_counter() - started:.1f} s")
    return 0 if all(outcome.success for outcome in outcomes) else 1
