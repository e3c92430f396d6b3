"""Suite `marts`: the marts and staging models dbt built, on DuckDB or BigQuery.

What is read (the same SQL on both engines):
- row counts of the marts, staging and quarantine models: one `count(*)`
  query over all of them;
- the latest order and session dates and the marts' as-of date: one query of
  three `max()`;
- whole columns where their distribution is checked: fct_orders.net_amount
  and fct_sessions.session_duration_seconds (one number a row);
- for each reference, the distinct non-null keys of the child with the
  matching parent key (a left join), so only orphans and their count matter.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pandas as pd

from scv.validate.checks import Check, rows_where, span
from scv.validate.config import ValidationConfigError, bounds, number
from scv.validate.engines import Warehouse, union_counts

SUITE = "marts"

# staging models with a _quarantine twin; raw rows = staged + quarantined
QUARANTINED_SOURCES = (
    "stg_commerce__order_lines",
    "stg_commerce__orders",
    "stg_commerce__pos_sale_lines",
    "stg_commerce__pos_sales",
    "stg_commerce__products",
    "stg_crm__appointments",
    "stg_crm__consents",
    "stg_crm__customers",
    "stg_ga360__sessions",
    "stg_ga4__events",
)
# sources a brand may not have (GA360 history): checked only when they have rows
OPTIONAL_SOURCES = ("stg_ga360__sessions",)

# each mart and the sources whose raw rows it is compared with
VOLUME_SOURCES = {
    "fct_orders": ("stg_commerce__orders", "stg_commerce__pos_sales"),
    # events of both trackers: GA4 events and GA360 hits (empty without the UA history)
    "fct_sessions": ("stg_ga4__events", "stg_ga360__hits"),
    "customer_360": ("stg_crm__customers",),
}
# staging models counted for the volumes that have no quarantine model of their own
# (the hits of a quarantined GA360 session row are counted with the row)
UNQUARANTINED_SOURCES = ("stg_ga360__hits",)

# fact -> its date column, compared with customer_360.as_of_date
FRESHNESS_COLUMNS = {"fct_orders": "order_date", "fct_sessions": "session_date"}


@dataclass(frozen=True)
class Reference:
    child: str
    column: str
    parent: str
    parent_column: str

    @property
    def name(self) -> str:
        return f"references_{self.child}_{self.column}"


REFERENCES = (
    Reference("fct_orders", "customer_id", "customer_360", "customer_id"),
    Reference("fct_order_lines", "order_key", "fct_orders", "order_key"),
    Reference("fct_sessions", "customer_id", "customer_360", "customer_id"),
)

MARTS = ("fct_orders", "fct_order_lines", "fct_sessions", "customer_360")


def models() -> dict[str, str]:
    """Every model the suite reads and its layer (the dbt schema suffix)."""
    layers = {mart: "marts" for mart in MARTS}
    for source in QUARANTINED_SOURCES:
        layers[source] = "staging"
        layers[f"{source}_quarantine"] = "staging"
    for source in UNQUARANTINED_SOURCES:
        layers[source] = "staging"
    return layers


def checks(warehouse: Warehouse, config: dict[str, Any], as_of: dt.date | None) -> list[Check]:
    from great_expectations import expectations as gxe

    warehouse.resolve(models())
    marts = config["marts"]
    counts = union_counts(warehouse, models())
    dates = latest_dates(warehouse)
    as_of_date = as_of or dates["as_of_date"]
    result = [
        volumes(counts, marts["volumes"], gxe),
        freshness(dates, as_of_date, marts["freshness"], gxe),
    ]
    for key, settings in marts["distributions"].items():
        result.append(distribution(warehouse, key, settings, gxe))
    result += [references(warehouse, reference, gxe) for reference in REFERENCES]
    result.append(quarantine(counts, marts["quarantine"], gxe))
    return result


def raw_rows(counts: dict[str, int], source: str) -> int:
    if source in UNQUARANTINED_SOURCES:
        return counts[source]
    return counts[source] + counts[f"{source}_quarantine"]


def volumes(counts: dict[str, int], settings: dict[str, Any], gxe) -> Check:
    rows = []
    for mart, sources in VOLUME_SOURCES.items():
        raw = sum(raw_rows(counts, source) for source in sources)
        rows.append(
            {
                "mart": mart,
                "row_count": counts[mart],
                "raw_sources": " + ".join(sources),
                "raw_row_count": raw,
                "ratio_to_raw": counts[mart] / raw if raw else None,
            }
        )
    frame = pd.DataFrame(rows)
    frame["ratio_to_raw"] = frame["ratio_to_raw"].astype("Float64")
    expectations = []
    for mart in VOLUME_SOURCES:
        mart_settings = settings[mart]
        min_rows = number(mart_settings["min_rows"], f"marts.volumes.{mart}.min_rows")
        low, high = bounds(mart_settings["ratio_to_raw"], f"marts.volumes.{mart}.ratio_to_raw")
        condition = {"row_condition": rows_where("mart", [mart])}
        expectations += [
            gxe.ExpectColumnValuesToBeBetween(
                column="row_count",
                min_value=min_rows,
                description=f"{mart} has at least {min_rows:g} rows",
                **condition,
            ),
            gxe.ExpectColumnValuesToNotBeNull(
                column="ratio_to_raw",
                description=f"{mart}: its sources have raw rows",
                **condition,
            ),
            gxe.ExpectColumnValuesToBeBetween(
                column="ratio_to_raw",
                min_value=low,
                max_value=high,
                description=f"{mart} rows / raw rows of {' + '.join(VOLUME_SOURCES[mart])} "
                f"{span(low, high)}",
                **condition,
            ),
        ]
    return Check(
        suite=SUITE,
        name="volumes",
        table=", ".join(VOLUME_SOURCES),
        reads="count(*) of the marts and of each staging model and its quarantine",
        frame=frame,
        index_columns=["mart"],
        expectations=expectations,
    )


def _as_date(value: Any) -> dt.date | None:
    if value is None or pd.isna(value):
        return None
    return pd.Timestamp(value).date()


def latest_dates(warehouse: Warehouse) -> dict[str, dt.date | None]:
    selects = [
        f"(select max({column}) from {warehouse.relation(fact)}) as {fact}"
        for fact, column in FRESHNESS_COLUMNS.items()
    ]
    selects.append(
        f"(select max(as_of_date) from {warehouse.relation('customer_360')}) as as_of_date"
    )
    frame = warehouse.frame("select\n    " + ",\n    ".join(selects))
    return {column: _as_date(frame.iloc[0][column]) for column in frame.columns}


def freshness(
    dates: dict[str, dt.date | None], as_of: dt.date | None, settings: dict[str, Any], gxe
) -> Check:
    rows = []
    for fact, column in FRESHNESS_COLUMNS.items():
        latest = dates[fact]
        rows.append(
            {
                "fact": fact,
                "latest": f"max({column})",
                "latest_date": latest.isoformat() if latest else None,
                "as_of_date": as_of.isoformat() if as_of else None,
                "days_before_as_of": (as_of - latest).days if latest and as_of else None,
            }
        )
    frame = pd.DataFrame(rows)
    frame["days_before_as_of"] = frame["days_before_as_of"].astype("Int64")
    expectations = [
        gxe.ExpectColumnValuesToNotBeNull(
            column="as_of_date",
            description="an as-of date: customer_360.as_of_date, or --as-of",
        ),
        gxe.ExpectColumnValuesToNotBeNull(
            column="latest_date", description="every fact table has a latest date (not empty)"
        ),
    ]
    for fact in FRESHNESS_COLUMNS:
        max_days = number(
            settings[fact]["max_days_before_as_of"],
            f"marts.freshness.{fact}.max_days_before_as_of",
        )
        expectations.append(
            gxe.ExpectColumnValuesToBeBetween(
                column="days_before_as_of",
                max_value=max_days,
                row_condition=rows_where("fact", [fact]),
                description=f"freshness: the latest {fact} date is at most {max_days:g} days "
                "before the as-of date",
            )
        )
    return Check(
        suite=SUITE,
        name="freshness",
        table=", ".join(FRESHNESS_COLUMNS),
        reads="max(order_date), max(session_date), max(customer_360.as_of_date)",
        frame=frame,
        index_columns=["fact"],
        expectations=expectations,
    )


def distribution(warehouse: Warehouse, key: str, settings: dict[str, Any], gxe) -> Check:
    table, _, column = key.partition(".")
    if table not in MARTS or not column:
        raise ValidationConfigError(
            f"marts.distributions.{key}: name a column of {', '.join(MARTS)} as table.column"
        )
    name = f"marts.distributions.{key}"
    frame = warehouse.frame(f"select {column} from {warehouse.relation(table)}")
    # DECIMAL arrives as float (DuckDB) or Decimal objects (BigQuery): one float column
    frame[column] = pd.to_numeric(frame[column], errors="coerce").astype("float64")
    expectations = [
        gxe.ExpectTableRowCountToBeBetween(min_value=1, description=f"{table} is not empty"),
        gxe.ExpectColumnValuesToNotBeNull(column=column, description=f"{column} is never null"),
    ]
    low = number(settings.get("min"), f"{name}.min", allow_none=True)
    high = number(settings.get("max"), f"{name}.max", allow_none=True)
    if low is not None:
        expectations.append(
            gxe.ExpectColumnMinToBeBetween(
                column=column, min_value=low, description=f"no {column} below {low:g}"
            )
        )
    if high is not None:
        expectations.append(
            gxe.ExpectColumnMaxToBeBetween(
                column=column, max_value=high, description=f"no {column} above {high:g}"
            )
        )
    quantiles = settings.get("quantiles") or {}
    if quantiles:
        points = sorted(quantiles, key=lambda q: number(q, f"{name}.quantiles key"))
        for point in points:
            if not 0 <= float(point) <= 1:
                raise ValidationConfigError(f"{name}.quantiles: {point} is not between 0 and 1")
        ranges = [list(bounds(quantiles[point], f"{name}.quantiles.{point}")) for point in points]
        expectations.append(
            gxe.ExpectColumnQuantileValuesToBeBetween(
                column=column,
                quantile_ranges={"quantiles": [float(p) for p in points], "value_ranges": ranges},
                allow_relative_error=False,
                description=f"quantiles of {column}: "
                + ", ".join(
                    f"p{float(p) * 100:g} {span(*r)}" for p, r in zip(points, ranges, strict=True)
                ),
            )
        )
    return Check(
        suite=SUITE,
        name=f"distribution_{table}_{column}",
        table=f"{table}.{column}",
        reads=f"the whole {column} column of {table}",
        frame=frame,
        expectations=expectations,
    )


def references(warehouse: Warehouse, reference: Reference, gxe) -> Check:
    parent_key = f"{reference.parent}_{reference.parent_column}"
    sql = (
        f"select distinct\n    child.{reference.column} as {reference.column},\n"
        f"    parent.{reference.parent_column} as {parent_key}\n"
        f"from {warehouse.relation(reference.child)} as child\n"
        f"left join {warehouse.relation(reference.parent)} as parent\n"
        f"    on child.{reference.column} = parent.{reference.parent_column}\n"
        f"where child.{reference.column} is not null"
    )
    frame = warehouse.frame(sql)
    return Check(
        suite=SUITE,
        name=reference.name,
        table=f"{reference.child}.{reference.column}",
        reads=f"distinct non-null {reference.child}.{reference.column} left joined to "
        f"{reference.parent}",
        frame=frame,
        expectations=[
            gxe.ExpectColumnPairValuesToBeEqual(
                column_A=reference.column,
                column_B=parent_key,
                description=f"every {reference.child}.{reference.column} that is not null "
                f"exists in {reference.parent}.{reference.parent_column}",
            )
        ],
    )


def quarantine(counts: dict[str, int], settings: dict[str, Any], gxe) -> Check:
    rows = []
    for source in QUARANTINED_SOURCES:
        raw = raw_rows(counts, source)
        if source in OPTIONAL_SOURCES and raw == 0:
            continue
        quarantined = counts[f"{source}_quarantine"]
        rows.append(
            {
                "source": source,
                "staged_rows": counts[source],
                "quarantined_rows": quarantined,
                "raw_rows": raw,
                "quarantine_ratio": quarantined / raw if raw else None,
            }
        )
    frame = pd.DataFrame(rows)
    frame["quarantine_ratio"] = frame["quarantine_ratio"].astype("Float64")
    ceiling = number(settings["max_ratio"], "marts.quarantine.max_ratio")
    by_source = settings.get("max_ratio_by_source") or {}
    unknown = sorted(set(by_source) - set(QUARANTINED_SOURCES))
    if unknown:
        raise ValidationConfigError(
            f"marts.quarantine.max_ratio_by_source: unknown source {', '.join(unknown)}; "
            f"known: {', '.join(QUARANTINED_SOURCES)}"
        )
    expectations = [
        gxe.ExpectColumnValuesToBeBetween(
            column="raw_rows", min_value=1, description="every source has raw rows"
        ),
        gxe.ExpectColumnValuesToBeBetween(
            column="quarantine_ratio",
            min_value=0,
            max_value=ceiling,
            description=f"quarantined / raw rows at most {ceiling:.1%} per source",
            **(
                {"row_condition": rows_where("source", sorted(by_source), negate=True)}
                if by_source
                else {}
            ),
        ),
    ]
    for source in sorted(by_source):
        source_ceiling = number(by_source[source], f"marts.quarantine.max_ratio_by_source.{source}")
        expectations.append(
            gxe.ExpectColumnValuesToBeBetween(
                column="quarantine_ratio",
                min_value=0,
                max_value=source_ceiling,
                row_condition=rows_where("source", [source]),
                description=f"{source}: quarantined / raw rows at most {source_ceiling:.1%}",
            )
        )
    return Check(
        suite=SUITE,
        name="quarantine_ratios",
        table="stg_*_quarantine",
        reads="count(*) of each staging model and its quarantine",
        frame=frame,
        index_columns=["source"],
        expectations=expectations,
    )
