"""The files are exactly what docs/raw_contract.md describes, in the seeds' vocabulary."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pyarrow.parquet as pq
import pytest
from gen_checks import (
    REPO,
    consent_lines,
    contract_columns,
    extract_columns,
    load_csv_seed,
    parse_json,
)

from scv.generate import ga4_schema
from scv.generate import reference as ref

SAMPLE = REPO.parent / "shared" / "data" / "ga4_sample"
SAMPLE_FILE = SAMPLE / "ga4_events_sampled.snappy.parquet"

EXTRACTS = {
    "crm": ("customers", "appointments"),
    "commerce": ("products", "orders", "order_lines", "pos_sales", "pos_sale_lines"),
}


def test_folder_layout(raw: Path) -> None:
    manifest = json.loads((raw / "manifest.json").read_text())
    fmt = manifest["parameters"]["raw_format"]
    days = manifest["parameters"]["days"]
    daily = sorted(p.name for p in (raw / "ga4").glob("events_2*.parquet"))
    intraday = sorted(p.name for p in (raw / "ga4").glob("events_intraday_*.parquet"))
    assert len(daily) == days
    assert intraday == [daily[-1].replace("events_", "events_intraday_")]
    for folder, names in EXTRACTS.items():
        for name in names:
            assert (raw / folder / f"{name}.{fmt}").exists(), f"{folder}/{name}.{fmt}"
    assert (raw / "crm" / "consents.ndjson").exists()
    truth = {p.stem for p in (raw / "ground_truth").glob("*.parquet")}
    assert {"crm_customers", "cookies", "user_ids", "orders", "pos_sales", "appointments"} <= truth
    # every file the manifest lists exists with that many rows
    for rel, rows in manifest["files"].items():
        path = raw / rel
        assert path.exists(), rel
        if path.suffix == ".parquet":
            assert pq.ParquetFile(path).metadata.num_rows == rows, rel


@pytest.mark.parametrize(
    "folder,name",
    [(folder, name) for folder, names in EXTRACTS.items() for name in names],
)
def test_extract_columns_match_the_contract(raw: Path, folder: str, name: str) -> None:
    assert extract_columns(raw, folder, name) == contract_columns()[name]


def test_consent_objects_carry_the_contract_keys(raw: Path) -> None:
    keys = contract_columns()["consents"]
    parsed = [parse_json(line) for line in consent_lines(raw)]
    whole = [obj for obj in parsed if obj is not None]
    assert len(whole) > 0.9 * len(parsed)
    assert all(list(obj) == keys for obj in whole)
    assert {obj["channel"] for obj in whole} <= {
        "email",
        "sms",
        "phone",
        "mail",
        "personalised_ads",
    }
    assert {obj["status"] for obj in whole} == {"granted", "withdrawn"}


def test_ga4_files_follow_the_export_schema(raw: Path) -> None:
    assert list(ga4_schema.GA4_EVENTS_SCHEMA.names) == contract_columns()["ga4_events"]
    for path in sorted((raw / "ga4").glob("*.parquet")):
        assert pq.read_schema(path).remove_metadata().equals(ga4_schema.GA4_EVENTS_SCHEMA), path


@pytest.mark.skipif(not SAMPLE_FILE.exists(), reason=f"real GA4 sample not found at {SAMPLE}")
def test_real_sample_field_names_are_a_subset(raw: Path) -> None:
    """Same names and nesting as Google's export; ours is the newer shape (a superset)."""

    def paths(schema, prefix=""):
        out = set()
        for field in schema:
            out.add(prefix + field.name)
            t = field.type
            while hasattr(t, "value_type"):
                t = t.value_type
            if hasattr(t, "num_fields"):
                out |= paths([t.field(i) for i in range(t.num_fields)], prefix + field.name + ".")
        return out

    ours = paths(ga4_schema.GA4_EVENTS_SCHEMA)
    sample = paths(pq.read_schema(SAMPLE_FILE))
    assert sample <= ours, sorted(sample - ours)
    assert {"collected_traffic_source", "is_active_user", "device.web_info.hostname"} <= ours


@pytest.mark.skipif(not SAMPLE_FILE.exists(), reason=f"real GA4 sample not found at {SAMPLE}")
@pytest.mark.parametrize("sample_first", [True, False])
def test_readable_with_the_real_sample_by_name(raw: Path, sample_first: bool) -> None:
    ours = sorted(str(p) for p in (raw / "ga4").glob("events_*.parquet"))
    files = [str(SAMPLE_FILE), *ours] if sample_first else [*ours, str(SAMPLE_FILE)]
    con = duckdb.connect()
    rows = con.sql(
        f"select count(*), count(distinct stream_id), count(*) filter (where event_date < '2022') "
        f"from read_parquet({files}, union_by_name = true)"
    ).fetchall()[0]
    ours_rows = sum(pq.ParquetFile(p).metadata.num_rows for p in ours)
    assert rows[0] == ours_rows + 24_219
    assert rows[1] == 3  # two generated streams + the sample's (integer, read as text)
    assert rows[2] == 24_219
    web_info = con.sql(
        f"select count(*) from read_parquet({files}, union_by_name = true) "
        "where device.web_info.hostname like 'www.maison-aurele.%'"
    ).fetchall()[0][0]
    assert web_info > 0


def test_boutiques_match_the_seed() -> None:
    seed = load_csv_seed("boutiques")
    assert [(r["boutique_id"], r["timezone"], r["currency"]) for r in seed] == [
        (b.boutique_id, b.timezone, b.currency) for b in ref.BOUTIQUES
    ]
    assert ref.load_boutiques() == ref.BOUTIQUES


def test_vocabulary_is_known_to_the_seeds() -> None:
    currencies = {r["currency_code"] for r in load_csv_seed("currency_rates")}
    assert set(ref.CURRENCIES) <= currencies
    assert not set(ref.UNKNOWN_CURRENCIES) & currencies
    categories = {r["raw_category"] for r in load_csv_seed("category_mapping")}
    assert {line.category.lower() for line in ref.PRODUCT_LINES} <= categories
    variants = {r["country_name_variant"] for r in load_csv_seed("country_name_variants")}
    for country in ref.COUNTRIES:
        assert {v.lower() for v in country.name_variants} <= variants, country.code
    codes = {r["country_code"] for r in load_csv_seed("country_codes")}
    assert {c.code for c in ref.COUNTRIES} <= codes
