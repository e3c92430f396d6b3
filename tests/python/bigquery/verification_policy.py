"""What the BigQuery-on-DuckDB check may treat differently, and why.

Every entry is explained in docs/bigquery_verification.md (a test checks that
each is named there). Keep both lists as short as the engines allow.
"""

from __future__ import annotations

from bigquery_emulation import ColumnRule

# Columns (by name, in whichever model has them) that legitimately differ
# between the BigQuery SQL and the DuckDB build.
COLUMN_RULES: dict[str, ColumnRule] = {
    "source_row_id": ColumnRule(
        reason=(
            "the GA4 / GA360 row's id within its table: generate_uuid() on BigQuery (tables "
            "have no row position), the parquet file_row_number on DuckDB; not "
            "compared, but checked to be set and unique per source_file on BigQuery"
        ),
    ),
    "source_file": ColumnRule(
        reason=(
            "where the GA4 / GA360 row was read: the table name (events_<suffix>, "
            "ga_sessions_<suffix>) on BigQuery, "
            "the file path on DuckDB; the file name without .parquet is compared"
        ),
        native=r"regexp_extract({column}, '([^/]+)\.parquet$', 1)",
        bigquery="{column}",
    ),
    "loaded_at": ColumnRule(
        reason="when the row was written: the start of the dbt run, different in any two builds",
    ),
    "last_loaded_at": ColumnRule(
        reason="the newest loaded_at of a session's events: the start of a dbt run",
    ),
    "built_at": ColumnRule(
        reason="when the row was last written: the start of the dbt run",
    ),
    "source_modified_at": ColumnRule(
        reason=(
            "the export table's modification time: __TABLES__ on BigQuery, null in the "
            "offline compile the check runs; the file's time on DuckDB"
        ),
    ),
}

# Models whose BigQuery SQL cannot be run faithfully on DuckDB: model -> reason.
# The test fails when a model is skipped without being listed here, or listed
# without being skipped.
SKIPPED_MODELS: dict[str, str] = {}
