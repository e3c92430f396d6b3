"""Bad rows and harmless oddities in the CRM and commerce extracts (docs/bad_input.md).

One build stages a copy of the small dataset into which a row of every kind
was written, plus file-level oddities that must be accepted (a byte-order
mark, CRLF line ends, header case and white space, a reordered header with
an extra column, a missing optional column, a blank line, a quoted newline,
the extract delivered twice in one file, a copy beside it under another
name). Each kind is then asserted on its own: the quarantine row and its
reason, the flag on a kept row, the test that fails with the value named,
or the rows accepted; and every raw row is staged or quarantined.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import pytest
from bad_raw import (
    EXTRACTS,
    append_lines,
    append_rows,
    consent_line,
    count_extract_rows,
    drop_column,
    read_csv,
    rename_header,
    write_csv,
)

pytestmark = pytest.mark.slow

CUSTOMER = {
    "customer_id": "BAD-C-ok",
    "title": "Ms",
    "given_name": "Ada",
    "family_name": "Lovelace",
    "email": "ada.lovelace@example.org",
    "phone": "+33 6 12 34 56 78",
    "birth_date": "1990-05-17",
    "gender": "F",
    "street_address": "1 rue de Rivoli",
    "postcode": "75001",
    "city": "Paris",
    "region": "Île-de-France",
    "country": "FR",
    "preferred_language": "fr-FR",
    "home_boutique_id": "PAR01",
    "loyalty_tier": "Gold",
    "created_at": "2024-01-02T10:00:00Z",
    "updated_at": "2024-06-01T10:00:00Z",
}
APPOINTMENT = {
    "appointment_id": "BAD-A-ok",
    "boutique_id": "PAR01",
    "booked_at": "2026-10-01T10:00:00Z",
    "scheduled_at": "2026-10-20T15:00:00Z",
    "motivation": "gift",
    "status": "booked",
    "channel": "phone",
}
PRODUCT = {
    "sku": "BAD-SKU-ok",
    "product_name": "Test tote",
    "category": "Leather Goods",
    "subcategory": "Handbags",
    "price": "100.00",
    "currency": "EUR",
    "created_at": "2026-01-01 00:00:00",
}
ORDER = {
    "order_id": "BAD-O-ok",
    "email": "buyer@example.org",
    "ordered_at": "2026-10-15T10:00:00Z",
    "status": "completed",
    "currency": "EUR",
    "subtotal_amount": "100.00",
    "discount_amount": "0",
    "shipping_amount": "0",
    "tax_amount": "0",
    "total_amount": "100.00",
    "payment_method": "card",
    "shipping_country": "FR",
    "updated_at": "2026-10-16T10:00:00Z",
}
ORDER_LINE = {
    "order_id": "BAD-O-ok",
    "line_number": "1",
    "sku": "BAD-SKU-ok",
    "quantity": "1",
    "unit_price": "100.00",
    "line_total": "100.00",
}
SALE = {
    "sale_id": "BAD-S-ok",
    "boutique_id": "PAR01",
    "sold_at": "2026-10-15 14:00:00",
    "status": "completed",
    "currency": "EUR",
    "total_amount": "100.00",
    "discount_amount": "0",
    "payment_method": "card",
}
SALE_LINE = {
    "sale_id": "BAD-S-ok",
    "line_number": "1",
    "sku": "BAD-SKU-ok",
    "quantity": "1",
    "unit_price": "100.00",
    "line_total": "100.00",
}


@dataclass(frozen=True)
class RowKind:
    """A kind of bad row: where it goes, the raw rows that show it, and what must happen."""

    model: str
    kind: str
    rows: tuple[dict, ...]
    where: str  # picks the kind's rows in the staging model and in its quarantine
    quarantined: tuple[str, ...] = ()  # reasons of the rows quarantined
    staged: int = 0  # rows staged
    staged_check: str = ""  # a condition every staged row of the kind meets (a flag)


def row(template: dict, **values: str) -> dict:
    return {**template, **values}


ROW_KINDS = [
    # ---- CRM customers
    RowKind(
        "stg_crm__customers",
        "missing_customer_id",
        (row(CUSTOMER, customer_id="", given_name="kind-missing-id"),),
        "given_name = 'kind-missing-id'",
        quarantined=("missing_customer_id",),
    ),
    RowKind(
        "stg_crm__customers",
        "unparseable_timestamp",
        (row(CUSTOMER, customer_id="BAD-C-ts", updated_at="yesterday"),),
        "customer_id = 'BAD-C-ts'",
        quarantined=("unparseable_timestamp",),
    ),
    RowKind(
        "stg_crm__customers",
        "duplicate_customer_id (the older copy)",
        (
            row(CUSTOMER, customer_id="BAD-C-dup", updated_at="2024-06-01T10:00:00Z"),
            row(CUSTOMER, customer_id="BAD-C-dup", updated_at="2025-06-01T10:00:00Z"),
        ),
        "customer_id = 'BAD-C-dup'",
        quarantined=("duplicate_customer_id",),
        staged=1,
        staged_check="updated_at = timestamp '2025-06-01 10:00:00'",
    ),
    RowKind(
        "stg_crm__customers",
        "header row repeated inside the file",
        ({c: c for c in CUSTOMER},),
        "customer_id = 'customer_id'",
        quarantined=("unparseable_timestamp",),
    ),
    RowKind(
        "stg_crm__customers",
        "invalid email (kept, flagged)",
        (row(CUSTOMER, customer_id="BAD-C-email", email="ada.lovelace@@example"),),
        "customer_id = 'BAD-C-email'",
        staged=1,
        staged_check="not is_email_valid and email is null",
    ),
    RowKind(
        "stg_crm__customers",
        "phone that cannot be normalised (kept, flagged)",
        (row(CUSTOMER, customer_id="BAD-C-phone", phone="call me maybe"),),
        "customer_id = 'BAD-C-phone'",
        staged=1,
        staged_check="not is_phone_valid and phone_e164 is null",
    ),
    RowKind(
        "stg_crm__customers",
        "impossible birth date (kept, flagged)",
        (row(CUSTOMER, customer_id="BAD-C-birth", birth_date="31/02/1990"),),
        "customer_id = 'BAD-C-birth'",
        staged=1,
        staged_check="not is_birth_date_valid and birth_date is null",
    ),
    RowKind(
        "stg_crm__customers",
        "unknown country (kept, flagged)",
        (row(CUSTOMER, customer_id="BAD-C-country", country="Atlantis"),),
        "customer_id = 'BAD-C-country'",
        staged=1,
        staged_check="not is_country_recognised and country_code is null",
    ),
    RowKind(
        "stg_crm__customers",
        "white space around values, a quoted comma and line break (accepted)",
        (
            row(
                CUSTOMER,
                customer_id="  BAD-C-space  ",
                given_name="  Ada  ",
                street_address="1 rue de Rivoli,\nBâtiment B",
            ),
        ),
        "customer_id = 'BAD-C-space'",
        staged=1,
        # white space is tidied: the line break reads as a space
        staged_check="given_name = 'Ada' and street_address = '1 rue de Rivoli, Bâtiment B'",
    ),
    # ---- CRM appointments
    RowKind(
        "stg_crm__appointments",
        "missing_appointment_id",
        (row(APPOINTMENT, appointment_id="", booking_id="kind-missing-id"),),
        "booking_id = 'kind-missing-id'",
        quarantined=("missing_appointment_id",),
    ),
    RowKind(
        "stg_crm__appointments",
        "unknown_boutique",
        (row(APPOINTMENT, appointment_id="BAD-A-shop", boutique_id="POPUP99"),),
        "appointment_id = 'BAD-A-shop'",
        quarantined=("unknown_boutique",),
    ),
    RowKind(
        "stg_crm__appointments",
        "unparseable_timestamp",
        (row(APPOINTMENT, appointment_id="BAD-A-ts", scheduled_at="next Tuesday"),),
        "appointment_id = 'BAD-A-ts'",
        quarantined=("unparseable_timestamp",),
    ),
    RowKind(
        "stg_crm__appointments",
        "duplicate_appointment_id (the earlier booking)",
        (
            row(APPOINTMENT, appointment_id="BAD-A-dup", booked_at="2026-10-01T10:00:00Z"),
            row(APPOINTMENT, appointment_id="BAD-A-dup", booked_at="2026-10-02T10:00:00Z"),
        ),
        "appointment_id = 'BAD-A-dup'",
        quarantined=("duplicate_appointment_id",),
        staged=1,
        staged_check="booked_at = timestamp '2026-10-02 10:00:00'",
    ),
    RowKind(
        "stg_crm__appointments",
        "status outside the contract (staged; its accepted_values test fails)",
        (row(APPOINTMENT, appointment_id="BAD-A-status", status="rescheduled"),),
        "appointment_id = 'BAD-A-status'",
        staged=1,
        staged_check="status = 'rescheduled'",
    ),
    # ---- CRM consents (NDJSON lines, see consent_rows)
    RowKind(
        "stg_crm__consents",
        "invalid_json: a truncated line",
        ({"line": consent_line(consent_id="BAD-K-cut")[:40] + "\n"},),
        "json_line like '%BAD-K-cut%'",
        quarantined=("invalid_json",),
    ),
    RowKind(
        "stg_crm__consents",
        "invalid_json: valid JSON that is not an object",
        ({"line": '["BAD-K-array", "email", "granted"]\n'},),
        "json_line like '%BAD-K-array%'",
        quarantined=("invalid_json",),
    ),
    RowKind(
        "stg_crm__consents",
        "invalid_json: a blank line",
        ({"line": "\n"}, {"line": "   \n"}),
        "coalesce(trim(json_line), '') = ''",
        quarantined=("invalid_json", "invalid_json"),
    ),
    RowKind(
        "stg_crm__consents",
        "missing_consent_id",
        ({"line": consent_line(consent_id="", source="kind-missing-id")},),
        "json_line like '%kind-missing-id%'",
        quarantined=("missing_consent_id",),
    ),
    RowKind(
        "stg_crm__consents",
        "unparseable_timestamp",
        ({"line": consent_line(consent_id="BAD-K-ts", recorded_at="31/31/2026")},),
        "json_line like '%BAD-K-ts%'",
        quarantined=("unparseable_timestamp",),
    ),
    RowKind(
        "stg_crm__consents",
        "duplicate_consent_id (the earlier record)",
        (
            {"line": consent_line(consent_id="BAD-K-dup", recorded_at="2026-10-01T10:00:00Z")},
            {"line": consent_line(consent_id="BAD-K-dup", recorded_at="2026-10-02T10:00:00Z")},
        ),
        "json_line like '%BAD-K-dup%'",
        quarantined=("duplicate_consent_id",),
        staged=1,
        staged_check="recorded_at = timestamp '2026-10-02 10:00:00'",
    ),
    RowKind(
        "stg_crm__consents",
        "channel outside the contract (staged; its accepted_values test fails)",
        ({"line": consent_line(consent_id="BAD-K-channel", channel="carrier_pigeon")},),
        "json_line like '%BAD-K-channel%'",
        staged=1,
        staged_check="channel = 'carrier_pigeon'",
    ),
    # ---- commerce products
    RowKind(
        "stg_commerce__products",
        "missing_sku",
        (row(PRODUCT, sku="", product_name="kind-missing-sku"),),
        "product_name = 'kind-missing-sku'",
        quarantined=("missing_sku",),
    ),
    RowKind(
        "stg_commerce__products",
        "unknown_currency",
        (row(PRODUCT, sku="BAD-SKU-cur", currency="XYZ"),),
        "sku = 'BAD-SKU-cur'",
        quarantined=("unknown_currency",),
    ),
    RowKind(
        "stg_commerce__products",
        "invalid_amount: a decimal comma",
        (row(PRODUCT, sku="BAD-SKU-price", price="12,50"),),
        "sku = 'BAD-SKU-price'",
        quarantined=("invalid_amount",),
    ),
    RowKind(
        "stg_commerce__products",
        "duplicate_sku (the older copy)",
        (
            row(PRODUCT, sku="BAD-SKU-dup", created_at="2026-01-01 00:00:00"),
            row(PRODUCT, sku="BAD-SKU-dup", created_at="2026-02-01 00:00:00"),
        ),
        "sku = 'BAD-SKU-dup'",
        quarantined=("duplicate_sku",),
        staged=1,
        staged_check="created_at = timestamp '2026-02-01 00:00:00'",
    ),
    RowKind(
        "stg_commerce__products",
        "category not in category_mapping, unparseable optional created_at (kept, flagged)",
        (row(PRODUCT, sku="BAD-SKU-cat", category="Spaceships", created_at="soon"),),
        "sku = 'BAD-SKU-cat'",
        staged=1,
        staged_check="category = 'other' and not is_category_mapped and not is_created_at_valid",
    ),
    # ---- commerce orders
    RowKind(
        "stg_commerce__orders",
        "missing_order_id",
        (row(ORDER, order_id="", promo_code="KIND-MISSING-ID"),),
        "promo_code = 'KIND-MISSING-ID'",
        quarantined=("missing_order_id",),
    ),
    RowKind(
        "stg_commerce__orders",
        "unparseable_timestamp",
        (row(ORDER, order_id="BAD-O-ts", ordered_at="2026-13-45 25:61"),),
        "order_id = 'BAD-O-ts'",
        quarantined=("unparseable_timestamp",),
    ),
    RowKind(
        "stg_commerce__orders",
        "unknown_currency",
        (row(ORDER, order_id="BAD-O-cur", currency="EURO"),),
        "order_id = 'BAD-O-cur'",
        quarantined=("unknown_currency",),
    ),
    RowKind(
        "stg_commerce__orders",
        "invalid_amount: negative, and above max_plausible_amount",
        (
            row(ORDER, order_id="BAD-O-neg", total_amount="-100.00"),
            row(ORDER, order_id="BAD-O-huge", subtotal_amount="9000000", total_amount="9000000"),
        ),
        "order_id in ('BAD-O-neg', 'BAD-O-huge')",
        quarantined=("invalid_amount", "invalid_amount"),
    ),
    RowKind(
        "stg_commerce__orders",
        "duplicate_order_id (the older update)",
        (
            row(ORDER, order_id="BAD-O-dup", updated_at="2026-10-16T10:00:00Z"),
            row(ORDER, order_id="BAD-O-dup", updated_at="2026-10-17T10:00:00Z"),
        ),
        "order_id = 'BAD-O-dup'",
        quarantined=("duplicate_order_id",),
        staged=1,
        staged_check="updated_at = timestamp '2026-10-17 10:00:00'",
    ),
    RowKind(
        "stg_commerce__orders",
        "invalid email, unknown shipping country, unparseable updated_at (kept, flagged)",
        (
            row(
                ORDER,
                order_id="BAD-O-flags",
                email="nobody-at-example",
                shipping_country="Narnia",
                updated_at="later",
            ),
        ),
        "order_id = 'BAD-O-flags'",
        staged=1,
        staged_check=(
            "not is_email_valid and not is_shipping_country_recognised and not is_updated_at_valid"
        ),
    ),
    RowKind(
        "stg_commerce__orders",
        "status outside the contract (staged; its accepted_values test fails)",
        (row(ORDER, order_id="BAD-O-status", status="shipped"),),
        "order_id = 'BAD-O-status'",
        staged=1,
        staged_check="status = 'shipped'",
    ),
    # ---- commerce order lines (of the crafted order BAD-O-ok)
    RowKind(
        "stg_commerce__order_lines",
        "missing_order_id",
        (row(ORDER_LINE, order_id="", sku="KIND-MISSING-ORDER"),),
        "sku = 'KIND-MISSING-ORDER'",
        quarantined=("missing_order_id",),
    ),
    RowKind(
        "stg_commerce__order_lines",
        "missing_line_number: empty, or not a whole number",
        (
            row(ORDER_LINE, order_id="BAD-O-noline", line_number=""),
            row(ORDER_LINE, order_id="BAD-O-noline", line_number="1.5"),
        ),
        "order_id = 'BAD-O-noline'",
        quarantined=("missing_line_number", "missing_line_number"),
    ),
    RowKind(
        "stg_commerce__order_lines",
        "unknown_order: absent, or itself quarantined",
        (row(ORDER_LINE, order_id="BAD-O-absent"), row(ORDER_LINE, order_id="BAD-O-cur")),
        "order_id in ('BAD-O-absent', 'BAD-O-cur')",
        quarantined=("unknown_order", "unknown_order"),
    ),
    RowKind(
        "stg_commerce__order_lines",
        "invalid_amount: quantity 0",
        (row(ORDER_LINE, line_number="2", quantity="0"),),
        "order_id = 'BAD-O-ok' and line_number = '2'",
        quarantined=("invalid_amount",),
    ),
    RowKind(
        "stg_commerce__order_lines",
        "unknown_product",
        (row(ORDER_LINE, line_number="3", sku="NO-SUCH-SKU"),),
        "order_id = 'BAD-O-ok' and line_number = '3'",
        quarantined=("unknown_product",),
    ),
    RowKind(
        "stg_commerce__order_lines",
        "duplicate_line_number: the same line twice",
        (row(ORDER_LINE, line_number="4"), row(ORDER_LINE, line_number="4")),
        "order_id = 'BAD-O-ok' and line_number = '4'",
        quarantined=("duplicate_line_number",),
        staged=1,
    ),
    # ---- commerce POS sales
    RowKind(
        "stg_commerce__pos_sales",
        "missing_sale_id",
        (row(SALE, sale_id="", payment_method="kind-missing-id"),),
        "payment_method = 'kind-missing-id'",
        quarantined=("missing_sale_id",),
    ),
    RowKind(
        "stg_commerce__pos_sales",
        "unknown_boutique",
        (row(SALE, sale_id="BAD-S-shop", boutique_id=""),),
        "sale_id = 'BAD-S-shop'",
        quarantined=("unknown_boutique",),
    ),
    RowKind(
        "stg_commerce__pos_sales",
        "unparseable_timestamp",
        (row(SALE, sale_id="BAD-S-ts", sold_at="15h30"),),
        "sale_id = 'BAD-S-ts'",
        quarantined=("unparseable_timestamp",),
    ),
    RowKind(
        "stg_commerce__pos_sales",
        "unknown_currency",
        (row(SALE, sale_id="BAD-S-cur", currency="BTC"),),
        "sale_id = 'BAD-S-cur'",
        quarantined=("unknown_currency",),
    ),
    RowKind(
        "stg_commerce__pos_sales",
        "invalid_amount: not a plain decimal",
        (row(SALE, sale_id="BAD-S-amount", total_amount="1.000,00"),),
        "sale_id = 'BAD-S-amount'",
        quarantined=("invalid_amount",),
    ),
    RowKind(
        "stg_commerce__pos_sales",
        "duplicate_sale_id (the earlier ticket)",
        (
            row(SALE, sale_id="BAD-S-dup", sold_at="2026-10-15 14:00:00"),
            row(SALE, sale_id="BAD-S-dup", sold_at="2026-10-15 15:00:00"),
        ),
        "sale_id = 'BAD-S-dup'",
        quarantined=("duplicate_sale_id",),
        staged=1,
        staged_check="sold_at_local = timestamp '2026-10-15 15:00:00'",
    ),
    # ---- commerce POS sale lines (of the crafted sale BAD-S-ok)
    RowKind(
        "stg_commerce__pos_sale_lines",
        "missing_sale_id",
        (row(SALE_LINE, sale_id="", sku="KIND-MISSING-SALE"),),
        "sku = 'KIND-MISSING-SALE'",
        quarantined=("missing_sale_id",),
    ),
    RowKind(
        "stg_commerce__pos_sale_lines",
        "missing_line_number",
        (row(SALE_LINE, sale_id="BAD-S-noline", line_number="first"),),
        "sale_id = 'BAD-S-noline'",
        quarantined=("missing_line_number",),
    ),
    RowKind(
        "stg_commerce__pos_sale_lines",
        "unknown_sale",
        (row(SALE_LINE, sale_id="BAD-S-absent"),),
        "sale_id = 'BAD-S-absent'",
        quarantined=("unknown_sale",),
    ),
    RowKind(
        "stg_commerce__pos_sale_lines",
        "invalid_amount: a fractional quantity",
        (row(SALE_LINE, line_number="2", quantity="1.5"),),
        "sale_id = 'BAD-S-ok' and line_number = '2'",
        quarantined=("invalid_amount",),
    ),
    RowKind(
        "stg_commerce__pos_sale_lines",
        "unknown_product",
        (row(SALE_LINE, line_number="3", sku="NO-SUCH-SKU"),),
        "sale_id = 'BAD-S-ok' and line_number = '3'",
        quarantined=("unknown_product",),
    ),
    RowKind(
        "stg_commerce__pos_sale_lines",
        "duplicate_line_number: two different lines with one number",
        (
            row(SALE_LINE, line_number="4"),
            row(SALE_LINE, line_number="4", quantity="2", line_total="200.00"),
        ),
        "sale_id = 'BAD-S-ok' and line_number = '4'",
        quarantined=("duplicate_line_number",),
        staged=1,
    ),
]

# The valid parents the line kinds hang on, and one valid row per extract.
VALID_ROWS = {
    "stg_crm__customers": [CUSTOMER],
    "stg_crm__appointments": [APPOINTMENT],
    "stg_commerce__products": [PRODUCT],
    "stg_commerce__orders": [ORDER],
    "stg_commerce__order_lines": [ORDER_LINE],
    "stg_commerce__pos_sales": [SALE],
    "stg_commerce__pos_sale_lines": [SALE_LINE],
}

# (model, column) of the accepted_values tests that must fail, each for the one value the
# crafted rows put outside the contract; no other test may fail
FAILING_TESTS = {
    ("stg_crm__appointments", "status"),
    ("stg_crm__consents", "channel"),
    ("stg_commerce__orders", "status"),
}

# the generator's appointments rows: how many of each reason a single copy holds
APPOINTMENTS_FILE = "crm/appointments.csv"


def damage(raw: Path) -> None:
    """Write every kind into the copy, then the file-level oddities that must be accepted."""
    # the whole appointments extract delivered twice in one file (every row again), before the
    # crafted rows: its rows' reasons are checked against the generator's manifest
    header, rows = read_csv(raw / APPOINTMENTS_FILE)
    write_csv(raw / APPOINTMENTS_FILE, header, [*rows, *rows])
    # and a re-delivered copy beside it, under another name: never read
    write_csv(raw / "crm" / "appointments (1).csv", header, rows)

    for model, file in EXTRACTS.items():
        kinds = [k for k in ROW_KINDS if k.model == model]
        if file.endswith(".ndjson"):
            append_lines(raw / file, [consent_line()] + [r["line"] for k in kinds for r in k.rows])
        else:
            append_rows(raw / file, [*VALID_ROWS[model], *(r for k in kinds for r in k.rows)])

    # file-level oddities, one per extract so that each is seen alone
    customers = raw / "crm" / "customers.csv"
    header, rows = read_csv(customers)
    write_csv(customers, header, rows, line_terminator="\r\n", encoding="utf-8-sig")  # BOM, CRLF
    rename_header(
        raw / "crm" / "appointments.csv", {"appointment_id": "Appointment_ID", "status": " status "}
    )
    drop_column(raw / "commerce" / "products.csv", "subcategory")
    orders = raw / "commerce" / "orders.csv"
    header, rows = read_csv(orders)
    write_csv(
        orders, ["exported_by", *reversed(header)], ({**r, "exported_by": "erp"} for r in rows)
    )
    pos_sales = raw / "commerce" / "pos_sales.csv"
    text = pos_sales.read_text(encoding="utf-8")
    pos_sales.write_text(text.replace("\n", "\n\n", 3), encoding="utf-8")  # blank lines


@pytest.fixture(scope="module")
def staged(scenario_factory):
    scenario = scenario_factory("bad_extract_rows", damage, ga4=False)
    selection = ("--select", "staging.crm", "staging.commerce")
    ran = scenario.dbt("run", *selection)
    assert ran.success, ran.describe()
    tested = scenario.dbt(
        "test", *selection, "--exclude", "test_type:unit", "--indirect-selection", "cautious"
    )
    return scenario, ran, tested


@pytest.mark.parametrize("kind", ROW_KINDS, ids=lambda k: f"{k.model}: {k.kind}")
def test_bad_row_kind(staged, kind: RowKind) -> None:
    scenario, _, _ = staged
    assert scenario.reasons(kind.model, kind.where) == sorted(kind.quarantined)
    assert scenario.count(kind.model, _staged_where(kind)) == kind.staged
    if kind.staged_check:
        assert scenario.count(kind.model, f"{_staged_where(kind)} and {kind.staged_check}") == (
            kind.staged
        )


def _staged_where(kind: RowKind) -> str:
    # the staged models keep typed columns only: consents are found by their parsed id
    if kind.model == "stg_crm__consents":
        return kind.where.replace("json_line like '%", "consent_id like '%").replace(
            "coalesce(trim(json_line), '') = ''", "false"
        )
    return kind.where


def test_only_the_contract_value_tests_fail(staged) -> None:
    """The three codes outside the contract fail their accepted_values tests, one row each."""
    _, _, tested = staged
    failed = tested.with_status("fail") | tested.with_status("error")
    described = {}
    for name in failed:
        node = tested.nodes()[name].node
        model = node.attached_node.split(".")[-1] if node.attached_node else None
        described[(model, node.column_name)] = (
            node.test_metadata.name,
            tested.nodes()[name].failures,
        )
    assert described == {key: ("accepted_values", 1) for key in FAILING_TESTS}, tested.describe()


@pytest.mark.parametrize("model", sorted(EXTRACTS))
def test_every_raw_row_is_staged_or_quarantined(staged, model: str) -> None:
    scenario, _, tested = staged
    raw_rows = count_extract_rows(scenario.raw, EXTRACTS[model])
    staged_rows = scenario.count(model)
    quarantined = scenario.count(f"{model}_quarantine")
    assert raw_rows == staged_rows + quarantined, (model, raw_rows, staged_rows, quarantined)
    reconcile = [n for n in tested.nodes() if n.endswith("raw_rows_reconcile")]
    assert len(reconcile) == len(EXTRACTS)
    assert all(tested.status(n) == "pass" for n in reconcile)


def test_extract_delivered_twice_in_one_file(staged, small_raw) -> None:
    """Every appointment twice: the copies are quarantined duplicates, the staged rows unchanged."""
    scenario, _, _ = staged
    mess = json.loads((small_raw / "manifest.json").read_text())["mess"]["crm.appointments"]
    original = count_extract_rows(small_raw, APPOINTMENTS_FILE)
    own_reasons = {r: n for r, n in mess.items() if not r.startswith("duplicate_")}
    staged_once = original - sum(mess.values())
    not_crafted = "appointment_id is null or appointment_id not like 'BAD-%'"
    assert scenario.count("stg_crm__appointments", not_crafted) == staged_once
    seen = dict(
        scenario.query(
            "select quarantine_reason, count(*) from main_staging.stg_crm__appointments_quarantine "
            f"where ({not_crafted}) and coalesce(booking_id, '') != 'kind-missing-id' group by 1"
        )
    )
    duplicates = 2 * original - staged_once - 2 * sum(own_reasons.values())
    assert seen == {
        **{reason: 2 * n for reason, n in own_reasons.items()},
        "duplicate_appointment_id": duplicates,
    }


def test_copy_of_an_extract_under_another_name_is_not_read(staged) -> None:
    scenario, _, _ = staged
    assert (scenario.raw / "crm" / "appointments (1).csv").exists()
    assert count_extract_rows(scenario.raw, APPOINTMENTS_FILE) == scenario.count(
        "stg_crm__appointments"
    ) + scenario.count("stg_crm__appointments_quarantine")


def test_byte_order_mark_and_crlf_are_accepted(staged) -> None:
    scenario, _, _ = staged
    assert (scenario.raw / "crm" / "customers.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    assert b"\r\n" in (scenario.raw / "crm" / "customers.csv").read_bytes()
    assert scenario.count("stg_crm__customers", "customer_id = 'BAD-C-ok'") == 1
    # the first column (behind the BOM) and the last one (before CR) read clean
    assert scenario.count(
        "stg_crm__customers", "customer_id like 'C%' or customer_id like 'BAD-%'"
    ) == (scenario.count("stg_crm__customers"))
    assert scenario.count("stg_crm__customers", "updated_at is null") == 0


def test_header_case_and_white_space_are_accepted(staged) -> None:
    scenario, ran, _ = staged
    header = (scenario.raw / "crm" / "appointments.csv").read_text().splitlines()[0]
    assert "Appointment_ID" in header and " status " in header
    assert (
        scenario.count("stg_crm__appointments", "appointment_id = 'BAD-A-ok' and status = 'booked'")
        == 1
    )
    assert not [w for w in ran.warnings if "crm.appointments" in w]


def test_reordered_header_with_an_extra_column_is_accepted(staged) -> None:
    scenario, ran, _ = staged
    assert (scenario.raw / "commerce" / "orders.csv").read_text().startswith("exported_by,")
    assert (
        scenario.count("stg_commerce__orders", "order_id = 'BAD-O-ok' and total_amount = 100") == 1
    )
    assert not [w for w in ran.warnings if "commerce.orders" in w]


def test_missing_optional_column_reads_as_empty_with_a_warning(staged) -> None:
    scenario, ran, _ = staged
    assert scenario.count("stg_commerce__products", "subcategory is not null") == 0
    assert scenario.count("stg_commerce__products", "sku = 'BAD-SKU-ok'") == 1
    warning = [w for w in ran.warnings if "commerce.products" in w]
    assert len(warning) == 1, ran.warnings
    assert "has no column subcategory: read as empty for every row" in warning[0]
    assert str(scenario.raw / "commerce" / "products.csv") in warning[0]


def test_blank_lines_in_a_csv_extract_are_skipped(staged) -> None:
    scenario, _, _ = staged
    assert "\n\n" in (scenario.raw / "commerce" / "pos_sales.csv").read_text()
    assert count_extract_rows(scenario.raw, "commerce/pos_sales.csv") == scenario.count(
        "stg_commerce__pos_sales"
    ) + scenario.count("stg_commerce__pos_sales_quarantine")
