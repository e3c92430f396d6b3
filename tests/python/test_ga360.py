"""GA360 (Universal Analytics) history end to end, on the small dataset (14 UA days).

Staging reconciles with the export files, counted here independently of dbt;
each injected kind of mess is quarantined or flagged as the manifest says;
revenue in = revenue out; the web event contract carries both trackers; and
the identity graph puts a person's UA browsers on their customer where the
data links them (the generator's ground truth says whose browser is whose).
"""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pyarrow.parquet as pq
import pytest

STAGING = "main_staging"
INTERMEDIATE = "main_intermediate"


def truth_browsers(truth: Path) -> str:
    """Ground truth: every browser as its identity-graph identifier (t, v) and its person."""
    return (
        f"select 'ua_client' as t, full_visitor_id as v, person_id "
        f"from '{truth}/ga360_clients.parquet' "
        f"union all select 'ga_client', stream_id || '/' || user_pseudo_id, person_id "
        f"from '{truth}/cookies.parquet'"
    )


def manifest(raw: Path) -> dict:
    return json.loads((raw / "manifest.json").read_text())


@pytest.fixture(scope="module")
def export(warehouse):
    """The daily GA360 tables (what staging reads by default), as DuckDB views."""
    con = duckdb.connect()
    files = f"{warehouse.raw_dir}/ga360/ga_sessions_2*.parquet"
    con.sql(f"create view daily as select * from read_parquet('{files}')")
    # each distinct row once (exact copies are one row), the rows staging can key
    con.sql(
        "create view clean as select distinct * from daily "
        "where nullif(trim(fullVisitorId), '') is not null and visitStartTime > 1104537600"
    )
    yield con
    con.close()


def test_ga360_is_in_the_test_data(warehouse) -> None:
    assert manifest(warehouse.raw_dir)["parameters"]["ga360_days"] > 0
    assert warehouse.scalar(f"select count(*) from {STAGING}.stg_ga360__sessions") > 0


def test_session_rows_and_hits_reconcile_with_the_files(warehouse, export) -> None:
    """Raw session rows = merged parts + quarantined rows; raw hits = staged hits + the
    hits of quarantined rows."""
    files = sorted((warehouse.raw_dir / "ga360").glob("ga_sessions_2*.parquet"))
    raw_rows = sum(pq.ParquetFile(f).metadata.num_rows for f in files)
    raw_hits = export.execute("select sum(len(hits)) from daily").fetchone()[0]
    parts = warehouse.scalar(f"select sum(part_count) from {STAGING}.stg_ga360__sessions")
    staged_hits = warehouse.scalar(f"select count(*) from {STAGING}.stg_ga360__hits")
    quarantined_rows, quarantined_hits = warehouse.query(
        f"select count(*), sum(hit_count) from {STAGING}.stg_ga360__sessions_quarantine"
    )[0]
    assert raw_rows == parts + quarantined_rows, (raw_rows, parts, quarantined_rows)
    assert raw_hits == staged_hits + quarantined_hits, (raw_hits, staged_hits, quarantined_hits)


def test_quarantine_reasons_match_injected_mess(warehouse) -> None:
    raw_manifest = manifest(warehouse.raw_dir)
    kinds = raw_manifest["mess_kinds"]
    injected = {
        reason: count
        for reason, count in raw_manifest["mess"]["ga360.sessions"].items()
        if kinds[reason]["handling"] == "quarantine"
    }
    assert set(injected) == {
        "duplicate_session",
        "missing_full_visitor_id",
        "invalid_visit_start_time",
    }
    seen = dict(
        warehouse.query(
            f"select quarantine_reason, count(*) from {STAGING}.stg_ga360__sessions_quarantine "
            "group by 1"
        )
    )
    assert seen == injected


def test_sessions_split_at_midnight_are_one_session(warehouse, export) -> None:
    """Every continuation row of a stageable session is merged into its session."""
    continuations = export.execute("select count(*) from clean where totals.visits = 0").fetchone()[
        0
    ]
    split = warehouse.scalar(
        f"select count(*) from {STAGING}.stg_ga360__sessions where is_split_at_midnight"
    )
    sessions = export.execute(
        "select count(distinct (fullVisitorId, visitId)) from clean"
    ).fetchone()[0]
    assert continuations > 0
    assert split == continuations
    assert warehouse.scalar(f"select count(*) from {STAGING}.stg_ga360__sessions") == sessions
    assert manifest(warehouse.raw_dir)["mess"]["ga360.sessions"]["midnight_split"] >= split


def test_hits_without_time_are_flagged_and_placed(warehouse, export) -> None:
    no_time = export.execute(
        "select count(*) from (select unnest(hits) as hit from clean) where hit.time is null"
    ).fetchone()[0]
    flagged, unplaced = warehouse.query(
        "select count(*) filter (where is_hit_time_imputed), "
        f"count(*) filter (where hit_at is null) from {STAGING}.stg_ga360__hits"
    )[0]
    assert no_time > 0
    assert flagged == no_time
    assert unplaced == 0


def test_transaction_revenue_in_equals_revenue_out(warehouse, export) -> None:
    """Per currency, the local revenue of the export's transactions (stageable rows) is the
    revenue of the staged purchase hits and of the ga360 purchases in the web event contract."""
    raw = dict(
        export.execute(
            "select hit.transaction.currencyCode, "
            "sum(hit.transaction.localTransactionRevenue) / 1e6 "
            "from (select unnest(hits) as hit from clean) "
            "where hit.type = 'TRANSACTION' group by 1"
        ).fetchall()
    )
    staged = dict(
        warehouse.query(
            f"select currency, sum(transaction_revenue) from {STAGING}.stg_ga360__hits "
            "where event_name = 'purchase' group by 1"
        )
    )
    contract = dict(
        warehouse.query(
            f"select currency, sum(value) from {INTERMEDIATE}.int_web__events "
            "where web_source = 'ga360' and event_name = 'purchase' group by 1"
        )
    )
    assert raw
    for counted in (staged, contract):
        assert counted.keys() == raw.keys()
        for currency, amount in raw.items():
            assert counted[currency] == pytest.approx(amount, abs=0.005), currency


def test_the_contract_carries_both_trackers_without_overlap(warehouse) -> None:
    """The small dataset's UA days end before GA4 starts: every event of both is in the
    contract, once."""
    by_source = dict(
        warehouse.query(
            f"select web_source, count(*) from {INTERMEDIATE}.int_web__events group by 1"
        )
    )
    ga4 = warehouse.scalar(f"select count(*) from {STAGING}.stg_ga4__events")
    ga360 = warehouse.scalar(f"select count(*) from {STAGING}.stg_ga360__hits")
    last_ua, first_ga4 = warehouse.query(
        f"select (select max(export_date) from {STAGING}.stg_ga360__hits), "
        f"(select min(event_date) from {STAGING}.stg_ga4__events)"
    )[0]
    assert last_ua < first_ga4
    assert by_source == {"ga4": ga4, "ga360": ga360}


@pytest.fixture(scope="module")
def id_map(warehouse):
    """The id map's browsers and CRM ids with their person (ground truth), excluded ones out."""
    truth = warehouse.raw_dir / "ground_truth"
    con = duckdb.connect(str(warehouse.database))
    con.sql(
        f"""create temp view mapped as
        select m.identifier_type, m.identifier_value, m.customer_id, t.person_id
        from {INTERMEDIATE}.int_identity__id_map as m
        join (
            {truth_browsers(truth)}
            union all
            select 'crm_customer_id', customer_id, person_id from '{truth}/crm_customers.parquet'
        ) as t on t.t = m.identifier_type and t.v = m.identifier_value
        where m.identifier_key not in (
            select identifier_key from {INTERMEDIATE}.int_identity__excluded_identifiers
        )"""
    )
    yield con
    con.close()


def test_no_customer_mixes_people_across_trackers(id_map) -> None:
    ua = id_map.execute(
        "select count(*) from mapped where identifier_type = 'ua_client'"
    ).fetchone()[0]
    mixed = id_map.execute(
        "select count(*) from (select customer_id from mapped group by 1 "
        "having count(distinct person_id) > 1)"
    ).fetchone()[0]
    assert ua > 0
    assert mixed == 0


def test_ua_browser_and_its_ga4_browser_are_one_customer(warehouse, id_map) -> None:
    """A UA browser whose clientId GA4 kept as user_pseudo_id has that GA4 browser's
    customer_id: its UA-era and GA4-era sessions land on one customer."""
    rows = id_map.execute(
        f"""select count(*), count(*) filter (where ua.customer_id = ga4.customer_id)
        from (select distinct full_visitor_id, client_id from {STAGING}.stg_ga360__sessions)
            as sessions
        join mapped as ua
            on ua.identifier_type = 'ua_client' and ua.identifier_value = sessions.full_visitor_id
        join mapped as ga4
            on ga4.identifier_type = 'ga_client'
            and split_part(ga4.identifier_value, '/', 2) = sessions.client_id"""
    ).fetchone()
    assert rows[0] > 0
    assert rows[1] == rows[0], f"{rows[0] - rows[1]} of {rows[0]} UA browsers not joined"


def test_ua_login_puts_the_browser_on_the_crm_customer(id_map) -> None:
    """A UA browser that logged in (userId = CRM id) has that CRM record's customer_id."""
    rows = id_map.execute(
        f"""select count(*), count(*) filter (where ua.customer_id = crm.customer_id)
        from (select distinct full_visitor_id, user_id from {STAGING}.stg_ga360__sessions
              where user_id is not null) as logins
        join mapped as ua
            on ua.identifier_type = 'ua_client' and ua.identifier_value = logins.full_visitor_id
        join mapped as crm
            on crm.identifier_type = 'crm_customer_id' and crm.identifier_value = logins.user_id"""
    ).fetchone()
    assert rows[0] > 0
    assert rows[1] == rows[0], f"{rows[0] - rows[1]} of {rows[0]} logged-in UA browsers not joined"


# --- UA-era sessions in the session models and the marts -------------------

MARTS = "main_marts"


def test_ua_sessions_are_in_fct_sessions(warehouse) -> None:
    """Every staged GA360 session with a hit is one fct_sessions row (the small dataset's
    UA days end before GA4 starts, so no hit is left to GA4), with its page views and
    transactions; a session without any hit has no event to build a session from."""
    staged = warehouse.query(
        f"select count(*), sum(page_view_count), sum(transaction_count) "
        f"from {STAGING}.stg_ga360__sessions where hit_count > 0"
    )[0]
    built = warehouse.query(
        f"select count(*), sum(page_views), sum(purchases) from {MARTS}.fct_sessions "
        "where web_source = 'ga360'"
    )[0]
    assert staged[0] > 0
    assert built == staged
    missing = warehouse.scalar(
        f"select count(*) from {STAGING}.stg_ga360__sessions as staged "
        f"left join {MARTS}.fct_sessions as built on staged.session_key = built.session_key "
        "where staged.hit_count > 0 and built.session_key is null"
    )
    assert missing == 0


def test_ua_session_revenue_in_equals_revenue_out(warehouse, export) -> None:
    """Per currency, the export's transaction revenue is the GA360 sessions' purchase
    revenue in fct_sessions; in USD, it is each transaction converted here with the
    currency_rates seed's rate in force on its day (the latest on or before it)."""
    seed = Path(__file__).resolve().parents[2] / "seeds" / "currency_rates.csv"
    export.execute(
        f"create or replace temp table rates as select * from read_csv('{seed}', header = true)"
    )
    per_currency = export.execute(
        """with transactions as (
            select strptime(date, '%Y%m%d')::date as day, hit.transaction.currencyCode as currency,
                hit.transaction.localTransactionRevenue / 1e6 as revenue
            from (select date, unnest(hits) as hit from clean)
            where hit.type = 'TRANSACTION'
        ),
        priced as (
            select transactions.*, (
                select coalesce(max(rate_date) filter (where rate_date <= transactions.day),
                                min(rate_date))
                from rates where currency_code = transactions.currency
            ) as rate_day
            from transactions
        )
        select priced.currency, sum(priced.revenue),
            sum(priced.revenue * usd.units_per_eur / own.units_per_eur)
        from priced
        join rates as own on own.currency_code = priced.currency and own.rate_date = priced.rate_day
        join rates as usd on usd.currency_code = 'USD' and usd.rate_date = priced.rate_day
        group by 1"""
    ).fetchall()
    built = {
        currency: (revenue, usd)
        for currency, revenue, usd in warehouse.query(
            f"select purchase_currency, sum(purchase_revenue), sum(purchase_revenue_in_usd) "
            f"from {MARTS}.fct_sessions where web_source = 'ga360' and has_purchase group by 1"
        )
    }
    assert per_currency and len(per_currency) > 1
    assert built.keys() == {currency for currency, _, _ in per_currency}
    for currency, revenue, usd in per_currency:
        assert built[currency][0] == pytest.approx(revenue, abs=0.005), currency
        assert built[currency][1] == pytest.approx(usd, abs=0.005), currency


def test_a_persons_ua_and_ga4_sessions_land_on_one_customer(warehouse) -> None:
    """A UA-era session and a GA4-era session of one browser (GA4 kept the UA _ga cookie,
    which is what links the two eras in the data) belong to the same person in the ground
    truth, and to the same customer in fct_sessions; and no customer holds sessions of two
    people (ground truth: whose browser each session was)."""
    truth = warehouse.raw_dir / "ground_truth"
    con = duckdb.connect(str(warehouse.database))
    try:
        con.sql(
            f"""create temp view session_people as
            select sessions.session_key, sessions.web_source, sessions.customer_id,
                aggregated.cookie_id, browsers.person_id
            from {MARTS}.fct_sessions as sessions
            join {INTERMEDIATE}.int_web__sessions_aggregated as aggregated
                on sessions.session_key = aggregated.session_key
            join ({truth_browsers(truth)}) as browsers
                on browsers.t = aggregated.client_identifier_type
                and browsers.v = aggregated.client_identifier"""
        )
        pairs, same_person, same_customer = con.execute(
            """select count(*),
                count(*) filter (where ua.person_id = ga4.person_id),
                count(*) filter (where ua.customer_id = ga4.customer_id)
            from session_people as ua
            join session_people as ga4
                on ua.cookie_id = ga4.cookie_id and ga4.web_source = 'ga4'
            where ua.web_source = 'ga360' and ga4.customer_id is not null"""
        ).fetchone()
        mixed = con.execute(
            "select count(*) from (select customer_id from session_people "
            "where customer_id is not null group by 1 having count(distinct person_id) > 1)"
        ).fetchone()[0]
    finally:
        con.close()
    assert pairs > 0
    assert same_person == pairs
    assert same_customer == pairs, f"{pairs - same_customer} of {pairs} pairs on two customers"
    assert mixed == 0
