"""A hand-made DuckDB file with the four clienteling marts the briefs read.

The tables have the columns of models/marts/clienteling/ (schema main_marts);
the rows are chosen for the cases the renderer must handle: a customer with a
rich history, one with none, Chinese, Japanese, Arabic and accented Latin
names, a customer whose consent does not allow a brief and a booking the
website analytics never saw. Each customer also has an e-mail, a phone and a
customer id in the table, which a brief must never print.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

import duckdb

DAY = dt.date(2026, 11, 4)
DATA_AS_OF = dt.datetime(2026, 11, 3, 6, 0)
WEEKS = [DAY - dt.timedelta(days=7 * (12 - index)) for index in range(12)]

BRIEFS_DDL = """
create table main_marts.appointment_briefs (
    appointment_id varchar primary key,
    scheduled_at timestamp,
    scheduled_at_local timestamp,
    appointment_date_local date,
    boutique_id varchar,
    boutique_name varchar,
    motivation varchar,
    appointment_status varchar,
    is_upcoming boolean,
    customer_id varchar,
    customer_email varchar,
    customer_phone varchar,
    customer_display_name varchar,
    preferred_language varchar,
    loyalty_tier varchar,
    rfm_segment varchar,
    lifetime_revenue decimal(28, 6),
    order_count integer,
    last_purchased_product_name varchar,
    last_purchased_at timestamp,
    preferred_categories varchar,
    last_boutique_visit_at timestamp,
    last_boutique_visit_boutique_name varchar,
    average_session_duration_seconds double,
    sessions_last_30_days integer,
    has_web_history boolean,
    booking_reached_ga boolean,
    open_cart_products varchar,
    open_cart_value decimal(28, 6),
    is_brief_allowed boolean,
    brief_notes varchar,
    data_as_of timestamp
)
"""

OTHER_DDL = [
    """create table main_marts.appointment_brief_product_views (
        appointment_id varchar, rank integer, product_name varchar, item_id varchar,
        view_count integer, last_viewed_at timestamp)""",
    """create table main_marts.appointment_brief_weekly_visits (
        appointment_id varchar, week_start date, sessions integer)""",
    """create table main_marts.appointment_brief_kpis (
        appointment_id varchar, kpi_key varchar, kpi_label varchar, kpi_value varchar,
        display_order integer)""",
]


@dataclass
class Case:
    """One appointment of the hand-made marts and what its brief must (not) show."""

    appointment_id: str
    customer_id: str
    name: str
    email: str
    phone: str
    boutique: tuple[str, str] = ("B01", "Paris Saint-Honoré")
    hour: int = 11
    allowed: bool = True
    web: bool = True
    booking_in_ga: bool = True
    language: str | None = "fr"
    tier: str | None = "Gold"
    segment: str | None = "Champions"
    revenue: Decimal | None = Decimal("12480.50")
    orders: int | None = 7
    last_product: str | None = "Sac Alma en cuir épi"
    categories: str | None = "Bags, Small leather goods"
    cart: str | None = "Carré en soie 90; Ceinture réversible"
    cart_value: Decimal | None = Decimal("1260.00")
    notes: str | None = None
    views: list[tuple[str, str, int]] = field(default_factory=list)
    weekly: list[int] = field(default_factory=list)
    kpis: list[tuple[str, str, str]] = field(default_factory=list)


def default_kpis(case: Case) -> list[tuple[str, str, str]]:
    revenue = "–" if case.revenue is None else f"€{case.revenue:,.0f}"
    orders = "0" if case.orders is None else str(case.orders)
    return [
        ("lifetime_revenue", "Lifetime revenue", revenue),
        ("order_count", "Orders", orders),
        ("sessions_last_30_days", "Web visits (30 days)", str(sum(case.weekly[-4:]))),
        ("rfm_segment", "Segment", case.segment or "–"),
    ]


CASES: dict[str, Case] = {
    "rich": Case(
        appointment_id="APT-RICH-0001",
        customer_id="CUST-7f3a9c",
        name="Élodie Lefèvre-Müller",
        email="elodie.lefevre@example.com",
        phone="+33612345678",
        notes="Prefers fittings in the private salon. Call back on +33 6 12 34 56 78 "
        "or write to elodie.lefevre@example.com before 2026-11-03.",
        views=[
            ("Sac Alma BB", "SKU-ALMA-BB", 14),
            ("Carré en soie 90", "SKU-CARRE-90", 9),
            ("Escarpins Cœur", "SKU-ESC-COEUR", 6),
            ("Montre Tambour", "SKU-TAMB", 3),
            ("Ceinture réversible", "SKU-CEINT", 2),
        ],
        weekly=[0, 1, 2, 0, 3, 4, 1, 0, 5, 2, 6, 3],
    ),
    "none": Case(
        appointment_id="APT-NONE-0002",
        customer_id="CUST-00b1e2",
        name="Jonas Berg",
        email="jonas.berg@example.org",
        phone="+4915112345678",
        hour=15,
        web=False,
        booking_in_ga=False,
        language=None,
        tier=None,
        segment=None,
        revenue=None,
        orders=None,
        last_product=None,
        categories=None,
        cart=None,
        cart_value=None,
    ),
    "chinese": Case(
        appointment_id="APT-CJK-0003",
        customer_id="CUST-5c5c5c",
        name="王小明",
        email="xiaoming.wang@example.cn",
        phone="+8613812345678",
        boutique=("B02", "上海 恒隆广场"),
        language="zh",
        last_product="丝巾 · 马车图案",
        categories="丝巾, 皮具",
        cart="手袋 迷你",
        views=[("丝巾 · 马车图案", "SKU-CN-1", 4), ("手袋 迷你", "SKU-CN-2", 2)],
        weekly=[0] * 8 + [1, 0, 2, 1],
    ),
    "japanese": Case(
        appointment_id="APT-JA-0004",
        customer_id="CUST-6a6a6a",
        name="山田花子",
        email="hanako.yamada@example.jp",
        phone="+819012345678",
        boutique=("B03", "東京 銀座"),
        hour=16,
        language="ja",
        last_product="シルクスカーフ「庭園」",
        categories="スカーフ",
        cart=None,
        cart_value=None,
        views=[("シルクスカーフ「庭園」", "SKU-JA-1", 5)],
        weekly=[1] * 12,
    ),
    "arabic": Case(
        appointment_id="APT-AR-0005",
        customer_id="CUST-a1a1a1",
        name="ليلى الحسيني",
        email="layla@example.ae",
        phone="+971501234567",
        boutique=("B04", "Dubai Mall"),
        language="ar",
        last_product="حقيبة يد جلدية",
        categories="Bags",
        views=[("حقيبة يد جلدية", "SKU-AR-1", 3), ("עגילי זהב", "SKU-HE-1", 1)],
        weekly=[0, 0, 1, 0, 0, 2, 0, 0, 1, 0, 0, 1],
    ),
    "no_consent": Case(
        appointment_id="APT-NOCONSENT-0006",
        customer_id="CUST-dead01",
        name="Hidden Person",
        email="hidden@example.com",
        phone="+33700000001",
        hour=17,
        allowed=False,
        weekly=[2] * 12,
    ),
    "offline_booking": Case(
        appointment_id="APT-OFFLINE-0007",
        customer_id="CUST-0ff11e",
        name="Ana Lúcia Conceição",
        email="ana.conceicao@example.pt",
        phone="+351912345678",
        hour=12,
        booking_in_ga=False,
        language="pt",
        views=[("Sac Alma BB", "SKU-ALMA-BB", 1)],
        weekly=[0] * 11 + [1],
    ),
}

# a brand-specific KPI, only for the rich customer: printed without touching the renderer
EXTRA_KPI = ("client_advisor", "Client advisor", "Camille D.")


def _brief_row(case: Case) -> dict[str, Any]:
    scheduled_local = dt.datetime.combine(DAY, dt.time(case.hour, 30))
    has_views = bool(case.views)
    return {
        "appointment_id": case.appointment_id,
        "scheduled_at": scheduled_local - dt.timedelta(hours=1),
        "scheduled_at_local": scheduled_local,
        "appointment_date_local": DAY,
        "boutique_id": case.boutique[0],
        "boutique_name": case.boutique[1],
        "motivation": "Wedding gift, looking for a scarf",
        "appointment_status": "booked",
        "is_upcoming": True,
        "customer_id": case.customer_id,
        "customer_email": case.email,
        "customer_phone": case.phone,
        "customer_display_name": case.name,
        "preferred_language": case.language,
        "loyalty_tier": case.tier,
        "rfm_segment": case.segment,
        "lifetime_revenue": case.revenue,
        "order_count": case.orders,
        "last_purchased_product_name": case.last_product,
        "last_purchased_at": dt.datetime(2026, 9, 18, 15, 2) if case.last_product else None,
        "preferred_categories": case.categories,
        "last_boutique_visit_at": dt.datetime(2026, 10, 2, 10, 0) if case.orders else None,
        "last_boutique_visit_boutique_name": case.boutique[1] if case.orders else None,
        "average_session_duration_seconds": 245.0 if case.web else None,
        "sessions_last_30_days": sum(case.weekly[-4:]) if case.web else None,
        "has_web_history": case.web and (has_views or any(case.weekly)),
        "booking_reached_ga": case.booking_in_ga,
        "open_cart_products": case.cart,
        "open_cart_value": case.cart_value if case.cart else None,
        "is_brief_allowed": case.allowed,
        "brief_notes": case.notes,
        "data_as_of": DATA_AS_OF,
    }


def write_brief_marts(path: Path, cases: dict[str, Case] = CASES) -> Path:
    """Create `path` (a DuckDB file) with the four marts holding `cases`."""
    path.unlink(missing_ok=True)
    with duckdb.connect(str(path)) as con:
        con.execute("create schema main_marts")
        con.execute(BRIEFS_DDL)
        for ddl in OTHER_DDL:
            con.execute(ddl)
        for case in cases.values():
            row = _brief_row(case)
            placeholders = ", ".join("?" for _ in row)
            con.execute(
                f"insert into main_marts.appointment_briefs ({', '.join(row)}) "
                f"values ({placeholders})",
                list(row.values()),
            )
            for rank, (product, item_id, count) in enumerate(case.views, start=1):
                con.execute(
                    "insert into main_marts.appointment_brief_product_views "
                    "values (?, ?, ?, ?, ?, ?)",
                    [
                        case.appointment_id,
                        rank,
                        product,
                        item_id,
                        count,
                        dt.datetime(2026, 11, 1, 20, 0) - dt.timedelta(days=rank),
                    ],
                )
            weekly = case.weekly or [0] * 12
            for week_start, sessions in zip(WEEKS, weekly, strict=True):
                con.execute(
                    "insert into main_marts.appointment_brief_weekly_visits values (?, ?, ?)",
                    [case.appointment_id, week_start, sessions],
                )
            kpis = default_kpis(case)
            if case is cases.get("rich"):
                kpis.append(EXTRA_KPI)
            for order, (key, label, value) in enumerate(kpis, start=1):
                con.execute(
                    "insert into main_marts.appointment_brief_kpis values (?, ?, ?, ?, ?)",
                    [case.appointment_id, key, label, value, order * 10],
                )
    return path
