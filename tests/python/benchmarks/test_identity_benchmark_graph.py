"""The identity stitching benchmark's synthetic graph, at a tiny size, and its check.

benchmarks/ is a folder of scripts, not a package: the script is imported by path.
"""

from __future__ import annotations

import importlib.util
import sys
from collections import defaultdict
from collections.abc import Iterable
from types import ModuleType
from typing import Any

import duckdb
import pytest

from project_paths import REPO

CUSTOMERS = 200
SEED = 7
IDENTIFIER_TYPES = {
    "ga_client",
    "ga_user_id",
    "crm_customer_id",
    "email_sha256",
    "phone_sha256",
    "booking_id",
    "order_id",
    "pos_sale_id",
    "appointment_id",
}
LINK_SOURCES = {
    "ga4_event",
    "crm_customer",
    "online_order",
    "pos_sale",
    "appointment",
    "crm_duplicate_match",
    "ga4_user_id_is_crm_id",
}
IDENTIFIERS = "main_intermediate.int_identity__identifiers"
LINKS = "main_intermediate.int_identity__links"
TRUTH = "benchmark_truth.identifiers"


def load_benchmark() -> ModuleType:
    # the scripts import their shared helpers (bench_common) from their folder
    if str(REPO / "benchmarks") not in sys.path:
        sys.path.insert(0, str(REPO / "benchmarks"))
    path = REPO / "benchmarks" / "identity_stitching.py"
    spec = importlib.util.spec_from_file_location("identity_stitching_benchmark", path)
    assert spec is not None and spec.loader is not None, f"cannot import {path}"
    module = importlib.util.module_from_spec(spec)
    # dataclasses look their module up in sys.modules
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def bench() -> ModuleType:
    return load_benchmark()


@pytest.fixture(scope="module")
def graph(bench: ModuleType):
    con = duckdb.connect()
    counts = bench.build_graph(con, CUSTOMERS, SEED)
    yield con, counts
    con.close()


def rows(con: Any, sql: str) -> list[tuple]:
    return con.execute(sql).fetchall()


def scalar(con: Any, sql: str) -> Any:
    return rows(con, sql)[0][0]


def components(keys: Iterable[str], links: Iterable[tuple[str, str]]) -> dict[str, str]:
    """Union-find: each key's component root."""
    parent = {key: key for key in keys}

    def find(key: str) -> str:
        while parent[key] != key:
            parent[key] = parent[parent[key]]
            key = parent[key]
        return key

    for left, right in links:
        root_left, root_right = find(left), find(right)
        if root_left != root_right:
            parent[root_left] = root_right
    return {key: find(key) for key in parent}


def test_size_and_counts(graph) -> None:
    con, counts = graph
    assert counts.identifiers == scalar(con, f"select count(*) from {IDENTIFIERS}")
    assert counts.links == scalar(con, f"select count(*) from {LINKS}")
    # about 10 identifiers and 11.5 links per customer
    assert 8 * CUSTOMERS <= counts.identifiers <= 12 * CUSTOMERS
    assert 9 * CUSTOMERS <= counts.links <= 14 * CUSTOMERS
    assert set(counts.by_type) == IDENTIFIER_TYPES
    assert set(counts.by_source) == LINK_SOURCES


def test_identifier_keys_are_md5_of_type_and_value(graph) -> None:
    con, _ = graph
    assert scalar(con, f"select count(*) - count(distinct identifier_key) from {IDENTIFIERS}") == 0
    assert (
        scalar(
            con,
            f"select count(*) from {IDENTIFIERS} "
            "where identifier_key != md5(identifier_type || '|' || identifier_value)",
        )
        == 0
    )
    assert (
        scalar(
            con,
            f"select count(*) from {IDENTIFIERS} "
            "where first_seen_at is null or last_seen_at < first_seen_at",
        )
        == 0
    )


def test_links_reference_identifiers_once_and_ordered(graph) -> None:
    con, _ = graph
    dangling = scalar(
        con,
        f"""
        select count(*) from {LINKS} as links
        where not exists (
            select 1 from {IDENTIFIERS} as i where i.identifier_key = links.left_identifier_key
        )
        or not exists (
            select 1 from {IDENTIFIERS} as i where i.identifier_key = links.right_identifier_key
        )
        """,
    )
    assert dangling == 0
    assert (
        scalar(
            con, f"select count(*) from {LINKS} where left_identifier_key >= right_identifier_key"
        )
        == 0
    )
    assert (
        scalar(
            con,
            f"select count(*) - count(distinct (left_identifier_key, right_identifier_key)) "
            f"from {LINKS}",
        )
        == 0
    )
    assert scalar(con, f"select min(times_seen) from {LINKS}") >= 1
    # the columns the models read besides the keys: each end's type, a link key
    mismatched_types = scalar(
        con,
        f"""
        select count(*) from {LINKS} as links
        inner join {IDENTIFIERS} as left_i on left_i.identifier_key = links.left_identifier_key
        inner join {IDENTIFIERS} as right_i on right_i.identifier_key = links.right_identifier_key
        where links.left_identifier_type != left_i.identifier_type
            or links.right_identifier_type != right_i.identifier_type
            or links.link_key != md5(
                links.left_identifier_key || '|' || links.right_identifier_key
                || '|' || links.link_source
            )
        """,
    )
    assert mismatched_types == 0


def test_every_person_has_a_crm_id(graph) -> None:
    con, _ = graph
    people_with_crm = scalar(
        con,
        f"select count(distinct person_id) from {TRUTH} "
        "where identifier_type = 'crm_customer_id' and role = 'core'",
    )
    assert people_with_crm == CUSTOMERS
    assert scalar(con, f"select count(distinct person_id) from {TRUTH}") == CUSTOMERS


def test_hubs_exist(graph, bench: ModuleType) -> None:
    con, _ = graph
    neighbours = f"""
        with ends as (
            select left_identifier_key as identifier_key, right_identifier_key as other
            from {LINKS}
            union all
            select right_identifier_key, left_identifier_key from {LINKS}
        )
        select i.identifier_type, i.placeholder_reason, count(distinct ends.other) as degree
        from {IDENTIFIERS} as i
        inner join {TRUTH} as t on t.identifier_key = i.identifier_key
        inner join ends on ends.identifier_key = i.identifier_key
        where t.role = 'hub'
        group by i.identifier_key, i.identifier_type, i.placeholder_reason
    """
    hubs = rows(con, neighbours)
    placeholders = [hub for hub in hubs if hub[0] == "email_sha256"]
    tablets = [hub for hub in hubs if hub[0] == "ga_client"]
    assert len(placeholders) == len(bench.PLACEHOLDER_EMAILS)
    assert all(reason == bench.PLACEHOLDER_REASON for _, reason, _ in placeholders)
    assert all(degree >= 2 for _, _, degree in placeholders)
    assert len(tablets) >= 3
    assert all(degree >= 15 and reason is None for _, reason, degree in tablets)
    # only hubs carry a placeholder reason
    assert scalar(
        con, f"select count(*) from {IDENTIFIERS} where placeholder_reason is not null"
    ) == len(placeholders)


def test_chain_browser_user_id_crm_email_second_crm_phone(graph) -> None:
    con, _ = graph
    chains = scalar(
        con,
        f"""
        with typed as (
            select
                links.left_identifier_key as a,
                links.right_identifier_key as b,
                left_i.identifier_type as type_a,
                right_i.identifier_type as type_b
            from {LINKS} as links
            inner join {IDENTIFIERS} as left_i
                on left_i.identifier_key = links.left_identifier_key
            inner join {IDENTIFIERS} as right_i
                on right_i.identifier_key = links.right_identifier_key
            where left_i.placeholder_reason is null and right_i.placeholder_reason is null
        ),
        edges as (
            select a as src, b as dst, type_a as src_type, type_b as dst_type from typed
            union all
            select b, a, type_b, type_a from typed
        )
        select count(*)
        from edges as browser_uid
        inner join edges as uid_crm on uid_crm.src = browser_uid.dst
        inner join edges as crm_email on crm_email.src = uid_crm.dst
        inner join edges as email_crm on email_crm.src = crm_email.dst
        inner join edges as crm_phone on crm_phone.src = email_crm.dst
        where browser_uid.src_type = 'ga_client' and browser_uid.dst_type = 'ga_user_id'
            and uid_crm.dst_type = 'crm_customer_id'
            and crm_email.dst_type = 'email_sha256'
            and email_crm.dst_type = 'crm_customer_id' and email_crm.dst != uid_crm.dst
            and crm_phone.dst_type = 'phone_sha256'
        """,
    )
    assert chains > 0


def test_truth_pieces_are_the_components_without_hubs(graph) -> None:
    con, _ = graph
    truth = rows(con, f"select identifier_key, person_id, piece_id, role, pieces from {TRUTH}")
    assert {row[4] for row in truth} == {1}, "an identifier was given two pieces"
    assert {row[3] for row in truth} == {"core", "detached", "hub"}
    # every kind of detached piece: a duplicate record tied by the email only
    # (e0), one with a placeholder email (r1), a browser with no link (b<n>)
    kinds = {row[2].split(":")[1][:2] for row in truth if row[3] == "detached"}
    assert {"e0", "r1"} <= kinds and any(kind.startswith("b") for kind in kinds)
    hubs = {row[0] for row in truth if row[3] == "hub"}
    links = [
        (left, right)
        for left, right in rows(
            con, f"select left_identifier_key, right_identifier_key from {LINKS}"
        )
        if left not in hubs and right not in hubs
    ]
    root = components([row[0] for row in truth if row[0] not in hubs], links)
    pieces_of_root: dict[str, set[str]] = defaultdict(set)
    roots_of_piece: dict[str, set[str]] = defaultdict(set)
    for key, _, piece, role, _ in truth:
        if role != "hub":
            pieces_of_root[root[key]].add(piece)
            roots_of_piece[piece].add(root[key])
    assert all(len(pieces) == 1 for pieces in pieces_of_root.values())
    assert all(len(roots) == 1 for roots in roots_of_piece.values())
    # each person's core is one piece named after the person
    core = {(person, piece) for _, person, piece, role, _ in truth if role == "core"}
    assert all(piece == person for person, piece in core)
    assert len(core) == CUSTOMERS


def write_id_map(con: Any, excluded: set[str], root: dict[str, str]) -> None:
    """Stand-ins for the two models' tables: the check reads only these columns."""
    con.execute(
        "create or replace table main_intermediate.int_identity__excluded_identifiers as "
        "select unnest(?::varchar[]) as identifier_key, 'hub' as exclusion_reason",
        [sorted(excluded)],
    )
    keys = sorted(root)
    con.execute(
        "create or replace table main_intermediate.int_identity__id_map as "
        "select unnest(?::varchar[]) as identifier_key, unnest(?::varchar[]) as customer_id",
        [keys, [root[key] for key in keys]],
    )


def test_check_passes_a_right_id_map_and_fails_a_merged_one(graph, bench: ModuleType) -> None:
    con, _ = graph
    keys = [row[0] for row in rows(con, f"select identifier_key from {IDENTIFIERS}")]
    hubs = {row[0] for row in rows(con, f"select identifier_key from {TRUTH} where role = 'hub'")}
    links = rows(con, f"select left_identifier_key, right_identifier_key from {LINKS}")

    kept = [key for key in keys if key not in hubs]
    right = components(kept, [link for link in links if hubs.isdisjoint(link)])
    write_id_map(con, hubs, right)
    check = bench.check_stitching(con)
    assert check.passed(1.0), check.describe()
    assert check.exact_fraction == 1.0
    assert check.hubs_excluded == check.hub_identifiers == len(hubs)
    assert check.components == check.persons + check.detached_pieces

    # stitching through the hubs merges people: the check must fail
    merged = components(keys, links)
    write_id_map(con, set(), merged)
    check = bench.check_stitching(con)
    assert check.mixed_customers > 0
    assert check.exact_fraction < 0.999
    assert not check.passed(0.999)


def test_graph_is_a_function_of_size_and_seed(graph, bench: ModuleType) -> None:
    con, _ = graph
    other = duckdb.connect()
    try:
        bench.build_graph(other, CUSTOMERS, SEED)
        sql = (
            "select md5(string_agg(left_identifier_key || right_identifier_key || link_source,"
            " ',' order by left_identifier_key, right_identifier_key))"
            f" from {LINKS}"
        )
        assert scalar(other, sql) == scalar(con, sql)
    finally:
        other.close()
