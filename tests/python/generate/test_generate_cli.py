"""The `scv generate` command line: help, errors that say what to do, safe re-runs."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from scv.cli import main

OPTIONS = (
    "--customers",
    "--days",
    "--seed",
    "--out",
    "--start-date",
    "--raw-format",
    "--events-per-customer-day",
    "--prospects-per-customer",
    "--history-days",
    "--force",
    "--quiet",
)


def test_help_explains_every_option(capsys) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["generate", "--help"])
    assert exit_info.value.code == 0
    out = capsys.readouterr().out
    for option in OPTIONS:
        assert option in out, option
    assert "manifest.json" in out and "ground_truth" in out


@pytest.mark.parametrize(
    "args,message",
    [
        (["--customers", "10"], "--customers must be at least"),
        (["--days", "1"], "--days must be at least"),
        (["--events-per-customer-day", "0"], "--events-per-customer-day"),
    ],
)
def test_bad_values_fail_with_a_message(tmp_path: Path, capsys, args, message) -> None:
    code = main(["generate", "--out", str(tmp_path / "x"), "--quiet", *args])
    assert code == 2
    assert message in capsys.readouterr().err


def test_bad_date_is_a_usage_error(tmp_path: Path) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["generate", "--out", str(tmp_path), "--start-date", "31/10/2026"])
    assert exit_info.value.code == 2


def test_refuses_a_foreign_non_empty_folder(tmp_path: Path, capsys) -> None:
    (tmp_path / "notes.txt").write_text("mine")
    code = main(
        ["generate", "--out", str(tmp_path), "--quiet", "--customers", "100", "--days", "2"]
    )
    assert code == 2
    assert "--force" in capsys.readouterr().err
    assert (tmp_path / "notes.txt").read_text() == "mine"


def test_rerun_replaces_the_previous_dataset(tmp_path: Path) -> None:
    common = [
        "generate",
        "--out",
        str(tmp_path),
        "--quiet",
        "--customers",
        "100",
        "--history-days",
        "30",
    ]
    assert main([*common, "--days", "3", "--start-date", "2026-01-01"]) == 0
    assert main([*common, "--days", "2", "--start-date", "2026-02-01"]) == 0
    files = sorted(p.name for p in (tmp_path / "ga4").iterdir())
    assert files == [
        "events_20260201.parquet",
        "events_20260202.parquet",
        "events_intraday_20260202.parquet",
    ]
    manifest = json.loads((tmp_path / "manifest.json").read_text())
    assert manifest["parameters"]["start_date"] == "2026-02-01"
    assert manifest["window"]["ga4_end_date"] == "2026-02-02"
