"""The GA360 (Universal Analytics) export the generator writes before the GA4 days.

Every check re-derives what it compares from the files (the export, the
commerce extract, the ground truth), never from the generator's internals.
"""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import duckdb
import pytest

from conftest import scalar


@pytest.fixture(scope="session")
def ua(raw: Path):
    """DuckDB with `daily` (the daily tables, with their file name) and `intraday`."""
    con = duckdb.connect()
    glob = f"{raw}/ga360/ga_sessions_"
    con.sql(f"create view daily as select * from read_parquet('{glob}2*.parquet', filename = true)")
    con.sql(
        "create view intraday as select * from "
        f"read_parquet('{glob}intraday_*.parquet', filename = true)"
    )
    con.sql(
        f"create view truth_clients as select * from '{raw}/ground_truth/ga360_clients.parquet'"
    )
    con.sql(f"create view truth_orders as select * from '{raw}/ground_truth/orders.parquet'")
    con.sql(
        f"create view truth_customers as select * from '{raw}/ground_truth/crm_customers.parquet'"
    )
    yield con
    con.close()


def manifest(raw: Path) -> dict:
    return json.loads((raw / "manifest.json").read_text())


def test_one_table_a_day_before_ga4_and_an_intraday_table(raw: Path) -> None:
    window = manifest(raw)["window"]
    days = manifest(raw)["parameters"]["ga360_days"]
    assert days > 0
    ga4_start = date.fromisoformat(window["ga4_start_date"])
    expected = [
        (ga4_start - timedelta(days=d)).strftime("ga_sessions_%Y%m%d.parquet")
        for d in range(days, 0, -1)
    ]
    assert sorted(p.name for p in (raw / "ga360").glob("ga_sessions_2*.parquet")) == expected
    last = expected[-1].removeprefix("ga_sessions_")
    assert (raw / "ga360" / f"ga_sessions_intraday_{last}").exists()
    assert window["ga360_start_date"] == (ga4_start - timedelta(days=days)).isoformat()


def test_every_mess_kind_is_counted_exactly(raw: Path, ua) -> None:
    sessions = manifest(raw)["mess"]["ga360.sessions"]
    hits = manifest(raw)["mess"]["ga360.hits"]
    copies = scalar(
        ua,
        "select count(*) - (select count(*) from (select distinct * exclude (filename) "
        "from daily)) from daily",
    )
    assert copies == sessions["duplicate_session"] >= 1
    no_visitor = scalar(ua, "select count(*) from daily where fullVisitorId is null")
    assert no_visitor == sessions["missing_full_visitor_id"] >= 1
    bad_start = scalar(ua, "select count(*) from daily where visitStartTime = 0")
    assert bad_start == sessions["invalid_visit_start_time"] >= 1
    # a continuation after midnight: visits 0, the first part in the day before, same ids
    continuations = scalar(
        ua,
        "select count(*) from (select distinct * exclude (filename) from daily) as later "
        "where later.totals.visits = 0 and exists (select 1 from daily as earlier "
        "where earlier.clientId = later.clientId and earlier.visitId = later.visitId "
        "and earlier.totals.visits = 1 "
        "and strptime(later.date, '%Y%m%d') = strptime(earlier.date, '%Y%m%d') + interval 1 day)",
    )
    all_continuations = scalar(ua, "select count(*) from daily where totals.visits = 0")
    assert continuations == all_continuations == sessions["midnight_split"] >= 1
    no_time = scalar(
        ua,
        "select count(*) from (select unnest(hits) as hit from "
        "(select distinct * exclude (filename) from daily)) where hit.time is null",
    )
    assert no_time == hits["missing_hit_time"] >= 1
    # every intraday row repeats a daily row of the same day
    intraday = scalar(ua, "select count(*) from intraday")
    repeated = scalar(
        ua,
        "select count(*) from (select * exclude (filename) from intraday "
        "intersect all select * exclude (filename) from daily)",
    )
    assert intraday == repeated == sessions["duplicate_session_intraday"] >= 1


def test_hits_are_numbered_once_per_session_across_its_rows(ua) -> None:
    """A session split at midnight numbers its hits on from the first row."""
    broken = scalar(
        ua,
        "with hits as (select clientId, visitId, unnest(hits).hitNumber as n "
        "from (select distinct * exclude (filename) from daily) "
        "where fullVisitorId is not null and visitStartTime > 0) "
        "select count(*) from (select clientId, visitId, count(*) as c, count(distinct n) as d, "
        "min(n) as lo, max(n) as hi from hits group by all) "
        "where c != d or lo != 1 or hi != c",
    )
    assert broken == 0


def test_transactions_are_the_tracked_history_orders(raw: Path, ua) -> None:
    transactions = {
        r[0]
        for r in ua.sql(
            "select distinct hit.transaction.transactionId from "
            "(select unnest(hits) as hit from daily) where hit.type = 'TRANSACTION'"
        ).fetchall()
    }
    tracked = {
        r[0] for r in ua.sql("select order_id from truth_orders where tracked_in_ga360").fetchall()
    }
    assert transactions == tracked
    assert len(tracked) == manifest(raw)["counts"]["online_orders_in_ga360"] > 0
    # the local revenue is the order's total as the shop recorded it (clean orders)
    orders_file = next((raw / "commerce").glob("orders.*"))
    orders = (
        f"read_csv('{orders_file}', all_varchar = true)"
        if orders_file.suffix == ".csv"
        else f"read_parquet('{orders_file}')"
    )
    rows = ua.sql(
        "with t as (select hit.transaction.transactionId as order_id, "
        "hit.transaction.localTransactionRevenue / 1e6 as revenue, "
        "hit.transaction.currencyCode as currency "
        "from (select unnest(hits) as hit from daily) where hit.type = 'TRANSACTION') "
        "select t.order_id, t.revenue, t.currency, try_cast(o.total_amount as double), o.currency "
        f"from t join {orders} as o on o.order_id = t.order_id"
    ).fetchall()
    matching = [r for r in rows if r[3] is not None and r[4] == r[2] and abs(r[3] - r[1]) < 0.005]
    assert len(rows) >= len(tracked)
    assert len(matching) >= 0.9 * len(rows), rows[:5]


def test_user_ids_and_clients_name_the_same_person(ua) -> None:
    """The CRM id a session logged in with belongs to the person the browser belongs to."""
    rows = ua.sql(
        "select count(*), count(*) filter (where customers.person_id = clients.person_id) "
        "from (select distinct clientId, userId from daily where userId is not null) as s "
        "join truth_customers as customers on customers.customer_id = s.userId "
        "join truth_clients as clients on clients.client_id = s.clientId"
    ).fetchall()[0]
    assert rows[0] > 0
    assert rows[0] == rows[1]


def test_ga4_browsers_keep_their_client_id(raw: Path, ua) -> None:
    """A browser GA4 sees carries its UA clientId as user_pseudo_id; UA-only ones do not."""
    seen = ua.sql(
        "select clients.is_ga4_browser, count(*), count(ga4.user_pseudo_id) "
        "from truth_clients as clients left join (select distinct user_pseudo_id from "
        f"'{raw}/ground_truth/cookies.parquet') as ga4 on ga4.user_pseudo_id = clients.client_id "
        "group by 1"
    ).fetchall()
    by_kind = {is_ga4: (total, found) for is_ga4, total, found in seen}
    assert by_kind[False][0] > 0 and by_kind[False][1] == 0
    ga4_total, ga4_found = by_kind[True]
    # a GA4 browser that existed before GA4 and was seen in the GA4 days is in its truth
    assert ga4_total > 0 and ga4_found > 0
