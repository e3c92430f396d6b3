"""`scv validate --suite raw` on copies of the generated raw folder, intact and damaged."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pyarrow.compute as pc
import pyarrow.parquet as pq
import pytest

from raw_data import generate
from scv.validate import raw


def failures(out: str) -> list[str]:
    return [line.split(":", 1)[0].split()[-1] for line in out.splitlines() if "FAILED " in line]


def daily_files(raw_dir: Path) -> list[Path]:
    files = sorted(raw.ga4_daily_files(raw_dir).values())
    assert len(files) >= 4, files
    return files


def raw_only(validate, raw_dir: Path):
    run = validate("--raw-dir", raw_dir, "--suite", "raw")
    assert run.code == 1, run.out + run.err
    return run


def test_intact_copy_passes(validate, raw_copy) -> None:
    run = validate("--raw-dir", raw_copy, "--suite", "raw")
    assert run.code == 0, run.out + run.err
    assert "marts." not in run.out
    # the intraday file is left out of the days (it is partial by design)
    assert list((raw_copy / "ga4").glob("events_intraday_*.parquet"))


def test_missing_ga4_day_is_named(validate, raw_copy) -> None:
    missing = daily_files(raw_copy)[1]
    missing.unlink()
    run = raw_only(validate, raw_copy)
    assert failures(run.out) == ["raw.ga4_daily_volumes"]
    day = dt.datetime.strptime(missing.stem.removeprefix("events_"), "%Y%m%d").date()
    assert "every day between the first and the last export has its file" in run.out
    assert f"observed: 1 of 4 rows null: {day.isoformat()} (file = null)" in run.out


def test_empty_ga4_day_is_named(validate, raw_copy) -> None:
    empty = daily_files(raw_copy)[2]
    table = pq.read_table(empty)
    pq.write_table(table.slice(0, 0), empty)
    run = raw_only(validate, raw_copy)
    day = dt.datetime.strptime(empty.stem.removeprefix("events_"), "%Y%m%d").date().isoformat()
    assert failures(run.out) == ["raw.ga4_daily_volumes", "raw.ga4_daily_volumes"]
    assert f"{day} (events = 0)" in run.out
    assert f"{day} (ratio_to_median = 0)" in run.out


def test_unreadable_ga4_file_counts_as_an_empty_day(validate, raw_copy) -> None:
    broken = daily_files(raw_copy)[-1]
    broken.write_bytes(b"not parquet")
    run = raw_only(validate, raw_copy)
    day = dt.datetime.strptime(broken.stem.removeprefix("events_"), "%Y%m%d").date().isoformat()
    assert f"cannot read {broken}" in run.err
    assert f"{day} (events = 0)" in run.out
    assert "raw.ga4_newest_day" in failures(run.out)


def test_half_a_day_fails_the_median_ratio(validate, raw_copy) -> None:
    day_file = daily_files(raw_copy)[0]
    table = pq.read_table(day_file)
    pq.write_table(table.slice(0, len(table) // 3), day_file)
    run = raw_only(validate, raw_copy)
    assert failures(run.out) == ["raw.ga4_daily_volumes"]
    assert "each day's events / the median day's between 0.5 and 2" in run.out
    assert "expected: between 0.5 and 2" in run.out


def test_newest_day_exported_at_noon_fails_freshness(validate, raw_copy, tmp_path) -> None:
    newest = daily_files(raw_copy)[-1]
    day = dt.datetime.strptime(newest.stem.removeprefix("events_"), "%Y%m%d")
    noon = int(day.replace(hour=12, tzinfo=dt.UTC).timestamp() * 1_000_000)
    table = pq.read_table(newest)
    pq.write_table(table.filter(pc.less(table["event_timestamp"], noon)), newest)
    run = validate("--raw-dir", raw_copy, "--suite", "raw")
    assert run.code == 1
    assert "raw.ga4_newest_day" in failures(run.out)
    assert "the newest file's latest event at most 6 hours before the end of its day" in run.out
    assert "expected: between 0 and 6" in run.out
    assert re.search(r"\(hours_before_day_end = 12(\.\d+)?\)", run.out), run.out
    # settings for an export that stops at noon let it pass
    config = tmp_path / "noon.yml"
    config.write_text(
        "raw:\n  ga4:\n    newest_event_max_hours_before_day_end: 13\n"
        "    day_to_median_ratio: {min: 0.1, max: 2}\n"
    )
    assert validate("--raw-dir", raw_copy, "--suite", "raw", "--config", config).code == 0


def test_missing_ga4_folder_fails(validate, raw_copy) -> None:
    for path in (raw_copy / "ga4").iterdir():
        path.unlink()
    run = raw_only(validate, raw_copy)
    assert "at least one GA4 daily export file" in run.out
    assert "the newest daily file has events within its day" in run.out


def test_missing_extract_column_is_named(validate, raw_copy) -> None:
    orders = raw_copy / "commerce" / "orders.csv"
    lines = orders.read_text(encoding="utf-8").splitlines(keepends=True)
    lines[0] = lines[0].replace('"total_amount"', '"grand_total"')
    orders.write_text("".join(lines), encoding="utf-8")
    run = raw_only(validate, raw_copy)
    assert failures(run.out) == ["raw.columns_commerce_orders"]
    assert "observed: missing total_amount" in run.out


def test_missing_and_empty_extracts_are_named(validate, raw_copy) -> None:
    (raw_copy / "commerce" / "pos_sales.csv").unlink()
    appointments = raw_copy / "crm" / "appointments.csv"
    header = appointments.read_text(encoding="utf-8").splitlines()[0]
    appointments.write_text(header + "\n", encoding="utf-8")
    run = raw_only(validate, raw_copy)
    assert failures(run.out) == ["raw.extract_volumes", "raw.extract_volumes"]
    assert "commerce/pos_sales (file = null)" in run.out
    assert "crm/appointments (rows = 0)" in run.out


def test_consent_export_without_a_key_is_named(validate, raw_copy) -> None:
    consents = raw_copy / "crm" / "consents.ndjson"
    text = consents.read_text(encoding="utf-8").replace('"recorded_at"', '"timestamp"')
    consents.write_text(text, encoding="utf-8")
    run = raw_only(validate, raw_copy)
    assert failures(run.out) == ["raw.columns_crm_consents"]
    assert "observed: missing recorded_at" in run.out


def test_config_time_zone_and_window(validate, raw_copy, tmp_path) -> None:
    config = tmp_path / "tz.yml"
    config.write_text("raw:\n  ga4:\n    property_time_zone: Mars/Olympus\n")
    run = validate("--raw-dir", raw_copy, "--suite", "raw", "--config", config)
    assert run.code == 2 and "unknown time zone 'Mars/Olympus'" in run.err
    # in Pacific time the UTC files' days end 8 hours later than their events: not fresh
    config.write_text("raw:\n  ga4:\n    property_time_zone: America/Los_Angeles\n")
    run = validate("--raw-dir", raw_copy, "--suite", "raw", "--config", config)
    assert run.code == 1 and failures(run.out) == ["raw.ga4_newest_day"]


@pytest.fixture(scope="module")
def parquet_raw(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("validate_parquet") / "raw"
    return generate(out, customers=200, days=3, seed=11, extra_args=("--raw-format", "parquet"))


def test_parquet_extracts_pass_and_are_checked(validate, parquet_raw) -> None:
    run = validate("--raw-dir", parquet_raw, "--suite", "raw")
    assert run.code == 0, run.out + run.err
    assert "(commerce/orders.parquet)" in run.out
    facts = {fact.extract.label: fact for fact in raw.extract_facts(parquet_raw)}
    orders = facts["commerce/orders"]
    assert (
        orders.rows == pq.ParquetFile(parquet_raw / "commerce" / "orders.parquet").metadata.num_rows
    )
    assert set(orders.extract.columns) <= set(orders.columns)
    assert orders.extract.label == "commerce/orders" and orders.extract.columns
