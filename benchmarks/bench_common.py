"""What the benchmark scripts share: timed child processes and a DuckDB dbt profile.

benchmarks/ is a folder of scripts, not a package: a script imports this
module as `bench_common` (its own folder is on sys.path when it runs).
"""

from __future__ import annotations

import json
import os
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


@dataclass
class Run:
    seconds: float
    cpu_seconds: float
    peak_rss_mib: float
    output: str


class ChildFailed(RuntimeError):
    pass


def timed(cmd: list[str], env: dict[str, str] | None = None, cwd: Path | None = None) -> Run:
    """Run a child process: its wall time, CPU time and peak RSS (os.wait4).

    Linux carries a process's peak RSS over fork and exec, so all heavy work
    runs in children and the parent stays small for the figure to be the
    child's own.
    """
    started = time.perf_counter()
    proc = subprocess.Popen(
        cmd, env=env, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    output = proc.stdout.read() if proc.stdout else ""
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - started
    code = os.waitstatus_to_exitcode(status)
    if code != 0:
        raise ChildFailed(f"command failed ({code}): {' '.join(cmd)}\n{output[-6000:]}")
    return Run(seconds, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, output)


def duckdb_settings(threads: int, memory_limit: str | None) -> dict[str, str | int]:
    settings: dict[str, str | int] = {"threads": threads}
    if memory_limit:
        settings["memory_limit"] = memory_limit
    return settings


def write_profile(
    directory: Path,
    settings: dict[str, str | int],
    database: Path | str = "{{ env_var('SCV_DUCKDB_PATH') }}",
    dbt_threads: int = 2,
) -> Path:
    """A profile like the project's duckdb target, with explicit DuckDB settings.

    profiles.example.yml sets only dbt's `threads` (models run side by side);
    DuckDB's own thread count is its `threads` setting, which the project
    leaves at DuckDB's default (the number of cores). Here both are explicit.
    """
    directory.mkdir(parents=True, exist_ok=True)
    profile = {
        "scv": {
            "target": "bench",
            "outputs": {
                "bench": {
                    "type": "duckdb",
                    "path": str(database),
                    "schema": "main",
                    "threads": dbt_threads,
                    "settings": settings,
                }
            },
        }
    }
    # JSON is valid YAML
    (directory / "profiles.yml").write_text(json.dumps(profile, indent=2))
    return directory


def model_times(target: Path) -> dict[str, float]:
    """Execution time of each node of the last dbt command, and its elapsed time."""
    results = json.loads((target / "run_results.json").read_text())
    per_model = {r["unique_id"].split(".")[-1]: r["execution_time"] for r in results["results"]}
    # nodes run side by side: the command's elapsed time, not the sum, is the wall time
    per_model["elapsed"] = results["elapsed_time"]
    return per_model


def describe(run: Run) -> str:
    return (
        f"{run.seconds:6.1f} s wall, {run.cpu_seconds:6.1f} s CPU, "
        f"peak memory {run.peak_rss_mib:,.0f} MiB"
    )


def load_average() -> str:
    one, five, fifteen = os.getloadavg()
    return f"{one:.2f} {five:.2f} {fifteen:.2f} (1/5/15 min), {os.cpu_count()} cpus"
