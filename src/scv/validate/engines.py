"""Where the marts suite reads from: the DuckDB file, or BigQuery.

The suite's SQL is plain (count, max, distinct, left join) and the same on
both engines; an engine only names relations and turns a query into a pandas
frame. The BigQuery reader uses google-cloud-bigquery with the settings of the
profile's `bigquery` target (SCV_BQ_* variables, profiles.example.yml); it is
tested with a stub client only, never against a real project.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any, Protocol

import duckdb
import pandas as pd

from scv.validate.config import ValidationConfigError
from scv.warehouse import connect_read_only


class Warehouse(Protocol):
    description: str

    def resolve(self, models: Mapping[str, str]) -> None:
        """Check the models ({model: layer}) exist and remember their relations."""

    def relation(self, model: str) -> str: ...

    def frame(self, sql: str) -> pd.DataFrame: ...

    def close(self) -> None: ...


class DuckDBWarehouse:
    """The DuckDB file dbt built, opened read-only."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.description = f"DuckDB {path}"
        self.con = connect_read_only(path, ValidationConfigError, option="--warehouse")
        self._relations: dict[str, str] = {}

    def resolve(self, models: Mapping[str, str]) -> None:
        names = sorted(models)
        placeholders = ", ".join("?" for _ in names)
        rows = self.con.execute(
            "select table_schema, table_name from information_schema.tables "
            f"where table_name in ({placeholders})",
            names,
        ).fetchall()
        found: dict[str, list[str]] = {}
        for schema, table in rows:
            found.setdefault(table, []).append(schema)
        missing = [name for name in names if name not in found]
        if missing:
            raise ValidationConfigError(
                f"the warehouse {self.path} has no table {', '.join(missing)}: build it first "
                "(`make build`, or `dbt build` with SCV_DUCKDB_PATH pointing at it)"
            )
        for name in names:
            # dbt's default schema naming: <target schema>_<layer> (main_marts, main_staging)
            layer_schemas = [s for s in found[name] if s.endswith(f"_{models[name]}")]
            candidates = layer_schemas or found[name]
            if len(candidates) > 1:
                raise ValidationConfigError(
                    f"{name} is in several schemas of {self.path} ({', '.join(candidates)}); "
                    "validate a warehouse built by one dbt target"
                )
            self._relations[name] = f'"{candidates[0]}"."{name}"'

    def relation(self, model: str) -> str:
        return self._relations[model]

    def frame(self, sql: str) -> pd.DataFrame:
        try:
            return self.con.execute(sql).df()
        except duckdb.Error as error:
            raise ValidationConfigError(
                f"query failed on {self.path} ({error}); is the warehouse built by this "
                "version of the project? rebuild it with `make build`"
            ) from error

    def close(self) -> None:
        self.con.close()


class BigQueryWarehouse:
    """Tables dbt built on BigQuery: `<project>.<dataset>_<layer>.<model>`."""

    def __init__(self, client: Any, project: str, dataset: str) -> None:
        self.client = client
        self.project = project
        self.dataset = dataset
        self.description = f"BigQuery {project}.{dataset}_*"
        self._relations: dict[str, str] = {}

    def resolve(self, models: Mapping[str, str]) -> None:
        # a missing table surfaces as NotFound on the first query that reads it
        for name, layer in models.items():
            self._relations[name] = f"`{self.project}.{self.dataset}_{layer}.{name}`"

    def relation(self, model: str) -> str:
        return self._relations[model]

    def frame(self, sql: str) -> pd.DataFrame:
        from google.api_core import exceptions as google_errors

        try:
            return self.client.query(sql).to_dataframe()
        except google_errors.NotFound as error:
            raise ValidationConfigError(
                f"BigQuery: {error.message if hasattr(error, 'message') else error}; build the "
                "project there first (`dbt build --target bigquery`) and check SCV_BQ_PROJECT "
                "and SCV_BQ_DATASET"
            ) from error
        except google_errors.GoogleAPIError as error:
            raise ValidationConfigError(f"BigQuery query failed: {error}") from error

    def close(self) -> None:
        close = getattr(self.client, "close", None)
        if close:
            close()


def bigquery_settings(environ: Mapping[str, str] = os.environ) -> dict[str, str]:
    """The `bigquery` target's settings from the SCV_BQ_* variables (profiles.example.yml)."""
    project = environ.get("SCV_BQ_PROJECT", "")
    if not project:
        raise ValidationConfigError(
            "--target bigquery needs SCV_BQ_PROJECT (the project holding the dbt datasets); "
            "set it as for `dbt build --target bigquery` (profiles.example.yml)"
        )
    method = environ.get("SCV_BQ_METHOD", "oauth")
    keyfile = environ.get("SCV_BQ_KEYFILE", "")
    if method not in {"oauth", "service-account"}:
        raise ValidationConfigError(
            f"SCV_BQ_METHOD={method!r}: use oauth (gcloud auth application-default login) "
            "or service-account (with SCV_BQ_KEYFILE)"
        )
    if method == "service-account" and not Path(keyfile).is_file():
        raise ValidationConfigError(
            f"SCV_BQ_METHOD=service-account needs SCV_BQ_KEYFILE pointing at a key file "
            f"(got {keyfile!r})"
        )
    return {
        "project": project,
        "dataset": environ.get("SCV_BQ_DATASET", "scv"),
        "location": environ.get("SCV_BQ_LOCATION", "EU"),
        "method": method,
        "keyfile": keyfile,
    }


def bigquery_client(settings: Mapping[str, str]) -> Any:
    from google.auth import exceptions as auth_errors
    from google.cloud import bigquery

    try:
        if settings["method"] == "service-account":
            return bigquery.Client.from_service_account_json(
                settings["keyfile"], project=settings["project"], location=settings["location"]
            )
        return bigquery.Client(project=settings["project"], location=settings["location"])
    except auth_errors.DefaultCredentialsError as error:
        raise ValidationConfigError(
            f"no Google credentials ({error}): run `gcloud auth application-default login`, "
            "or set SCV_BQ_METHOD=service-account and SCV_BQ_KEYFILE"
        ) from error


def open_warehouse(
    target: str, duckdb_path: Path, environ: Mapping[str, str] = os.environ, client: Any = None
) -> Warehouse:
    if target == "duckdb":
        return DuckDBWarehouse(duckdb_path)
    settings = bigquery_settings(environ)
    return BigQueryWarehouse(
        client if client is not None else bigquery_client(settings),
        project=settings["project"],
        dataset=settings["dataset"],
    )


def union_counts(warehouse: Warehouse, models: Iterable[str]) -> dict[str, int]:
    """Row counts of several models in one query (one round trip on BigQuery)."""
    selects = [
        f"select '{model}' as model, count(*) as row_count from {warehouse.relation(model)}"
        for model in models
    ]
    frame = warehouse.frame("\nunion all\n".join(selects))
    return {str(row.model): int(row.row_count) for row in frame.itertuples()}
