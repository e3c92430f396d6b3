"""`scv audiences`: ad audiences out of the warehouse."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from scv.audiences import export
from scv.warehouse import default_database

EXPORT_DESCRIPTION = f"""\
Write one audience of the warehouse (models/marts/audiences) to a CSV file in
the upload format of an ad platform's customer list, with SHA-256 hashes of
the normalised identifiers only:

  meta    headers email, phone, extern_id (phone hashed as digits with the
          country code, no '+'), for a Custom Audience from a customer list
  google  headers Email, Phone (phone hashed in E.164 with '+'), for Google
          Ads Customer Match

Members in the holdout (var audience_holdout_share) are never exported. With
--changes-only the file holds the members who joined the audience and a
second file (--removals-out) those who left, from
{export.CHANGES_TABLE}: by default the changes of the latest build that
changed any audience; with --since the changes after that time (give the
`changed_at` printed by the previous export, so nothing is sent twice).

Audiences: {", ".join(export.AUDIENCES)}."""

EXPORT_EPILOG = """\
examples:
  scv audiences export --audience recent_buyers --platform meta --out recent_buyers_meta.csv
  scv audiences export --audience cart_abandoners --platform google --out carts.csv \\
      --changes-only --since '2026-11-01 06:00:00'
"""


def _timestamp(value: str) -> dt.datetime:
    try:
        return dt.datetime.fromisoformat(value)
    except ValueError as error:
        raise argparse.ArgumentTypeError(
            f"not a timestamp: {value!r} (write it as 2026-11-01 06:00:00, UTC)"
        ) from error


def add_parser(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    parser = subparsers.add_parser(
        "audiences",
        help="export ad audiences to upload files (Meta, Google Customer Match)",
        description="Ad audiences built by dbt (models/marts/audiences), out of the warehouse.",
    )
    actions = parser.add_subparsers(dest="action", metavar="ACTION")
    actions.required = True
    add_export_parser(actions)
    return parser


def add_export_parser(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    parser = subparsers.add_parser(
        "export",
        help="write an audience to a CSV in a platform's upload format",
        description=EXPORT_DESCRIPTION,
        epilog=EXPORT_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--audience",
        required=True,
        metavar="NAME",
        help=f"the audience: {', '.join(export.AUDIENCES)} (the model name "
        "audience_<name> works too)",
    )
    parser.add_argument(
        "--platform",
        required=True,
        choices=sorted(export.PLATFORM_COLUMNS),
        help="whose upload format to write",
    )
    parser.add_argument(
        "--out", type=Path, required=True, metavar="FILE.csv", help="the CSV file to write"
    )
    parser.add_argument(
        "--database",
        type=Path,
        default=default_database(),
        metavar="PATH.duckdb",
        help="the DuckDB warehouse dbt built, opened read-only (default: $SCV_DUCKDB_PATH, "
        "else scv.duckdb)",
    )
    parser.add_argument(
        "--changes-only",
        action="store_true",
        help="write only the members who joined (to --out) and left (to --removals-out)",
    )
    parser.add_argument(
        "--since",
        type=_timestamp,
        metavar="TIMESTAMP",
        help="with --changes-only: the changes after this UTC time instead of the latest build's",
    )
    parser.add_argument(
        "--removals-out",
        type=Path,
        metavar="FILE.csv",
        help="with --changes-only: where to write the members who left "
        "(default: FILE_removals.csv beside --out)",
    )
    parser.set_defaults(func=run_export)
    return parser


def run_export(args: argparse.Namespace) -> int:
    if (args.since or args.removals_out) and not args.changes_only:
        print("--since and --removals-out only apply with --changes-only", file=sys.stderr)
        return 2
    try:
        result = export.export_audience(
            args.database,
            args.audience,
            args.platform,
            args.out,
            changes_only=args.changes_only,
            since=args.since,
            removals_out=args.removals_out,
        )
    except export.ExportError as error:
        print(f"scv audiences export: {error}", file=sys.stderr)
        return 2
    if result.removals_out is None:
        print(
            f"{result.audience} -> {result.out}: {result.written} members for {result.platform} "
            f"({result.held_out} in the holdout, not exported)"
        )
    else:
        print(
            f"{result.audience} -> {result.out}: {result.written} to add; "
            f"{result.removals_out}: {result.removed} to remove ({result.platform}); "
            f"changes up to {result.latest_changed_at} (next time: --since "
            f"'{result.latest_changed_at}')"
        )
    return 0
