"""Writing the CRM and commerce extracts: CSV (default) or parquet, every column text."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

import pyarrow as pa
import pyarrow.csv as pa_csv
import pyarrow.parquet as pq


def text_table(columns: Mapping[str, Sequence[str | None]], order: Sequence[str]) -> pa.Table:
    """All columns as strings; '' becomes null (written as an empty CSV field)."""
    arrays = []
    for name in order:
        values = [None if v is None or v == "" else str(v) for v in columns[name]]
        arrays.append(pa.array(values, pa.string()))
    return pa.Table.from_arrays(arrays, names=list(order))


def write_extract(
    columns: Mapping[str, Sequence[str | None]],
    order: Sequence[str],
    folder: Path,
    name: str,
    raw_format: str,
) -> tuple[str, int]:
    """Write `<folder>/<name>.csv|.parquet`; returns (file name, rows)."""
    folder.mkdir(parents=True, exist_ok=True)
    table = text_table(columns, order)
    if raw_format == "parquet":
        path = folder / f"{name}.parquet"
        pq.write_table(table, path, compression="zstd")
    else:
        path = folder / f"{name}.csv"
        pa_csv.write_csv(table, path, pa_csv.WriteOptions(quoting_style="needed"))
    return path.name, table.num_rows


def write_lines(lines: Sequence[str], path: Path) -> int:
    """NDJSON: one object per line; the last line carries no newline (a cut-off export)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines), encoding="utf-8")
    return len(lines)
