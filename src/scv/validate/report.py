"""The summary `scv validate` prints: one line a check, then each failure in full."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

from scv.validate.checks import Check
from scv.validate.runner import Outcome

EXAMPLES = 5


def _value(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, float):
        if math.isnan(value):
            return "null"
        return f"{value:,.4g}" if abs(value) < 1e4 else f"{value:,.0f}"
    if isinstance(value, int) and not isinstance(value, bool):
        return f"{value:,}"
    if hasattr(value, "item"):  # numpy scalar
        return _value(value.item())
    if isinstance(value, tuple):
        return "(" + ", ".join(_value(v) for v in value) + ")"
    return str(value)


def bound(outcome: Outcome) -> str:
    """The expectation's bound, as a reader would write it."""
    kwargs = outcome.kwargs
    kind = outcome.expectation_type
    if kind == "expect_column_quantile_values_to_be_between":
        ranges = kwargs["quantile_ranges"]
        return ", ".join(
            f"p{_percent(q)} in [{_value(low)}, {_value(high)}]"
            for q, (low, high) in zip(ranges["quantiles"], ranges["value_ranges"], strict=True)
        )
    if "min_value" in kwargs or "max_value" in kwargs:
        low, high = kwargs.get("min_value"), kwargs.get("max_value")
        if low is not None and high is not None:
            return f"between {_value(low)} and {_value(high)}"
        if low is not None:
            return f">= {_value(low)}"
        if high is not None:
            return f"<= {_value(high)}"
    if kind == "expect_column_values_to_not_be_null":
        return "not null"
    if kind == "expect_column_pair_values_to_be_equal":
        return f"{kwargs['column_A']} found as {kwargs['column_B']}"
    if kind == "expect_table_columns_to_match_set":
        return "columns include " + ", ".join(kwargs["column_set"])
    return ", ".join(f"{k}={_value(v)}" for k, v in kwargs.items() if v is not None)


def _percent(quantile: float) -> str:
    return f"{round(quantile * 100, 6):g}"


def observed(outcome: Outcome) -> str:
    """What the data showed, in the same terms as the bound."""
    if outcome.error:
        return f"error: {outcome.error}"
    result = outcome.result
    kind = outcome.expectation_type
    if kind == "expect_column_quantile_values_to_be_between" and "observed_value" in result:
        values = result["observed_value"]
        return ", ".join(
            f"p{_percent(q)} = {_value(v)}"
            for q, v in zip(values["quantiles"], values["values"], strict=True)
        )
    if kind == "expect_table_columns_to_match_set":
        missing = result.get("details", {}).get("mismatched", {}).get("missing") or []
        return "missing " + ", ".join(missing) if missing else "all present"
    if "observed_value" in result:
        return _value(result["observed_value"])
    if "unexpected_count" in result:
        count, total = result["unexpected_count"], result.get("element_count")
        examples = _examples(outcome, result)
        if kind == "expect_column_values_to_not_be_null":
            what = "rows null"
        elif kind == "expect_column_pair_values_to_be_equal":
            what = "distinct values not found"
        else:
            what = "rows outside the bound"
        text = f"{_value(count)} of {_value(total)} {what}"
        if examples and count > EXAMPLES:
            examples += f" and {_value(count - EXAMPLES)} more"
        return f"{text}: {examples}" if examples else text
    return "no observed value"


def _examples(outcome: Outcome, result: dict[str, Any]) -> str:
    rows = result.get("partial_unexpected_index_list") or []
    column = outcome.kwargs.get("column")
    index_columns = list(outcome.check.index_columns)
    if rows and isinstance(rows[0], dict) and index_columns:
        parts = []
        for row in rows[:EXAMPLES]:
            label = ", ".join(_value(row.get(name)) for name in index_columns)
            parts.append(f"{label} ({column} = {_value(row.get(column))})" if column else label)
        return "; ".join(parts)
    values = result.get("partial_unexpected_list") or []
    if outcome.expectation_type == "expect_column_pair_values_to_be_equal":
        # (child key, missing parent key): the orphan is the child key
        return "e.g. " + ", ".join(_value(pair[0]) for pair in values[:EXAMPLES])
    return "e.g. " + ", ".join(_value(v) for v in values[:EXAMPLES]) if values else ""


def row_condition(outcome: Outcome) -> str | None:
    """The rows an expectation applies to (GE keeps a pandas condition as a filter object)."""
    condition = outcome.kwargs.get("row_condition")
    if not condition:
        return None
    if hasattr(condition, "dict"):
        condition = condition.dict()
    if isinstance(condition, dict) and condition.get("type") == "comparison":
        operator = {"IN": "in", "NOT_IN": "not in"}.get(
            condition["operator"], condition["operator"]
        )
        return f"{condition['column']['name']} {operator} {condition['parameter']}"
    return str(condition)


def where(outcome: Outcome) -> str:
    columns = [outcome.kwargs.get(k) for k in ("column", "column_A") if outcome.kwargs.get(k)]
    table = outcome.check.table
    return f"{table} [{columns[0]}]" if columns else table


def format_summary(
    checks: Sequence[Check], outcomes: Sequence[Outcome], header: Sequence[str]
) -> str:
    lines = [*header, ""]
    width = max((len(check.suite_name) for check in checks), default=10)
    for check in checks:
        mine = [o for o in outcomes if o.check is check]
        passed = sum(o.success for o in mine)
        status = "ok  " if passed == len(mine) else "FAIL"
        lines.append(
            f"  {status}  {check.suite_name:<{width}}  {passed}/{len(mine)} passed  ({check.table})"
        )
    failures = [o for o in outcomes if not o.success]
    total = len(outcomes)
    lines.append("")
    lines.append(
        f"{total - len(failures)} of {total} expectations passed in {len(checks)} suites"
        + (f"; {len(failures)} failed:" if failures else ".")
    )
    for outcome in failures:
        lines += [
            "",
            f"  FAILED {outcome.check.suite_name}: {outcome.description}",
            f"    on:       {where(outcome)}",
            f"    check:    {outcome.expectation_type}",
            f"    expected: {bound(outcome)}",
            f"    observed: {observed(outcome)}",
        ]
        if condition := row_condition(outcome):
            lines.append(f"    rows:     {condition}")
    return "\n".join(lines)
