"""Identity resolution measured against the generator's ground truth.

Items are the identifiers found both in the id map (`int_identity__id_map`) and
in `<raw>/ground_truth/`. Two items form a predicted pair when they share a
customer_id and a true pair when they share a person_id. Pairwise precision,
recall and F1 come from the contingency table of (customer_id, person_id): a
group of n items holds n * (n - 1) / 2 pairs, so no pair is ever enumerated
and the same SQL runs on tens of millions of identifiers.

Every figure is computed in DuckDB on the warehouse file, opened read-only;
the intermediate tables are temporary tables of the evaluation's connection.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb
import numpy as np
import pyarrow as pa

from scv.evaluate import identity_sql as sql
from scv.warehouse import connect_read_only

DEFAULT_SCHEMA = "main_intermediate"
ID_MAP = "int_identity__id_map"
LINKS = "int_identity__links"
# Optional: when present, identifiers missing from the id map are split into
# "excluded on purpose" (hubs, placeholders) and the rest.
EXCLUDED = "int_identity__excluded_identifiers"

REQUIRED_COLUMNS = {
    ID_MAP: ("identifier_key", "identifier_type", "identifier_value", "customer_id"),
    LINKS: ("left_identifier_key", "right_identifier_key", "link_source"),
}

# Ground-truth file -> the identifiers it vouches for, as the id map spells them.
TRUTH_FILES = ("cookies", "user_ids", "crm_customers", "orders", "pos_sales", "appointments")
TRUTH_TYPES = (
    "ga_client",
    "ua_client",
    "ga_user_id",
    "crm_customer_id",
    "order_id",
    "pos_sale_id",
    "appointment_id",
    "booking_id",
)


@dataclass(frozen=True)
class Scope:
    name: str
    description: str
    condition: str
    # what counts as one person: the true person, or the part of a person a
    # perfect resolver could reach (reachable_person_id)
    person: str = "person_id"


SCOPES = (
    Scope("all_items", "every identifier in both the id map and the ground truth", "true"),
    Scope(
        "linkable_items",
        f"items whose identifier_key is in at least one row of {LINKS} (an anonymous "
        "browser that never logged in, booked or bought cannot be linked by any method)",
        "is_linkable",
    ),
    Scope(
        "reachable_pairs",
        "linkable items, where a true pair counts only when the two items are connected by "
        f"the observed links of {LINKS} (without excluded identifiers) plus the true "
        "duplicate CRM records: what a perfect resolver could find in this data; an order "
        "placed with an e-mail the CRM never saw cannot be tied to its buyer by any method",
        "is_linkable",
        "reachable_person_id",
    ),
    Scope(
        "crm_records",
        "items of type crm_customer_id only: how well duplicate CRM records are merged",
        "identifier_type = 'crm_customer_id'",
    ),
)
TARGET_SCOPE = "reachable_pairs"


@dataclass(frozen=True)
class Target:
    metric: str
    minimum: float


DEFAULT_TARGETS = (Target("precision", 0.995), Target("recall", 0.98))


class EvaluationError(Exception):
    """An input is missing or unusable; the message says what to do."""


@dataclass(frozen=True)
class PairCounts:
    """Pair counts of one scope; the metrics follow from them."""

    items: int
    persons: int
    customers: int
    predicted_pairs: int
    true_pairs: int
    correct_pairs: int
    over_merged_customers: int
    persons_in_over_merged_customers: int
    split_persons: int
    customers_of_split_persons: int

    @property
    def precision(self) -> float | None:
        """Correct / predicted pairs; 1.0 without predicted pairs (no wrong merge), None
        without items (nothing was measured)."""
        if not self.items:
            return None
        return self.correct_pairs / self.predicted_pairs if self.predicted_pairs else 1.0

    @property
    def recall(self) -> float | None:
        """Correct / true pairs; 1.0 without true pairs (nothing to find), None without items."""
        if not self.items:
            return None
        return self.correct_pairs / self.true_pairs if self.true_pairs else 1.0

    @property
    def f1(self) -> float | None:
        if self.precision is None or self.recall is None:
            return None
        total = self.precision + self.recall
        return 2 * self.precision * self.recall / total if total else 0.0


def quote_identifier(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def relation(schema: str, table: str) -> str:
    return f"{quote_identifier(schema)}.{quote_identifier(table)}"


def truth_dir_of(raw_dir: Path) -> Path:
    """The ground-truth folder of a generated dataset, checked file by file."""
    hint = (
        "--raw-dir must be the folder written by `scv generate --out` that the warehouse was "
        "built from (real exports have no ground truth)"
    )
    if not raw_dir.is_dir():
        raise EvaluationError(f"raw folder {raw_dir} does not exist: {hint}")
    truth_dir = raw_dir / "ground_truth"
    missing = [
        f"{name}.parquet" for name in TRUTH_FILES if not (truth_dir / f"{name}.parquet").is_file()
    ]
    if missing:
        raise EvaluationError(
            f"no ground truth in {truth_dir} (missing {', '.join(missing)}): {hint}"
        )
    return truth_dir


def connect(warehouse: Path) -> duckdb.DuckDBPyConnection:
    """Open the warehouse read-only, so an evaluation can never change it."""
    return connect_read_only(warehouse, EvaluationError, option="--warehouse")


def _columns(con: duckdb.DuckDBPyConnection, schema: str, table: str) -> set[str]:
    rows = con.execute(
        "select column_name from information_schema.columns "
        "where table_catalog = current_database() and table_schema = ? and table_name = ?",
        [schema, table],
    ).fetchall()
    return {row[0] for row in rows}


def check_tables(con: duckdb.DuckDBPyConnection, schema: str) -> bool:
    """Fail with a useful message when a needed table is missing; True if EXCLUDED exists."""
    for table, required in REQUIRED_COLUMNS.items():
        columns = _columns(con, schema, table)
        if not columns:
            elsewhere = [
                row[0]
                for row in con.execute(
                    "select distinct table_schema from information_schema.tables "
                    "where table_catalog = current_database() and table_name = ? order by 1",
                    [table],
                ).fetchall()
            ]
            if elsewhere:
                hint = f"it is in schema {', '.join(elsewhere)}: pass --schema {elsewhere[0]}"
            else:
                hint = f"build the identity models first: dbt build -s +{ID_MAP} +{LINKS}"
            raise EvaluationError(f"table {schema}.{table} not found in the warehouse; {hint}")
        missing = [column for column in required if column not in columns]
        if missing:
            raise EvaluationError(
                f"table {schema}.{table} has no column {', '.join(missing)}: rebuild it with "
                f"this version of the project (dbt build -s +{table})"
            )
    return bool(_columns(con, schema, EXCLUDED))


def load_items(con: duckdb.DuckDBPyConnection, schema: str, truth_dir: Path) -> dict[str, int]:
    """Create the temporary tables the metrics read; return data-quality counts."""

    truth_path = str(truth_dir.resolve()).replace("'", "''")
    # GA360 browsers: only when the data has a GA360 export
    ga360_clients = (
        sql.GA360_CLIENTS.format(truth_dir=truth_path)
        if (truth_dir / "ga360_clients.parquet").is_file()
        else ""
    )
    con.execute(sql.TRUTH.format(truth_dir=truth_path, ga360_clients=ga360_clients))
    con.execute(
        sql.IDENTIFIERS.format(id_map=relation(schema, ID_MAP), links=relation(schema, LINKS))
    )
    add_reachable_persons(con, schema)
    counts = con.execute(sql.CHECKS).fetchone()
    assert counts is not None
    names = (
        "truth_identifiers",
        "truth_identifiers_with_several_persons",
        "id_map_identifiers",
        "id_map_identifiers_with_several_customer_ids",
    )
    return dict(zip(names, (int(value) for value in counts), strict=True))


def connected_components(left: np.ndarray, right: np.ndarray, size: int) -> np.ndarray:
    """Component label (the smallest member) of nodes 0..size-1 joined by edges left-right.

    Label propagation with pointer jumping, vectorised with numpy: each round
    gives both ends of every edge the smaller of their labels, then every node
    its label's label; it stops when a round changes nothing.
    """
    labels = np.arange(size, dtype=np.int64)
    while True:
        smaller = np.minimum(labels[left], labels[right])
        updated = labels.copy()
        np.minimum.at(updated, left, smaller)
        np.minimum.at(updated, right, smaller)
        updated = updated[updated]
        if np.array_equal(updated, labels):
            return labels
        labels = updated


def add_reachable_persons(con: duckdb.DuckDBPyConnection, schema: str) -> None:
    """Add reachable_person_id to evaluation_identifiers: person_id plus the component of
    the identifier in the graph a perfect resolver could use (sql.REACHABLE_EDGES)."""
    if _columns(con, schema, EXCLUDED):
        excluded_keys = f"select identifier_key from {relation(schema, EXCLUDED)}"
    else:
        excluded_keys = "select null::varchar as identifier_key where false"
    edges = con.sql(
        sql.REACHABLE_EDGES.format(links=relation(schema, LINKS), excluded_keys=excluded_keys)
    ).to_arrow_table()
    keys = con.sql(
        "select identifier_key from evaluation_identifiers where identifier_key is not null"
    ).to_arrow_table()
    all_keys = np.concatenate(
        [
            np.asarray(keys.column(0).to_numpy(zero_copy_only=False), dtype=object),
            np.asarray(edges.column(0).to_numpy(zero_copy_only=False), dtype=object),
            np.asarray(edges.column(1).to_numpy(zero_copy_only=False), dtype=object),
        ]
    )
    unique_keys, codes = np.unique(all_keys.astype(str), return_inverse=True)
    first_edge = len(keys)
    left = codes[first_edge : first_edge + len(edges)]
    right = codes[first_edge + len(edges) :]
    labels = connected_components(left, right, len(unique_keys))
    components = pa.table({"identifier_key": unique_keys, "reachable_component": labels})
    con.register("evaluation_reachable_components", components)
    con.execute(
        """
        create or replace temp table evaluation_identifiers as
        select
            identifiers.*,
            identifiers.person_id || '#'
                || coalesce(cast(components.reachable_component as varchar), 'none')
                as reachable_person_id,
        from evaluation_identifiers as identifiers
        left join evaluation_reachable_components as components
            on identifiers.identifier_key = components.identifier_key
        """
    )
    con.unregister("evaluation_reachable_components")


def pair_counts(con: duckdb.DuckDBPyConnection, scope: Scope) -> PairCounts:
    """Fill evaluation_cells with the scope's contingency table and count its pairs."""
    con.execute(sql.CELLS.format(scope=scope.condition, person=scope.person))
    row = con.execute(sql.PAIRS).fetchone()
    assert row is not None
    return PairCounts(*(int(value) for value in row))


def _rows(con: duckdb.DuckDBPyConnection, query: str) -> list[dict[str, Any]]:
    cursor = con.execute(query)
    names = [column[0] for column in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def scope_report(con: duckdb.DuckDBPyConnection, scope: Scope, examples: int) -> dict[str, Any]:
    counts = pair_counts(con, scope)
    return {
        "description": scope.description,
        "items": counts.items,
        "persons": counts.persons,
        "customer_ids": counts.customers,
        "pairs": {
            "predicted": counts.predicted_pairs,
            "true": counts.true_pairs,
            "correct": counts.correct_pairs,
        },
        "precision": counts.precision,
        "recall": counts.recall,
        "f1": counts.f1,
        "over_merged_customers": counts.over_merged_customers,
        "persons_in_over_merged_customers": counts.persons_in_over_merged_customers,
        "split_persons": counts.split_persons,
        "customers_of_split_persons": counts.customers_of_split_persons,
        "largest_over_merges": _rows(con, sql.LARGEST_OVER_MERGES.format(limit=examples)),
        "largest_splits": _rows(con, sql.LARGEST_SPLITS.format(limit=examples)),
    }


def coverage_by_type(con: duckdb.DuckDBPyConnection, schema: str, has_excluded: bool) -> dict:
    if has_excluded:
        excluded = f"select identifier_type, identifier_value from {relation(schema, EXCLUDED)}"
    else:
        excluded = "select null::varchar as identifier_type, null::varchar as identifier_value"
    by_type = {}
    for row in _rows(con, sql.COVERAGE.format(excluded=excluded)):
        identifier_type = row.pop("identifier_type")
        if not has_excluded:
            row["missing_of_which_excluded"] = None
        by_type[identifier_type] = {"has_ground_truth": identifier_type in TRUTH_TYPES, **row}
    return by_type


def check_targets(report: dict[str, Any], targets: tuple[Target, ...]) -> list[dict[str, Any]]:
    """Each target on TARGET_SCOPE; a scope without items misses every target."""
    scope = report[TARGET_SCOPE]
    return [
        {
            "metric": target.metric,
            "scope": TARGET_SCOPE,
            "minimum": target.minimum,
            "value": scope[target.metric],
            "passed": scope[target.metric] is not None and scope[target.metric] >= target.minimum,
        }
        for target in targets
    ]


def evaluate(
    con: duckdb.DuckDBPyConnection,
    raw_dir: Path,
    schema: str = DEFAULT_SCHEMA,
    targets: tuple[Target, ...] = DEFAULT_TARGETS,
    examples: int = 5,
) -> dict[str, Any]:
    """Compare the warehouse's id map with the ground truth of `raw_dir`; return the report."""
    truth_dir = truth_dir_of(raw_dir)
    has_excluded = check_tables(con, schema)
    checks = load_items(con, schema, truth_dir)
    report: dict[str, Any] = {
        "schema": schema,
        "ground_truth": str(truth_dir.resolve()),
        "definitions": {
            "item": "an identifier (identifier_type, identifier_value) present in both the id map "
            "and the ground truth",
            "predicted_pair": "two items with the same customer_id",
            "true_pair": "two items with the same person_id",
            "precision": "correct pairs / predicted pairs (1.0 when there is no predicted pair, "
            "null when the scope has no item)",
            "recall": "correct pairs / true pairs (1.0 when there is no true pair, null when the "
            "scope has no item)",
        },
        "checks": checks,
    }
    report["items_by_type"] = coverage_by_type(con, schema, has_excluded)
    for scope in SCOPES:
        report[scope.name] = scope_report(con, scope, examples)
    if report["all_items"]["items"] == 0:
        raise EvaluationError(
            f"no identifier of {schema}.{ID_MAP} is in the ground truth of {raw_dir}: "
            "is --raw-dir the dataset the warehouse was built from?"
        )
    report["targets"] = check_targets(report, targets)
    report["passed"] = all(result["passed"] for result in report["targets"])
    return report


def _ratio(value: float | None) -> str:
    return "-" if value is None else f"{value:.4f}"


def format_summary(report: dict[str, Any]) -> str:
    """The report as a few aligned tables for the terminal."""
    lines = [
        f"identity evaluation of {report['schema']}.{ID_MAP} against {report['ground_truth']}",
        "",
        "identifiers by type (items = in both the id map and the ground truth)",
    ]
    header = ("type", "items", "linkable", "truth not in map", "map without truth")
    lines.append(f"  {header[0]:<16}" + "".join(f"{name:>19}" for name in header[1:]))
    for identifier_type, row in report["items_by_type"].items():
        without_truth = f"{row['id_map_without_truth']:,}"
        if not row["has_ground_truth"]:
            without_truth += " (type not in truth)"
        values = (row["items"], row["linkable_items"], row["truth_missing_from_id_map"])
        lines.append(
            f"  {identifier_type:<16}"
            + "".join(f"{value:>19,}" for value in values)
            + f"  {without_truth:>17}"
        )
    lines += ["", f"  {'':<36}" + "".join(f"{scope.name:>20}" for scope in SCOPES)]
    rows = (
        ("items", lambda s: f"{s['items']:,}"),
        ("persons", lambda s: f"{s['persons']:,}"),
        ("customer_ids", lambda s: f"{s['customer_ids']:,}"),
        ("pairwise precision", lambda s: _ratio(s["precision"])),
        ("pairwise recall", lambda s: _ratio(s["recall"])),
        ("pairwise F1", lambda s: _ratio(s["f1"])),
        (
            "over-merged customer_ids (persons)",
            lambda s: f"{s['over_merged_customers']:,} ({s['persons_in_over_merged_customers']:,})",
        ),
        (
            "split persons (customer_ids)",
            lambda s: f"{s['split_persons']:,} ({s['customers_of_split_persons']:,})",
        ),
    )
    for label, cell in rows:
        lines.append(f"  {label:<36}" + "".join(f"{cell(report[s.name]):>20}" for s in SCOPES))
    checks = report["checks"]
    if checks["truth_identifiers_with_several_persons"]:
        lines.append(
            f"  warning: {checks['truth_identifiers_with_several_persons']:,} ground-truth "
            "identifiers belong to several persons; they are left out of the items"
        )
    if checks["id_map_identifiers_with_several_customer_ids"]:
        lines.append(
            f"  warning: {checks['id_map_identifiers_with_several_customer_ids']:,} identifiers "
            f"have several rows with different customer_ids in {ID_MAP}; the smallest is used"
        )
    lines += ["", f"targets (on {TARGET_SCOPE})"]
    for result in report["targets"]:
        verdict = "PASS" if result["passed"] else "FAIL"
        lines.append(
            f"  {verdict}  {result['metric']} {_ratio(result['value'])} >= {result['minimum']}"
        )
    return "\n".join(lines)
