"""Identifiers that stand for a person are keyed with the salt; ad-platform hashes are not.

The test warehouse is built with PSEUDONYMISATION_SALT (build_settings.py):
the identity graph's e-mail and phone hashes and customer_id must be keyed
with it (nobody without the salt can hash a known e-mail or CRM id into
them), while the hashes sent to Meta and Google stay the plain SHA-256 their
specifications ask for.
"""

from __future__ import annotations

import hashlib

from build_settings import PSEUDONYMISATION_SALT, keyed_sha256


def contacts(warehouse) -> tuple[set[str], set[str]]:
    rows = warehouse.query(
        f"select email, phone_e164 from {warehouse.relation('stg_crm__customers')} "
        f"union all select email, null from {warehouse.relation('stg_commerce__orders')}"
    )
    return {e for e, _ in rows if e}, {p for _, p in rows if p}


def graph_values(warehouse, identifier_type: str) -> set[str]:
    return {
        v
        for (v,) in warehouse.query(
            f"select identifier_value from {warehouse.relation('int_identity__identifiers')} "
            f"where identifier_type = '{identifier_type}'"
        )
    }


def test_graph_contact_hashes_are_keyed(warehouse) -> None:
    emails, phones = contacts(warehouse)
    for identifier_type, values in (("email_sha256", emails), ("phone_sha256", phones)):
        graph = graph_values(warehouse, identifier_type)
        assert graph, identifier_type
        plain = {hashlib.sha256(v.encode()).hexdigest() for v in values}
        keyed = {keyed_sha256(v) for v in values}
        assert not graph & plain, f"{identifier_type}: plain SHA-256 in the identity graph"
        assert graph <= keyed, f"{identifier_type}: values not keyed with the salt"


def test_customer_id_is_keyed(warehouse) -> None:
    id_map = warehouse.relation("int_identity__id_map")
    wrong = warehouse.scalar(
        f"select count(*) from {id_map} where customer_id != "
        f"md5('{PSEUDONYMISATION_SALT}|customer|' || anchor_identifier_key)"
    )
    unsalted = warehouse.scalar(
        f"select count(*) from {id_map} "
        "where customer_id = md5('customer|' || anchor_identifier_key)"
    )
    assert warehouse.scalar(f"select count(*) from {id_map}") > 0
    assert wrong == 0 and unsalted == 0


def test_ad_platform_hashes_are_plain_sha256(warehouse) -> None:
    rows = warehouse.query(
        f"select email, email_sha256 from {warehouse.relation('customer_360')} "
        "where email is not null"
    )
    assert rows
    assert all(h == hashlib.sha256(e.encode()).hexdigest() for e, h in rows)
