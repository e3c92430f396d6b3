"""Shared fixtures: a small generated dataset and a DuckDB warehouse built from it.

The warehouse is built once per test session through dbt's programmatic runner,
with its own profiles directory (a copy of profiles.example.yml), target path
and DuckDB file, so tests never touch the developer's ./scv.duckdb.
"""

from __future__ import annotations

import shutil
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pytest
from dbt.cli.main import dbtRunner, dbtRunnerResult

from build_settings import PSEUDONYMISATION_SALT
from env_vars import environ
from project_paths import REPO
from raw_data import SMALL_DATA, generate


@dataclass
class DbtProject:
    """Runs dbt commands against this repository with isolated outputs."""

    profiles_dir: Path
    workdir: Path
    env: dict[str, str]

    @property
    def database(self) -> Path:
        """The DuckDB file of this project's duckdb target (in its own workdir)."""
        return Path(self.env["SCV_DUCKDB_PATH"])

    def run(self, *args: str, expect_success: bool = True) -> dbtRunnerResult:
        cli_args = [
            *args,
            "--project-dir",
            str(REPO),
            "--profiles-dir",
            str(self.profiles_dir),
            "--target-path",
            str(self.workdir / "target"),
            "--log-path",
            str(self.workdir / "logs"),
        ]
        with environ(self.env):
            result = dbtRunner().invoke(cli_args)
        if expect_success and not result.success:
            failures = describe_failures(result)
            raise AssertionError(f"dbt {' '.join(args)} failed: {result.exception}\n{failures}")
        return result


def describe_failures(result: dbtRunnerResult) -> str:
    lines = []
    for node_result in getattr(result.result, "results", None) or []:
        status = str(getattr(node_result, "status", ""))
        if status.lower() not in {"success", "pass"}:
            lines.append(f"- {node_result.node.unique_id}: {status}: {node_result.message}")
    return "\n".join(lines)


def make_profiles_dir(directory: Path) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    shutil.copy(REPO / "profiles.example.yml", directory / "profiles.yml")
    return directory


@pytest.fixture(scope="session")
def small_raw(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return generate(tmp_path_factory.mktemp("raw") / "small", **SMALL_DATA)


@pytest.fixture(scope="session")
def dbt_project_factory(tmp_path_factory: pytest.TempPathFactory):
    def factory(name: str, env: Mapping[str, str]) -> DbtProject:
        workdir = tmp_path_factory.mktemp(name)
        profiles_dir = make_profiles_dir(workdir / "profiles")
        env = {
            "SCV_DUCKDB_PATH": str(workdir / f"{name}.duckdb"),
            "SCV_PSEUDONYMISATION_SALT": PSEUDONYMISATION_SALT,
            **env,
        }
        return DbtProject(profiles_dir=profiles_dir, workdir=workdir, env=env)

    return factory


@dataclass
class Warehouse:
    raw_dir: Path
    database: Path
    project: DbtProject
    build: dbtRunnerResult

    def query(self, sql: str) -> list[tuple]:
        # dbt-duckdb keeps its connection open inside this process; DuckDB only
        # lets the same process attach a file again with the same configuration.
        with duckdb.connect(str(self.database)) as con:
            return con.execute(sql).fetchall()

    def scalar(self, sql: str):
        return self.query(sql)[0][0]

    def relation(self, model: str) -> str:
        """Fully qualified name of a model's table, looked up in the warehouse."""
        rows = self.query(
            f"select table_schema from information_schema.tables where table_name = '{model}'"
        )
        assert len(rows) == 1, f"expected exactly one table {model}, found {rows}"
        return f'"{rows[0][0]}"."{model}"'


@pytest.fixture(scope="session")
def warehouse(small_raw: Path, dbt_project_factory) -> Warehouse:
    """`dbt build` (seeds, models, data tests, unit tests) on the small generated dataset."""
    project = dbt_project_factory(
        "warehouse", {"SCV_TARGET": "duckdb", "SCV_RAW_DIR": str(small_raw)}
    )
    result = project.run("build")
    return Warehouse(raw_dir=small_raw, database=project.database, project=project, build=result)
