"""Benchmark: GA360 (Universal Analytics) staging on DuckDB against a plain copy.

Times, on the same GA360 export parquet files (`ga_sessions_*.parquet`, one
row per session with its hits nested) and the same DuckDB settings:

  (a) a plain copy: `create table ... as select * from read_parquet(...)`;
  (b) dbt building the GA360 staging models (the two base models, which read
      the export, the copies, the quarantine, sessions, hits and products) on
      a fresh DuckDB file;

and prints both, their ratio and each run's peak memory. Each run is a child
process, so that its memory is its own.

The export comes from --raw-dir DIR (DIR/ga360/ga_sessions_*.parquet) or is
written by `scv generate` (--customers, --ga360-days; two GA4 days).

Examples:
  .venv/bin/python benchmarks/ga360_staging.py --customers 100000 --ga360-days 30
  .venv/bin/python benchmarks/ga360_staging.py --raw-dir /data/scv_raw
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
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


def generate(out: Path, customers: int, ga360_days: int, seed: int) -> None:
    scv = str(Path(sys.executable).with_name("scv"))
    cmd = [scv, "generate", "--customers", str(customers), "--days", "2"]
    cmd += ["--ga360-days", str(ga360_days), "--seed", str(seed), "--out", str(out)]
    subprocess.run(cmd, check=True)


def plain_copy(glob: str, database: Path, settings: dict[str, str | int]) -> Run:
    code = textwrap.dedent(
        f"""
        import duckdb
        con = duckdb.connect({str(database)!r}, config={settings!r})
        con.execute(
            "create table raw_copy as select * from "
            "read_parquet({glob!r}, union_by_name = true, filename = true)"
        )
        print(con.execute("select count(*) from raw_copy").fetchall()[0][0])
        """
    )
    return timed([sys.executable, "-c", code])


def dbt_staging(
    glob: str, raw_dir: Path, work: Path, settings: dict[str, str | int]
) -> tuple[Run, dict[str, float]]:
    database = work / "staging.duckdb"
    write_profile(work / "profiles", settings, database=database)
    dbt = str(Path(sys.executable).with_name("dbt"))
    env = dict(os.environ, DBT_PROFILES_DIR=str(work / "profiles"))
    cmd = [
        dbt,
        "run",
        "--project-dir",
        str(REPO),
        "--target-path",
        str(work / "target"),
        "--log-path",
        str(work / "logs"),
        "--vars",
        # intraday files too: staging reads exactly the rows the copy copies
        json.dumps(
            {
                "ga360_parquet_glob": glob,
                "ga360_include_intraday": True,
                "ga360_enabled": True,
                "raw_dir": str(raw_dir),
            }
        ),
        "--select",
        "path:models/staging/ga360",
    ]
    run = timed(cmd, env=env)
    per_model = model_times(work / "target")
    per_model["all models (elapsed)"] = per_model.pop("elapsed")
    return run, per_model


def count_rows(glob: str) -> tuple[int, int, int]:
    code = textwrap.dedent(
        f"""
        import duckdb
        files, rows, hits = duckdb.sql(
            "select count(distinct filename), count(*), sum(len(hits)) "
            "from read_parquet({glob!r}, union_by_name = true, filename = true)"
        ).fetchall()[0]
        print(files, rows, hits)
        """
    )
    files, rows, hits = timed([sys.executable, "-c", code]).output.split()
    return int(files), int(rows), int(hits)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--raw-dir", type=Path, help="raw folder holding ga360/ga_sessions_*")
    parser.add_argument("--customers", type=int, default=20_000)
    parser.add_argument("--ga360-days", type=int, default=30)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--threads", type=int, default=2, help="DuckDB threads for both runs")
    parser.add_argument("--memory-limit", help="DuckDB memory_limit for both runs, e.g. 8GB")
    parser.add_argument("--repeat", type=int, default=1, help="timed runs of each; best is kept")
    parser.add_argument("--work-dir", type=Path, help="scratch folder (default: temporary)")
    args = parser.parse_args(argv)

    work = args.work_dir or Path(tempfile.mkdtemp(prefix="ga360_bench_"))
    work.mkdir(parents=True, exist_ok=True)
    try:
        raw_dir = args.raw_dir
        if raw_dir is None:
            raw_dir = work / "raw"
            started = time.perf_counter()
            generate(raw_dir, args.customers, args.ga360_days, args.seed)
            print(
                f"data: scv generate --customers {args.customers} --ga360-days "
                f"{args.ga360_days} ({time.perf_counter() - started:.1f} s to write)"
            )
        glob = str((raw_dir / "ga360" / "ga_sessions_*.parquet").resolve())
        files, rows, hits = count_rows(glob)
        print(f"export: {rows:,} session rows, {hits:,} hits in {files} files")
        print(f"load before: {load_average()}")
        settings = duckdb_settings(args.threads, args.memory_limit)
        print(f"DuckDB settings for both: {settings}")
        copies: list[Run] = []
        stagings: list[tuple[Run, dict[str, float]]] = []
        for attempt in range(1, args.repeat + 1):
            for path in work.glob("*.duckdb*"):
                path.unlink()
            copy = plain_copy(glob, work / "copy.duckdb", settings)
            copies.append(copy)
            print(f"run {attempt}: (a) plain copy {describe(copy)}")
            staging = dbt_staging(glob, raw_dir, work, settings)
            stagings.append(staging)
            models = ", ".join(f"{name} {seconds:.1f} s" for name, seconds in staging[1].items())
            print(f"run {attempt}: (b) dbt run GA360 staging {describe(staging[0])}")
            print(f"        {models}")
        best_copy = min(copies, key=lambda run: run.seconds)
        best_staging, best_models = min(stagings, key=lambda pair: pair[0].seconds)
        models_seconds = best_models["all models (elapsed)"]
        print(f"load after: {load_average()}")
        print()
        print(f"{rows:,} session rows, {hits:,} hits, {args.threads} threads:")
        print(f"  (a) plain copy:          {describe(best_copy)}")
        print(f"  (b) dbt GA360 staging:   {describe(best_staging)}, models {models_seconds:.1f} s")
        print(
            f"  ratio (b)/(a): {best_staging.seconds / best_copy.seconds:.2f} wall "
            f"(dbt start-up included), {models_seconds / best_copy.seconds:.2f} models only"
        )
    finally:
        if args.work_dir is None:
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
