"""Bad GA4 export files, schemas and rows (docs/bad_input.md), on full builds.

One build stages a copy of the small export into which every kind that must
be staged, quarantined or warned about was written, one day file per kind
where a kind needs a whole file; each kind is asserted on its own, and every
export row is staged or quarantined, day by day. Kinds that must stop the
run (no file, a corrupt file, a schema staging cannot read) get their own
small runs of base_ga4__events.
"""

from __future__ import annotations

import gzip
import json
import shutil
from datetime import date
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from bad_raw import (
    ga4_days,
    read_day,
    replace_column,
    retype_column,
    rows_per_export_day,
    shifted_day,
    with_event_dates,
)

pytestmark = pytest.mark.slow

GA4 = ("--select", "staging.ga4")
GA4_TESTS = (
    "--select",
    "staging.ga4",
    "--exclude",
    "test_type:unit",
    "--indirect-selection",
    "cautious",
)

COPY = "events_20261029 (1).parquet"
UNDATED = "events_manual_export.parquet"
UNREAD = ["events_20261101.parquet.gz", "EVENTS_20261102.parquet", "events_20261103.json"]
NOT_EXPORT_DATA = ["_SUCCESS", "README.md"]


def clean_rows(table: pa.Table) -> list[int]:
    """Positions of rows no other rule rejects: a user, a name, a plausible timestamp."""
    rows = table.select(["user_pseudo_id", "event_name", "event_timestamp"]).to_pylist()
    return [
        i
        for i, r in enumerate(rows)
        if r["user_pseudo_id"] and r["event_name"] and (r["event_timestamp"] or 0) > 1.6e15
    ]


def damage(raw: Path) -> None:
    day1, day2, day3, day4 = ga4_days(raw)
    # day 1: an older export, without collected_traffic_source and is_active_user
    pq.write_table(
        read_day(day1).drop_columns(["collected_traffic_source", "is_active_user"]), day1
    )
    # day 2: three rows whose event_date is broken; then re-delivered under another name
    table = read_day(day2)
    dates = table["event_date"].to_pylist()
    for position, value in zip(clean_rows(table)[:3], ["", "2026-13-01", None], strict=True):
        dates[position] = value
    pq.write_table(with_event_dates(table, dates), day2)
    shutil.copy(day2, day2.parent / COPY)
    # day 3: a new column, event_date as an integer, a column name in upper case
    table = read_day(day3).append_column("publisher", pa.array(["maison"] * len(read_day(day3))))
    table = replace_column(
        table, "event_date", pa.array([int(d) for d in table["event_date"].to_pylist()], pa.int64())
    )
    pq.write_table(
        table.rename_columns([c.upper() if c == "event_name" else c for c in table.column_names]),
        day3,
    )
    # three days after day 4, after a gap of two days (other browsers)
    pq.write_table(
        shifted_day(read_day(day4), 3, "-later"), day1.parent / "events_20261103.parquet"
    )
    # day 4: one event without a stream, one dated the next day (in a file dated before it)
    table = read_day(day4)
    first, second = clean_rows(table)[:2]
    streams = table["stream_id"].to_pylist()
    streams[first] = None
    dates = table["event_date"].to_pylist()
    dates[second] = "20261101"
    table = replace_column(
        table, "stream_id", pa.array(streams, table.schema.field("stream_id").type)
    )
    pq.write_table(with_event_dates(table, dates), day4)
    # a file not named for its day, whose rows have no usable event_date
    sample = read_day(day1).slice(0, 10)
    pq.write_table(with_event_dates(sample, ["garbage"] * 5 + [None] * 5), day1.parent / UNDATED)
    # files beside the export that the glob does not read
    (day1.parent / UNREAD[0]).write_bytes(gzip.compress(day1.read_bytes()))
    shutil.copy(day1, day1.parent / UNREAD[1])
    (day1.parent / UNREAD[2]).write_text('{"event_name": "page_view"}\n')
    for name in NOT_EXPORT_DATA:
        (day1.parent / name).write_text("")


@pytest.fixture(scope="module")
def ga4(scenario_factory):
    scenario = scenario_factory("bad_ga4_export", damage)
    ran = scenario.dbt("run", *GA4)
    assert ran.success, ran.describe()
    tested = scenario.dbt("test", *GA4_TESTS)
    return scenario, tested


def export_day_counts(scenario) -> dict[str, int]:
    return dict(
        scenario.query(
            "select coalesce(cast(export_date as varchar), 'undated'), count(*) from ("
            " select export_date from main_staging.stg_ga4__events"
            " union all select export_date from main_staging.stg_ga4__events_quarantine"
            ") group by 1"
        )
    )


def test_every_export_row_is_staged_or_quarantined_day_by_day(ga4) -> None:
    scenario, tested = ga4
    assert export_day_counts(scenario) == rows_per_export_day(scenario.raw)
    assert tested.status("assert_ga4_raw_rows_reconcile") == "pass"


def test_only_the_missing_stream_fails_a_test(ga4) -> None:
    """A row without stream_id is staged and its not_null test fails (one row)."""
    scenario, tested = ga4
    failed = tested.with_status("fail") | tested.with_status("error")
    assert failed == {"not_null_stg_ga4__events_stream_id"}, tested.describe()
    assert tested.nodes()["not_null_stg_ga4__events_stream_id"].failures == 1


def test_older_export_without_optional_columns_reads_them_as_null(ga4) -> None:
    scenario, _ = ga4
    day1 = "source_file like '%events_20261028.parquet'"
    assert scenario.count("base_ga4__events", day1) > 800
    assert scenario.count("base_ga4__events", f"{day1} and collected_source is not null") == 0
    assert scenario.count("base_ga4__events", f"{day1} and is_active_user is not null") == 0
    assert scenario.count("base_ga4__events", f"not ({day1}) and is_active_user") > 0


def test_broken_event_date_in_a_day_file_is_quarantined(ga4) -> None:
    scenario, _ = ga4
    reasons = scenario.query(
        "select raw_event_date, export_date from main_staging.stg_ga4__events_quarantine"
        " where quarantine_reason = 'invalid_event_date'"
        " and source_file like '%events_20261029.parquet'"
        " order by 1 nulls last"
    )
    assert reasons == [
        ("", date(2026, 10, 29)),
        ("2026-13-01", date(2026, 10, 29)),
        (None, date(2026, 10, 29)),
    ]


def test_file_not_named_for_its_day_with_broken_event_dates_is_quarantined_not_dropped(ga4) -> None:
    """Before: the date filter dropped these rows silently (their table suffix was no date)."""
    scenario, _ = ga4
    rows = scenario.query(
        "select quarantine_reason, export_date, count(*)"
        " from main_staging.stg_ga4__events_quarantine"
        f" where source_file like '%{UNDATED}' group by all"
    )
    assert rows == [("invalid_event_date", None, 10)]


def test_day_redelivered_under_another_name_is_quarantined_as_duplicates(ga4) -> None:
    """Each event of the day is staged once, from one of its two files; the other copy set aside."""
    scenario, _ = ga4
    both = "(source_file like '%events_20261029.parquet' or source_file like '%(1).parquet')"
    clean_rows, events = scenario.query(
        "select count(*), count(distinct event_key) from main_staging.base_ga4__events"
        f" where {both} and row_reason is null"
    )[0]
    copy_rows = pq.ParquetFile(scenario.raw / "ga4" / COPY).metadata.num_rows
    assert events > 900 and clean_rows == 2 * events  # every clean row of the day has its twin
    set_aside = scenario.count(
        "stg_ga4__events_quarantine", f"{both} and quarantine_reason = 'duplicate_event'"
    )
    assert set_aside == clean_rows - events
    staged = scenario.scalar(
        "select count(*) from main_staging.stg_ga4__events where event_key in ("
        f" select event_key from main_staging.base_ga4__events where {both} and row_reason is null)"
    )
    repeated_purchases = scenario.count(
        "stg_ga4__events_quarantine",
        f"{both} and quarantine_reason = 'duplicate_transaction_id'",
    )
    assert staged + repeated_purchases // 2 == events
    # the rows the checks reject are rejected in both files, with their own reason
    assert (
        scenario.count(
            "stg_ga4__events_quarantine", f"{both} and quarantine_reason = 'invalid_event_date'"
        )
        == 6
    )
    assert (
        scenario.count("stg_ga4__events_quarantine", "source_file like '%(1).parquet'")
        + (
            scenario.scalar(
                "select count(*) from main_staging.base_ga4__events b"
                " where source_file like '%(1).parquet'"
                " and b.row_reason is null and b.source_row_id not in (select source_row_id from"
                " main_staging.base_ga4__event_duplicates d where d.source_file = b.source_file)"
            )
        )
        == copy_rows
    )


def test_new_column_integer_event_date_and_upper_case_name_are_accepted(ga4) -> None:
    scenario, _ = ga4
    raw_rows = pq.ParquetFile(scenario.raw / "ga4" / "events_20261030.parquet").metadata.num_rows
    day = "export_date = date '2026-10-30'"
    staged = scenario.count("stg_ga4__events", day)
    quarantined = scenario.count("stg_ga4__events_quarantine", day)
    assert staged + quarantined == raw_rows
    assert (
        scenario.count(
            "stg_ga4__events", f"{day} and event_date is not null and event_name is not null"
        )
        == staged
    )
    assert (
        scenario.count(
            "stg_ga4__events_quarantine",
            f"{day} and quarantine_reason in ('invalid_event_date', 'missing_event_name')",
        )
        == 0
    )


def test_event_in_a_file_dated_before_it_is_kept_not_late(ga4) -> None:
    scenario, _ = ga4
    rows = scenario.query(
        "select export_date, is_late_arrival from main_staging.stg_ga4__events"
        " where event_date = date '2026-11-01'"
    )
    assert rows == [(date(2026, 10, 31), False)]


def test_missing_days_in_the_export_are_a_warning(ga4) -> None:
    scenario, tested = ga4
    assert tested.status("assert_ga4_export_has_no_missing_days") == "warn"
    assert tested.nodes()["assert_ga4_export_has_no_missing_days"].failures == 1
    assert tested.status("assert_ga4_loaded_days_are_still_exported") == "pass"


def test_files_the_glob_does_not_read_are_a_warning(ga4) -> None:
    scenario, tested = ga4
    assert tested.status("assert_ga4_export_files_are_all_read") == "warn"
    assert tested.nodes()["assert_ga4_export_files_are_all_read"].failures == len(UNREAD)
    assert scenario.count("base_ga4__events", "source_file not like '%.parquet'") == 0
    assert scenario.count("base_ga4__events", "source_file like '%EVENTS_%'") == 0


# ---- kinds that stop the run ------------------------------------------------------------------


def unreadable_schemas(raw: Path) -> None:
    day1, day2, day3, day4 = ga4_days(raw)
    pq.write_table(read_day(day1).drop_columns(["user_pseudo_id"]), day1)
    retype_column(day2, "event_timestamp", pa.string(), lambda v: None if v is None else str(v))
    retype_column(
        day3, "event_date", pa.date32(), lambda v: date(int(v[:4]), int(v[4:6]), int(v[6:]))
    )
    retype_column(day4, "event_params", pa.string(), str)


def test_schema_staging_cannot_read_stops_the_run_naming_file_and_column(scenario_factory):
    scenario = scenario_factory("bad_ga4_schema", unreadable_schemas)
    outcome = scenario.dbt("run", "--select", "base_ga4__events")
    assert outcome.status("base_ga4__events") == "error"
    message = outcome.message("base_ga4__events")
    ga4 = scenario.raw / "ga4"
    for line in [
        "The GA4 export does not have the BigQuery export schema (docs/raw_contract.md):",
        f"{ga4}/events_20261028.parquet: no column user_pseudo_id (text: the browser / app instance"
        " id; rows cannot be staged without it)",
        f"{ga4}/events_20261029.parquet: column event_timestamp is VARCHAR; staging reads an"
        " integer: microseconds since 1970-01-01 UTC",
        f"{ga4}/events_20261030.parquet: column event_date is DATE; staging reads text YYYYMMDD,"
        " the day in the property time zone",
        f"{ga4}/events_20261031.parquet: column event_params is VARCHAR; staging reads a list of"
        " {key, value} records",
        f"Re-export these files with the GA4 BigQuery export schema, or move them out of"
        f" '{ga4}/events_*.parquet'.",
    ]:
        assert line in message, message
    assert "intraday" not in message  # not read (ga4_include_intraday is false): not checked


@pytest.mark.parametrize(
    ("kind", "expected"),
    [
        ("truncated", "No magic bytes found at end of file '{file}'"),
        ("zero_bytes", "File '{file}' too small to be a Parquet file"),
        ("csv_named_parquet", "No magic bytes found at end of file '{file}'"),
    ],
)
def test_corrupt_file_stops_the_run_naming_it(scenario_factory, kind: str, expected: str) -> None:
    def corrupt(raw: Path) -> None:
        day = ga4_days(raw)[1]
        if kind == "truncated":
            day.write_bytes(day.read_bytes()[: day.stat().st_size // 2])
        elif kind == "zero_bytes":
            day.write_bytes(b"")
        else:
            day.write_text("event_date,event_name\n20261029,page_view\n")

    scenario = scenario_factory(f"bad_ga4_{kind}", corrupt)
    outcome = scenario.dbt("run", "--select", "base_ga4__events")
    assert outcome.status("base_ga4__events") == "error"
    assert expected.format(file=ga4_days(scenario.raw)[1]) in outcome.message("base_ga4__events")


def test_no_export_file_stops_the_run_saying_what_to_set(scenario_factory) -> None:
    scenario = scenario_factory("bad_ga4_no_files", lambda raw: shutil.rmtree(raw / "ga4"))
    outcome = scenario.dbt("run", "--select", "base_ga4__events")
    message = " ".join(outcome.message("base_ga4__events").split())
    assert (
        f"No GA4 export file matches '{scenario.raw}/ga4/events_*.parquet'. Write the export as"
        " <raw_dir>/ga4/events_YYYYMMDD.parquet (docs/raw_contract.md) and point the project at it:"
        f" the raw_dir var or the SCV_RAW_DIR environment variable (now '{scenario.raw}'), or the"
        " ga4_parquet_glob var for files named otherwise (now '')." in message
    )


def test_days_outside_the_date_range_are_not_read(scenario_factory) -> None:
    """Configuration, not loss: the reconciliation counts the tables in the range only."""
    scenario = scenario_factory("bad_ga4_range", lambda raw: None)
    settings = {"ga4_start_date": "20261029", "ga4_end_date": "20261030"}
    ran = scenario.dbt("run", *GA4, vars=settings)
    assert ran.success, ran.describe()
    counts = export_day_counts(scenario)
    expected = rows_per_export_day(scenario.raw)
    assert counts == {d: n for d, n in expected.items() if d in ("2026-10-29", "2026-10-30")}
    tested = scenario.dbt("test", "--select", "assert_ga4_raw_rows_reconcile", vars=settings)
    assert tested.status("assert_ga4_raw_rows_reconcile") == "pass"


# the generator's broken rows, in the four day files: each kind with its own reason
GENERATED_DAYS = "regexp_matches(source_file, '/events_202610(28|29|30|31)\\.parquet$')"


@pytest.mark.parametrize(
    "reason",
    [
        "invalid_event_timestamp",
        "missing_user_pseudo_id",
        "missing_event_name",
        "duplicate_event",
        "duplicate_transaction_id",
        "late_arrival",
    ],
)
def test_generated_bad_rows_keep_their_reason_beside_the_damage(ga4, small_raw, reason) -> None:
    """The damage written beside them changes nothing for the rows the generator broke."""
    scenario, _ = ga4
    injected = json.loads((small_raw / "manifest.json").read_text())["mess"]["ga4.events"][reason]
    if reason == "late_arrival":
        seen = scenario.count(
            "base_ga4__events", f"{GENERATED_DAYS} and row_reason is null and is_late_arrival"
        )
    else:
        seen = scenario.count(
            "stg_ga4__events_quarantine", f"{GENERATED_DAYS} and quarantine_reason = '{reason}'"
        )
    assert seen == injected > 0
