"""Read what one appointment brief shows from the clienteling marts, on one connection.

Only the columns a brief displays are selected: `customer_id`, e-mail, phone
and the products' item ids never leave the warehouse, so the renderer cannot
print them. Every value arrives formatted or typed by the marts
(models/marts/clienteling/); this module does no business logic.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from types import TracebackType
from typing import Any

from scv.warehouse import connect_read_only

BRIEFS_TABLE = "appointment_briefs"
PRODUCT_VIEWS_TABLE = "appointment_brief_product_views"
WEEKLY_VISITS_TABLE = "appointment_brief_weekly_visits"
KPIS_TABLE = "appointment_brief_kpis"
TABLES = (BRIEFS_TABLE, PRODUCT_VIEWS_TABLE, WEEKLY_VISITS_TABLE, KPIS_TABLE)

# The columns of appointment_briefs a brief shows, in BriefData's field order.
BRIEF_COLUMNS = (
    "appointment_id",
    "scheduled_at_local",
    "appointment_date_local",
    "boutique_id",
    "boutique_name",
    "motivation",
    "appointment_status",
    "is_upcoming",
    "customer_display_name",
    "preferred_language",
    "loyalty_tier",
    "rfm_segment",
    "lifetime_revenue",
    "order_count",
    "last_purchased_product_name",
    "last_purchased_at",
    "preferred_categories",
    "last_boutique_visit_at",
    "last_boutique_visit_boutique_name",
    "average_session_duration_seconds",
    "sessions_last_30_days",
    "has_web_history",
    "booking_reached_ga",
    "open_cart_products",
    "open_cart_value",
    "is_brief_allowed",
    "brief_notes",
    "data_as_of",
)

# what a KPI without a value shows (a customer with no purchase has no "last purchase")
MISSING = "–"

# read when the mart has them: the currency the mart's amounts are in
OPTIONAL_COLUMNS = ("reporting_currency_code",)


class BriefDataError(Exception):
    """The warehouse cannot give a brief; the message says what to do."""


@dataclass(frozen=True)
class ProductView:
    rank: int
    product_name: str
    view_count: int
    last_viewed_at: dt.datetime | None


@dataclass(frozen=True)
class WeeklyVisits:
    week_start: dt.date
    sessions: int


@dataclass(frozen=True)
class Kpi:
    key: str
    label: str
    value: str


@dataclass(frozen=True)
class BriefData:
    """One appointment's brief, as the marts give it (`appointment_id` names the file only)."""

    appointment_id: str
    scheduled_at_local: dt.datetime | None
    appointment_date_local: dt.date | None
    boutique_id: str | None
    boutique_name: str | None
    motivation: str | None
    appointment_status: str | None
    is_upcoming: bool | None
    customer_display_name: str | None
    preferred_language: str | None
    loyalty_tier: str | None
    rfm_segment: str | None
    lifetime_revenue: Decimal | None
    order_count: int | None
    last_purchased_product_name: str | None
    last_purchased_at: dt.datetime | None
    preferred_categories: str | None
    last_boutique_visit_at: dt.datetime | None
    last_boutique_visit_boutique_name: str | None
    average_session_duration_seconds: float | None
    sessions_last_30_days: int | None
    has_web_history: bool
    booking_reached_ga: bool
    open_cart_products: str | None
    open_cart_value: Decimal | None
    is_brief_allowed: bool
    brief_notes: str | None
    data_as_of: dt.datetime | None
    reporting_currency_code: str | None = None
    product_views: tuple[ProductView, ...] = ()
    weekly_visits: tuple[WeeklyVisits, ...] = ()
    kpis: tuple[Kpi, ...] = ()


@dataclass(frozen=True)
class AppointmentRef:
    """An appointment of a day, enough to choose and name its brief."""

    appointment_id: str
    boutique_id: str | None
    boutique_name: str | None
    scheduled_at_local: dt.datetime | None
    is_brief_allowed: bool


class BriefStore:
    """The clienteling marts of one DuckDB warehouse, opened read-only once.

    Use it as a context manager; every brief of a run reuses its connection.
    """

    def __init__(self, database: Path) -> None:
        self.database = database
        self.con = connect_read_only(database, BriefDataError)
        self.relations = {name: self._relation(name) for name in TABLES}
        self.brief_columns = BRIEF_COLUMNS + tuple(
            column for column in OPTIONAL_COLUMNS if column in self._columns(BRIEFS_TABLE)
        )

    def __enter__(self) -> BriefStore:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        self.con.close()

    def _relation(self, name: str) -> str:
        schemas = self.con.execute(
            "select table_schema from information_schema.tables where table_name = ? "
            "order by table_schema = 'main_marts' desc, table_schema",
            [name],
        ).fetchall()
        if not schemas:
            raise BriefDataError(
                f"{self.database} has no table {name}: build the clienteling marts first "
                f"(`dbt build -s +{name}`)"
            )
        return f'"{schemas[0][0]}"."{name}"'

    def _columns(self, name: str) -> set[str]:
        schema, table = (part.strip('"') for part in self.relations[name].split("."))
        rows = self.con.execute(
            "select column_name from information_schema.columns "
            "where table_schema = ? and table_name = ?",
            [schema, table],
        ).fetchall()
        return {row[0] for row in rows}

    def _rows(self, sql: str, params: Sequence[Any]) -> list[tuple[Any, ...]]:
        return self.con.execute(sql, list(params)).fetchall()

    def brief(self, appointment_id: str) -> BriefData:
        """Everything one appointment's brief shows; BriefDataError when it is unknown."""
        rows = self._rows(
            f"select {', '.join(self.brief_columns)} from {self.relations[BRIEFS_TABLE]} "
            "where appointment_id = ?",
            [appointment_id],
        )
        if not rows:
            raise BriefDataError(
                f"no appointment {appointment_id!r} in {self.relations[BRIEFS_TABLE]} "
                f"of {self.database}"
            )
        values = dict(zip(self.brief_columns, rows[0], strict=True))
        values["has_web_history"] = bool(values["has_web_history"])
        values["booking_reached_ga"] = bool(values["booking_reached_ga"])
        values["is_brief_allowed"] = bool(values["is_brief_allowed"])
        if not values["is_brief_allowed"]:
            # Nothing more is read for a customer whose consent does not allow a brief.
            return BriefData(**values)
        views = self._rows(
            "select rank, product_name, view_count, last_viewed_at "
            f"from {self.relations[PRODUCT_VIEWS_TABLE]} where appointment_id = ? order by rank",
            [appointment_id],
        )
        weeks = self._rows(
            f"select week_start, sessions from {self.relations[WEEKLY_VISITS_TABLE]} "
            "where appointment_id = ? order by week_start",
            [appointment_id],
        )
        kpis = self._rows(
            f"select kpi_key, kpi_label, kpi_value from {self.relations[KPIS_TABLE]} "
            "where appointment_id = ? order by display_order, kpi_key",
            [appointment_id],
        )
        return BriefData(
            **values,
            product_views=tuple(ProductView(*row) for row in views),
            weekly_visits=tuple(WeeklyVisits(row[0], int(row[1] or 0)) for row in weeks),
            kpis=tuple(Kpi(key, label, value or MISSING) for key, label, value in kpis),
        )

    def appointments(self, day: dt.date, boutique: str | None = None) -> list[AppointmentRef]:
        """The appointments of a local day, of one boutique (its id or name) or of all."""
        sql = (
            "select appointment_id, boutique_id, boutique_name, scheduled_at_local, "
            f"coalesce(is_brief_allowed, false) from {self.relations[BRIEFS_TABLE]} "
            "where appointment_date_local = ?"
        )
        params: list[Any] = [day]
        if boutique is not None:
            self._check_boutique(boutique)
            sql += " and (boutique_id = ? or lower(boutique_name) = lower(?))"
            params += [boutique, boutique]
        sql += " order by boutique_name, scheduled_at_local, appointment_id"
        return [AppointmentRef(*row) for row in self._rows(sql, params)]

    def _check_boutique(self, boutique: str) -> None:
        known = self._rows(
            f"select distinct boutique_id, boutique_name from {self.relations[BRIEFS_TABLE]} "
            "order by boutique_id",
            [],
        )
        if not any(
            boutique == bid or boutique.lower() == (name or "").lower() for bid, name in known
        ):
            listed = ", ".join(f"{bid} ({name})" for bid, name in known) or "none"
            raise BriefDataError(f"unknown boutique {boutique!r}; the marts know: {listed}")
