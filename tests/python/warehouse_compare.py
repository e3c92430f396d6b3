"""Compare two warehouse files built from the same data (incremental against full builds)."""

from __future__ import annotations

from pathlib import Path

import duckdb

# One build and six builds legitimately differ here: the snapshots record
# every build, and these models report on that record.
BUILD_HISTORY = {
    "snap_crm__customers",
    "snap_identity__id_map",
    "snap_audiences__members",
    "int_identity__merge_log",
    "audience_membership_changes",
}

# When a row was written (the run's start): differs between any two builds.
BUILD_TIME_COLUMNS = ("loaded_at", "last_loaded_at", "built_at")


def table_names(con: duckdb.DuckDBPyConnection) -> set[tuple[str, str]]:
    rows = con.execute(
        "select table_schema, table_name from information_schema.tables "
        "where table_catalog = current_database()"
    ).fetchall()
    return {(schema, name) for schema, name in rows}


def differences(left: Path, right: Path, scratch: Path) -> tuple[list[str], int]:
    """Tables that differ between two warehouse files, and how many were compared.

    dbt-duckdb keeps both files open in this process, and DuckDB attaches a
    file once per process: the right-hand tables are copied to parquet
    first and compared from there.
    """
    found = []
    with duckdb.connect(str(right)) as con:
        theirs = table_names(con)
        for schema, name in theirs:
            con.execute(f'copy "{schema}"."{name}" to \'{scratch / f"{schema}.{name}.parquet"}\'')
    with duckdb.connect(str(left)) as con:
        ours = table_names(con)
        if ours != theirs:
            found.append(f"tables only in one warehouse: {sorted(ours ^ theirs)}")
        compared = sorted(t for t in ours & theirs if t[1] not in BUILD_HISTORY)
        for schema, name in compared:
            a, b = f'"{schema}"."{name}"', f"read_parquet('{scratch / f'{schema}.{name}.parquet'}')"
            columns = [
                row[0]
                for row in con.execute(f"describe {a}").fetchall()
                if row[0] not in BUILD_TIME_COLUMNS
            ]
            select = ", ".join(f'"{column}"' for column in columns)
            only_left, only_right = (
                con.execute(
                    f"select count(*) from (select {select} from {x} "
                    f"except all select {select} from {y})"
                ).fetchall()[0][0]
                for x, y in ((a, b), (b, a))
            )
            if only_left or only_right:
                found.append(
                    f"{schema}.{name}: {only_left} rows only incremental, "
                    f"{only_right} only in the full build"
                )
    return found, len(compared)
