"""Grants and policy tags follow the personal-data tags in the YAML.

`dbt run-operation scv.print_access_plan` prints, for every model, snapshot
and seed, what BigQuery would be told (macros/privacy/access.sql); the
BigQuery overrides (macros/privacy/bigquery_access.sql) apply exactly this
plan. Checked here against the manifest's tags, with readers and a policy
tag configured, and with a wrong configuration.
"""

from __future__ import annotations

import json

import pytest

POLICY_TAG = "projects/brand-data/locations/eu/taxonomies/123/policyTags/456"
VARS = {
    "personal_data_readers": ["group:crm-team@brand.example"],
    "analytics_readers": ["group:analysts@brand.example"],
    "bigquery_personal_data_policy_tag": POLICY_TAG,
}


def access_plan(project, capfd, dbt_vars: dict, expect_success: bool = True):
    capfd.readouterr()
    result = project.run(
        "run-operation",
        "print_access_plan",
        "--vars",
        json.dumps(dbt_vars),
        expect_success=expect_success,
    )
    out = capfd.readouterr().out
    lines = [line for line in out.splitlines() if line.startswith("ACCESS_PLAN ")]
    plan = json.loads(lines[-1].removeprefix("ACCESS_PLAN ")) if lines else None
    return result, plan, out


@pytest.fixture(scope="module")
def manifest_nodes(warehouse) -> dict[str, dict]:
    manifest = json.loads((warehouse.project.workdir / "target" / "manifest.json").read_text())
    return {
        n["name"]: n
        for n in manifest["nodes"].values()
        if n["resource_type"] in ("model", "snapshot", "seed") and n["package_name"] == "scv"
    }


def tagged_columns(node: dict) -> set[str]:
    return {
        name
        for name, column in node["columns"].items()
        if (column.get("config", {}).get("meta") or column.get("meta") or {}).get("personal_data")
    }


def test_grants_and_policy_tags_follow_the_tags(warehouse, manifest_nodes, capfd) -> None:
    _, plan, _ = access_plan(warehouse.project, capfd, VARS)
    assert plan is not None and set(plan) >= set(manifest_nodes)
    personal = 0
    for name, node in manifest_nodes.items():
        entry = plan[name]
        has_personal = (node["config"].get("meta") or {}).get("contains_personal_data") is True
        assert entry["contains_personal_data"] is has_personal, name
        readers = VARS["personal_data_readers" if has_personal else "analytics_readers"]
        assert entry["grants"] == {"roles/bigquery.dataViewer": readers}, name
        assert entry["policy_tags"] == {c: [POLICY_TAG] for c in tagged_columns(node)}, name
        restricted = has_personal and node["resource_type"] == "model" and node["fqn"][1] == "marts"
        assert entry["restricted_schema_suffix"] == ("_restricted" if restricted else ""), name
        personal += has_personal
    assert personal >= 20, "few models say they carry personal data: check the tags"
    assert plan["stg_crm__customers"]["policy_tags"].keys() >= {"email", "phone_e164", "given_name"}


def test_nothing_is_granted_or_tagged_by_default(warehouse, capfd) -> None:
    _, plan, _ = access_plan(warehouse.project, capfd, {})
    assert all(entry["grants"] == {} for entry in plan.values())
    assert all(entry["policy_tags"] == {} for entry in plan.values())


@pytest.mark.parametrize(
    ("dbt_vars", "message"),
    [
        ({"personal_data_readers": "group:crm@brand.example"}, "must be a list of principals"),
        ({"bigquery_personal_data_policy_tag": "pii"}, "must be a policy tag's resource name"),
    ],
)
def test_a_wrong_setting_says_what_to_write(warehouse, capfd, dbt_vars, message) -> None:
    result, plan, out = access_plan(warehouse.project, capfd, dbt_vars, expect_success=False)
    assert not result.success and plan is None
    assert message in out
