"""Write an audience from the warehouse to a CSV file in an ad platform's upload format.

The warehouse holds every member with SHA-256 hashes of their normalised e-mail
and phone (models/marts/audiences); this module only picks the columns a
platform's customer-list file expects and never sees a plain e-mail or phone.
Holdout members stay in the warehouse to measure lift and are never exported.
"""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import duckdb

from scv.warehouse import connect_read_only

AUDIENCES = ("recent_buyers", "first_time_buyers", "cart_abandoners", "browse_abandoners")
MEMBERS_TABLE = "audience_members"
CHANGES_TABLE = "audience_membership_changes"

# Upload file header -> warehouse column, per platform.
# Meta (Custom Audience from a customer list): lower-case headers; the phone is
# hashed as digits with the country code, no '+'; extern_id is the advertiser's id.
# Google Ads Customer Match: the template's English headers; the phone is hashed
# in E.164 with its '+'.
PLATFORM_COLUMNS: dict[str, tuple[tuple[str, str], ...]] = {
    "meta": (
        ("email", "email_sha256"),
        ("phone", "phone_digits_sha256"),
        ("extern_id", "external_id"),
    ),
    "google": (
        ("Email", "email_sha256"),
        ("Phone", "phone_e164_sha256"),
    ),
}


class ExportError(Exception):
    """An export that cannot run; the message says what to do."""


@dataclass(frozen=True)
class ExportResult:
    audience: str
    platform: str
    written: int
    removed: int
    held_out: int
    out: Path
    removals_out: Path | None
    latest_changed_at: dt.datetime | None


def audience_name(name: str) -> str:
    """'recent_buyers' or the model name 'audience_recent_buyers' -> 'recent_buyers'."""
    short = name.strip().lower().removeprefix("audience_")
    if short not in AUDIENCES:
        raise ExportError(f"unknown audience {name!r}; choose one of: {', '.join(AUDIENCES)}")
    return short


def connect(database: Path) -> duckdb.DuckDBPyConnection:
    return connect_read_only(database, ExportError)


def table(con: duckdb.DuckDBPyConnection, name: str, database: Path) -> str:
    schemas = con.execute(
        "select table_schema from information_schema.tables where table_name = ?", [name]
    ).fetchall()
    if not schemas:
        raise ExportError(
            f"{database} has no table {name}: build the audiences first (`dbt build -s +{name}`)"
        )
    if len(schemas) > 1:
        raise ExportError(f"{database} has {name} in several schemas: {schemas}")
    return f'"{schemas[0][0]}"."{name}"'


def write_csv(path: Path, header: Sequence[str], rows: Sequence[Sequence[object]]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows([["" if value is None else value for value in row] for row in rows])


def default_removals_path(out: Path) -> Path:
    return out.with_name(f"{out.stem}_removals{out.suffix or '.csv'}")


def export_audience(
    database: Path,
    audience: str,
    platform: str,
    out: Path,
    *,
    changes_only: bool = False,
    since: dt.datetime | None = None,
    removals_out: Path | None = None,
) -> ExportResult:
    """Write the audience's exported members (or its changes) in the platform's format.

    Full export: every member not in the holdout. Changes only: the members who
    joined (to `out`) and left (to `removals_out`) since `since` (exclusive), or
    in the latest build that changed any audience when `since` is None; a
    version that joined and left within the range is netted out.
    """
    name = audience_name(audience)
    if platform not in PLATFORM_COLUMNS:
        raise ExportError(
            f"unknown platform {platform!r}; choose one of: {', '.join(PLATFORM_COLUMNS)}"
        )
    headers = [header for header, _ in PLATFORM_COLUMNS[platform]]
    columns = ", ".join(column for _, column in PLATFORM_COLUMNS[platform])
    with connect(database) as con:
        members = table(con, MEMBERS_TABLE, database)
        held_out = con.execute(
            f"select count(*) from {members} where audience_name = ? and is_holdout", [name]
        ).fetchone()[0]
        if not changes_only:
            rows = con.execute(
                f"select {columns} from {members} "
                "where audience_name = ? and not is_holdout order by external_id",
                [name],
            ).fetchall()
            write_csv(out, headers, rows)
            return ExportResult(name, platform, len(rows), 0, held_out, out, None, None)
        changes = table(con, CHANGES_TABLE, database)
        in_range = "changed_at > ?" if since is not None else "is_latest_change"
        parameters: list[object] = [name] + ([since] if since is not None else [])
        # a version (member_key, version_started_at) that both joined and left in
        # the range was never sent and is not to be removed: net it out
        selected = (
            f"select *, count(*) over (partition by member_key, version_started_at) as events "
            f"from {changes} where audience_name = ? and {in_range}"
        )
        additions = con.execute(
            f"select {columns} from ({selected}) "
            "where change_type = 'joined' and events = 1 and not is_holdout order by external_id",
            parameters,
        ).fetchall()
        removals = con.execute(
            f"select {columns} from ({selected}) "
            "where change_type = 'left' and events = 1 and not is_holdout order by external_id",
            parameters,
        ).fetchall()
        latest = con.execute(f"select max(changed_at) from {changes}").fetchone()[0]
    removals_path = removals_out or default_removals_path(out)
    write_csv(out, headers, additions)
    write_csv(removals_path, headers, removals)
    return ExportResult(
        name, platform, len(additions), len(removals), held_out, out, removals_path, latest
    )
