"""Every kind of mess is there, at least once, and manifest.json counts it exactly.

Counts are re-derived from the files with the contract's rules (gen_checks
ports the staging macros), never read back from the generator's internals.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest
from gen_checks import (
    clean,
    consent_lines,
    country_code,
    country_context,
    is_valid_email,
    load_csv_seed,
    normalise_phone,
    parse_json,
    parses_as_timestamp,
    read_extract,
)

from conftest import scalar

EXPECTED = {
    "ga4.events": {
        "duplicate_event",
        "duplicate_event_intraday",
        "duplicate_transaction_id",
        "missing_user_pseudo_id",
        "invalid_event_timestamp",
        "missing_event_name",
        "late_arrival",
        "shared_user_pseudo_id",
    },
    "crm.customers": {
        "missing_customer_id",
        "duplicate_customer_id",
        "unparseable_timestamp",
        "invalid_email",
        "invalid_phone",
        "duplicate_person_records",
        "placeholder_email",
        "placeholder_phone",
    },
    "crm.appointments": {
        "missing_appointment_id",
        "duplicate_appointment_id",
        "unparseable_timestamp",
        "unknown_boutique",
    },
    "crm.consents": {
        "invalid_json",
        "missing_consent_id",
        "duplicate_consent_id",
        "unparseable_timestamp",
    },
    "commerce.products": {"missing_sku", "invalid_amount"},
    "commerce.orders": {
        "missing_order_id",
        "duplicate_order_id",
        "unparseable_timestamp",
        "invalid_amount",
        "unknown_currency",
        "invalid_email",
    },
    "commerce.order_lines": {"unknown_product", "unknown_order"},
    "commerce.pos_sales": {
        "missing_sale_id",
        "duplicate_sale_id",
        "unparseable_timestamp",
        "invalid_amount",
        "unknown_currency",
        "unknown_boutique",
    },
    "commerce.pos_sale_lines": {"unknown_product", "unknown_sale"},
    # counted from the files in test_generate_ga360.py
    "ga360.sessions": {
        "duplicate_session",
        "duplicate_session_intraday",
        "missing_full_visitor_id",
        "invalid_visit_start_time",
        "midnight_split",
    },
    "ga360.hits": {"missing_hit_time"},
}
ABSURD = 1e9  # any amount above this is absurd in every currency the generator uses


def mess(raw: Path) -> dict[str, dict[str, int]]:
    return json.loads((raw / "manifest.json").read_text())["mess"]


def test_every_kind_is_injected_at_least_once(raw: Path) -> None:
    manifest = json.loads((raw / "manifest.json").read_text())
    assert set(manifest["mess"]) == set(EXPECTED)
    for entity, reasons in EXPECTED.items():
        counts = manifest["mess"][entity]
        assert set(counts) == reasons, entity
        assert all(n >= 1 for n in counts.values()), (entity, counts)
    handling = {k: v["handling"] for k, v in manifest["mess_kinds"].items()}
    assert handling["late_arrival"] == handling["invalid_email"] == "flag"
    assert handling["duplicate_person_records"] == "identity"
    assert handling["placeholder_email"] == handling["placeholder_phone"] == "identity"
    assert handling["duplicate_event"] == "quarantine"


# ---- GA4 ----------------------------------------------------------------------------


def test_ga4_duplicate_events(raw: Path, ga4) -> None:
    counts = mess(raw)["ga4.events"]
    in_daily = scalar(
        ga4,
        "select count(*) - (select count(*) from (select distinct * exclude (filename) from ev "
        "where filename not like '%intraday%')) from ev where filename not like '%intraday%'",
    )
    assert in_daily == counts["duplicate_event"]
    # every intraday row repeats a daily row: all of them are copies when staging reads them
    everywhere = scalar(
        ga4,
        "select count(*) - (select count(*) from "
        "(select distinct * exclude (filename) from ev)) from ev",
    )
    intraday = scalar(ga4, "select count(*) from ev where filename like '%intraday%'")
    assert intraday == counts["duplicate_event_intraday"] > 0
    assert everywhere == counts["duplicate_event"] + counts["duplicate_event_intraday"]


def test_ga4_duplicate_transaction_ids(raw: Path, ga4) -> None:
    extra = scalar(
        ga4,
        """
        select sum(n - 1) from (
            select list_filter(event_params, lambda p: p.key = 'transaction_id')[1]
                       .value.string_value as transaction_id,
                   count(*) as n
            from (select distinct * exclude (filename) from ev)
            where event_name = 'purchase'
            group by 1
        )""",
    )
    assert extra == mess(raw)["ga4.events"]["duplicate_transaction_id"]


@pytest.mark.parametrize(
    "reason,where",
    [
        ("missing_user_pseudo_id", "coalesce(trim(user_pseudo_id), '') = ''"),
        ("missing_event_name", "coalesce(trim(event_name), '') = ''"),
        (
            "invalid_event_timestamp",
            "event_timestamp is null or event_timestamp < 1104537600000000 "  # 2005-01-01
            "or make_timestamp(event_timestamp) > strptime(regexp_extract(filename, "
            "'(\\d{8})\\.parquet', 1), '%Y%m%d') + interval 2 day",
        ),
        ("late_arrival", "event_date < regexp_extract(filename, '(\\d{8})\\.parquet', 1)"),
    ],
)
def test_ga4_row_level_mess(raw: Path, ga4, reason: str, where: str) -> None:
    assert scalar(ga4, f"select count(*) from ev where {where}") == mess(raw)["ga4.events"][reason]


def test_ga4_broken_rows_are_not_copies(ga4) -> None:
    """A broken row is never also a duplicate: staging's counts stay unambiguous."""
    assert (
        scalar(
            ga4,
            """
        select count(*) from (
            select user_pseudo_id, event_timestamp, event_name, count(*) as n from ev
            where coalesce(user_pseudo_id, '') = '' or event_timestamp is null
                or coalesce(event_name, '') = ''
            group by all having count(*) > 1
        )""",
        )
        == 0
    )


def test_ga4_clean_rows_have_unique_keys(ga4) -> None:
    """Apart from injected copies, (stream, browser, time, name) identifies an event."""
    assert (
        scalar(
            ga4,
            """
        select count(*) from (
            select stream_id, user_pseudo_id, event_timestamp, event_name
            from (select distinct * exclude (filename) from ev)
            group by all having count(*) > 1
        )""",
        )
        == 0
    )


def test_shared_pseudo_ids_across_streams(raw: Path, ga4) -> None:
    shared = scalar(
        ga4,
        """
        select count(*) from (
            select user_pseudo_id from ev where user_pseudo_id <> ''
            group by 1 having count(distinct stream_id) > 1
        )""",
    )
    assert shared == mess(raw)["ga4.events"]["shared_user_pseudo_id"]


# ---- CRM and commerce -------------------------------------------------------------------


def id_counts(rows: list[dict], column: str) -> tuple[int, int]:
    """(rows with an empty id, extra rows repeating an id)."""
    ids = [clean(r[column]) for r in rows]
    present = [i for i in ids if i is not None]
    return len(ids) - len(present), len(present) - len(set(present))


ID_COLUMNS = [
    ("crm", "customers", "crm.customers", "customer_id"),
    ("crm", "appointments", "crm.appointments", "appointment_id"),
    ("commerce", "products", "commerce.products", "sku"),
    ("commerce", "orders", "commerce.orders", "order_id"),
    ("commerce", "pos_sales", "commerce.pos_sales", "sale_id"),
]


@pytest.mark.parametrize("folder,name,entity,column", ID_COLUMNS)
def test_missing_and_duplicate_ids(raw: Path, folder, name, entity, column) -> None:
    missing, duplicate = id_counts(read_extract(raw, folder, name), column)
    counts = mess(raw)[entity]
    assert missing == counts.get(f"missing_{column}", 0)
    assert duplicate == counts.get(f"duplicate_{column}", 0)


def test_duplicate_customer_ids_keep_the_latest_clean_row(raw: Path) -> None:
    """The copy staging drops (older updated_at) is the extra one, never the current record."""
    rows = read_extract(raw, "crm", "customers")
    by_id: dict[str, list[dict]] = {}
    for row in rows:
        if clean(row["customer_id"]):
            by_id.setdefault(row["customer_id"], []).append(row)
    for copies in (c for c in by_id.values() if len(c) > 1):
        assert all(parses_as_timestamp(r["updated_at"]) for r in copies)


TIMESTAMPS = [
    ("crm", "customers", "crm.customers", ("created_at", "updated_at")),
    ("crm", "appointments", "crm.appointments", ("booked_at", "scheduled_at")),
    ("commerce", "orders", "commerce.orders", ("ordered_at",)),
    ("commerce", "pos_sales", "commerce.pos_sales", ("sold_at",)),
]


@pytest.mark.parametrize("folder,name,entity,columns", TIMESTAMPS)
def test_unparseable_timestamps(raw: Path, folder, name, entity, columns) -> None:
    rows = read_extract(raw, folder, name)
    bad = sum(1 for r in rows if not all(parses_as_timestamp(r[c]) for c in columns))
    assert bad == mess(raw)[entity]["unparseable_timestamp"]


def amount_is_invalid(text: str | None) -> bool:
    value = float(text) if text else 0.0
    return value < 0 or value > ABSURD


@pytest.mark.parametrize(
    "folder,name,entity,column",
    [
        ("commerce", "orders", "commerce.orders", "total_amount"),
        ("commerce", "pos_sales", "commerce.pos_sales", "total_amount"),
        ("commerce", "products", "commerce.products", "price"),
    ],
)
def test_invalid_amounts(raw: Path, folder, name, entity, column) -> None:
    rows = read_extract(raw, folder, name)
    assert sum(amount_is_invalid(r[column]) for r in rows) == mess(raw)[entity]["invalid_amount"]
    # every other amount column is a plain, non-negative decimal
    for r in rows:
        for key, value in r.items():
            if key.endswith(("amount", "price", "total")) and key != column and value:
                assert float(value) >= 0, (key, value)


@pytest.mark.parametrize(
    "name,entity", [("orders", "commerce.orders"), ("pos_sales", "commerce.pos_sales")]
)
def test_unknown_currencies(raw: Path, name, entity) -> None:
    known = {r["currency_code"] for r in load_csv_seed("currency_rates")}
    rows = read_extract(raw, "commerce", name)
    unknown = sum(1 for r in rows if clean(r["currency"]).upper() not in known)
    assert unknown == mess(raw)[entity]["unknown_currency"]


def staged_parent_ids(raw: Path, name: str, id_column: str) -> set[str]:
    """Orders / sales that pass every rule but the duplicate one (their lines are staged)."""
    known_currencies = {r["currency_code"] for r in load_csv_seed("currency_rates")}
    boutiques = {r["boutique_id"] for r in load_csv_seed("boutiques")}
    time_column = "ordered_at" if name == "orders" else "sold_at"
    staged = set()
    for r in read_extract(raw, "commerce", name):
        if (
            clean(r[id_column])
            and parses_as_timestamp(r[time_column])
            and clean(r["currency"]).upper() in known_currencies
            and not amount_is_invalid(r["total_amount"])
            and (name == "orders" or clean(r["boutique_id"]) in boutiques)
        ):
            staged.add(clean(r[id_column]))
    return staged


@pytest.mark.parametrize(
    "name,parent,id_column,entity,orphan_reason",
    [
        ("order_lines", "orders", "order_id", "commerce.order_lines", "unknown_order"),
        ("pos_sale_lines", "pos_sales", "sale_id", "commerce.pos_sale_lines", "unknown_sale"),
    ],
)
def test_unknown_products_and_orphan_lines(
    raw: Path, name, parent, id_column, entity, orphan_reason
) -> None:
    skus = {clean(r["sku"]) for r in read_extract(raw, "commerce", "products")} - {None}
    parents = staged_parent_ids(raw, parent, id_column)
    lines = read_extract(raw, "commerce", name)
    orphans = [r for r in lines if clean(r[id_column]) not in parents]
    unknown = [r for r in lines if clean(r["sku"]) not in skus]
    assert len(orphans) == mess(raw)[entity][orphan_reason]
    assert len(unknown) == mess(raw)[entity]["unknown_product"]
    assert not [r for r in unknown if clean(r[id_column]) not in parents]  # never both


@pytest.mark.parametrize(
    "folder,name,entity",
    [("crm", "appointments", "crm.appointments"), ("commerce", "pos_sales", "commerce.pos_sales")],
)
def test_unknown_boutiques(raw: Path, folder, name, entity) -> None:
    boutiques = {r["boutique_id"] for r in load_csv_seed("boutiques")}
    rows = read_extract(raw, folder, name)
    unknown = sum(1 for r in rows if clean(r["boutique_id"]) not in boutiques)
    assert unknown == mess(raw)[entity]["unknown_boutique"]


@pytest.mark.parametrize(
    "folder,name,entity",
    [("crm", "customers", "crm.customers"), ("commerce", "orders", "commerce.orders")],
)
def test_invalid_emails(raw: Path, folder, name, entity) -> None:
    rows = read_extract(raw, folder, name)
    invalid = sum(1 for r in rows if is_valid_email(r["email"]) is False)
    assert invalid == mess(raw)[entity]["invalid_email"]


def test_invalid_phones_and_every_other_phone_normalises(raw: Path) -> None:
    """Ported staging rule: only the injected phones fail, all notations of real ones pass."""
    variants, codes = country_context()
    rows = read_extract(raw, "crm", "customers")
    invalid = 0
    for r in rows:
        if clean(r["phone"]) is None:
            continue
        code = country_code(r["country"], variants)
        if normalise_phone(r["phone"], codes.get(code) if code else None) is None:
            invalid += 1
    assert invalid == mess(raw)["crm.customers"]["invalid_phone"]


def test_duplicate_person_records(raw: Path) -> None:
    import pyarrow.parquet as pq

    truth = pq.read_table(raw / "ground_truth" / "crm_customers.parquet").to_pylist()
    ids = {clean(r["customer_id"]) for r in read_extract(raw, "crm", "customers")} - {None}
    people = {t["person_id"] for t in truth if t["customer_id"] in ids}
    assert len(ids) - len(people) == mess(raw)["crm.customers"]["duplicate_person_records"]


def test_consents(raw: Path) -> None:
    lines = consent_lines(raw)
    parsed = [parse_json(line) for line in lines]
    objects = [p for p in parsed if p is not None]
    counts = mess(raw)["crm.consents"]
    assert len(lines) - len(objects) == counts["invalid_json"]
    assert parse_json(lines[-1]) is None, "the export's last line is cut off"
    ids = [clean(o["consent_id"]) for o in objects]
    present = [i for i in ids if i]
    assert len(ids) - len(present) == counts["missing_consent_id"]
    assert len(present) - len(set(present)) == counts["duplicate_consent_id"]
    bad_ts = sum(1 for o in objects if not parses_as_timestamp(o["recorded_at"]))
    assert bad_ts == counts["unparseable_timestamp"]
    # missing, duplicate and unparseable never meet on one line
    dup_ids = {i for i, n in Counter(present).items() if n > 1}
    for o in objects:
        problems = (
            clean(o["consent_id"]) is None,
            clean(o["consent_id"]) in dup_ids,
            not parses_as_timestamp(o["recorded_at"]),
        )
        assert sum(problems) <= 1
