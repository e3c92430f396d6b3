"""GA4 export days that arrive badly, on incremental runs (docs/bad_input.md).

The days of the small export arrive one at a time into an empty folder, the
way the export lands, with a look-back of one day
(`ga4_incremental_lookback_days: 1`), and each arrival is followed by an
incremental run: a missing day, an empty day then its real file, a day
GA4 rewrites, a day that arrives after the look-back, a huge day, a day
whose file is deleted once loaded, and all along a file not named for its
day whose rows have no date. After each step the rows per export day are
compared with the files, and the tests that say what is wrong are checked.
"""

from __future__ import annotations

import shutil
import time
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from bad_raw import ga4_days, read_day, rows_per_export_day, shifted_day, with_event_dates

pytestmark = pytest.mark.slow

VARS = {"ga4_incremental_lookback_days": 1}
MODELS = ("--select", "staging.ga4")
TESTS = (
    "--select",
    "assert_ga4_raw_rows_reconcile",
    "assert_ga4_loaded_days_are_still_exported",
    "assert_ga4_export_has_no_missing_days",
    "assert_ga4_export_files_are_all_read",
)
UNDATED = "events_manual_export.parquet"


class Export:
    """The scenario's GA4 folder, filled from the generated days."""

    def __init__(self, scenario, generated: list[Path]) -> None:
        self.scenario = scenario
        self.folder = scenario.raw / "ga4"
        self.generated = {p.name[len("events_") : len("events_") + 8]: p for p in generated}

    def arrive(self, day: str) -> Path:
        return Path(shutil.copy(self.generated[day], self.folder / f"events_{day}.parquet"))

    def run(self, *extra: str) -> None:
        outcome = self.scenario.dbt("run", *MODELS, *extra, vars=VARS)
        assert outcome.success, outcome.describe()

    def test(self):
        return self.scenario.dbt("test", *TESTS, vars=VARS)

    def staged_per_day(self) -> dict[str, int]:
        return dict(
            self.scenario.query(
                "select coalesce(cast(export_date as varchar), 'undated'), count(*)"
                " from main_staging.base_ga4__events group by 1"
            )
        )

    def failing_reconciliation(self) -> list[tuple]:
        """The rows the reconciliation test returns (what `dbt test --store-failures` keeps)."""
        compiled = self.scenario.project.workdir / "target" / "compiled" / "scv"
        sql = (
            compiled / "tests" / "staging" / "ga4" / "assert_ga4_raw_rows_reconcile.sql"
        ).read_text()
        return self.scenario.query(f"select * from ({sql}) order by 1")

    def in_files(self) -> dict[str, int]:
        return rows_per_export_day(self.scenario.raw)


@pytest.fixture(scope="module")
def export(scenario_factory, small_raw: Path):
    def empty_folder(raw: Path) -> None:
        shutil.rmtree(raw / "ga4")
        (raw / "ga4").mkdir()

    scenario = scenario_factory("bad_ga4_days", empty_folder)
    return Export(scenario, ga4_days(small_raw))


def test_days_arriving_badly_one_run_at_a_time(export: Export) -> None:
    day1, day2, day3, day4 = sorted(export.generated)

    # 1. the first day, and a file not named for its day whose rows have no date
    first = export.arrive(day1)
    pq.write_table(
        with_event_dates(read_day(first).slice(0, 10), ["garbage"] * 10), export.folder / UNDATED
    )
    export.run()
    assert export.staged_per_day() == export.in_files()
    assert export.staged_per_day()["undated"] == 10

    # 2. the second day never comes; the third does: a gap, and a warning naming it
    export.arrive(day3)
    export.run()
    assert export.staged_per_day() == export.in_files()
    assert export.staged_per_day()["undated"] == 10, "undated rows piled up"
    tested = export.test()
    assert tested.status("assert_ga4_export_has_no_missing_days") == "warn"
    assert tested.status("assert_ga4_raw_rows_reconcile") == "pass"

    # 3. the fourth day arrives empty (zero rows): accepted, nothing to stage
    empty = export.folder / f"events_{day4}.parquet"
    pq.write_table(read_day(export.generated[day4]).slice(0, 0), empty)
    export.run()
    assert "2026-10-31" not in export.staged_per_day()

    # 4. then its real file: the next run reads it (the empty day moved no watermark)
    export.arrive(day4)
    export.run()
    assert export.staged_per_day() == export.in_files()

    # 5. GA4 rewrites the day within the look-back (late hits added): the day is replaced
    table = read_day(empty)
    extra = shifted_day(table.slice(0, 20), 0, "-late-hit")
    pq.write_table(pa.concat_tables([table, extra]), empty)
    export.run()
    assert export.staged_per_day()["2026-10-31"] == len(table) + 20
    assert export.staged_per_day() == export.in_files()

    # 6. the missing second day arrives after the look-back: not read, and the
    #    reconciliation test says which day and what to do
    export.arrive(day2)
    export.run()
    assert "2026-10-29" not in export.staged_per_day()
    tested = export.test()
    assert tested.status("assert_ga4_raw_rows_reconcile") == "fail"
    assert tested.nodes()["assert_ga4_raw_rows_reconcile"].failures == 1
    failing = export.failing_reconciliation()
    assert [(row[0], row[2] + row[3]) for row in failing] == [("2026-10-29", 0)]
    assert "--full-refresh --select base_ga4__events+" in failing[0][5]

    # 7. the full refresh it asks for reads the day
    export.run("--full-refresh")
    assert export.staged_per_day() == export.in_files()
    assert export.test().status("assert_ga4_raw_rows_reconcile") == "pass"

    # 8. a huge day: 80 times the fourth day, as other browsers, the day after it
    huge = pa.concat_tables([shifted_day(table, 1, f"-huge{i}") for i in range(80)])  # ~90k events
    pq.write_table(huge, export.folder / "events_20261101.parquet")
    started = time.monotonic()
    export.run()
    seconds = time.monotonic() - started
    assert export.staged_per_day()["2026-11-01"] == len(huge) > 80_000
    assert export.staged_per_day() == export.in_files()
    print(f"\nhuge day: {len(huge)} events in an incremental run of {seconds:.1f} s")

    # 9. the first day's file is deleted once loaded (a table expired): its rows are kept,
    #    and a warning names the day a full refresh would drop
    first.unlink()
    export.run()
    kept = export.staged_per_day()
    assert kept["2026-10-28"] == rows_per_day_before(export, day1)
    tested = export.test()
    assert tested.status("assert_ga4_loaded_days_are_still_exported") == "warn"
    assert tested.nodes()["assert_ga4_loaded_days_are_still_exported"].failures == 1
    assert tested.status("assert_ga4_raw_rows_reconcile") == "pass"
    assert kept["undated"] == 10

    # 10. the huge day delivered twice, the copy under another name: its rows of that day are
    #     quarantined as duplicates; its late events (dated the day before) fall before the
    #     look-back and are not read, which the reconciliation test reports
    copy = export.folder / "events_20261101 (1).parquet"
    day5 = "export_date = date '2026-11-01'"
    staged_before_copy = export.scenario.count("stg_ga4__events", day5)
    shutil.copy(export.folder / "events_20261101.parquet", copy)
    export.run()
    copy_dates = read_day(copy)["event_date"].to_pylist()
    assert export.scenario.count("stg_ga4__events", day5) == staged_before_copy
    in_copy = "source_file like '%(1).parquet'"
    assert export.scenario.count("stg_ga4__events_quarantine", in_copy) == copy_dates.count(
        "20261101"
    )
    tested = export.test()
    assert tested.status("assert_ga4_raw_rows_reconcile") == "fail"
    late_days = sorted({f"{d[:4]}-{d[4:6]}-{d[6:]}" for d in copy_dates if d != "20261101"})
    assert late_days and [row[0] for row in export.failing_reconciliation()] == late_days

    # 11. the full refresh reads every copy; each one is set aside, the staged events unchanged
    export.run("--full-refresh")
    assert export.test().status("assert_ga4_raw_rows_reconcile") == "pass"
    assert export.scenario.count("stg_ga4__events", "export_date = date '2026-11-01'") == (
        staged_before_copy
    )
    assert export.scenario.count(
        "stg_ga4__events_quarantine", "source_file like '%(1).parquet'"
    ) == len(copy_dates)


def rows_per_day_before(export: Export, day: str) -> int:
    return pq.ParquetFile(export.generated[day]).metadata.num_rows
