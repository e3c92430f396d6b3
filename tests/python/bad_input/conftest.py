"""Fixtures of the bad-input tests (docs/bad_input.md): seeds loaded once, damaged raw folders.

Each scenario copies the small generated dataset (`small_raw`), damages it,
and stages it with its own DuckDB file, target and log folders. The seeds
(boutiques, currency rates, country codes, ...) are loaded once into a file
that every scenario starts from, so a scenario only runs the models it needs.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import duckdb
import pytest
from bad_raw import Scenario, copy_raw


@pytest.fixture(scope="session")
def seeded_database(small_raw: Path, dbt_project_factory) -> Path:
    """A DuckDB file holding only the seeds, checkpointed so that a file copy is complete."""
    project = dbt_project_factory("bad_input_seeds", {"SCV_TARGET": "duckdb"})
    scenario = Scenario(raw=small_raw, project=project)
    outcome = scenario.dbt("seed")
    assert outcome.success, outcome.describe()
    with duckdb.connect(str(project.database)) as con:
        con.execute("checkpoint")
    return project.database


@pytest.fixture(scope="session")
def scenario_factory(
    small_raw: Path, seeded_database: Path, dbt_project_factory, tmp_path_factory
) -> Callable[..., Scenario]:
    """scenario_factory(name, damage) -> a Scenario whose raw folder `damage(raw)` has edited."""

    def make(name: str, damage: Callable[[Path], None], *, ga4: bool = True) -> Scenario:
        raw = copy_raw(small_raw, tmp_path_factory.mktemp(f"raw_{name}") / "raw", ga4=ga4)
        damage(raw)
        project = dbt_project_factory(name, {"SCV_TARGET": "duckdb", "SCV_RAW_DIR": str(raw)})
        shutil.copy(seeded_database, project.database)
        return Scenario(raw=raw, project=project)

    return make
