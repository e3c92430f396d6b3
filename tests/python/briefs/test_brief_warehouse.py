"""End to end: briefs from the clienteling marts that dbt built on the small generated data.

The PDF's KPIs are compared with main_marts.appointment_brief_kpis, and the
brief must not hold the customer's id, e-mail or phone from the golden record.
The warehouse file is copied first: dbt's connection in this process keeps the
original open, and DuckDB will not open it again read-only in the same process.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from pdf_reading import first_page_png, flat, pdf_text

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def marts_copy(warehouse, tmp_path_factory) -> Path:
    tables = warehouse.query(
        "select table_name from information_schema.tables "
        "where table_name in ('appointment_briefs', 'appointment_brief_kpis')"
    )
    if len(tables) < 2:
        pytest.skip("the clienteling marts are not built (models/marts/clienteling)")
    warehouse.query("checkpoint")
    copy = tmp_path_factory.mktemp("brief_e2e") / "warehouse.duckdb"
    shutil.copy(warehouse.database, copy)
    return copy


def pick(warehouse, condition: str) -> str | None:
    rows = warehouse.query(
        f"select appointment_id from {warehouse.relation('appointment_briefs')} "
        f"where {condition} order by appointment_id limit 1"
    )
    return rows[0][0] if rows else None


def test_brief_kpis_match_the_mart(warehouse, marts_copy, renderer, tmp_path, artifacts_dir):
    from scv.briefs.data import MISSING, BriefStore

    appointment_id = pick(warehouse, "is_brief_allowed and has_web_history")
    assert appointment_id, "no allowed appointment with web history in the small build"
    with BriefStore(marts_copy) as store:
        pdf = renderer.write_pdf(store.brief(appointment_id), tmp_path / "brief.pdf")
    first_page_png(pdf, artifacts_dir / "brief_warehouse.png")
    text = flat(pdf_text(pdf))
    kpis = warehouse.query(
        f"select kpi_label, kpi_value from {warehouse.relation('appointment_brief_kpis')} "
        f"where appointment_id = '{appointment_id}' order by display_order"
    )
    assert kpis
    position = 0
    for label, value in kpis:
        shown = MISSING if value is None else value
        found = text.find(flat(f"{shown} {label}"), position)
        assert found >= 0, f"KPI {label}={value} missing or out of order"
        position = found
    customer_id, email, phone = warehouse.query(
        f"select b.customer_id, g.email, g.phone_e164 "
        f"from {warehouse.relation('appointment_briefs')} as b "
        f"left join {warehouse.relation('int_customers__golden')} as g using (customer_id) "
        f"where b.appointment_id = '{appointment_id}'"
    )[0]
    for value in (customer_id, email, phone, appointment_id):
        if value:
            assert value not in text
    assert "@" not in text


def test_day_briefs_skip_customers_without_consent(warehouse, marts_copy, renderer, tmp_path):
    from scv.briefs.data import BriefStore
    from scv.briefs.produce import write_day

    row = warehouse.query(
        f"select appointment_date_local, count(*) filter (where is_brief_allowed), "
        f"count(*) filter (where not coalesce(is_brief_allowed, false)) "
        f"from {warehouse.relation('appointment_briefs')} "
        "group by 1 order by 3 desc, 2 desc limit 1"
    )[0]
    day, allowed, not_allowed = row
    with BriefStore(marts_copy) as store:
        result = write_day(store, renderer, day, tmp_path)
    assert len(result.written) == allowed
    assert len(result.skipped) == not_allowed
