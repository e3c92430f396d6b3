"""Project rules that keep the warehouse understandable, checked on dbt's manifest.

Every model, seed and source is described; every column a model produces is
documented; every model has a primary-key test; engine-specific macros have
both a DuckDB (default__) and a BigQuery implementation; every model has an
owner (group) and only models without personal data are public; a model with a
personal-data column says it holds personal data; marts have enforced contracts.
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


def personal_data_flag(node: dict):
    return (node["config"].get("meta") or {}).get("contains_personal_data")


def test_every_model_has_a_group_and_no_personal_data_is_public(manifest) -> None:
    models = nodes(manifest, "model")
    without_group = [n["name"] for n in models if not n.get("group")]
    assert not without_group, f"models without a group (models/_groups.yml): {without_group}"
    public_with_personal_data = [
        n["name"] for n in models if n["access"] == "public" and personal_data_flag(n) is not False
    ]
    assert not public_with_personal_data, (
        f"public models must say meta contains_personal_data: false: {public_with_personal_data}"
    )
    assert any(n["access"] == "public" for n in models), "the rule above is never exercised"
    assert any(n["access"] == "private" for n in models), "no private model: check dbt_project.yml"


def test_models_with_personal_data_columns_are_flagged(manifest) -> None:
    unflagged = [
        n["name"]
        for n in nodes(manifest, "model")
        if any(
            (c.get("config", {}).get("meta") or c.get("meta") or {}).get("personal_data")
            for c in n["columns"].values()
        )
        and personal_data_flag(n) is not True
    ]
    assert not unflagged, f"personal-data columns in models not flagged as such: {unflagged}"


def test_marts_have_enforced_contracts(manifest) -> None:
    marts = [n for n in nodes(manifest, "model") if n["path"].startswith("marts/")]
    assert len(marts) >= 6
    loose = [n["name"] for n in marts if not n["config"]["contract"]["enforced"]]
    assert not loose, f"marts without an enforced contract: {loose}"
