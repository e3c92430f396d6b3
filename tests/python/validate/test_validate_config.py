"""Thresholds: defaults, --config overrides, and the errors that exit 2."""

from __future__ import annotations

from pathlib import Path

import pytest

from scv.validate import config
from scv.validate.config import ValidationConfigError


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "thresholds.yml"
    path.write_text(text, encoding="utf-8")
    return path


def test_defaults_hold_every_threshold_the_suites_read() -> None:
    defaults = config.load(None)
    assert defaults["marts"]["quarantine"]["max_ratio"] == 0.05
    assert set(defaults["marts"]["volumes"]) == {"fct_orders", "fct_sessions", "customer_360"}
    assert defaults["raw"]["ga4"]["property_time_zone"] == "UTC"


def test_override_changes_only_what_it_names(tmp_path: Path) -> None:
    loaded = config.load(
        write(tmp_path, "marts:\n  volumes:\n    fct_orders:\n      min_rows: 5\n")
    )
    assert loaded["marts"]["volumes"]["fct_orders"]["min_rows"] == 5
    assert loaded["marts"]["volumes"]["fct_orders"]["ratio_to_raw"] == {"min": 0.9, "max": 1.0}
    assert loaded["marts"]["quarantine"]["max_ratio"] == 0.05


def test_quantiles_replace_the_default_set(tmp_path: Path) -> None:
    text = "marts:\n  distributions:\n    fct_orders.net_amount:\n      quantiles: {0.5: [1, 2]}\n"
    loaded = config.load(write(tmp_path, text))
    assert loaded["marts"]["distributions"]["fct_orders.net_amount"]["quantiles"] == {0.5: [1, 2]}


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "marts:\n  quarantine:\n    max_ratoi: 0.1\n",
            "unknown setting marts.quarantine.max_ratoi",
        ),
        ("marts: [1, 2]\n", "marts must be a mapping"),
        ("- 1\n", "must be a mapping like defaults.yml"),
        ("marts: {quarantine: {max_ratio: 0.1\n", "not valid YAML"),
    ],
)
def test_bad_files_say_what_is_wrong(tmp_path: Path, text: str, message: str) -> None:
    with pytest.raises(ValidationConfigError, match=message):
        config.load(write(tmp_path, text))


def test_missing_file_is_named(tmp_path: Path) -> None:
    with pytest.raises(ValidationConfigError, match="cannot read the --config file"):
        config.load(tmp_path / "nope.yml")


def test_bounds_accept_both_spellings_and_reject_inverted_ones() -> None:
    assert config.bounds([1, None], "x") == (1.0, None)
    assert config.bounds({"min": 0.5, "max": 2}, "x") == (0.5, 2.0)
    with pytest.raises(ValidationConfigError, match="low 3.0 is above high 1.0"):
        config.bounds([3, 1], "x")
    with pytest.raises(ValidationConfigError, match="must be a number"):
        config.number("five", "x")


def test_help_explains_each_option(capsys) -> None:
    from scv.cli import main

    with pytest.raises(SystemExit) as exit_info:
        main(["validate", "--help"])
    assert exit_info.value.code == 0
    out = capsys.readouterr().out
    for option in ("--warehouse", "--raw-dir", "--target", "--docs-dir", "--suite", "--config"):
        assert option in out
    assert "Exit status: 0" in out


def test_usage_errors_exit_2_with_what_to_do(
    validate, tmp_path: Path, pristine_warehouse, small_raw
) -> None:
    run = validate("--warehouse", tmp_path / "nope.duckdb", "--suite", "marts")
    assert run.code == 2 and "build it first (`make build`" in run.err
    run = validate("--raw-dir", tmp_path / "nowhere", "--suite", "raw")
    assert run.code == 2 and "no raw data folder" in run.err and "--raw-dir" in run.err
    bad = write(tmp_path, "raw:\n  ga4:\n    min_events_per_day: many\n")
    run = validate("--raw-dir", small_raw, "--suite", "raw", "--config", bad)
    assert run.code == 2 and "raw.ga4.min_events_per_day must be a number" in run.err
    unknown = write(tmp_path, "marts:\n  quarantine:\n    max_ratio_by_source: {stg_x: 0.1}\n")
    run = validate("--warehouse", pristine_warehouse, "--suite", "marts", "--config", unknown)
    assert run.code == 2 and "unknown source stg_x" in run.err
    with pytest.raises(SystemExit) as exit_info:
        validate("--suite", "everything")
    assert exit_info.value.code == 2


def test_unwritable_docs_dir_is_a_usage_error(validate, pristine_warehouse, tmp_path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    run = validate("--warehouse", pristine_warehouse, "--suite", "marts", "--docs-dir", blocker)
    assert run.code == 2 and "--docs-dir" in run.err


def test_unknown_target_from_the_environment_is_a_usage_error(validate, monkeypatch) -> None:
    monkeypatch.setenv("SCV_TARGET", "bigquery_ci")
    run = validate("--suite", "marts")
    assert run.code == 2 and "SCV_TARGET='bigquery_ci'" in run.err
