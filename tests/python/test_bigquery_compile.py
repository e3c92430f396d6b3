"""Every model compiles for BigQuery with no network and parses as BigQuery SQL.

dbt-bigquery needs credentials to start, so the test writes a throw-away
service-account key (a freshly generated RSA key) and compiles with
`--no-populate-cache --no-introspect`: nothing is sent anywhere.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import sqlglot
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from project_paths import REPO


def write_throwaway_keyfile(path: Path) -> Path:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        json.dumps(
            {
                "type": "service_account",
                "project_id": "scv-offline-ci",
                "private_key_id": "0" * 40,
                "private_key": pem,
                "client_email": "compile-only@scv-offline-ci.iam.gserviceaccount.com",
                "client_id": "1",
                "token_uri": "https://oauth2.googleapis.com/token",
            }
        )
    )
    return path


def compile_offline(dbt_project_factory, name: str, *args: str):
    """`dbt compile --target bigquery_ci` with a throw-away key and no network; the project."""
    project = dbt_project_factory(name, {"SCV_TARGET": "bigquery_ci"})
    keyfile = write_throwaway_keyfile(project.workdir / "keyfile.json")
    project.env["SCV_BQ_CI_KEYFILE"] = str(keyfile)
    project.run(
        "compile", "--target", "bigquery_ci", "--no-populate-cache", "--no-introspect", *args
    )
    return project


@pytest.fixture(scope="module")
def bigquery_compiled(dbt_project_factory) -> Path:
    # the GA360 models read the export (without a dataset they read nothing)
    project = compile_offline(
        dbt_project_factory, "bigquery", "--vars", "{ga360_dataset: ga360_export}"
    )
    return project.workdir / "target" / "compiled" / "scv"


def compiled_files(root: Path, folder: str) -> list[Path]:
    return sorted((root / folder).rglob("*.sql"))


def test_every_model_compiles_for_bigquery(bigquery_compiled: Path) -> None:
    model_files = {p.stem for p in (REPO / "models").rglob("*.sql")}
    compiled = {p.stem for p in compiled_files(bigquery_compiled, "models")}
    assert model_files, "no models found"
    missing = model_files - compiled
    assert not missing, f"models without BigQuery SQL: {sorted(missing)}"


def test_compiled_bigquery_sql_parses(bigquery_compiled: Path) -> None:
    files = compiled_files(bigquery_compiled, "models") + compiled_files(bigquery_compiled, "tests")
    assert files
    errors = []
    for path in files:
        sql = path.read_text()
        try:
            statements = sqlglot.parse(sql, read="bigquery")
        except sqlglot.errors.ParseError as exc:
            errors.append(f"{path.relative_to(bigquery_compiled)}: {exc}")
            continue
        if not any(statements):
            errors.append(f"{path.relative_to(bigquery_compiled)}: no statement")
    assert not errors, "BigQuery SQL that sqlglot cannot parse:\n" + "\n".join(errors)


def test_bigquery_sql_uses_no_duckdb_functions(bigquery_compiled: Path) -> None:
    """DuckDB-only functions must stay in the default__ macros, never reach BigQuery."""
    duckdb_only = (
        "list_transform(",
        "list_position(",
        "list_filter(",
        "read_parquet(",
        "read_csv(",
        "lambda ",
        "strptime(",
        "regexp_matches(",
    )
    offenders = []
    for path in compiled_files(bigquery_compiled, "models"):
        sql = path.read_text().lower()
        offenders += [f"{path.name}: {fn}" for fn in duckdb_only if fn in sql]
    assert not offenders, offenders


def test_ga360_models_read_the_pruned_wildcard(bigquery_compiled: Path) -> None:
    """With a GA360 dataset, both GA360 base models read `ga_sessions_*` pruned by its suffix."""
    for name in ("base_ga360__sessions", "base_ga360__hits"):
        sql = next((bigquery_compiled / "models").rglob(f"{name}.sql")).read_text().lower()
        assert "`ga360_export`.`ga_sessions_*`" in sql, name
        assert "_table_suffix between '20050101' and '99991231'" in sql, name


def test_ga360_without_a_dataset_reads_nothing(dbt_project_factory) -> None:
    """Without ga360_dataset (no GA360 history) the GA360 models compile to a typed empty
    relation that parses as BigQuery SQL, and no GA360 table is referenced."""
    project = compile_offline(
        dbt_project_factory, "bigquery_no_ga360", "--select", "path:models/staging/ga360"
    )
    compiled = project.workdir / "target" / "compiled" / "scv" / "models" / "staging" / "ga360"
    files = sorted(p for p in compiled.rglob("*.sql") if ".yml" not in str(p.parent))
    assert len(files) == 7, files
    for path in files:
        sql = path.read_text()
        assert "ga_sessions_" not in sql, path.name
        assert any(sqlglot.parse(sql, read="bigquery")), path.name
    base = (compiled / "base" / "base_ga360__sessions.sql").read_text()
    assert "from (select 1 as one) as no_export" in base and "where false" in base
