"""What a suite hands the runner: a small pandas frame and the expectations on it.

Each check is one Great Expectations suite validated against one frame. The
frames are small on purpose: SQL (DuckDB or BigQuery) or file metadata does
the counting, and a whole column is read only where its distribution is the
thing checked. `reads` says what was read, for the summary and Data Docs.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import pandas as pd


@dataclass
class Check:
    suite: str  # "raw" or "marts"
    name: str  # unique within the suite, e.g. "ga4_daily_volumes"
    table: str  # what the frame is about: a file pattern or a model
    reads: str  # what was read to make the frame
    frame: pd.DataFrame
    # great_expectations Expectation objects (built lazily: importing GE is slow)
    expectations: list[Any] = field(default_factory=list)
    # columns that name the rows an expectation rejects (a day, a model)
    index_columns: Sequence[str] = ()

    @property
    def suite_name(self) -> str:
        return f"{self.suite}.{self.name}"


def rows_where(column: str, values: Sequence[str], *, negate: bool = False) -> Any:
    """A GE row condition: the rows whose column is (negate: is not) one of values."""
    from great_expectations.expectations.row_conditions import Column

    return Column(column).is_not_in(values) if negate else Column(column).is_in(values)


def span(low: float | None, high: float | None) -> str:
    """A bound as the descriptions (and so Data Docs) show it: 'between 0.5 and 2'."""
    if low is not None and high is not None:
        return f"between {low:g} and {high:g}"
    if low is not None:
        return f">= {low:g}"
    if high is not None:
        return f"<= {high:g}"
    return "unbounded"
