"""Independent re-implementations of the contract's rules, to re-derive the generator's counts.

They follow docs/raw_contract.md and the staging macros (macros/cleaning/*.sql),
so a generator row that staging would judge differently shows up here first.
"""

from __future__ import annotations

import csv
import hashlib
import json
import re
from datetime import datetime
from pathlib import Path

import pyarrow.parquet as pq

REPO = Path(__file__).resolve().parents[3]
SEEDS = REPO / "seeds"
CONTRACT = REPO / "docs" / "raw_contract.md"

_OFFSET = re.compile(r"\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?\s*([zZ]|[+-]\d{2}(:?\d{2})?)$")
_ISO_NAIVE = re.compile(r"^\d{4}-\d{2}-\d{2}([T ]\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?)?$")
_DAY_FIRST = re.compile(r"^\d{1,2}/\d{1,2}/\d{4}")
_EMAIL = re.compile(
    r"^[a-z0-9_%+'-]+(\.[a-z0-9_%+'-]+)*@([a-z0-9]([a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,}$"
)
_PHONE_CHARS = re.compile(r"^[\s0-9+().\-/\u00a0]+$")


def clean(value: str | None) -> str | None:
    """Staging's clean_text: trimmed, inner white space collapsed, '' -> null."""
    if value is None:
        return None
    value = re.sub(r"[\s\u00a0\u2000-\u200b\u3000]+", " ", str(value)).strip()
    return value or None


def parses_as_timestamp(text: str | None) -> bool:
    """The shapes parse_timestamp_utc accepts, with real calendar checks."""
    text = clean(text)
    if text is None:
        return False
    try:
        if _OFFSET.search(text):
            iso = re.sub(r"\s*[zZ]$", "+00:00", text)
            iso = re.sub(r"\s*([+-]\d{2}):?(\d{2})$", r"\1:\2", iso)
            iso = re.sub(r"\s*([+-]\d{2})$", r"\1:00", iso)
            datetime.fromisoformat(iso.replace("T", " "))
            return True
        if _DAY_FIRST.match(text):
            for fmt in ("%d/%m/%Y %H:%M:%S", "%d/%m/%Y %H:%M", "%d/%m/%Y"):
                try:
                    datetime.strptime(text, fmt)
                    return True
                except ValueError:
                    continue
            return False
        if _ISO_NAIVE.match(text):
            datetime.fromisoformat(text.replace("T", " "))
            return True
    except ValueError:
        return False
    return False


def is_valid_email(value: str | None) -> bool | None:
    value = clean(value)
    if value is None:
        return None
    value = value.lower()
    return bool(_EMAIL.match(value)) and len(value) <= 254


def load_csv_seed(name: str) -> list[dict[str, str]]:
    with (SEEDS / f"{name}.csv").open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def country_context() -> tuple[dict[str, str], dict[str, dict[str, str]]]:
    """(country text lookup key -> code, code -> dialling context) from the seeds."""
    variants = {
        row["country_name_variant"]: row["country_code"]
        for row in load_csv_seed("country_name_variants")
    }
    codes = {row["country_code"]: row for row in load_csv_seed("country_codes")}
    return variants, codes


def country_code(text: str | None, variants: dict[str, str]) -> str | None:
    text = clean(text)
    if text is None:
        return None
    key = re.sub(r"\s+", " ", text.replace(".", "")).strip().lower()
    return variants.get(key)


def normalise_phone(phone: str | None, ctx: dict[str, str] | None) -> str | None:
    """Port of macros/cleaning/phone.sql normalise_phone_e164: E.164, or None."""
    phone = clean(phone)
    if phone is None:
        return None
    if not _PHONE_CHARS.match(phone):
        return None
    without_hint = re.sub(r"\(\s*0\s*\)", "", phone)
    digits = re.sub(r"[^0-9]", "", without_hint)
    cc = ctx["calling_code"] if ctx else None
    if re.match(r"^[\s(]*\+", without_hint):
        intl = digits
    elif digits.startswith("00"):
        intl = digits[2:]
    elif cc == "1" and digits.startswith("011"):
        intl = digits[3:]
    elif cc is None:
        return None
    else:
        trunk = ctx["trunk_prefix"] or ""
        lo, hi = int(ctx["nsn_min_length"]), int(ctx["nsn_max_length"])
        if trunk and digits.startswith(trunk):
            intl = cc + digits[len(trunk) :]
        elif digits.startswith(cc) and lo <= len(digits) - len(cc) <= hi:
            intl = digits
        else:
            intl = cc + digits
    if not 8 <= len(intl) <= 15 or intl.startswith("0"):
        return None
    if cc is not None and intl.startswith(cc):
        lo, hi = int(ctx["nsn_min_length"]), int(ctx["nsn_max_length"])
        if not lo <= len(intl) - len(cc) <= hi:
            return None
    return "+" + intl


def read_extract(raw: Path, folder: str, name: str) -> list[dict[str, str | None]]:
    """A CRM/commerce extract as dicts of text ('' -> None), CSV or parquet."""
    csv_path = raw / folder / f"{name}.csv"
    if csv_path.exists():
        with csv_path.open(newline="", encoding="utf-8") as handle:
            return [
                {k: (v if v != "" else None) for k, v in row.items()}
                for row in csv.DictReader(handle)
            ]
    return pq.read_table(raw / folder / f"{name}.parquet").to_pylist()


def extract_columns(raw: Path, folder: str, name: str) -> list[str]:
    csv_path = raw / folder / f"{name}.csv"
    if csv_path.exists():
        with csv_path.open(newline="", encoding="utf-8") as handle:
            return next(csv.reader(handle))
    return pq.read_schema(raw / folder / f"{name}.parquet").names


def consent_lines(raw: Path) -> list[str]:
    text = (raw / "crm" / "consents.ndjson").read_text(encoding="utf-8")
    return [line for line in text.split("\n") if line.strip()]


def parse_json(line: str) -> dict | None:
    try:
        value = json.loads(line)
    except json.JSONDecodeError:
        return None
    return value if isinstance(value, dict) else None


def contract_columns() -> dict[str, list[str]]:
    """Column lists per extract, read from docs/raw_contract.md (tables and inline lists)."""
    text = CONTRACT.read_text(encoding="utf-8")
    sections = re.split(r"^### ", text, flags=re.M)[1:]
    out: dict[str, list[str]] = {}
    for section in sections:
        title = re.match(r"`([^`]+)`", section)
        if not title:
            continue
        name = title.group(1).split("/")[-1].removesuffix(".ndjson")
        body = section.split("\n## ")[0]
        table = re.findall(r"^\| ([a-z_]+) \|", body, flags=re.M)
        if table:
            out[name] = [c for c in table if c != "column"]
        elif name == "consents":
            out[name] = re.findall(r'"([a-z_]+)"', body.split("\n\n")[0])
        else:
            out[name] = re.findall(r"`([a-z_]+)`", body.split("\n\n")[0])
    ga4 = text.split("## GA4 export")[1].split("Older exports")[0]
    out["ga4_events"] = [
        c for c in re.findall(r"`([a-z_]+)`", ga4.split("The official BigQuery export schema")[1])
    ]
    return out


def file_hashes(folder: Path) -> dict[str, str]:
    """sha256 of every file under a folder, by path relative to it."""
    return {
        str(path.relative_to(folder)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }
