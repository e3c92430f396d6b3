"""Ground truth covers every identifier, the sources agree with each other, the data is lifelike."""

from __future__ import annotations

import re
from pathlib import Path

import duckdb
import pyarrow.parquet as pq
import pytest
from gen_checks import clean, consent_lines, country_code, country_context, parse_json, read_extract

from conftest import scalar


def truth(raw: Path, name: str) -> list[dict]:
    return pq.read_table(raw / "ground_truth" / f"{name}.parquet").to_pylist()


def ids(rows: list[dict], column: str) -> set[str]:
    return {clean(r[column]) for r in rows} - {None}


@pytest.fixture(scope="module")
def con(raw: Path):
    """DuckDB with the GA4 export (`ev`, exact copies removed) and the ground truth tables."""
    c = duckdb.connect()
    c.sql(
        f"create view ev as select distinct * from read_parquet('{raw}/ga4/events_*.parquet', "
        "union_by_name = true)"
    )
    for path in (raw / "ground_truth").glob("*.parquet"):
        c.sql(f"create view gt_{path.stem} as select * from read_parquet('{path}')")
    yield c
    c.close()


def param(name: str, kind: str = "string_value") -> str:
    return f"list_filter(event_params, lambda p: p.key = '{name}')[1].value.{kind}"


# ---- every identifier maps to a person ---------------------------------------------------


@pytest.mark.parametrize(
    "folder,name,column,truth_name",
    [
        ("crm", "customers", "customer_id", "crm_customers"),
        ("crm", "appointments", "appointment_id", "appointments"),
        ("crm", "appointments", "booking_id", "appointments"),
        ("commerce", "orders", "order_id", "orders"),
        ("commerce", "pos_sales", "sale_id", "pos_sales"),
    ],
)
def test_truth_covers_extract_ids(raw: Path, folder, name, column, truth_name) -> None:
    assert ids(read_extract(raw, folder, name), column) <= ids(truth(raw, truth_name), column)


@pytest.mark.parametrize(
    "folder,name", [("crm", "appointments"), ("commerce", "orders"), ("commerce", "pos_sales")]
)
def test_customer_references_are_crm_records(raw: Path, folder, name) -> None:
    known = ids(truth(raw, "crm_customers"), "customer_id")
    assert ids(read_extract(raw, folder, name), "customer_id") <= known


def test_consents_refer_to_crm_records(raw: Path) -> None:
    known = ids(truth(raw, "crm_customers"), "customer_id")
    objects = [o for o in map(parse_json, consent_lines(raw)) if o]
    assert {o["customer_id"] for o in objects} <= known


def test_truth_covers_every_browser_and_user_id(con) -> None:
    assert (
        scalar(
            con,
            """
        select count(*) from (select distinct stream_id, user_pseudo_id from ev
                              where user_pseudo_id <> '') e
        anti join gt_cookies t using (stream_id, user_pseudo_id)""",
        )
        == 0
    )
    assert (
        scalar(
            con,
            """
        select count(*) from (select distinct user_id from ev where user_id is not null) e
        anti join gt_user_ids t using (user_id)""",
        )
        == 0
    )
    assert (
        scalar(
            con,
            f"""
        select count(*) from (select distinct {param("booking_id")} as booking_id from ev
                              where event_name = 'book_appointment') e
        anti join gt_appointments t using (booking_id)""",
        )
        == 0
    )
    every_person = scalar(
        con,
        """
        select count(*) from (
            select person_id from gt_crm_customers union all select person_id from gt_cookies
            union all select person_id from gt_orders union all select person_id from gt_pos_sales
            union all select person_id from gt_appointments union all select person_id
            from gt_user_ids
        ) anti join gt_persons using (person_id)""",
    )
    assert every_person == 0


def test_logged_in_events_belong_to_the_browsers_owner(con) -> None:
    """A user_id and the cookie it appears on are the same true person, always."""
    assert (
        scalar(
            con,
            """
        select count(*) from ev
        join gt_cookies c using (stream_id, user_pseudo_id)
        join gt_user_ids u using (user_id)
        where c.person_id <> u.person_id""",
        )
        == 0
    )


# ---- the sources agree -------------------------------------------------------------------


def test_purchases_are_orders(raw: Path, con) -> None:
    orders = {r["order_id"]: r for r in read_extract(raw, "commerce", "orders") if r["order_id"]}
    lines: dict[str, set[str]] = {}
    for line in read_extract(raw, "commerce", "order_lines"):
        lines.setdefault(line["order_id"], set()).add(line["sku"])
    rows = con.sql(f"""
        select {param("transaction_id")}, user_id, list_transform(items, lambda i: i.item_id),
               ecommerce.transaction_id
        from ev where event_name = 'purchase'""").fetchall()
    assert rows
    for transaction_id, user_id, item_ids, ecommerce_id in rows:
        assert transaction_id == ecommerce_id
        order = orders[transaction_id]
        if user_id is not None:
            assert order["customer_id"] == user_id
        unknown = {s for s in lines[transaction_id] if s.startswith("DISC-")}
        assert set(item_ids) | unknown >= lines[transaction_id]
    # and the person who paid is the person behind the browser
    assert (
        scalar(
            con,
            f"""
        select count(*) from ev
        join gt_cookies c using (stream_id, user_pseudo_id)
        join gt_orders o on o.order_id = {param("transaction_id")}
        where ev.event_name = 'purchase' and c.person_id <> o.person_id""",
        )
        == 0
    )


def test_web_bookings_are_crm_appointments(raw: Path, con) -> None:
    appointments = {
        r["booking_id"]: r for r in read_extract(raw, "crm", "appointments") if r["booking_id"]
    }
    bookings = [
        r[0]
        for r in con.sql(
            f"select {param('booking_id')} from ev where event_name = 'book_appointment'"
        ).fetchall()
    ]
    assert bookings
    for booking_id in bookings:
        assert appointments[booking_id]["channel"] == "web"


# ---- lifelike ----------------------------------------------------------------------------


def test_funnel_leaks(con) -> None:
    counts = dict(con.sql("select event_name, count(*) from ev group by 1").fetchall())
    assert counts["view_item"] > counts["add_to_cart"] > counts["begin_checkout"]
    assert counts["begin_checkout"] > counts["purchase"] > 0
    assert counts["page_view"] > counts["session_start"] >= counts["first_visit"] > 0


def test_browsing_anonymously_before_signing_up(con) -> None:
    assert (
        scalar(
            con,
            """
        with signup as (
            select stream_id, user_pseudo_id, min(event_timestamp) as at from ev
            where event_name = 'sign_up' group by all
        )
        select count(*) from signup s
        where exists (select 1 from ev e where e.stream_id = s.stream_id
                      and e.user_pseudo_id = s.user_pseudo_id and e.user_id is null
                      and e.event_timestamp < s.at)
          and exists (select 1 from ev e where e.stream_id = s.stream_id
                      and e.user_pseudo_id = s.user_pseudo_id and e.user_id is not null
                      and e.event_timestamp >= s.at)""",
        )
        >= 1
    )


def test_people_use_several_browsers_and_streams(con) -> None:
    assert scalar(con, "select count(distinct stream_id) from ev") == 2
    assert (
        scalar(con, "select max(n) from (select person_id, count(*) n from gt_cookies group by 1)")
        >= 3
    )
    # one account seen on several browsers
    assert (
        scalar(
            con,
            "select max(n) from (select user_id, count(distinct user_pseudo_id) n "
            "from ev where user_id is not null group by 1)",
        )
        >= 2
    )


def test_store_only_buyers_and_browsers_who_never_buy(con) -> None:
    store_only = scalar(
        con,
        "select count(distinct person_id) from gt_pos_sales anti join gt_cookies using (person_id)",
    )
    never_buy = scalar(
        con,
        """
        select count(distinct person_id) from gt_cookies
        anti join gt_orders using (person_id) anti join gt_pos_sales using (person_id)""",
    )
    assert store_only > 0 and never_buy > 0


def test_repeat_purchasing_is_heavy_tailed(con) -> None:
    top_share, most = con.sql("""
        with n as (
            select person_id, count(*) as n from (
                select person_id from gt_orders union all select person_id from gt_pos_sales)
            group by 1
        ), ranked as (select n, row_number() over (order by n desc) as r, count(*) over () as c
                      from n)
        select sum(n) filter (where r <= c / 10) / sum(n), max(n) from ranked""").fetchall()[0]
    assert top_share > 0.2  # the best tenth of buyers make over a fifth of the purchases
    assert most >= 5


def test_names_in_many_scripts_and_countries(raw: Path) -> None:
    rows = read_extract(raw, "crm", "customers")
    names = " ".join(f"{r['given_name'] or ''} {r['family_name'] or ''}" for r in rows)
    for script, pattern in {
        "Chinese": r"[\u4e00-\u9fff]",
        "Japanese kana": r"[\u3040-\u30ff]",
        "Korean": r"[\uac00-\ud7af]",
        "Arabic": r"[\u0600-\u06ff]",
        "accented Latin": r"[éèëïöüäßçñÉ]",
    }.items():
        assert re.search(pattern, names), script
    variants, _ = country_context()
    countries = {country_code(r["country"], variants) for r in rows}
    assert {"FR", "IT", "GB", "DE", "CH", "US", "CN", "JP", "AE"} <= countries


def test_phones_written_many_ways(raw: Path) -> None:
    shapes = {
        "+cc spaced": r"^\+\d{1,3} \d",
        "national compact": r"^0\d{8,11}$",
        "dotted": r"^\d{2,4}(\.\d{2,4})+$",
        "00 prefix": r"^00\d{9,}$",
        "(+cc) dashed": r"^\(\+\d{1,3}\) \d{3}(-\d{1,3})+$",
        "E.164": r"^\+\d{8,15}$",
        "+cc (0)": r"^\+\d{1,3} \(0\)",
    }
    phones = [clean(r["phone"]) for r in read_extract(raw, "crm", "customers")]
    seen = {name for name, pattern in shapes.items() for p in phones if p and re.match(pattern, p)}
    assert len(seen) >= 6, seen


def test_orders_mix_currencies_statuses_and_guests(raw: Path) -> None:
    orders = read_extract(raw, "commerce", "orders")
    sales = read_extract(raw, "commerce", "pos_sales")
    currencies = {r["currency"] for r in orders + sales}
    assert {"EUR", "GBP", "USD", "CHF", "JPY", "CNY", "AED"} <= currencies
    assert {"completed", "cancelled", "refunded"} <= {r["status"] for r in orders}
    assert any(r["promo_code"] for r in orders)
    assert any(not r["customer_id"] and r["email"] for r in orders)  # guest checkouts
    assert len({r["payment_method"] for r in orders}) >= 4
    assert {"completed", "returned"} <= {r["status"] for r in sales}


def test_param_value_types_vary_like_real_exports(con) -> None:
    engaged = con.sql(f"""
        select count(*) filter (where {param("session_engaged")} = '1'),
               count(*) filter (where {param("session_engaged", "int_value")} = 1)
        from ev""").fetchall()[0]
    assert engaged[0] > engaged[1] > 0
    value = con.sql(f"""
        select count(*) filter (where {param("value", "double_value")} is not null),
               count(*) filter (where {param("value", "int_value")} is not null)
        from ev where event_name in ('view_item', 'add_to_cart', 'purchase')""").fetchall()[0]
    assert value[0] > 0 and value[1] > 0
    assert (
        scalar(
            con,
            f"select count(*) from ev where event_name = 'session_start' "
            f"and {param('ga_session_id', 'int_value')} is null",
        )
        == 0
    )


def test_intraday_repeats_the_start_of_the_last_day(raw: Path) -> None:
    intraday = next((raw / "ga4").glob("events_intraday_*.parquet"))
    daily = raw / "ga4" / intraday.name.replace("events_intraday_", "events_")
    c = duckdb.connect()
    missing = c.sql(
        f"select count(*) from (select * from read_parquet('{intraday}') "
        f"except all select * from read_parquet('{daily}'))"
    ).fetchall()[0][0]
    assert missing == 0
