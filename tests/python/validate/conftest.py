"""Fixtures for `scv validate`: copies of the test warehouse and raw folder to break."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pytest

from scv.cli import main


@dataclass
class Run:
    code: int
    out: str
    err: str


# The test build is small (300 customers x 4 days) and the generator puts every
# kind of broken row in it at least once, so a small extract quarantines a far
# larger share than real data would: 4 of 29 CRM appointments (14 %) instead
# of 2 % on the demo build. Its ceiling is raised for these tests only; every
# other threshold is the default.
SMALL_BUILD_CONFIG = """\
marts:
  quarantine:
    max_ratio_by_source: {stg_crm__appointments: 0.25}
"""


@pytest.fixture(scope="session")
def small_build_config(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("validate_config") / "small_build.yml"
    path.write_text(SMALL_BUILD_CONFIG, encoding="utf-8")
    return path


@pytest.fixture
def validate(capsys, tmp_path: Path, small_build_config: Path) -> Callable[..., Run]:
    """Run `scv validate` in this process, Data Docs in a temporary folder and the small
    build's thresholds unless the test gives its own --config."""

    def run(*args: str | Path) -> Run:
        argv = ["validate", *map(str, args)]
        if "--docs-dir" not in argv:
            argv += ["--docs-dir", str(tmp_path / "docs")]
        if "--config" not in argv:
            argv += ["--config", str(small_build_config)]
        capsys.readouterr()
        code = main(argv)
        captured = capsys.readouterr()
        return Run(code, captured.out, captured.err)

    return run


@pytest.fixture(scope="session")
def pristine_warehouse(warehouse, tmp_path_factory) -> Path:
    """A copy of the session's dbt build (the build's own file stays open in dbt-duckdb)."""
    warehouse.query("checkpoint")
    copy = tmp_path_factory.mktemp("validate") / "pristine.duckdb"
    shutil.copy(warehouse.database, copy)
    return copy


@pytest.fixture
def broken_warehouse(pristine_warehouse: Path, tmp_path: Path) -> Callable[..., Path]:
    """A copy of the warehouse changed by the SQL statements given."""

    def make(*statements: str) -> Path:
        copy = tmp_path / "broken.duckdb"
        shutil.copy(pristine_warehouse, copy)
        with duckdb.connect(str(copy)) as con:
            for statement in statements:
                con.execute(statement)
        return copy

    return make


@pytest.fixture
def raw_copy(small_raw: Path, tmp_path: Path) -> Path:
    """A copy of the small raw folder (ground truth left out: the suites never read it)."""
    copy = tmp_path / "raw"
    shutil.copytree(small_raw, copy, ignore=shutil.ignore_patterns("ground_truth"))
    return copy
