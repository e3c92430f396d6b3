"""Generated raw data for the end-to-end tests."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

# Small but complete: every kind of injected mess appears at least once; two
# weeks of GA360 (Universal Analytics) export before the GA4 days.
SMALL_DATA = {"customers": 300, "days": 4, "seed": 7, "ga360_days": 14}


def generate(
    out: Path,
    *,
    customers: int,
    days: int,
    seed: int,
    ga360_days: int = 0,
    extra_args: Sequence[str] = (),
) -> Path:
    from scv.cli import main

    code = main(
        [
            "generate",
            "--customers",
            str(customers),
            "--days",
            str(days),
            "--seed",
            str(seed),
            "--ga360-days",
            str(ga360_days),
            "--out",
            str(out),
            "--quiet",
            *extra_args,
        ]
    )
    assert code == 0, f"scv generate exited with {code}"
    return out
