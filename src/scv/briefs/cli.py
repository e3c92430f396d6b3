"""`scv brief` and `scv briefs`: appointment briefs for boutique staff, as PDF."""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
from pathlib import Path

from scv.briefs import data, produce
from scv.briefs.render import Brand, BriefNotAllowed, BriefRenderer
from scv.warehouse import default_database

EXIT_ERROR = 2
EXIT_NOT_ALLOWED = 3

COMMON_DESCRIPTION = """\
A brief is one A4 page for the staff who receive a customer: who they are
(name, loyalty tier, segment, language), the reason for the visit, KPIs
(models/marts/clienteling/appointment_brief_kpis, in their display order),
last purchase and boutique visit, website visits per week, most viewed
products and open cart. It never shows an e-mail, a phone number or an
identifier, and it is only written for customers whose consent allows it
(appointment_briefs.is_brief_allowed). The footer says when the data was
taken (data_as_of)."""

BRIEF_EPILOG = f"""\
exit codes: 0 written, {EXIT_ERROR} error (unknown appointment, no warehouse),
{EXIT_NOT_ALLOWED} the customer's consent does not allow a brief (nothing written).

examples:
  scv brief --appointment-id APT-000123
  scv brief --appointment-id APT-000123 --out briefs/apt-123.pdf --logo brand/logo.svg
"""

BRIEFS_EPILOG = """\
Files are named <boutique id>_<HHMM>_<appointment id>.pdf; appointments whose
customer's consent does not allow a brief are listed in DIR/skipped.csv.

examples:
  scv briefs --date 2026-11-04 --out briefs/2026-11-04
  scv briefs --date 2026-11-04 --boutique B01 --out briefs/paris --brand "Maison Exemple"
"""


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError as error:
        raise argparse.ArgumentTypeError(f"not a date: {value!r} (write it YYYY-MM-DD)") from error


def add_common_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--database",
        type=Path,
        default=default_database(),
        metavar="PATH.duckdb",
        help="the DuckDB warehouse dbt built, opened read-only (default: $SCV_DUCKDB_PATH, "
        "else scv.duckdb)",
    )
    parser.add_argument(
        "--logo",
        type=Path,
        default=Path(os.environ["SCV_BRIEF_LOGO"]) if os.environ.get("SCV_BRIEF_LOGO") else None,
        metavar="FILE",
        help="the brand's logo (SVG, PNG or JPEG) for the top-left slot (default: "
        "$SCV_BRIEF_LOGO; without one, a placeholder with the brand name)",
    )
    parser.add_argument(
        "--brand",
        default=os.environ.get("SCV_BRAND_NAME", "Boutique"),
        metavar="NAME",
        help="the brand name, in the logo placeholder and the confidentiality footer "
        "(default: $SCV_BRAND_NAME, else 'Boutique')",
    )
    parser.add_argument(
        "--currency",
        default="EUR",
        metavar="CODE",
        help="currency code printed after amounts the brief formats itself (the open cart's "
        "value) when the mart has no reporting_currency_code column (default: EUR, the dbt "
        "var reporting_currency's default)",
    )


def add_brief_parser(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    parser = subparsers.add_parser(
        "brief",
        help="write one appointment's brief for boutique staff (PDF)",
        description="Write the brief of one appointment to a PDF.\n\n" + COMMON_DESCRIPTION,
        epilog=BRIEF_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--appointment-id",
        required=True,
        metavar="ID",
        help="the CRM appointment id (appointment_briefs.appointment_id)",
    )
    parser.add_argument(
        "--out",
        type=Path,
        metavar="FILE.pdf",
        help="the PDF to write (default: brief_<ID>.pdf in the current folder)",
    )
    add_common_options(parser)
    parser.set_defaults(func=run_brief)
    return parser


def add_briefs_parser(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    parser = subparsers.add_parser(
        "briefs",
        help="write the briefs of a day's appointments, for one boutique or all (PDFs)",
        description="Write the briefs of every appointment of a day (boutique local date) "
        "into a folder, with one warehouse connection and one template for all.\n\n"
        + COMMON_DESCRIPTION,
        epilog=BRIEFS_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--date",
        type=_date,
        required=True,
        metavar="YYYY-MM-DD",
        help="the day of the appointments, in each boutique's local time",
    )
    parser.add_argument(
        "--boutique",
        metavar="B",
        help="only this boutique: its id (e.g. B01) or its name; default: every boutique",
    )
    parser.add_argument(
        "--out", type=Path, required=True, metavar="DIR", help="the folder to write the PDFs to"
    )
    parser.add_argument("--quiet", action="store_true", help="no progress bar")
    add_common_options(parser)
    parser.set_defaults(func=run_briefs)
    return parser


def _renderer(args: argparse.Namespace) -> BriefRenderer:
    return BriefRenderer(Brand(name=args.brand, logo=args.logo, currency=args.currency))


def run_brief(args: argparse.Namespace) -> int:
    out = args.out or Path(f"brief_{produce.safe_name(args.appointment_id)}.pdf")
    try:
        with data.BriefStore(args.database) as store:
            brief = store.brief(args.appointment_id)
            if not brief.is_brief_allowed:
                print(
                    f"scv brief: no brief for appointment {args.appointment_id}: the customer's "
                    "consent does not allow one (is_brief_allowed is false); nothing written",
                    file=sys.stderr,
                )
                return EXIT_NOT_ALLOWED
            _renderer(args).write_pdf(brief, out)
    except (data.BriefDataError, FileNotFoundError) as error:
        print(f"scv brief: {error}", file=sys.stderr)
        return EXIT_ERROR
    except BriefNotAllowed as error:
        print(f"scv brief: {error}", file=sys.stderr)
        return EXIT_NOT_ALLOWED
    print(f"{args.appointment_id} -> {out}")
    return 0


def run_briefs(args: argparse.Namespace) -> int:
    try:
        with data.BriefStore(args.database) as store:
            renderer = _renderer(args)
            result = produce.write_day(
                store,
                renderer,
                args.date,
                args.out,
                args.boutique,
                progress=not args.quiet and sys.stderr.isatty(),
            )
    except (data.BriefDataError, FileNotFoundError) as error:
        print(f"scv briefs: {error}", file=sys.stderr)
        return EXIT_ERROR
    where = f"boutique {args.boutique}" if args.boutique else "all boutiques"
    if not result.written and not result.skipped:
        print(f"no appointments on {args.date} for {where}; nothing written")
        return 0
    print(f"{args.date}, {where}: {len(result.written)} briefs written to {args.out}")
    if result.skipped:
        print(
            f"{len(result.skipped)} skipped (consent does not allow a brief), listed in "
            f"{result.skipped_file}:"
        )
        for ref, reason in result.skipped:
            print(
                f"  {ref.appointment_id} ({ref.boutique_name}, {ref.scheduled_at_local}): {reason}"
            )
    return 0
