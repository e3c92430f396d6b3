"""The DuckDB warehouse dbt built, as the commands that read it open it.

`scv evaluate`, `scv audiences export` and `scv brief(s)` only read the
warehouse: they open it read-only, so that they can never change it, and say
what to do when it is missing or busy.
"""

from __future__ import annotations

import os
from pathlib import Path

import duckdb


def default_database() -> Path:
    """$SCV_DUCKDB_PATH (what the Makefile and dbt use), else ./scv.duckdb."""
    return Path(os.environ.get("SCV_DUCKDB_PATH", "scv.duckdb"))


def connect_read_only(
    database: Path, error: type[Exception], option: str = "--database"
) -> duckdb.DuckDBPyConnection:
    """Open the warehouse read-only; `error` (the command's own) says what to do when it can't."""
    if not database.is_file():
        raise error(
            f"no warehouse file at {database}: build it first (`make build`, or `dbt build` "
            f"with SCV_DUCKDB_PATH pointing at it) and give its path with {option}"
        )
    try:
        return duckdb.connect(str(database), read_only=True)
    except duckdb.Error as exc:
        raise error(
            f"cannot open {database} read-only ({exc}); if a dbt build is writing to it, "
            "wait for it to finish and try again"
        ) from exc
