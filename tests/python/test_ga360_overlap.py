"""Both tags ran: GA360 and GA4 on the same day, and nothing is counted twice.

The small dataset's UA history ends the day before GA4 starts. Here a copy of
it gets a GA360 table for GA4's first day, written from that day's GA4 export
as the UA tag would have recorded it (each GA4 session a UA session of the
same browser cookie, its page views PAGE hits, its purchases TRANSACTION hits
with the same transaction id and amount), plus one purchase only UA recorded.
The web event contract must keep GA4's events of that day, drop the UA copies,
keep the UA-only purchase once, and so count each purchase's revenue once
(docs/web_event_contract.md).
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import duckdb
import pytest

from warehouse_compare import differences

UA_ONLY_ORDER = "UA-ONLY-0001"


def overlap_table_sql(ga4_file: Path, out: Path) -> str:
    """The GA360 table of GA4's first day, from its GA4 export file (DuckDB SQL)."""

    def param(key: str, slot: str) -> str:
        return f"(list_filter(event_params, lambda p: p.key = '{key}'))[1].value.{slot}"

    return f"""
    copy (
        with events as (
            select distinct
                user_pseudo_id,
                event_date,
                event_timestamp,
                event_name,
                {param("ga_session_id", "int_value")} as session_id,
                coalesce(ecommerce.transaction_id, {param("transaction_id", "string_value")})
                    as transaction_id,
                ecommerce.purchase_revenue as revenue,
                {param("currency", "string_value")} as currency,
                case when event_name = 'purchase' then items end as items
            from read_parquet('{ga4_file}')
            where
                event_name in ('page_view', 'purchase')
                and nullif(user_pseudo_id, '') is not null
                and event_timestamp > 1104537600000000
        ),
        sessions as (
            select
                user_pseudo_id,
                session_id,
                min(event_date) as date,
                min(event_timestamp) as start_us
            from events
            where session_id is not null
            group by all
        ),
        hits as (
            select
                events.*,
                sessions.date,
                sessions.start_us,
                row_number() over (
                    partition by events.user_pseudo_id, events.session_id
                    order by events.event_timestamp, events.event_name
                ) as hit_number
            from events
            join sessions using (user_pseudo_id, session_id)
            where events.event_name = 'page_view' or events.transaction_id is not null
        ),
        ua_sessions as (
            select
                md5(user_pseudo_id)[:19] as fullVisitorId,
                user_pseudo_id as clientId,
                session_id as visitId,
                start_us // 1000000 as visitStartTime,
                date as "date",
                list({{
                    'hitNumber': hit_number,
                    'time': (event_timestamp - start_us) // 1000,
                    'type': case when event_name = 'purchase' then 'TRANSACTION' else 'PAGE' end,
                    'transaction': case when event_name = 'purchase' then {{
                        'transactionId': transaction_id,
                        'localTransactionRevenue': cast(round(revenue * 1000000) as bigint),
                        'currencyCode': currency
                    }} end,
                    'product': list_transform(items, lambda i: {{
                        'productSKU': i.item_id,
                        'v2ProductName': i.item_name,
                        'productQuantity': i.quantity,
                        'localProductRevenue': cast(round(i.item_revenue * 1000000) as bigint)
                    }})
                }} order by hit_number) as hits
            from hits
            group by all
        ),
        ua_only as (
            select
                'ua-only-visitor' as fullVisitorId,
                'ua-only.1' as clientId,
                1 as visitId,
                min(visitStartTime) as visitStartTime,
                min("date") as "date",
                [{{
                    'hitNumber': 1, 'time': 0, 'type': 'TRANSACTION',
                    'transaction': {{
                        'transactionId': '{UA_ONLY_ORDER}',
                        'localTransactionRevenue': 123450000,
                        'currencyCode': 'EUR'
                    }}
                }}] as hits
            from ua_sessions
        )
        select * from ua_sessions
        union all by name
        select * from ua_only
    ) to '{out}' (format parquet)
    """


@pytest.fixture(scope="module")
def overlap(small_raw: Path, dbt_project_factory, tmp_path_factory):
    raw = tmp_path_factory.mktemp("ga360_overlap") / "raw"
    shutil.copytree(small_raw, raw, ignore=shutil.ignore_patterns("ground_truth"))
    first_ga4 = sorted((raw / "ga4").glob("events_2*.parquet"))[0]
    day = first_ga4.stem.removeprefix("events_")
    ua_table = raw / "ga360" / f"ga_sessions_{day}.parquet"
    assert not ua_table.exists(), "the UA history must end before GA4 for this test"
    with duckdb.connect() as con:
        con.execute(overlap_table_sql(first_ga4, ua_table))
    project = dbt_project_factory(
        "ga360_overlap", {"SCV_TARGET": "duckdb", "SCV_RAW_DIR": str(raw)}
    )
    # the contracts and everything they read (the currency_rates seed included)
    project.run(
        "build",
        "--select",
        "+int_web__event_items",
        "stg_ga360__sessions_quarantine",
        "--exclude",
        "resource_type:test",
        "resource_type:unit_test",
    )
    # the contracts' data tests (unique event_key ...) and GA360's raw-rows reconciliation
    project.run(
        "test",
        "--select",
        "int_web__events",
        "int_web__event_items",
        "assert_ga360_raw_rows_reconcile",
        "--indirect-selection",
        "cautious",
    )
    with duckdb.connect(str(project.database)) as con:
        yield con, day


def test_the_overlap_day_has_both_trackers_in_staging(overlap) -> None:
    con, day = overlap
    ua_hits = con.execute(
        "select count(*) from main_staging.stg_ga360__hits "
        "where export_date = strptime(?, '%Y%m%d')",
        [day],
    ).fetchone()[0]
    ga4 = con.execute(
        "select count(*) from main_staging.stg_ga4__events "
        "where event_date = strptime(?, '%Y%m%d')",
        [day],
    ).fetchone()[0]
    assert ua_hits > 100 and ga4 > 100


def test_no_purchase_is_counted_twice(overlap) -> None:
    con, _ = overlap
    repeated = con.execute(
        "select transaction_id, count(*) from main_intermediate.int_web__events "
        "where event_name = 'purchase' and transaction_id is not null "
        "group by 1 having count(*) > 1"
    ).fetchall()
    assert repeated == []


def test_ga4_is_the_record_from_its_first_day(overlap) -> None:
    """From the cutover day the contract has GA4's events, and of GA360 only the purchase
    GA4 does not have; before it, the UA history is all there."""
    con, day = overlap
    ua_rows = con.execute(
        "select event_name, transaction_id, value from main_intermediate.int_web__events "
        "where web_source = 'ga360' and event_date >= strptime(?, '%Y%m%d')",
        [day],
    ).fetchall()
    assert ua_rows == [("purchase", UA_ONLY_ORDER, pytest.approx(123.45))]
    history = con.execute(
        "select count(*) from main_intermediate.int_web__events "
        "where web_source = 'ga360' and event_date < strptime(?, '%Y%m%d')",
        [day],
    ).fetchone()[0]
    staged_history = con.execute(
        "select count(*) from main_staging.stg_ga360__hits "
        "where export_date < strptime(?, '%Y%m%d')",
        [day],
    ).fetchone()[0]
    assert history == staged_history > 0


def test_overlap_revenue_is_not_doubled(overlap) -> None:
    """The day's purchase revenue in the contract = GA4's purchases + the UA-only one,
    while both trackers recorded GA4's purchases in staging."""
    con, day = overlap
    contract = con.execute(
        "select sum(value) from main_intermediate.int_web__events "
        "where event_name = 'purchase' and event_date = strptime(?, '%Y%m%d')",
        [day],
    ).fetchone()[0]
    ga4 = con.execute(
        "select sum(value) from main_staging.stg_ga4__events "
        "where event_name = 'purchase' and event_date = strptime(?, '%Y%m%d')",
        [day],
    ).fetchone()[0]
    ua = con.execute(
        "select sum(transaction_revenue) from main_staging.stg_ga360__hits "
        "where event_name = 'purchase' and export_date = strptime(?, '%Y%m%d')",
        [day],
    ).fetchone()[0]
    assert ga4 > 0
    # UA recorded GA4's purchases too (and the UA-only one): both together would double
    assert ua > ga4
    assert contract == pytest.approx(ga4 + 123.45)


def test_items_of_the_overlap_day_are_ga4s(overlap) -> None:
    """The UA purchases of the day carry their products in staging; the item contract
    keeps GA4's items only (the UA-only purchase has none), so item revenue is not
    doubled either."""
    con, day = overlap
    ua_products = con.execute(
        "select count(*) from main_staging.stg_ga360__hit_products "
        "where hit_key in (select hit_key from main_staging.stg_ga360__hits "
        "where export_date = strptime(?, '%Y%m%d'))",
        [day],
    ).fetchone()[0]
    by_source = dict(
        con.execute(
            "select web_source, sum(item_revenue) from main_intermediate.int_web__event_items "
            "where event_name = 'purchase' and event_date = strptime(?, '%Y%m%d') group by 1",
            [day],
        ).fetchall()
    )
    ga4 = con.execute(
        "select sum(item_revenue) from main_staging.stg_ga4__event_items "
        "where event_name = 'purchase' and event_date = strptime(?, '%Y%m%d')",
        [day],
    ).fetchone()[0]
    assert ua_products > 0
    assert by_source == {"ga4": pytest.approx(ga4)}


@pytest.mark.slow
def test_incremental_runs_follow_the_overlap_rule(
    small_raw: Path, dbt_project_factory, tmp_path: Path
) -> None:
    """Incremental runs recompute only the GA360 sessions that can change, and still
    end where a full build of the same data ends:

    1. the UA history and the overlap day arrive with GA4's third day only, the cutover
       set to GA4's first day: every UA purchase of that day is kept (GA4 does not
       have them);
    2. GA4's first two days arrive late: the UA purchases of the overlap day that GA4
       now records leave the contract, so their sessions change (the purchase rule);
    3. the cutover moves a day later: the overlap day is UA's again (the cutover rule).

    After 2 and 3 the web models equal a full build with the same settings.
    """
    raw = tmp_path / "raw"
    shutil.copytree(small_raw, raw, ignore=shutil.ignore_patterns("ground_truth", "ga4"))
    (raw / "ga4").mkdir()
    ga4_days = sorted((small_raw / "ga4").glob("events_2*.parquet"))
    day = ga4_days[0].stem.removeprefix("events_")
    with duckdb.connect() as con:
        con.execute(overlap_table_sql(ga4_days[0], raw / "ga360" / f"ga_sessions_{day}.parquet"))
    env = {"SCV_TARGET": "duckdb", "SCV_RAW_DIR": str(raw)}
    incremental = dbt_project_factory("ga360_overlap_incremental", env)
    selection = ("--select", "+fct_sessions", "+int_web__item_events")
    models_only = ("--exclude", "resource_type:test", "resource_type:unit_test")

    def build(project, cutover: str, *extra: str) -> None:
        # a look-back long enough to read GA4 days that arrive late
        settings = json.dumps({"ga360_cutover_date": cutover, "ga4_incremental_lookback_days": 30})
        project.run("build", *selection, *models_only, "--vars", settings, *extra)

    def ua_purchases_on_the_day(project) -> int:
        with duckdb.connect(str(project.database)) as con:
            return con.execute(
                "select coalesce(sum(purchases), 0) "
                "from main_intermediate.int_web__sessions_aggregated "
                "where web_source = 'ga360' and session_date = strptime(?, '%Y%m%d')",
                [day],
            ).fetchone()[0]

    def assert_equals_a_full_build(cutover: str, name: str) -> None:
        full = dbt_project_factory(name, env)
        build(full, cutover, "--full-refresh")
        found, compared = differences(incremental.database, full.database, tmp_path / name)
        assert compared > 20, f"only {compared} tables compared"
        assert not found, "incremental and full builds differ:\n" + "\n".join(found)

    first_day = f"{day[:4]}-{day[4:6]}-{day[6:]}"
    shutil.copy(ga4_days[2], raw / "ga4")
    build(incremental, first_day)
    every_ua_purchase = ua_purchases_on_the_day(incremental)
    assert every_ua_purchase > 1

    for table in ga4_days[:2]:
        shutil.copy(table, raw / "ga4")
    build(incremental, first_day)
    # GA4 records all but the UA-only purchase now
    assert ua_purchases_on_the_day(incremental) == 1
    (tmp_path / "after_ga4").mkdir()
    assert_equals_a_full_build(first_day, "after_ga4")

    second_day = ga4_days[1].stem.removeprefix("events_")
    moved = f"{second_day[:4]}-{second_day[4:6]}-{second_day[6:]}"
    build(incremental, moved)
    assert ua_purchases_on_the_day(incremental) == every_ua_purchase
    (tmp_path / "cutover_moved").mkdir()
    assert_equals_a_full_build(moved, "cutover_moved")
