"""BigQuery-specific configuration, checked on the offline compile's manifest.

The compile has no network (test_bigquery_compile.py writes a throw-away key),
so this checks what dbt would send to BigQuery, not BigQuery's answer:
partitioning, clustering and strategies of the incremental models, labels,
persisted descriptions, one dataset per layer and the restricted dataset of
the marts with personal data.
"""

from __future__ import annotations

import json

import pytest

from test_bigquery_compile import write_throwaway_keyfile

INCREMENTAL = {
    # model: (strategy, partition field, unique key)
    "base_ga4__events": ("insert_overwrite", "export_date", None),
    "base_ga360__sessions": ("insert_overwrite", "export_date", None),
    "base_ga360__hits": ("insert_overwrite", "export_date", None),
    "base_ga4__event_duplicates": ("merge", None, "dedup_key"),
    "stg_ga360__sessions": ("merge", "session_date", "session_key"),
    "stg_ga4__event_items": ("merge", "event_date", "event_item_key"),
    "int_web__sessions_aggregated": ("merge", "session_date", "session_key"),
    "int_web__sessions": ("merge", "session_date", "session_key"),
    "int_web__session_sources": ("merge", None, "session_key"),
    "int_web__item_events": ("merge", "event_date", "event_item_key"),
    "fct_sessions": ("merge", "session_date", "session_key"),
    "fct_product_interactions": ("merge", None, "product_interaction_key"),
}


@pytest.fixture(scope="module")
def bigquery_manifest(dbt_project_factory) -> dict:
    project = dbt_project_factory("bigquery_config", {"SCV_TARGET": "bigquery_ci"})
    keyfile = write_throwaway_keyfile(project.workdir / "keyfile.json")
    project.env["SCV_BQ_CI_KEYFILE"] = str(keyfile)
    project.run("compile", "--target", "bigquery_ci", "--no-populate-cache", "--no-introspect")
    return json.loads((project.workdir / "target" / "manifest.json").read_text())


def models(manifest: dict) -> dict[str, dict]:
    return {n["name"]: n for n in manifest["nodes"].values() if n["resource_type"] == "model"}


def test_incremental_models_are_partitioned_and_clustered(bigquery_manifest: dict) -> None:
    nodes = models(bigquery_manifest)
    for name, (strategy, partition_field, unique_key) in INCREMENTAL.items():
        config = nodes[name]["config"]
        assert config["materialized"] == "incremental", name
        assert config["incremental_strategy"] == strategy, name
        assert config["on_schema_change"] == "fail", name
        assert config.get("unique_key") == unique_key, name
        if partition_field:
            assert config["partition_by"] == {
                "field": partition_field,
                "data_type": "date",
                "granularity": "day",
            }, name
        assert config.get("cluster_by"), f"{name} is not clustered"
    incremental = {
        n for n, node in nodes.items() if node["config"]["materialized"] == "incremental"
    }
    assert incremental == set(INCREMENTAL), "an incremental model is not checked here"


def test_ga4_export_tables_are_pruned_by_table_suffix(bigquery_manifest: dict) -> None:
    sql = models(bigquery_manifest)["base_ga4__events"]["compiled_code"]
    assert "_table_suffix between '20000101' and '99991231'" in sql
    assert "`analytics_000000000`.`events_*`" in sql


def test_labels_and_persisted_docs_on_every_model(bigquery_manifest: dict) -> None:
    for name, node in models(bigquery_manifest).items():
        config = node["config"]
        layer = node["fqn"][1]
        assert config["labels"] == {"product": "scv", "layer": layer}, name
        assert config["persist_docs"] == {"relation": True, "columns": True}, name


def test_one_dataset_per_layer_and_personal_data_marts_restricted(bigquery_manifest: dict) -> None:
    restricted, open_marts = set(), set()
    for name, node in models(bigquery_manifest).items():
        layer = node["fqn"][1]
        personal = (node["config"].get("meta") or {}).get("contains_personal_data") is True
        if layer == "marts" and personal:
            assert node["schema"] == "scv_marts_restricted", name
            restricted.add(name)
        else:
            assert node["schema"] == f"scv_{layer}", name
            open_marts |= {name} if layer == "marts" else set()
    assert {"customer_360", "audience_members", "appointment_briefs"} <= restricted
    assert {"customer_cohorts_monthly", "time_spine_daily"} <= open_marts


def test_duckdb_keeps_its_schemas_and_writes_no_comments(warehouse) -> None:
    """The BigQuery-only settings leave the DuckDB build alone."""
    manifest = json.loads((warehouse.project.workdir / "target" / "manifest.json").read_text())
    for name, node in models(manifest).items():
        assert not node["schema"].endswith("_restricted"), name
        assert node["config"]["persist_docs"] == {"relation": False, "columns": False}, name
