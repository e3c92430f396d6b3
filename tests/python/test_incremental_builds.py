"""Incremental builds give the same warehouse as a full build of the same data.

The generated GA4 days arrive one at a time, the way the export lands in
production, and each arrival is followed by an incremental `dbt build`:

1. the first day (the first build creates the tables), then the GA360
   (Universal Analytics) history beside it in two parts (a brand adds its UA
   export after going live on GA4, delivered in chunks): all but its last
   days, then, after GA4's day 2, the rest; GA360 staging reads only the
   days it has not loaded, and a UA session split at midnight across the two
   parts is rebuilt when its second part arrives; then GA4's day 3;
2. a run with nothing new (a scheduled run on a day the export is late);
3. the last day as its intraday table only, then its daily table beside it,
   then the intraday table removed (GA4 drops it once the daily one is done);

with a look-back of one day (`ga4_incremental_lookback_days: 1`), so that an
incremental run really leaves the older tables alone. Then the same raw
folder is built from scratch (`--full-refresh`) into another file, and every
table and view of the two warehouses is compared row for row (EXCEPT ALL both
ways), except the build history (snapshots and the models that read it).
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import duckdb
import pytest

from warehouse_compare import differences

INCREMENTAL_MODELS = (
    "base_ga4__events",
    "base_ga4__event_duplicates",
    "stg_ga4__export_rows",
    "stg_ga4__events",
    "stg_ga4__events_quarantine",
    "stg_ga4__event_items",
    "base_ga360__sessions",
    "base_ga360__hits",
    "stg_ga360__sessions",
    "int_web__sessions_aggregated",
    "int_web__sessions",
    "int_web__session_sources",
    "int_web__item_events",
    "fct_sessions",
)
VARS = json.dumps({"ga4_include_intraday": True, "ga4_incremental_lookback_days": 1})
MODELS_ONLY = ("--exclude", "resource_type:test", "resource_type:unit_test")


def daily_files(raw: Path) -> list[Path]:
    return sorted((raw / "ga4").glob("events_2*.parquet"))


@pytest.fixture(scope="module")
def incremental_raw(small_raw: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An empty GA4 folder beside the small dataset's CRM and commerce extracts."""
    raw = tmp_path_factory.mktemp("incremental") / "raw"
    (raw / "ga4").mkdir(parents=True)
    for folder in ("crm", "commerce"):
        shutil.copytree(small_raw / folder, raw / folder)
    return raw


def scalar(database: Path, sql: str):
    with duckdb.connect(str(database)) as con:
        return con.execute(sql).fetchone()[0]


def build(project, *extra: str) -> None:
    project.run("build", *MODELS_ONLY, "--vars", VARS, *extra)


@pytest.mark.slow
def test_incremental_builds_equal_a_full_build(
    small_raw: Path, incremental_raw: Path, dbt_project_factory, tmp_path: Path
) -> None:
    env = {"SCV_TARGET": "duckdb", "SCV_RAW_DIR": str(incremental_raw)}
    incremental = dbt_project_factory("incremental", env)
    days = daily_files(small_raw)
    intraday = sorted((small_raw / "ga4").glob("events_intraday_*.parquet"))
    assert len(days) >= 4 and intraday, "the small dataset needs 4 days and an intraday table"
    ga4 = incremental_raw / "ga4"

    shutil.copy(days[0], ga4)
    build(incremental)
    ua_tables = sorted((small_raw / "ga360").glob("ga_sessions_2*.parquet"))
    first_part, second_part = ua_tables[:-3], ua_tables[-3:]
    (incremental_raw / "ga360").mkdir()
    for table in first_part:
        shutil.copy(table, incremental_raw / "ga360")
    build(incremental)  # the UA history arrives, its first part
    shutil.copy(days[1], ga4)
    build(incremental)
    for table in second_part:
        shutil.copy(table, incremental_raw / "ga360")
    shutil.copy(days[2], ga4)
    build(incremental)  # GA4's day 3 and the rest of the UA history
    build(incremental)  # nothing new

    last_intraday = ga4 / intraday[-1].name
    shutil.copy(intraday[-1], last_intraday)
    build(incremental)
    shutil.copy(days[3], ga4)
    build(incremental)
    last_intraday.unlink()
    build(incremental)

    # the incremental models pass their data tests, the raw-row
    # reconciliation of GA4 staging included (the rest equals the full build)
    incremental.run(
        "test", "--select", *INCREMENTAL_MODELS, "--exclude", "test_type:unit", "--vars", VARS
    )
    # later days' logins joined browsers seen earlier: sessions were given
    # another customer by a run after the one that loaded their events (so
    # the comparison below covers the rebinding, not only new sessions)
    rebound = scalar(
        incremental.database,
        "select count(*) from main_intermediate.int_web__sessions where built_at > last_loaded_at",
    )
    assert rebound > 0, "no session was rebound to another customer by a later run"
    # UA sessions too: their products are then the stored rows with the new
    # customer, not read again from the item contract
    ua_rebound = scalar(
        incremental.database,
        "select count(*) from main_intermediate.int_web__item_events as items "
        "inner join main_intermediate.int_web__sessions as sessions "
        "on items.session_key = sessions.session_key "
        "where items.web_source = 'ga360' and sessions.built_at > sessions.last_loaded_at",
    )
    assert ua_rebound > 0, "no UA session with products was rebound by a later run"
    # direct sessions took the source of a session loaded by an earlier run
    # (the incremental attribution read it as context)
    inherited_across_runs = scalar(
        incremental.database,
        "select count(*) from main_intermediate.int_web__session_sources as later "
        "inner join main_intermediate.int_web__session_sources as origin "
        "on later.attributed_from_session_key = origin.session_key "
        "where origin.last_loaded_at < later.last_loaded_at",
    )
    assert inherited_across_runs > 0, "no attribution reached a session of an earlier run"
    # the UA history, added after the first GA4 day, is in the sessions; some
    # of its sessions span the two parts (their rows were loaded by two runs)
    boundary = second_part[0].stem.removeprefix("ga_sessions_")
    with duckdb.connect(str(incremental.database)) as con:
        ua_sessions = con.execute(
            "select count(*) from main_marts.fct_sessions where web_source = 'ga360'"
        ).fetchone()[0]
        across_parts = con.execute(
            "select count(*) from main_staging.stg_ga360__sessions "
            "where first_export_date < strptime(?, '%Y%m%d') "
            "and last_export_date >= strptime(?, '%Y%m%d')",
            [boundary, boundary],
        ).fetchone()[0]
    assert ua_sessions > 0, "the GA360 sessions added by a later run are missing"
    assert across_parts > 0, "no UA session spans the two parts of the history"

    full = dbt_project_factory("full_refresh", env)
    build(full, "--full-refresh")
    found, compared = differences(incremental.database, full.database, tmp_path)
    assert compared > 60, f"only {compared} tables compared"
    assert not found, "incremental and full builds differ:\n" + "\n".join(found)


@pytest.mark.slow
def test_incremental_run_does_not_read_tables_before_the_look_back(
    small_raw: Path, dbt_project_factory, tmp_path: Path
) -> None:
    """Once loaded, a table older than the look-back is not read again.

    The first day's file is removed after the first build: the next runs
    keep its rows (they never open it), which a run that re-read the whole
    export could not do.
    """
    raw = tmp_path / "raw"
    (raw / "ga4").mkdir(parents=True)
    for folder in ("crm", "commerce"):
        shutil.copytree(small_raw / folder, raw / folder)
    days = daily_files(small_raw)
    for day in days[:3]:
        shutil.copy(day, raw / "ga4")
    project = dbt_project_factory("look_back", {"SCV_TARGET": "duckdb", "SCV_RAW_DIR": str(raw)})
    selection = ("--select", "base_ga4__events")
    project.run("run", *selection, "--vars", VARS)

    def rows_per_export_date() -> dict[str, int]:
        with duckdb.connect(str(project.database)) as con:
            rows = con.execute(
                "select cast(export_date as varchar), count(*) "
                "from main_staging.base_ga4__events group by 1"
            ).fetchall()
        return dict(rows)

    before = rows_per_export_date()
    assert len(before) == 3
    (raw / "ga4" / days[0].name).unlink()
    shutil.copy(days[3], raw / "ga4")
    project.run("run", *selection, "--vars", VARS)
    after = rows_per_export_date()
    assert len(after) == 4
    assert {d: after[d] for d in before} == before, "a run changed a table it should not read"


@pytest.mark.slow
def test_look_back_reads_again_only_the_tables_that_changed(
    small_raw: Path, dbt_project_factory, tmp_path: Path
) -> None:
    """Within the look-back a day is read again only when one of its tables changed.

    Three days are loaded with a look-back of three days. A run with
    nothing new reads no table (every row keeps its loaded_at); once the
    second day's file is rewritten (its modification time moves), the next
    run reads that day again, and only it, and the models after it
    recompute its rows; a file not named for its day makes the run read
    every day of the look-back (its rows can fall on any of them).
    """
    raw = tmp_path / "raw"
    (raw / "ga4").mkdir(parents=True)
    for folder in ("crm", "commerce"):
        shutil.copytree(small_raw / folder, raw / folder)
    days = daily_files(small_raw)[:3]
    for day in days:
        shutil.copy(day, raw / "ga4")
    project = dbt_project_factory(
        "look_back_changes", {"SCV_TARGET": "duckdb", "SCV_RAW_DIR": str(raw)}
    )
    run_vars = json.dumps({"ga4_incremental_lookback_days": 3})
    # GA4 staging and the sessions, with what the web event contract reads (the
    # empty GA360 staging, the currency_rates seed)
    selection = (
        "--select",
        "+int_web__events",
        "stg_ga4__event_items",
        "int_web__sessions_aggregated",
        "--exclude",
        "resource_type:test",
        "resource_type:unit_test",
    )

    def run() -> None:
        project.run("build", *selection, "--vars", run_vars)

    def loaded_at(table: str, day_column: str = "export_date") -> dict[str, object]:
        with duckdb.connect(str(project.database)) as con:
            rows = con.execute(
                f"select cast({day_column} as varchar), max(loaded_at), min(loaded_at) "
                f"from main_staging.{table} group by 1"
            ).fetchall()
        assert all(newest == oldest for _, newest, oldest in rows), "a day loaded twice"
        return {day: newest for day, newest, _ in rows}

    run()
    first = loaded_at("base_ga4__events")
    first_items = loaded_at("stg_ga4__event_items")
    assert len(first) == 3

    run()  # nothing changed: nothing read again
    assert loaded_at("base_ga4__events") == first
    assert loaded_at("stg_ga4__event_items") == first_items

    second_day = raw / "ga4" / days[1].name
    stat = second_day.stat()
    os.utime(second_day, ns=(stat.st_atime_ns, stat.st_mtime_ns + 5_000_000_000))
    run()
    after = loaded_at("base_ga4__events")
    changed = {day for day in first if after[day] != first[day]}
    assert changed == {sorted(first)[1]}, f"days read again: {sorted(changed)}"
    items_after = loaded_at("stg_ga4__event_items")
    assert {d for d in first_items if items_after[d] != first_items[d]} == changed

    # a file not named for its day: every day of the look-back is read again
    shutil.copy(days[0], raw / "ga4" / "events_manual_export.parquet")
    run()
    assert all(value != after[day] for day, value in loaded_at("base_ga4__events").items())


@pytest.mark.slow
def test_ga360_days_once_loaded_are_not_read_again(
    small_raw: Path, dbt_project_factory, tmp_path: Path
) -> None:
    """GA360 is a finished export: a run reads only the days it has not loaded.

    After a first run of the GA360 staging, its first table is removed and a
    new day's table arrives: the next run keeps the removed day's rows (it
    never opens that day again) and adds the new day's.
    """
    raw = tmp_path / "raw"
    (raw / "ga360").mkdir(parents=True)
    shutil.copytree(small_raw / "crm", raw / "crm")  # the erasure requests
    tables = sorted((small_raw / "ga360").glob("ga_sessions_2*.parquet"))
    for table in tables[:3]:
        shutil.copy(table, raw / "ga360")
    project = dbt_project_factory("ga360_days", {"SCV_TARGET": "duckdb", "SCV_RAW_DIR": str(raw)})
    selection = ("--select", "base_ga360__sessions", "base_ga360__hits")

    def rows_per_export_date(table: str) -> dict[str, int]:
        with duckdb.connect(str(project.database)) as con:
            rows = con.execute(
                f"select cast(export_date as varchar), count(*) from main_staging.{table} "
                "group by 1"
            ).fetchall()
        return dict(rows)

    project.run("run", *selection)
    before = {t: rows_per_export_date(t) for t in ("base_ga360__sessions", "base_ga360__hits")}
    assert len(before["base_ga360__sessions"]) == 3
    (raw / "ga360" / tables[0].name).unlink()
    shutil.copy(tables[3], raw / "ga360")
    project.run("run", *selection)
    for table, counts in before.items():
        after = rows_per_export_date(table)
        assert len(after) == 4, table
        assert {day: after[day] for day in counts} == counts, f"{table}: a loaded day changed"
