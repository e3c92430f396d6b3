"""The suites' lists of files, models and columns stay those of the dbt project."""

from __future__ import annotations

import re

import yaml

from project_paths import REPO
from scv.validate import marts, raw


def source_columns() -> dict[str, list[str]]:
    columns = {}
    for path in sorted((REPO / "models" / "staging").glob("*/_*__sources.yml")):
        for source in yaml.safe_load(path.read_text())["sources"]:
            for table in source["tables"]:
                names = [column["name"] for column in table.get("columns", [])]
                columns[f"{source['name']}/{table['name']}"] = names
    return columns


def model_columns() -> dict[str, set[str]]:
    columns = {}
    for path in sorted((REPO / "models").rglob("_*__models.yml")):
        for model in yaml.safe_load(path.read_text()).get("models", []):
            columns[model["name"]] = {column["name"] for column in model.get("columns", [])}
    return columns


def test_extract_columns_are_the_source_yaml_columns() -> None:
    sources = source_columns()
    for extract in raw.EXTRACTS:
        if extract.ndjson:
            continue
        assert list(extract.columns) == sources[extract.label], extract.label
    csv_sources = {label for label, columns in sources.items() if columns != ["json_line"]}
    # the GA4 and GA360 exports are nested parquet, not extracts
    exports = {"ga4/events", "ga360/sessions"}
    assert {e.label for e in raw.EXTRACTS} - {"crm/consents"} == csv_sources - exports


def test_consent_keys_are_the_ones_staging_reads() -> None:
    sql = (REPO / "models/staging/crm/base/base_crm__consents.sql").read_text()
    keys = re.search(r"set json_keys = \[([^\]]*)\]", sql).group(1)
    (consents,) = [e for e in raw.EXTRACTS if e.ndjson]
    assert list(consents.columns) == re.findall(r"'(\w+)'", keys)


def test_quarantined_sources_are_the_quarantine_models() -> None:
    quarantine_models = {
        path.stem.removesuffix("_quarantine")
        for path in (REPO / "models" / "staging").rglob("stg_*_quarantine.sql")
    }
    assert set(marts.QUARANTINED_SOURCES) == quarantine_models


def test_columns_the_marts_suite_reads_exist() -> None:
    columns = model_columns()
    for fact, column in marts.FRESHNESS_COLUMNS.items():
        assert column in columns[fact]
    assert "as_of_date" in columns["customer_360"]
    for key in yaml.safe_load((REPO / "src/scv/validate/defaults.yml").read_text())["marts"][
        "distributions"
    ]:
        table, column = key.split(".")
        assert column in columns[table], key
    for reference in marts.REFERENCES:
        assert reference.column in columns[reference.child]
        assert reference.parent_column in columns[reference.parent]
    for mart in marts.VOLUME_SOURCES:
        assert mart in columns
