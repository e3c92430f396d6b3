"""Placeholder e-mails and phones: hub contact details shared by unrelated people.

A placeholder is found from the files alone: a valid contact detail (normalised as staging
does) that CRM records of two or more true persons share. Real e-mails and phones belong to
one person each, so every shared value must be one of the generator's placeholders, and the
records carrying them must be exactly as many as manifest.json says.
"""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from gen_checks import (
    clean,
    country_code,
    country_context,
    is_valid_email,
    normalise_phone,
    parses_as_timestamp,
    read_extract,
)

from scv.generate import crm
from scv.generate import reference as ref
from scv.generate.config import GenerateConfig
from scv.generate.mess import MessLedger
from scv.generate.population import Window, build_world

PLACEHOLDER_EMAILS = {e.lower() for e in ref.PLACEHOLDER_EMAILS}
PLACEHOLDER_PHONES = {
    f"+{c.calling_code}{ref.placeholder_phone_nsn(c)}": c.code for c in ref.COUNTRIES
}
MINIMUM = {"placeholder_email": 3, "placeholder_phone": 2}


def email_key(row: dict) -> str | None:
    """The e-mail as staging keeps it: trimmed, lower case, valid (else None)."""
    return clean(row["email"]).lower() if is_valid_email(row["email"]) else None


def phone_keys(rows: list[dict]) -> list[str | None]:
    """E.164 as staging normalises it, in the dialling context of the record's country."""
    variants, codes = country_context()
    keys = []
    for row in rows:
        code = country_code(row["country"], variants)
        keys.append(normalise_phone(row["phone"], codes.get(code) if code else None))
    return keys


def shared(rows: list[dict], keys: list[str | None], person_of: dict[str, str]) -> dict:
    """value -> {customer_id: person_id} for values on the records of >= 2 true persons."""
    holders: dict[str, dict[str, str]] = defaultdict(dict)
    for row, key in zip(rows, keys, strict=True):
        customer_id = clean(row["customer_id"])
        if key is not None and customer_id in person_of:
            holders[key][customer_id] = person_of[customer_id]
    return {k: v for k, v in holders.items() if len(set(v.values())) >= 2}


@pytest.fixture(scope="module")
def found(raw: Path) -> dict:
    """Both kinds of shared values in customers.csv, with the manifest's counts."""
    rows = read_extract(raw, "crm", "customers")
    truth = pq.read_table(raw / "ground_truth" / "crm_customers.parquet").to_pylist()
    person_of = {t["customer_id"]: t["person_id"] for t in truth}
    manifest = json.loads((raw / "manifest.json").read_text())
    persons = pq.read_table(raw / "ground_truth" / "persons.parquet").to_pylist()
    return {
        "rows": rows,
        "person_of": person_of,
        "country_of": {p["person_id"]: p["country_code"] for p in persons},
        "manifest": manifest,
        "placeholder_email": shared(rows, [email_key(r) for r in rows], person_of),
        "placeholder_phone": shared(rows, phone_keys(rows), person_of),
    }


@pytest.mark.parametrize("reason", ["placeholder_email", "placeholder_phone"])
def test_placeholders_are_counted_in_the_manifest(found: dict, reason: str) -> None:
    records = sum(len(holders) for holders in found[reason].values())
    assert records == found["manifest"]["mess"]["crm.customers"][reason] >= MINIMUM[reason]
    assert found["manifest"]["mess_kinds"][reason]["handling"] == "identity"


@pytest.mark.parametrize("reason", ["placeholder_email", "placeholder_phone"])
def test_each_placeholder_is_shared_by_different_people(found: dict, reason: str) -> None:
    assert found[reason]
    for holders in found[reason].values():
        # one record per person: every record of a placeholder belongs to someone else
        assert len(set(holders.values())) == len(holders) >= 2


def test_shared_values_are_the_known_placeholders(found: dict) -> None:
    assert set(found["placeholder_email"]) <= PLACEHOLDER_EMAILS
    assert set(found["placeholder_phone"]) <= set(PLACEHOLDER_PHONES)
    # a placeholder phone is the one of its people's own country
    for phone, holders in found["placeholder_phone"].items():
        assert {found["country_of"][p] for p in holders.values()} == {PLACEHOLDER_PHONES[phone]}


def test_placeholder_records_carry_no_other_problem(found: dict) -> None:
    ids = [clean(r["customer_id"]) for r in found["rows"]]
    placeholder_ids = {
        customer_id
        for reason in ("placeholder_email", "placeholder_phone")
        for holders in found[reason].values()
        for customer_id in holders
    }
    people = [
        found["person_of"][customer_id]
        for reason in ("placeholder_email", "placeholder_phone")
        for holders in found[reason].values()
        for customer_id in holders
    ]
    assert len(set(people)) == len(people), "a person got two placeholders"
    keys = phone_keys(found["rows"])
    for row, customer_id, phone in zip(found["rows"], ids, keys, strict=True):
        if customer_id not in placeholder_ids:
            continue
        assert ids.count(customer_id) == 1  # never copied, never a duplicate id
        assert parses_as_timestamp(row["created_at"]) and parses_as_timestamp(row["updated_at"])
        assert is_valid_email(row["email"]) is not False
        assert clean(row["phone"]) is None or phone is not None


def test_orders_keep_the_real_email(raw: Path, found: dict) -> None:
    """Checkouts need a real address: no order carries a placeholder e-mail."""
    orders = read_extract(raw, "commerce", "orders")
    order_emails = {email_key(o) for o in orders} - {None}
    assert order_emails
    assert not order_emails & PLACEHOLDER_EMAILS


# ---- the CRM step alone, larger: several placeholder values, deterministic per seed ---------


def crm_customers(customers: int, seed: int) -> tuple[dict[str, list[str]], dict, dict]:
    """(customers extract columns, crm.customers mess counts, customer_id -> person)."""
    cfg = GenerateConfig(customers=customers, days=2, seed=seed, progress=False)
    world = build_world(cfg, Window(start=cfg.start, days=cfg.days, history_days=cfg.history_days))
    crm.assign_customer_ids(world, seed)
    rows = crm.build_customer_rows(cfg, world)
    ledger = MessLedger()
    columns = crm.customers_with_mess(cfg, world, rows, ledger)
    person_of = dict(zip(world.records.customer_id, world.records.person.tolist(), strict=True))
    return columns, ledger.as_dict()["crm.customers"], person_of


def as_rows(columns: dict[str, list[str]]) -> list[dict]:
    n = len(columns["customer_id"])
    return [{k: (v[i] if v[i] != "" else None) for k, v in columns.items()} for i in range(n)]


@pytest.fixture(scope="module")
def large() -> tuple[list[dict], dict, dict]:
    columns, counts, person_of = crm_customers(3000, 7)
    return as_rows(columns), counts, {k: str(v) for k, v in person_of.items()}


def test_larger_crm_has_several_placeholders_of_each_kind(large) -> None:
    rows, counts, person_of = large
    emails = shared(rows, [email_key(r) for r in rows], person_of)
    phones = shared(rows, phone_keys(rows), person_of)
    assert len(emails) >= 2 and set(emails) <= PLACEHOLDER_EMAILS
    assert len(phones) >= 2 and set(phones) <= set(PLACEHOLDER_PHONES)
    assert sum(map(len, emails.values())) == counts["placeholder_email"]
    assert sum(map(len, phones.values())) == counts["placeholder_phone"]
    n = len(person_of)
    # about 0.4 % and 0.3 % of the records
    assert 0.002 * n <= counts["placeholder_email"] <= 0.008 * n
    assert 0.0015 * n <= counts["placeholder_phone"] <= 0.006 * n
    # written several ways, all normalising to the same value
    assert any(
        len({clean(r["phone"]) for r in rows if clean(r["customer_id"]) in h}) > 1
        for h in phones.values()
    )


def test_placeholders_are_deterministic_per_seed(large) -> None:
    rows, counts, _ = large
    again, again_counts, _ = crm_customers(3000, 7)
    assert as_rows(again) == rows and again_counts == counts
    other, _, _ = crm_customers(3000, 8)

    def placeholder_rows(rows: list[dict]) -> set[tuple]:
        keys = phone_keys(rows)
        return {
            (r["customer_id"], email_key(r), phone)
            for r, phone in zip(rows, keys, strict=True)
            if email_key(r) in PLACEHOLDER_EMAILS or phone in PLACEHOLDER_PHONES
        }

    assert placeholder_rows(rows) and placeholder_rows(rows) != placeholder_rows(as_rows(other))
