"""Fixtures: the project compiled for BigQuery offline, run on DuckDB beside the native build."""

from __future__ import annotations

import shutil
import time
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pytest
from bigquery_emulation import (
    Model,
    Outcome,
    build_and_compare,
    connect,
    load_inputs,
    load_manifest,
    model_inputs,
    models_in_build_order,
)
from verification_policy import COLUMN_RULES, SKIPPED_MODELS

from test_bigquery_compile import compile_offline

GA360_VARS = "ga360_dataset: ga360"


@pytest.fixture(scope="session")
def compile_for_bigquery(dbt_project_factory):
    """`dbt compile --target bigquery_ci` offline (a throw-away key), optionally with vars.

    The GA360 export is read from the dataset `ga360` (the native build reads the
    GA360 files of the test data): vars given as `--vars '{...}'` are added to it.
    """

    def run(name: str, *args: str) -> dict:
        args = list(args)
        if "--vars" in args:
            at = args.index("--vars") + 1
            args[at] = "{" + GA360_VARS + ", " + args[at].strip()[1:]
        else:
            args += ["--vars", "{" + GA360_VARS + "}"]
        project = compile_offline(dbt_project_factory, name, *args)
        return load_manifest(project.workdir / "target")

    return run


@pytest.fixture(scope="session")
def native_copy(warehouse, tmp_path_factory) -> Path:
    """A copy of the native warehouse file, to attach read-only beside the emulation."""
    with duckdb.connect(str(warehouse.database)) as con:
        con.execute("checkpoint")
    copy = tmp_path_factory.mktemp("bigquery_native") / "native.duckdb"
    shutil.copy(warehouse.database, copy)
    return copy


@dataclass
class BigQueryOnDuckDB:
    """The BigQuery SQL of every model, run on DuckDB, and how it compares."""

    con: duckdb.DuckDBPyConnection
    database: Path
    bigquery_manifest: Mapping
    native_manifest: Mapping
    models: list[Model]
    input_rows: dict[str, int]
    outcomes: list[Outcome]
    seconds: float

    def model(self, name: str) -> Model:
        return next(m for m in self.models if m.name == name)


@pytest.fixture(scope="session")
def bigquery_on_duckdb(
    warehouse, native_copy, compile_for_bigquery, tmp_path_factory
) -> Iterator[BigQueryOnDuckDB]:
    bigquery_manifest = compile_for_bigquery("bigquery_on_duckdb")
    native_manifest = load_manifest(warehouse.project.workdir / "target")
    started = time.perf_counter()
    database = tmp_path_factory.mktemp("bigquery_on_duckdb") / "bigquery_on_duckdb.duckdb"
    con = connect(database, native_copy)
    models = models_in_build_order(bigquery_manifest, native_manifest)
    input_rows = load_inputs(con, model_inputs(bigquery_manifest, native_manifest))
    outcomes = build_and_compare(con, models, COLUMN_RULES, SKIPPED_MODELS)
    yield BigQueryOnDuckDB(
        con=con,
        database=database,
        bigquery_manifest=bigquery_manifest,
        native_manifest=native_manifest,
        models=models,
        input_rows=input_rows,
        outcomes=outcomes,
        seconds=time.perf_counter() - started,
    )
    con.close()
