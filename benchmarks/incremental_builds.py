"""Benchmark: a full build of the warehouse against one incremental day.

On a generated raw folder (`scv generate`, N days of GA4 export), each in its
own child process with the same DuckDB settings:

  (b) `dbt build` of every model, seed and snapshot (no tests) on the first
      N-1 days into a fresh DuckDB file (it only sets up the next steps; a
      copy of it is taken for (d));
  (c) the last day's export table arrives, the tables of the look-back as
      they were loaded: an incremental `dbt build` of the same nodes on the
      (b) warehouse (the best case: only the new table is read);
  (e) a run with nothing new, on the (c) warehouse: the floor every
      scheduled run pays (CRM and commerce extracts re-staged, identity,
      the marts);
  (d) the same day arrives after GA4 rewrote every table of the look-back
      (their modification times move): an incremental build of the copy of
      (b) (the worst case: the new table and the look-back's are read);
  (a) the full build: the same nodes on all N days, into a fresh file.

It prints the wall time, CPU time and peak memory of (a), (c), (d) and
(e), the time of each node, the share of each in (a) for the whole build and
for the GA4 event models (the incremental ones and those reading the
events), and checks that (c) and (d) left the GA4 event models with the same
rows as (a).

A raw folder with a GA360 history (`scv generate --ga360-days D`) has it in
every build, as a brand that added its UA export would.

Example (the figures in docs/benchmarks.md):
  .venv/bin/scv generate --customers 100000 --days 30 --seed 42 --out /tmp/gen_big
  .venv/bin/python benchmarks/incremental_builds.py --raw-dir /tmp/gen_big --memory-limit 8GB
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import textwrap
import time
from pathlib import Path

from bench_common import (
    REPO,
    Run,
    describe,
    duckdb_settings,
    load_average,
    model_times,
    timed,
    write_profile,
)

# The models whose work grows with the number of events: the incremental
# ones first, then the tables rebuilt from them on every run.
INCREMENTAL_MODELS = [
    "base_ga4__events",
    "base_ga4__event_duplicates",
    "stg_ga4__event_items",
    "base_ga360__sessions",
    "base_ga360__hits",
    "stg_ga360__sessions",
    "int_web__sessions_aggregated",
    "int_web__sessions",
    "int_web__session_sources",
    "int_web__item_events",
    "fct_sessions",
    "fct_product_interactions",
]
EVENT_MODELS = [
    *INCREMENTAL_MODELS,
    "int_identity__observations",
]


def link_raw(source: Path, target: Path, ga4_files: list[Path]) -> None:
    """A raw folder of links: the CRM and commerce extracts, the GA360 (UA) history
    when the source has one (it is in every build: a finished export), and the
    given GA4 files."""
    target.mkdir(parents=True)
    for folder in ("crm", "commerce", "ga360"):
        if folder == "ga360" and not (source / folder).is_dir():
            continue
        (target / folder).symlink_to((source / folder).resolve(), target_is_directory=True)
    (target / "ga4").mkdir()
    for path in ga4_files:
        (target / "ga4" / path.name).symlink_to(path.resolve())


def dbt_build(
    raw: Path, database: Path, work: Path, settings: dict[str, str | int], dbt_threads: int = 2
) -> Run:
    profiles = write_profile(
        work / "profiles", settings, database=database, dbt_threads=dbt_threads
    )
    env = dict(os.environ, DBT_PROFILES_DIR=str(profiles), SCV_RAW_DIR=str(raw))
    dbt = str(Path(sys.executable).with_name("dbt"))
    cmd = [
        dbt,
        "build",
        "--project-dir",
        str(REPO),
        "--target-path",
        str(work / "target"),
        "--log-path",
        str(work / "logs"),
        "--exclude",
        "resource_type:test",
        "resource_type:unit_test",
    ]
    return timed(cmd, env=env)


def event_model_rows(database: Path) -> dict[str, tuple[int, int]]:
    """Rows and a checksum of each incremental model (in a child: the parent stays small).

    Left out of the checksum: when a row was written (loaded_at) and the
    export files' modification times, which (d) moves between the builds.
    """
    code = textwrap.dedent(
        f"""
        import duckdb
        con = duckdb.connect({str(database)!r}, read_only=True)
        con.execute("set enable_progress_bar = false")
        for name in {INCREMENTAL_MODELS!r}:
            schema = con.execute(
                "select table_schema from information_schema.tables where table_name = ?", [name]
            ).fetchall()[0][0]
            table = f'"{{schema}}"."{{name}}"'
            columns = ", ".join(
                f'"{{c[0]}}"' for c in con.execute(f"describe {{table}}").fetchall()
                if c[0] not in ("loaded_at", "last_loaded_at", "built_at", "source_modified_at")
            )
            rows, checksum = con.execute(
                f"select count(*), coalesce(sum(hash(t)), 0) "
                f"from (select {{columns}} from {{table}}) as t"
            ).fetchall()[0]
            print(name, rows, checksum)
        """
    )
    out = timed([sys.executable, "-c", code]).output.split("\n")
    return {n: (int(r), int(c)) for n, r, c in (line.split() for line in out if line.strip())}


def rewrite(files: list[Path]) -> None:
    """GA4 rewrote these tables: their modification time moves (content unchanged)."""
    later = time.time() + 60
    for path in files:
        os.utime(path, (later, later))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--raw-dir", type=Path, required=True, help="a folder from scv generate")
    parser.add_argument("--threads", type=int, default=2, help="DuckDB threads (default 2)")
    parser.add_argument("--memory-limit", help="DuckDB memory_limit, e.g. 8GB (default: DuckDB's)")
    parser.add_argument("--work-dir", type=Path, help="where the warehouses go (default: temp)")
    parser.add_argument("--keep", action="store_true", help="keep the work dir")
    parser.add_argument(
        "--dbt-threads",
        type=int,
        default=2,
        help="dbt's threads (default 2, as the project's profile; 1 gives node times "
        "that do not include waiting for the other thread)",
    )
    parser.add_argument(
        "--lookback-days",
        type=int,
        default=3,
        help="tables rewritten in (d): the project's ga4_incremental_lookback_days (default 3)",
    )
    args = parser.parse_args(argv)

    days = sorted((args.raw_dir / "ga4").glob("events_2*.parquet"))
    if len(days) < 2:
        parser.error(f"{args.raw_dir}/ga4 needs at least two daily files events_YYYYMMDD.parquet")
    settings = duckdb_settings(args.threads, args.memory_limit)
    work = args.work_dir or Path(tempfile.mkdtemp(prefix="scv_incremental_"))
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)

    print(f"{len(days)} days of GA4 export from {args.raw_dir}; load {load_average()}")
    # One raw folder for all builds, so that the rows' source file names
    # match: the first N-1 days, then the last one arrives.
    raw = work / "raw"
    link_raw(args.raw_dir, raw, days[:-1])
    incremental, rewritten = work / "incremental", work / "rewritten"
    setup = dbt_build(raw, work / "incremental.duckdb", incremental, settings, args.dbt_threads)
    print(f"(b) full build, first {len(days) - 1} days: {describe(setup)}")
    shutil.copy(work / "incremental.duckdb", work / "rewritten.duckdb")
    shutil.copytree(incremental / "target", rewritten / "target")

    (raw / "ga4" / days[-1].name).symlink_to(days[-1].resolve())
    day_run = dbt_build(raw, work / "incremental.duckdb", incremental, settings, args.dbt_threads)
    day_models = model_times(incremental / "target")
    print(f"(c) incremental build, day {days[-1].stem}: {describe(day_run)}; load {load_average()}")

    idle_run = dbt_build(raw, work / "incremental.duckdb", incremental, settings, args.dbt_threads)
    idle_models = model_times(incremental / "target")
    print(f"(e) incremental build, nothing new: {describe(idle_run)}; load {load_average()}")

    look_back = days[-1 - args.lookback_days : -1]
    rewrite(look_back)
    rewritten_run = dbt_build(raw, work / "rewritten.duckdb", rewritten, settings, args.dbt_threads)
    rewritten_models = model_times(rewritten / "target")
    print(
        f"(d) incremental build, day {days[-1].stem} after the {len(look_back)} tables of the "
        f"look-back were rewritten: {describe(rewritten_run)}; load {load_average()}"
    )

    full_run = dbt_build(raw, work / "full.duckdb", work / "full", settings, args.dbt_threads)
    full_models = model_times(work / "full" / "target")
    print(f"(a) full build, {len(days)} days: {describe(full_run)}; load {load_average()}")

    heading = ("(a) full s", "(c) day s", "(d) day s", "(e) idle s")
    print(f"\n{'node':40} " + " ".join(f"{h:>10}" for h in heading))
    for name in sorted(full_models, key=lambda n: -full_models[n]):
        if full_models[name] >= 0.5 or name in EVENT_MODELS:
            print(
                f"{name:40} {full_models[name]:10.1f} {day_models.get(name, 0.0):10.1f} "
                f"{rewritten_models.get(name, 0.0):10.1f} {idle_models.get(name, 0.0):10.1f}"
            )
    full_events = sum(full_models[n] for n in EVENT_MODELS)
    full_incremental = sum(full_models[n] for n in INCREMENTAL_MODELS)
    scenarios = (
        ("(c)", day_run, day_models),
        ("(d)", rewritten_run, rewritten_models),
        ("(e)", idle_run, idle_models),
    )
    for label, run, models in scenarios:
        day_events = sum(models[n] for n in EVENT_MODELS)
        day_incremental = sum(models[n] for n in INCREMENTAL_MODELS)
        print(
            f"\n{label} whole build: {label} / (a) = {run.seconds / full_run.seconds:.1%} wall "
            f"({models['elapsed'] / full_models['elapsed']:.1%} of dbt's elapsed time)"
            f"\n{label} GA4 event models (sum of node times): {full_events:.1f} s -> "
            f"{day_events:.1f} s = {day_events / full_events:.1%}"
            f"\n{label} incremental models only: {full_incremental:.1f} s -> "
            f"{day_incremental:.1f} s = {day_incremental / full_incremental:.1%}"
        )

    full_rows = event_model_rows(work / "full.duckdb")
    same = True
    for label, database in (("(c)", "incremental.duckdb"), ("(d)", "rewritten.duckdb")):
        day_rows = event_model_rows(work / database)
        equal = day_rows == full_rows
        same = same and equal
        for name in INCREMENTAL_MODELS:
            full_count, day_count = full_rows[name][0], day_rows[name][0]
            print(f"{label} {name:40} full {full_count:>12,} rows, incremental {day_count:>12,}")
        print(f"{label} incremental models equal the full build (rows, checksum):", equal)
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
