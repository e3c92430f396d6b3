"""Erasure across the switch from Universal Analytics to GA4.

A person who logged in only under UA (GA360 `userId` = their CRM id) and then
browsed GA4 anonymously with the same `_ga` cookie asks to be forgotten. Their
UA sessions go (the GA360 rule), and so does the GA4 browser with that cookie
(GA4 kept it: the same browser), although no GA4 row names them. The raw-rows
reconciliations of both exports count the erased rows.
"""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import duckdb
import pytest


def pick_person(raw: Path) -> tuple[str, str]:
    """(CRM id, cookie) of a UA login whose cookie GA4 saw, with no GA4 row naming them."""
    with duckdb.connect() as con:
        row = con.execute(
            f"""
            with ua as (
                select distinct userId as customer_id, clientId as cookie
                from read_parquet('{raw}/ga360/ga_sessions_2*.parquet')
                where userId is not null and clientId is not null
            ),
            ga4 as (
                select user_pseudo_id, user_id, event_name
                from read_parquet('{raw}/ga4/events_*.parquet', union_by_name = true)
            )
            select ua.customer_id, ua.cookie
            from ua
            where
                exists (select 1 from ga4 where ga4.user_pseudo_id = ua.cookie)
                -- GA4 never names them: no login, no purchase, no booking
                and not exists (
                    select 1 from ga4
                    where ga4.user_pseudo_id = ua.cookie
                    and (ga4.user_id is not null or ga4.event_name in
                        ('purchase', 'book_appointment', 'generate_lead'))
                )
                and not exists (select 1 from ga4 where ga4.user_id = ua.customer_id)
                -- nobody else logged in with the cookie under UA
                and (
                    select count(distinct u.customer_id) from ua as u where u.cookie = ua.cookie
                ) = 1
            order by ua.customer_id
            limit 1
            """
        ).fetchone()
    assert row is not None, "the small dataset has no UA-only login with a GA4 cookie"
    return row[0], row[1]


@pytest.fixture(scope="module")
def erased(small_raw: Path, dbt_project_factory, tmp_path_factory):
    raw = tmp_path_factory.mktemp("ga360_erasure") / "raw"
    shutil.copytree(small_raw, raw, ignore=shutil.ignore_patterns("ground_truth"))
    customer_id, cookie = pick_person(raw)
    with (raw / "crm" / "erasure_requests.csv").open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["request_id", "requested_at", "customer_id", "email"])
        writer.writerow(["R1", "2026-11-01T00:00:00Z", customer_id, ""])
    project = dbt_project_factory(
        "ga360_erasure", {"SCV_TARGET": "duckdb", "SCV_RAW_DIR": str(raw)}
    )
    project.run("run", "--select", "staging.ga4", "staging.ga360")
    tested = project.run(
        "test", "--select", "assert_ga4_raw_rows_reconcile", "assert_ga360_raw_rows_reconcile"
    )
    with duckdb.connect(str(project.database)) as con:
        yield con, raw, customer_id, cookie, tested


def test_the_ua_sessions_and_the_ga4_browser_are_gone(erased) -> None:
    con, raw, customer_id, cookie, _ = erased
    with duckdb.connect() as raw_con:
        ga4_rows = raw_con.execute(
            f"select count(*) from read_parquet('{raw}/ga4/events_*.parquet', "
            "union_by_name = true) where user_pseudo_id = ?",
            [cookie],
        ).fetchone()[0]
    assert ga4_rows > 0
    left = con.execute(
        "select (select count(*) from main_staging.base_ga4__events where user_pseudo_id = $1), "
        "(select count(*) from main_staging.base_ga360__sessions "
        " where client_id = $1 or user_id = $2), "
        "(select count(*) from main_staging.base_ga360__hits as h "
        " where h.full_visitor_id in (select fullVisitorId from read_parquet("
        f"'{raw}/ga360/ga_sessions_2*.parquet') where clientId = $1))",
        [cookie, customer_id],
    ).fetchone()
    assert left == (0, 0, 0)


def test_the_reconciliations_count_the_erased_rows(erased) -> None:
    *_, tested = erased
    assert tested.success
