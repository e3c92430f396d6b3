"""The `scv` command line: one sub-command per capability.

Each sub-command lives in its own module and registers itself through a
`add_parser(subparsers)` function returning the parser, whose `func`
default is called with the parsed arguments.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from scv import __version__


def build_parser() -> argparse.ArgumentParser:
    from scv.audiences import cli as audiences_cli
    from scv.briefs import cli as briefs_cli
    from scv.evaluate import cli as evaluate_cli
    from scv.generate import cli as generate_cli
    from scv.validate import cli as validate_cli

    parser = argparse.ArgumentParser(
        prog="scv",
        description="Single customer view on dbt: demo data, builds and checks.",
    )
    parser.add_argument("--version", action="version", version=f"scv {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    subparsers.required = True
    generate_cli.add_parser(subparsers)
    evaluate_cli.add_parser(subparsers)
    audiences_cli.add_parser(subparsers)
    briefs_cli.add_brief_parser(subparsers)
    briefs_cli.add_briefs_parser(subparsers)
    validate_cli.add_parser(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.func(args) or 0)
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    raise SystemExit(main())
