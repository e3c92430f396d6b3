"""`scv validate` on the test build: it passes, and each kind of damage fails it (exit 1)."""

from __future__ import annotations

import re
from pathlib import Path

import duckdb
import pytest

ORDERS = "main_marts.fct_orders"
SESSIONS = "main_marts.fct_sessions"


def test_passes_on_the_build_and_writes_data_docs(
    validate, pristine_warehouse, small_raw, tmp_path
) -> None:
    docs = tmp_path / "site"
    run = validate("--warehouse", pristine_warehouse, "--raw-dir", small_raw, "--docs-dir", docs)
    assert run.code == 0, run.out + run.err
    match = re.search(r"(\d+) of (\d+) expectations passed in (\d+) suites\.", run.out)
    assert match and match.group(1) == match.group(2), run.out
    assert int(match.group(2)) >= 40
    for suite in (
        "raw.ga4_daily_volumes",
        "raw.extract_volumes",
        "marts.volumes",
        "marts.freshness",
        "marts.distribution_fct_orders_net_amount",
        "marts.references_fct_orders_customer_id",
        "marts.quarantine_ratios",
    ):
        assert f"ok    {suite}" in run.out
    index = docs / "index.html"
    assert f"Data Docs: {index}" in run.out
    html = index.read_text()
    assert "marts.quarantine_ratios" in html and "raw.ga4_newest_day" in html
    pages = list((docs / "validations").rglob("*.html"))
    assert len(pages) == int(match.group(3))
    (volumes_page,) = (docs / "validations" / "marts" / "volumes").rglob("*.html")
    assert "fct_orders rows / raw rows" in volumes_page.read_text()


def test_a_second_run_replaces_the_docs(validate, pristine_warehouse, tmp_path) -> None:
    docs = tmp_path / "site"
    for _ in range(2):
        assert (
            validate("--warehouse", pristine_warehouse, "--suite", "marts", "--docs-dir", docs).code
            == 0
        )
    assert len(list((docs / "validations" / "marts" / "volumes").rglob("*.html"))) == 1


def failures(out: str) -> list[str]:
    return [line.split(":", 1)[0].split()[-1] for line in out.splitlines() if "FAILED " in line]


def marts_only(validate, database: Path):
    run = validate("--warehouse", database, "--suite", "marts")
    assert run.code == 1, run.out + run.err
    return run


def test_most_orders_deleted_fail_the_volume_check(validate, broken_warehouse) -> None:
    database = broken_warehouse(
        f"delete from {ORDERS} where order_key not in "
        f"(select order_key from {ORDERS} order by order_key limit 10)"
    )
    run = marts_only(validate, database)
    assert "marts.volumes" in failures(run.out)
    assert re.search(r"fct_orders \(ratio_to_raw = 0\.0\d+\)", run.out), run.out
    assert "expected: between 0.9 and 1" in run.out
    # the lines of the deleted orders are orphans now
    assert "marts.references_fct_order_lines_order_key" in failures(run.out)


def test_empty_mart_fails_and_names_it(validate, broken_warehouse) -> None:
    run = marts_only(validate, broken_warehouse("delete from main_marts.customer_360"))
    assert "customer_360 (row_count = 0)" in run.out
    # with no customers left, every order's and session's customer is an orphan
    assert "marts.references_fct_orders_customer_id" in failures(run.out)
    assert "marts.references_fct_sessions_customer_id" in failures(run.out)
    # and without customer_360 there is no as-of date
    assert "marts.freshness" in failures(run.out)


def test_orphan_customer_id_is_named(validate, broken_warehouse) -> None:
    database = broken_warehouse(
        f"update {ORDERS} set customer_id = 'CUST-ORPHAN-1' "
        f"where order_key = (select min(order_key) from {ORDERS})"
    )
    run = marts_only(validate, database)
    assert failures(run.out) == ["marts.references_fct_orders_customer_id"]
    assert "every fct_orders.customer_id that is not null exists in customer_360" in run.out
    assert re.search(
        r"observed: 1 of [\d,]+ distinct values not found: e\.g\. CUST-ORPHAN-1", run.out
    )


def test_orphan_session_customer_is_named(validate, broken_warehouse) -> None:
    database = broken_warehouse(
        f"update {SESSIONS} set customer_id = 'WEB-ORPHAN' "
        f"where session_key = (select min(session_key) from {SESSIONS})"
    )
    run = marts_only(validate, database)
    assert failures(run.out) == ["marts.references_fct_sessions_customer_id"]
    assert "WEB-ORPHAN" in run.out


def test_negative_amount_fails_the_minimum(validate, broken_warehouse) -> None:
    database = broken_warehouse(
        f"update {ORDERS} set net_amount = -12.5 "
        f"where order_key = (select min(order_key) from {ORDERS})"
    )
    run = marts_only(validate, database)
    assert failures(run.out) == ["marts.distribution_fct_orders_net_amount"]
    assert "no net_amount below 0" in run.out
    assert "expected: >= 0" in run.out and "observed: -12.5" in run.out


def test_inflated_amounts_fail_the_quantiles(validate, broken_warehouse) -> None:
    run = marts_only(
        validate, broken_warehouse(f"update {ORDERS} set net_amount = net_amount * 1000")
    )
    assert "marts.distribution_fct_orders_net_amount" in failures(run.out)
    assert re.search(r"expected: p5 in \[20, 2,000\], p50 in \[100, 5,000\]", run.out), run.out
    assert "observed: p5 = " in run.out


def test_negative_and_endless_sessions_fail(validate, broken_warehouse) -> None:
    database = broken_warehouse(
        f"update {SESSIONS} set session_duration_seconds = -1 "
        f"where session_key = (select min(session_key) from {SESSIONS})",
        f"update {SESSIONS} set session_duration_seconds = 200000 "
        f"where session_key = (select max(session_key) from {SESSIONS})",
    )
    run = marts_only(validate, database)
    assert failures(run.out) == 2 * ["marts.distribution_fct_sessions_session_duration_seconds"]
    assert "no session_duration_seconds below 0" in run.out
    assert "no session_duration_seconds above 86400" in run.out


def test_inflated_quarantine_fails_its_ratio(
    validate, pristine_warehouse, broken_warehouse
) -> None:
    quarantine = "main_staging.stg_crm__customers_quarantine"
    with duckdb.connect(str(pristine_warehouse), read_only=True) as con:
        staged = con.execute("select count(*) from main_staging.stg_crm__customers").fetchone()[0]
        quarantined = con.execute(f"select count(*) from {quarantine}").fetchone()[0]
    assert quarantined > 0
    copies = staged // quarantined  # about as many quarantined rows as staged ones
    run = marts_only(
        validate,
        broken_warehouse(
            f"insert into {quarantine} select q.* from {quarantine} as q, range({copies})"
        ),
    )
    assert failures(run.out) == ["marts.quarantine_ratios"]
    assert re.search(r"stg_crm__customers \(quarantine_ratio = 0\.[4-6]\d*\)", run.out), run.out
    assert "quarantined / raw rows at most 5.0% per source" in run.out


def test_stale_sessions_fail_freshness(validate, broken_warehouse) -> None:
    database = broken_warehouse(
        f"update {SESSIONS} set session_date = session_date - interval 10 day"
    )
    run = marts_only(validate, database)
    assert failures(run.out) == ["marts.freshness"]
    assert "fct_sessions (days_before_as_of = 10)" in run.out
    assert "the latest fct_sessions date is at most 2 days before the as-of date" in run.out


def test_as_of_option_measures_freshness_from_that_date(validate, pristine_warehouse) -> None:
    run = validate("--warehouse", pristine_warehouse, "--suite", "marts", "--as-of", "2099-01-01")
    assert run.code == 1
    assert failures(run.out) == ["marts.freshness", "marts.freshness"]
    assert "(--as-of)" in run.out


def test_config_thresholds_are_used(validate, pristine_warehouse, tmp_path) -> None:
    strict = tmp_path / "strict.yml"
    strict.write_text("marts:\n  quarantine:\n    max_ratio: 0.0\n")
    run = validate("--warehouse", pristine_warehouse, "--suite", "marts", "--config", strict)
    assert run.code == 1 and failures(run.out) == ["marts.quarantine_ratios"]
    assert "at most 0.0% per source" in run.out
    # a per-source ceiling lifts one source only
    lenient = tmp_path / "per_source.yml"
    lenient.write_text(
        "marts:\n  quarantine:\n    max_ratio: 0.0\n"
        "    max_ratio_by_source: {stg_ga4__events: 0.5}\n"
    )
    run = validate("--warehouse", pristine_warehouse, "--suite", "marts", "--config", lenient)
    assert run.code == 1
    assert "stg_ga4__events (" not in run.out.split("FAILED", 1)[1]
    assert "stg_commerce__orders (" in run.out
    # 10 sources (GA360 included: the small dataset has UA history), GA4 lifted
    assert "9 of 9 rows outside the bound" in run.out and " and 4 more" in run.out


@pytest.mark.parametrize("model", ["customer_360", "stg_ga4__events_quarantine"])
def test_missing_model_is_a_usage_error(
    validate, pristine_warehouse, broken_warehouse, model
) -> None:
    with duckdb.connect(str(pristine_warehouse), read_only=True) as con:
        schema, kind = con.execute(
            "select table_schema, table_type from information_schema.tables where table_name = ?",
            [model],
        ).fetchone()
    kind = "view" if kind == "VIEW" else "table"
    run = validate(
        "--warehouse", broken_warehouse(f"drop {kind} {schema}.{model}"), "--suite", "marts"
    )
    assert run.code == 2
    assert f"has no table {model}" in run.err and "make build" in run.err
