"""Erasure: people who asked to be forgotten leave every table, view and snapshot.

The small dataset is built once with nobody erased (so that the people are
in the snapshots and the audience history), then two of them ask to be
forgotten: one by every CRM customer_id the CRM holds for them, one by
e-mail only. The next `dbt build` (incremental, with every data test, the
raw-row reconciliations counting the erased rows included) must leave no
trace of them in any relation of the warehouse: no CRM id, e-mail, phone,
name, customer_id, external id, browser, client key, order, sale,
appointment or booking id, plain or hashed, apart from the view that shows
the erasure scope. What the warehouse can tell about them is taken from the
first build and the generator's ground truth: the identifiers of their
customer_ids in the id map that the ground truth says are theirs.
"""

from __future__ import annotations

import csv
import hashlib
import shutil
from pathlib import Path

import duckdb
import pytest

from build_settings import keyed_sha256
from scv.generate.reference import PLACEHOLDER_EMAILS
from test_incremental_builds import differences

MODELS_ONLY = ("--exclude", "resource_type:test", "resource_type:unit_test")
CUSTOMERS = "select customer_id from main_staging.stg_crm__customers"
ORDERS = "select order_id from main_marts.fct_orders"
# the CRM records carrying a placeholder e-mail the generator shares between people
PLACEHOLDER_RECORDS = (
    "select email, customer_id from main_staging.stg_crm__customers "
    f"where email in ({', '.join(repr(e) for e in PLACEHOLDER_EMAILS)})"
)
SCOPE_VIEW = "stg_privacy__erasure_scope"


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def md5_key(*fields: str) -> str:
    return hashlib.md5("|".join(fields).encode()).hexdigest()


def query(database: Path, sql: str, params: list | None = None) -> list[tuple]:
    with duckdb.connect(str(database)) as con:
        return con.execute(sql, params or []).fetchall()


def truth(raw: Path, table: str) -> str:
    return f"read_parquet('{raw / 'ground_truth' / f'{table}.parquet'}')"


def pick_people(raw: Path, database: Path) -> tuple[str, str]:
    """Two audience members with CRM records, orders and web logins.

    The first has the most CRM records (asked by customer_id); the second has
    one CRM record and is asked by e-mail only.
    """
    rows = query(
        database,
        f"""
        with crm as (
            select person_id, count(*) as records
            from {truth(raw, "crm_customers")} group by person_id
        ),
        members as (
            select distinct truth_crm.person_id
            from main_marts.audience_members as members
            inner join main_intermediate.int_identity__id_map as id_map
                on members.customer_id = id_map.customer_id
                and id_map.identifier_type = 'crm_customer_id'
            inner join {truth(raw, "crm_customers")} as truth_crm
                on id_map.identifier_value = truth_crm.customer_id
        ),
        active as (
            select crm.person_id, crm.records
            from crm
            inner join members using (person_id)
            where crm.person_id in (select person_id from {truth(raw, "orders")})
              and crm.person_id in (select person_id from {truth(raw, "user_ids")})
        )
        select person_id, records from active order by records desc, person_id
        """,
    )
    assert len(rows) >= 2, "the small dataset has too few active audience members"
    by_ids = rows[0][0]
    by_email = next(p for p, records in rows[1:] if records == 1)
    return by_ids, by_email


def write_requests(raw: Path, database: Path, by_ids: str, by_email: str, placeholder: str) -> None:
    ids = [
        r[0]
        for r in query(
            database,
            f"select customer_id from {truth(raw, 'crm_customers')} where person_id = ?",
            [by_ids],
        )
    ]
    email = query(
        database,
        f"""
        select stg.email
        from main_staging.stg_crm__customers as stg
        inner join {truth(raw, "crm_customers")} as truth_crm using (customer_id)
        where truth_crm.person_id = ? and stg.email is not null
        """,
        [by_email],
    )[0][0]
    with (raw / "crm" / "erasure_requests.csv").open("w", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["request_id", "requested_at", "customer_id", "email"])
        for n, customer_id in enumerate(ids, 1):
            writer.writerow([f"REQ-{n}", "2026-11-01T09:00:00Z", customer_id, ""])
        # written as a person would type it
        writer.writerow(["REQ-E", "2026-11-01T09:00:00Z", "", f"  {email.upper()} "])
        # a placeholder a sales associate typed: it names nobody
        writer.writerow(["REQ-P", "2026-11-01T09:00:00Z", "", placeholder])


def traces(raw: Path, database: Path, people: tuple[str, ...]) -> set[str]:
    """Everything the first build could tie to these people, plain and hashed."""
    placeholders = ", ".join("?" for _ in people)
    people_list = list(people)
    # their customer_ids: the components of their CRM records
    customer_ids = {
        r[0]
        for r in query(
            database,
            f"""
            select distinct id_map.customer_id
            from main_intermediate.int_identity__id_map as id_map
            inner join {truth(raw, "crm_customers")} as truth_crm
                on id_map.identifier_type = 'crm_customer_id'
                and id_map.identifier_value = truth_crm.customer_id
            where truth_crm.person_id in ({placeholders})
            """,
            people_list,
        )
    }
    # the identifiers of those components that the ground truth says are theirs
    truth_ids = f"""
        select 'crm_customer_id' as t, customer_id as v, person_id
            from {truth(raw, "crm_customers")}
        union all select 'ga_user_id', user_id, person_id from {truth(raw, "user_ids")}
        union all select 'ga_client', stream_id || '/' || user_pseudo_id, person_id
            from {truth(raw, "cookies")}
        union all select 'order_id', order_id, person_id from {truth(raw, "orders")}
        union all select 'pos_sale_id', sale_id, person_id from {truth(raw, "pos_sales")}
        union all select 'appointment_id', appointment_id, person_id
            from {truth(raw, "appointments")}
        union all select 'booking_id', booking_id, person_id from {truth(raw, "appointments")}
    """
    cid_list = ", ".join(f"'{c}'" for c in customer_ids)
    identifiers = query(
        database,
        f"""
        select id_map.identifier_type, id_map.identifier_value
        from main_intermediate.int_identity__id_map as id_map
        inner join ({truth_ids}) as truth_ids
            on id_map.identifier_type = truth_ids.t and id_map.identifier_value = truth_ids.v
        where id_map.customer_id in ({cid_list}) and truth_ids.person_id in ({placeholders})
        """,
        people_list,
    )
    found: set[str] = set(customer_ids) | {sha256(c) for c in customer_ids}
    for kind, value in identifiers:
        found.add(value)
        if kind == "ga_client":
            stream_id, user_pseudo_id = value.split("/", 1)
            found |= {user_pseudo_id, md5_key(stream_id, user_pseudo_id)}
    crm_ids = [v for k, v in identifiers if k == "crm_customer_id"]
    order_ids = [v for k, v in identifiers if k == "order_id"]
    contacts = query(
        database,
        f"""
        select email, phone_e164, given_name, family_name
        from main_staging.stg_crm__customers
        where customer_id in ({", ".join(f"'{c}'" for c in crm_ids) or "''"})
        union all
        select email, null, null, null
        from main_staging.stg_commerce__orders
        where order_id in ({", ".join(f"'{o}'" for o in order_ids) or "''"})
        """,
    )
    for email, phone, given_name, family_name in contacts:
        if email:
            found |= {email, sha256(email), keyed_sha256(email)}
        if phone:
            found |= {phone, sha256(phone), sha256(phone.lstrip("+")), keyed_sha256(phone)}
        if given_name and family_name:
            found |= {f"{given_name} {family_name}", f"{family_name} {given_name}"}
    return found


def string_columns(con: duckdb.DuckDBPyConnection) -> list[tuple[str, str, str]]:
    return con.execute(
        """
        select table_schema, table_name, column_name
        from information_schema.columns
        where table_catalog = current_database() and data_type = 'VARCHAR'
        order by 1, 2, 3
        """
    ).fetchall()


def traces_left(database: Path, found: set[str]) -> list[str]:
    hits = []
    with duckdb.connect(str(database)) as con:
        con.execute("create temp table erased_traces (value varchar)")
        con.executemany("insert into erased_traces values (?)", [[v] for v in sorted(found)])
        for schema, table, column in string_columns(con):
            if table == SCOPE_VIEW:
                continue
            count = con.execute(
                f'select count(*) from "{schema}"."{table}" as t '
                f'where t."{column}" in (select value from erased_traces)'
            ).fetchall()[0][0]
            if count:
                hits.append(f"{schema}.{table}.{column}: {count} rows")
        con.execute("drop table erased_traces")
    return hits


@pytest.fixture(scope="module")
def erased(small_raw: Path, tmp_path_factory: pytest.TempPathFactory, dbt_project_factory):
    raw = tmp_path_factory.mktemp("erasure") / "raw"
    shutil.copytree(small_raw, raw)
    project = dbt_project_factory("erasure", {"SCV_TARGET": "duckdb", "SCV_RAW_DIR": str(raw)})
    project.run("build", *MODELS_ONLY)
    people = pick_people(raw, project.database)
    found = traces(raw, project.database, people)
    before = {
        "customers": {
            r[0]
            for r in query(
                project.database, "select customer_id from main_staging.stg_crm__customers"
            )
        },
        "orders": {
            r[0] for r in query(project.database, "select order_id from main_marts.fct_orders")
        },
        "placeholder_records": set(query(project.database, PLACEHOLDER_RECORDS)),
    }
    assert before["placeholder_records"], "the small dataset has no placeholder e-mail"
    assert traces_left(project.database, found), "the people picked leave no trace to begin with"
    placeholder = sorted(before["placeholder_records"])[0][0]
    write_requests(raw, project.database, *people, placeholder)
    # the next build: incremental GA4 models, every data test
    project.run("build")
    return raw, project, people, found, before


@pytest.mark.slow
def test_no_trace_of_erased_people_remains(erased) -> None:
    _, project, _, found, _ = erased
    assert len(found) > 20, f"too little known about the people erased: {sorted(found)}"
    left = traces_left(project.database, found)
    assert not left, "traces of erased people:\n" + "\n".join(left)


@pytest.mark.slow
def test_erasure_scope_shows_who_is_erased(erased) -> None:
    raw, project, people, _, _ = erased
    scope = dict(
        query(
            project.database,
            f"select identifier_type, count(*) from main_staging.{SCOPE_VIEW} group by 1",
        )
    )
    crm_records = query(
        project.database,
        f"select count(*) from {truth(raw, 'crm_customers')} where person_id in (?, ?)",
        list(people),
    )[0][0]
    assert scope["crm_customer_id"] == crm_records
    assert scope["email"] >= 2
    assert scope["email_sha256"] == scope["email_ad_sha256"] == scope["email"]
    assert scope.get("order_id", 0) > 0


@pytest.mark.slow
def test_only_the_erased_people_are_removed(erased) -> None:
    raw, project, people, _, before = erased
    theirs = {
        table: {
            r[0]
            for r in query(
                project.database,
                f"select {column} from {truth(raw, table)} where person_id in (?, ?)",
                list(people),
            )
        }
        for table, column in (
            ("crm_customers", "customer_id"),
            ("orders", "order_id"),
            ("pos_sales", "sale_id"),
        )
    }
    customers = {
        r[0]
        for r in query(project.database, "select customer_id from main_staging.stg_crm__customers")
    }
    orders = {r[0] for r in query(project.database, "select order_id from main_marts.fct_orders")}
    assert before["customers"] - customers == theirs["crm_customers"] & before["customers"]
    removed_orders = before["orders"] - orders
    # fct_orders holds online orders and boutique sales
    assert removed_orders and removed_orders <= theirs["orders"] | theirs["pos_sales"]


@pytest.mark.slow
def test_erasure_on_a_full_refresh_equals_the_incremental_one(
    erased, dbt_project_factory, tmp_path: Path
) -> None:
    raw, project, _, _, _ = erased
    full = dbt_project_factory("erasure_full", {"SCV_TARGET": "duckdb", "SCV_RAW_DIR": str(raw)})
    full.run("build", *MODELS_ONLY, "--full-refresh")
    found, compared = differences(project.database, full.database, tmp_path)
    assert compared > 60
    assert not found, "erasure differs between an incremental and a full build:\n" + "\n".join(
        found
    )


@pytest.mark.slow
def test_a_placeholder_email_erases_nobody(erased) -> None:
    """A request naming a placeholder e-mail (no.email@none.com) removes nobody's record."""
    _, project, _, _, before = erased
    assert set(query(project.database, PLACEHOLDER_RECORDS)) == before["placeholder_records"]
