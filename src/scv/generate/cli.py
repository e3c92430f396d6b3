"""`scv generate`: the demo-data command."""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

from scv.generate.config import MIN_CUSTOMERS, MIN_DAYS, GenerateConfig
from scv.generate.reference import DEFAULT_END_DATE

DESCRIPTION = """\
Write a realistic, deterministic raw dataset for a luxury brand: the GA4
BigQuery export (one parquet file per day; optionally the GA360 export of
the days before), CRM extracts (customers,
appointments, consents) and commerce extracts (products, online orders,
boutique sales), exactly as docs/raw_contract.md describes, with realistic
mess injected on purpose and counted in DIR/manifest.json, plus the true
person behind every identifier in DIR/ground_truth/.

The same arguments and seed always give byte-identical data files."""

EPILOG = """\
examples:
  scv generate                                   demo: 2,000 customers x 30 days in data/demo
  scv generate --customers 300 --days 4 --seed 7 --out /tmp/raw
  scv generate --customers 100000 --days 30 --out /data/raw --raw-format parquet
  scv generate --ga360-days 60                   also 60 days of GA360 export before GA4
"""


def _date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError as error:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {value!r}") from error


def add_parser(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    defaults = GenerateConfig()
    parser = subparsers.add_parser(
        "generate",
        help="write a realistic demo raw dataset (GA4 export, CRM, commerce) with known mess",
        description=DESCRIPTION,
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--customers",
        type=int,
        default=defaults.customers,
        metavar="N",
        help=f"people with a CRM record (default {defaults.customers}, at least {MIN_CUSTOMERS}); "
        "anonymous visitors and walk-in buyers come on top, see --prospects-per-customer",
    )
    parser.add_argument(
        "--days",
        type=int,
        default=defaults.days,
        metavar="D",
        help=f"days of GA4 export to write, one file per day (default {defaults.days}, "
        f"at least {MIN_DAYS})",
    )
    parser.add_argument(
        "--seed",
        type=int,
        default=defaults.seed,
        metavar="S",
        help=f"random seed; the same seed and options give identical files (default "
        f"{defaults.seed})",
    )
    parser.add_argument(
        "--out",
        type=Path,
        default=defaults.out,
        metavar="DIR",
        help=f"output folder (default {defaults.out}); a folder from an earlier run is replaced",
    )
    parser.add_argument(
        "--start-date",
        type=_date,
        default=None,
        metavar="YYYY-MM-DD",
        help=f"first day of the GA4 export (default: the window ends on {DEFAULT_END_DATE}, "
        "a fixed date so that runs are reproducible)",
    )
    parser.add_argument(
        "--raw-format",
        choices=("csv", "parquet"),
        default=defaults.raw_format,
        help="file format of the CRM and commerce extracts (default csv; consents are always "
        "NDJSON, GA4 always parquet); match the dbt var raw_file_format",
    )
    parser.add_argument(
        "--events-per-customer-day",
        type=float,
        default=defaults.events_per_customer_day,
        metavar="F",
        help="web activity: about F GA4 events per customer per day (default "
        f"{defaults.events_per_customer_day}: 100,000 customers x 30 days ~ 10 million events)",
    )
    parser.add_argument(
        "--prospects-per-customer",
        type=float,
        default=defaults.prospects_per_customer,
        metavar="R",
        help="people with no CRM record (anonymous browsers, guest buyers, walk-in tourists) "
        f"per customer (default {defaults.prospects_per_customer})",
    )
    parser.add_argument(
        "--history-days",
        type=int,
        default=defaults.history_days,
        metavar="H",
        help="days of online orders and boutique sales before the GA4 window, which the export "
        f"does not cover (default {defaults.history_days})",
    )
    parser.add_argument(
        "--ga360-days",
        type=int,
        default=defaults.ga360_days,
        metavar="U",
        help="also write the Google Analytics 360 (Universal Analytics) BigQuery export for the "
        "U days before the GA4 window, ga360/ga_sessions_YYYYMMDD.parquet: the same people, "
        "browsers and products, the history orders as UA transactions (default "
        f"{defaults.ga360_days}: none; at most --history-days)",
    )
    parser.add_argument(
        "--force",
        action="store_true",
        help="write into a non-empty folder that was not made by scv generate (its ga4/, crm/, "
        "commerce/ and ground_truth/ are replaced)",
    )
    parser.add_argument(
        "--quiet", action="store_true", help="no progress bar or messages on stderr"
    )
    parser.set_defaults(func=run)
    return parser


def run(args: argparse.Namespace) -> int:
    from scv.generate.runner import generate

    cfg = GenerateConfig(
        customers=args.customers,
        days=args.days,
        seed=args.seed,
        out=args.out,
        start_date=args.start_date,
        raw_format=args.raw_format,
        events_per_customer_day=args.events_per_customer_day,
        prospects_per_customer=args.prospects_per_customer,
        history_days=args.history_days,
        ga360_days=args.ga360_days,
        force=args.force,
        progress=not args.quiet,
    )
    try:
        generate(cfg)
    except (ValueError, FileExistsError) as error:
        print(f"scv generate: error: {error}", file=sys.stderr)
        return 2
    return 0
