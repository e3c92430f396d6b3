"""Bad GA360 (Universal Analytics) export files and rows (docs/bad_input.md).

The rows the generator breaks (copies, missing fullVisitorId, broken
visitStartTime) are checked in tests/python/test_ga360.py; the row rules one by
one in models/staging/ga360/_ga360__unit_tests.yml. Here: the export missing,
optional or required; a corrupt file; an older file without some columns; a
file named otherwise with a broken date.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

GA360 = ("--select", "path:models/staging/ga360", "assert_ga360_raw_rows_reconcile")


def ga360_days(raw: Path) -> list[Path]:
    return sorted((raw / "ga360").glob("ga_sessions_2*.parquet"))


def test_no_export_with_auto_builds_empty_models(scenario_factory) -> None:
    scenario = scenario_factory("bad_ga360_none_auto", lambda raw: shutil.rmtree(raw / "ga360"))
    outcome = scenario.dbt("build", *GA360)
    assert outcome.success, outcome.describe()
    assert scenario.count("stg_ga360__sessions") == 0
    assert scenario.count("base_ga360__hits") == 0


def test_no_export_with_ga360_enabled_stops_saying_what_to_set(scenario_factory) -> None:
    scenario = scenario_factory("bad_ga360_none_on", lambda raw: shutil.rmtree(raw / "ga360"))
    outcome = scenario.dbt("run", "--select", "base_ga360__sessions", vars={"ga360_enabled": True})
    message = " ".join(outcome.message("base_ga360__sessions").split())
    assert not outcome.success
    assert (
        "ga360_enabled is true but there is no GA360 export: no file matches "
        f"'{scenario.raw}/ga360/ga_sessions_*.parquet'." in message
    ), message


def test_a_wrong_ga360_enabled_value_says_what_to_write(scenario_factory) -> None:
    """Caught while the project is parsed, before anything runs."""
    scenario = scenario_factory("bad_ga360_setting", lambda raw: None)
    outcome = scenario.dbt(
        "run", "--select", "base_ga360__sessions", vars={"ga360_enabled": "maybe"}
    )
    assert not outcome.success
    assert "ga360_enabled must be auto, true or false, got 'maybe'" in str(outcome.result.exception)


def test_corrupt_file_stops_the_run_naming_it(scenario_factory) -> None:
    broken: list[Path] = []

    def truncate(raw: Path) -> None:
        path = ga360_days(raw)[1]
        data = path.read_bytes()
        path.write_bytes(data[: len(data) // 2])
        broken.append(path)

    scenario = scenario_factory("bad_ga360_corrupt", truncate)
    outcome = scenario.dbt("run", "--select", "base_ga360__sessions")
    assert not outcome.success
    assert broken[0].name in outcome.message("base_ga360__sessions")


def test_older_file_without_some_columns_reads_them_as_null(scenario_factory) -> None:
    """An export table lacking clientId and userId (an older export): staged, those null."""
    dropped: list[str] = []

    def drop_columns(raw: Path) -> None:
        path = ga360_days(raw)[0]
        table = pq.read_table(path).drop_columns(["clientId", "userId"])
        pq.write_table(table, path)
        dropped.append(path.name)

    scenario = scenario_factory("bad_ga360_old_schema", drop_columns)
    outcome = scenario.dbt("build", *GA360)
    assert outcome.success, outcome.describe()
    rows, ids = scenario.query(
        "select count(*), count(client_id) + count(user_id) "
        f"from main_staging.base_ga360__sessions where source_file like '%{dropped[0]}'"
    )[0]
    others = scenario.scalar(
        "select count(client_id) from main_staging.base_ga360__sessions "
        f"where source_file not like '%{dropped[0]}'"
    )
    assert rows > 0 and others > 0
    assert ids == 0


def test_broken_date_in_a_file_named_otherwise_is_quarantined(scenario_factory) -> None:
    """A file the glob matches but not named for its day is placed by its rows' date; a
    row whose date is broken cannot be placed: quarantined, not dropped by the date range."""

    def add_file(raw: Path) -> None:
        table = pq.read_table(ga360_days(raw)[0])
        # three distinct rows that pass every check (first parts, with a browser)
        clean = pc.and_(pc.is_valid(table["fullVisitorId"]), pc.greater(table["visitStartTime"], 0))
        table = table.filter(clean).slice(0, 3)
        dates = pa.array(["not a date", table["date"][1].as_py(), table["date"][2].as_py()])
        table = table.set_column(table.schema.get_field_index("date"), "date", dates)
        pq.write_table(table, raw / "ga360" / "ga_sessions_backfill.parquet")

    scenario = scenario_factory("bad_ga360_named_otherwise", add_file)
    outcome = scenario.dbt("build", *GA360)
    assert outcome.success, outcome.describe()
    reasons = scenario.reasons(
        "stg_ga360__sessions", "source_file like '%ga_sessions_backfill.parquet'"
    )
    # the two other rows repeat rows of the daily table: copies
    assert reasons == ["duplicate_session", "duplicate_session", "invalid_session_date"]
