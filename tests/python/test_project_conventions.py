"""Project rules that keep the warehouse understandable, checked on dbt's manifest.

Every model, seed and source is described; every column a model produces is
documented; every model has a primary-key test; engine-specific macros have
both a DuckDB (default__) and a BigQuery implementation.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict

import pytest

from project_paths import REPO


@pytest.fixture(scope="module")
def manifest(warehouse) -> dict:
    return json.loads((warehouse.project.workdir / "target" / "manifest.json").read_text())


def nodes(manifest: dict, resource_type: str) -> list[dict]:
    return [
        n
        for n in manifest["nodes"].values()
        if n["resource_type"] == resource_type and n["package_name"] == "scv"
    ]


def test_every_model_and_seed_is_described(manifest) -> None:
    undocumented = [
        n["name"]
        for kind in ("model", "seed")
        for n in nodes(manifest, kind)
        if not n["description"].strip()
    ]
    assert not undocumented, f"add a description to: {undocumented}"


def test_every_source_table_is_described(manifest) -> None:
    undocumented = [
        s["unique_id"] for s in manifest["sources"].values() if not s["description"].strip()
    ]
    assert not undocumented, undocumented


def test_every_built_column_is_documented(manifest, warehouse) -> None:
    missing = []
    for node in nodes(manifest, "model"):
        documented = {
            name.lower() for name, col in node["columns"].items() if col["description"].strip()
        }
        built = {
            row[0].lower()
            for row in warehouse.query(
                "select column_name from information_schema.columns "
                f"where table_name = '{node['alias']}'"
            )
        }
        assert built, f"{node['name']} was not built"
        missing += [f"{node['name']}.{c}" for c in sorted(built - documented)]
    assert not missing, "columns without a description:\n" + "\n".join(missing)


def test_every_model_has_a_primary_key_test(manifest) -> None:
    tests_by_model: dict[str, set[str]] = defaultdict(set)
    for test in nodes(manifest, "test"):
        meta = test.get("test_metadata") or {}
        for dep in test["depends_on"]["nodes"]:
            tests_by_model[dep].add(meta.get("name", "singular"))
    lacking = [
        n["name"]
        for n in nodes(manifest, "model")
        if not (
            {"unique", "not_null"} <= tests_by_model[n["unique_id"]]
            or "unique_combination_of_columns" in tests_by_model[n["unique_id"]]
        )
    ]
    assert not lacking, f"models without unique + not_null tests: {lacking}"


def test_cross_db_macros_have_duckdb_and_bigquery_implementations() -> None:
    text = "\n".join(p.read_text() for p in (REPO / "macros" / "cross_db").rglob("*.sql"))
    defaults = set(re.findall(r"macro\s+default__(\w+)", text))
    bigquery = set(re.findall(r"macro\s+bigquery__(\w+)", text))
    assert defaults, "no dispatched macros found"
    assert defaults == bigquery, (
        f"only DuckDB: {sorted(defaults - bigquery)}; only BigQuery: {sorted(bigquery - defaults)}"
    )
