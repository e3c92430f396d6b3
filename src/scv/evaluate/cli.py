"""`scv evaluate`: measure the warehouse against the generator's ground truth."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from scv.evaluate import identity

IDENTITY_DESCRIPTION = f"""\
Compare the identity graph the warehouse built ({identity.ID_MAP}) with
the true person behind every identifier, which `scv generate` writes in
DIR/ground_truth/.

Items are the identifiers present in both. A predicted pair is two items with
the same customer_id, a true pair two items with the same person_id; pairwise
precision = correct pairs / predicted pairs and recall = correct pairs / true
pairs, counted from the (customer_id, person_id) table without listing pairs.
Figures are given for all items, for the linkable items (those in at least one
row of {identity.LINKS}: a browser that never logged in, booked or bought
cannot be linked by any method) and for CRM records alone (de-duplication).

The targets apply to the linkable items. The summary is printed and the full
report written as JSON; the exit code is 0 whether targets are met or not,
unless --fail-under is given (then 1 when a target is missed). Missing inputs
exit with 2 and a message saying what to do."""

IDENTITY_EPILOG = """\
example:
  scv generate --customers 2000 --days 30 --out data/demo && make build
  scv evaluate identity --warehouse scv.duckdb --raw-dir data/demo --fail-under
"""


def _share(value: str) -> float:
    try:
        share = float(value)
    except ValueError as error:
        raise argparse.ArgumentTypeError(f"not a number: {value!r}") from error
    if not 0.0 <= share <= 1.0:
        raise argparse.ArgumentTypeError(f"must be between 0 and 1: {value!r}")
    return share


def add_parser(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    parser = subparsers.add_parser(
        "evaluate",
        help="measure what the warehouse built against the generator's ground truth",
        description="Measure what the warehouse built against the ground truth that "
        "`scv generate` writes beside demo data.",
    )
    evaluations = parser.add_subparsers(dest="evaluation", metavar="EVALUATION")
    evaluations.required = True
    add_identity_parser(evaluations)
    return parser


def add_identity_parser(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    defaults = {target.metric: target.minimum for target in identity.DEFAULT_TARGETS}
    parser = subparsers.add_parser(
        "identity",
        help="pairwise precision and recall of identity resolution",
        description=IDENTITY_DESCRIPTION,
        epilog=IDENTITY_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--warehouse",
        type=Path,
        required=True,
        metavar="PATH.duckdb",
        help="the DuckDB file dbt built (SCV_DUCKDB_PATH; scv.duckdb after make build); "
        "opened read-only",
    )
    parser.add_argument(
        "--raw-dir",
        type=Path,
        required=True,
        metavar="DIR",
        help="the folder `scv generate --out` wrote and the warehouse was built from; "
        "its ground_truth/ is read",
    )
    parser.add_argument(
        "--schema",
        default=identity.DEFAULT_SCHEMA,
        help=f"schema of {identity.ID_MAP} and {identity.LINKS} "
        f"(default {identity.DEFAULT_SCHEMA})",
    )
    parser.add_argument(
        "--out",
        type=Path,
        default=Path("identity_evaluation.json"),
        metavar="FILE.json",
        help="where to write the full report (default identity_evaluation.json in the current "
        "folder)",
    )
    parser.add_argument(
        "--min-precision",
        type=_share,
        default=defaults["precision"],
        metavar="P",
        help=f"precision target on linkable items (default {defaults['precision']})",
    )
    parser.add_argument(
        "--min-recall",
        type=_share,
        default=defaults["recall"],
        metavar="R",
        help=f"recall target on linkable items (default {defaults['recall']})",
    )
    parser.add_argument(
        "--fail-under",
        action="store_true",
        help="exit with 1 when a target is missed (default: report only, exit 0)",
    )
    parser.set_defaults(func=run_identity)
    return parser


def run_identity(args: argparse.Namespace) -> int:
    targets = (
        identity.Target("precision", args.min_precision),
        identity.Target("recall", args.min_recall),
    )
    try:
        identity.truth_dir_of(args.raw_dir)
        with identity.connect(args.warehouse) as con:
            report = identity.evaluate(con, args.raw_dir, schema=args.schema, targets=targets)
    except identity.EvaluationError as error:
        print(f"scv evaluate identity: error: {error}", file=sys.stderr)
        return 2
    report = {"warehouse": str(args.warehouse), **report}
    print(identity.format_summary(report))
    try:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps(report, indent=2) + "\n")
    except OSError as error:
        print(f"scv evaluate identity: error: cannot write {args.out}: {error}", file=sys.stderr)
        return 2
    print(f"\nreport written to {args.out}")
    if args.fail_under and not report["passed"]:
        return 1
    return 0
