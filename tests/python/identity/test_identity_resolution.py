"""End-to-end checks of identity resolution on the small build.

The id map is compared with the generator's ground truth (scv evaluate
identity), reconciled with the staged entities it must cover, and rebuilt
with other settings to see customer ids stay put and the merge log fill.
"""

from __future__ import annotations

import json
import shutil

import duckdb
import pytest

from build_settings import keyed_sha256
from scv.evaluate.identity import evaluate
from scv.generate.reference import PLACEHOLDER_EMAILS

IDENTITY_MODELS = "int_identity__excluded_identifiers+"


def test_targets_on_the_small_build(warehouse) -> None:
    """Pairwise precision >= 0.995 and recall >= 0.98 on what the data can link."""
    with duckdb.connect(str(warehouse.database)) as con:
        report = evaluate(con, warehouse.raw_dir)
    reachable = report["reachable_pairs"]
    assert reachable["items"] > 500
    assert reachable["precision"] >= 0.995, reachable["largest_over_merges"]
    assert reachable["recall"] >= 0.98, reachable["largest_splits"]
    assert report["crm_records"]["precision"] >= 0.99


def test_every_staged_entity_is_in_the_id_map(warehouse) -> None:
    """Nothing is lost: each CRM record, order, sale and appointment gets a customer_id."""
    id_map = warehouse.relation("int_identity__id_map")
    for model, column, identifier_type in [
        ("stg_crm__customers", "customer_id", "crm_customer_id"),
        ("stg_commerce__orders", "order_id", "order_id"),
        ("stg_commerce__pos_sales", "sale_id", "pos_sale_id"),
        ("stg_crm__appointments", "appointment_id", "appointment_id"),
    ]:
        missing = warehouse.scalar(
            f"select count(*) from {warehouse.relation(model)} as staged "
            f"anti join {id_map} as id_map on id_map.identifier_type = '{identifier_type}' "
            f"and id_map.identifier_value = staged.{column}"
        )
        assert missing == 0, f"{missing} {model} rows without a customer_id"
    browsers = warehouse.scalar(
        f"select count(distinct stream_id || '/' || user_pseudo_id) "
        f"from {warehouse.relation('stg_ga4__events')}"
    )
    mapped = warehouse.scalar(
        f"select count(*) from {id_map} where identifier_type = 'ga_client'"
    ) + warehouse.scalar(
        f"select count(*) from {warehouse.relation('int_identity__excluded_identifiers')} "
        "where identifier_type = 'ga_client'"
    )
    assert mapped == browsers


def test_generated_placeholders_never_stitch(warehouse) -> None:
    """Every placeholder e-mail the generator typed into the CRM is excluded as such."""
    manifest = json.loads((warehouse.raw_dir / "manifest.json").read_text())
    assert manifest["mess"]["crm.customers"].get("placeholder_email", 0) > 0
    staged = {
        row[0]
        for row in warehouse.query(
            f"select distinct email from {warehouse.relation('stg_crm__customers')} "
            "where is_email_valid"
        )
    }
    used = [email for email in PLACEHOLDER_EMAILS if email in staged]
    assert used, "the small data should carry at least one placeholder e-mail"
    excluded = dict(
        warehouse.query(
            "select identifier_value, exclusion_reason from "
            f"{warehouse.relation('int_identity__excluded_identifiers')} "
            "where identifier_type = 'email_sha256'"
        )
    )
    for email in used:
        digest = keyed_sha256(email)
        assert excluded.get(digest) == "placeholder_email", email
        in_map = warehouse.scalar(
            f"select count(*) from {warehouse.relation('int_identity__id_map')} "
            f"where identifier_value = '{digest}'"
        )
        assert in_map == 0


def test_golden_record_has_one_row_per_customer(warehouse) -> None:
    golden = warehouse.relation("int_customers__golden")
    id_map = warehouse.relation("int_identity__id_map")
    assert warehouse.scalar(f"select count(*) from {golden}") == warehouse.scalar(
        f"select count(distinct customer_id) from {id_map}"
    )
    # every CRM record's person has a golden profile with a name
    unnamed = warehouse.scalar(
        f"select count(*) from {golden} where crm_record_count > 0 and "
        "given_name is null and family_name is null"
    )
    assert unnamed == 0


@pytest.fixture(scope="module")
def history(warehouse, dbt_project_factory, tmp_path_factory):
    """A copy of the warehouse, rebuilt twice: with a threshold that excludes every shared
    contact (components split), then with the defaults again (they merge back)."""
    with duckdb.connect(str(warehouse.database)) as con:
        con.execute("checkpoint")
    workdir = tmp_path_factory.mktemp("identity_history")
    database = workdir / "history.duckdb"
    shutil.copy(warehouse.database, database)
    project = dbt_project_factory(
        "identity_history",
        {**warehouse.project.env, "SCV_DUCKDB_PATH": str(database)},
    )

    def id_map() -> dict[str, str]:
        with duckdb.connect(str(database)) as con:
            rows = con.execute(
                "select identifier_key, customer_id from main_intermediate.int_identity__id_map"
            ).fetchall()
        return dict(rows)

    before = id_map()
    project.run(
        "build", "-s", IDENTITY_MODELS, "--vars", "{identity_max_crm_records_per_contact: 1}"
    )
    split = id_map()
    project.run("build", "-s", IDENTITY_MODELS)
    after = id_map()
    with duckdb.connect(str(database)) as con:
        log = con.execute(
            "select change_type, previous_customer_id, customer_id, identifier_count "
            "from main_intermediate.int_identity__merge_log"
        ).fetchall()
    return before, split, after, log


def test_customer_ids_come_back_when_the_same_data_is_stitched_again(history) -> None:
    before, split, after, _ = history
    assert split != before, "the strict threshold should have split some components"
    assert after == before


def test_merge_log_lists_the_split_and_the_merge(history) -> None:
    before, split, _, log = history
    moved = sum(1 for key, customer in split.items() if before.get(key) != customer)
    splits = [row for row in log if row[0] == "split"]
    merges = [row for row in log if row[0] == "merged"]
    assert sum(row[3] for row in splits) == moved
    assert sum(row[3] for row in merges) == moved
    # a merge retires the split-off customer_id in favour of the original one
    originals = set(before.values())
    assert all(row[2] in originals for row in merges)
    assert all(row[1] not in originals for row in merges)


def test_unrelated_data_leaves_customer_ids_alone(warehouse, dbt_project_factory) -> None:
    """Build without the last GA4 day, then with it: components the new day does not
    touch keep their customer_id (it derives from the earliest identifier)."""
    env = {
        name: value for name, value in warehouse.project.env.items() if name != "SCV_DUCKDB_PATH"
    }
    project = dbt_project_factory("identity_increment", env)
    days = sorted(path.name for path in (warehouse.raw_dir / "ga4").glob("events_2*.parquet"))
    last_but_one = days[-2].removeprefix("events_").removesuffix(".parquet")
    models_only = (
        "-s",
        "+int_identity__id_map",
        "--resource-type",
        "model",
        "--resource-type",
        "seed",
    )
    project.run("build", *models_only, "--vars", f"{{ga4_end_date: '{last_but_one}'}}")

    def components() -> dict[str, frozenset[str]]:
        with duckdb.connect(str(project.database)) as con:
            rows = con.execute(
                "select customer_id, list(identifier_key) "
                "from main_intermediate.int_identity__id_map group by customer_id"
            ).fetchall()
        return {customer: frozenset(keys) for customer, keys in rows}

    first = components()
    project.run("build", *models_only)
    second = components()
    by_members = {members: customer for customer, members in second.items()}
    unchanged = [customer for customer, members in first.items() if members in by_members]
    assert len(unchanged) > 100
    assert all(by_members[first[customer]] == customer for customer in unchanged)
    # a customer_id that survives stays with the identifiers it had (plus new ones)
    survivors = [customer for customer in first if customer in second]
    assert len(survivors) > len(unchanged)
    assert all(second[customer] >= first[customer] for customer in survivors)
