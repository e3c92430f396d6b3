"""Benchmark: appointment briefs, from the warehouse query to the written PDF, on DuckDB.

Figures (wall time; the machine's load average is printed with them):

  cold    `scv brief --appointment-id ID` as a new process: Python start, imports,
          template, fonts, connection, query and PDF (what one staff request costs
          when nothing is warm);
  single  one brief in a warm process: open the warehouse read-only, query the
          four marts for one appointment, render and write the PDF; repeated
          over --repeat appointments, median and max, split into query and render;
  day     every brief of the busiest day, all boutiques, in one process: one
          connection and one renderer for all (`scv briefs`), total and per brief.

The warehouse is either one dbt built (--database, with models/marts/clienteling)
or, with --synthetic-customers N, a DuckDB file with only the four clienteling
marts filled with synthetic rows of the same columns (N customers, 0.3
appointments each over 30 days in 8 boutiques, 5 product views, 12 weeks and 4
KPIs per appointment; names in Latin with accents, Chinese, Japanese, Arabic).

Examples:
  .venv/bin/python benchmarks/appointment_briefs.py --database scv.duckdb
  .venv/bin/python benchmarks/appointment_briefs.py --synthetic-customers 100000
  .venv/bin/python benchmarks/appointment_briefs.py --synthetic-customers 100000 --json out.json
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
SCV = REPO / ".venv" / "bin" / "scv"

SYNTHETIC_SQL = """
create schema main_marts;
create table main_marts.appointment_briefs as
with appointments as (
    select
        range as n,
        'APT-' || lpad(range::varchar, 8, '0') as appointment_id,
        'CUST-' || lpad((range * 7919 % {customers})::varchar, 8, '0') as customer_id,
        date '2026-10-05' + (range % 30)::integer as appointment_date_local,
        (range % 8) as boutique_index,
        time '10:00' + to_minutes(((range // 8) % 16) * 30) as local_time
    from range({appointments})
)
select
    appointment_id,
    (appointment_date_local + local_time) - interval 1 hour as scheduled_at,
    appointment_date_local + local_time as scheduled_at_local,
    appointment_date_local,
    'B0' || boutique_index as boutique_id,
    ['Paris Saint-Honoré', 'London Bond Street', '上海 恒隆广场', '東京 銀座', 'Dubai Mall',
     'New York Madison', 'Milano Montenapoleone', 'München Maximilianstraße'][boutique_index + 1]
        as boutique_name,
    'Looking for a gift' as motivation,
    'booked' as appointment_status,
    true as is_upcoming,
    customer_id,
    ['Élodie Lefèvre', '王小明', '山田花子', 'ليلى الحسيني', 'Jonas Berg'][n % 5 + 1]
        || ' ' || (n % 997) as customer_display_name,
    ['fr', 'zh', 'ja', 'ar', 'de'][n % 5 + 1] as preferred_language,
    ['Silver', 'Gold', 'Platinum', null][n % 4 + 1] as loyalty_tier,
    ['Champions', 'Loyal', 'At risk', 'New'][n % 4 + 1] as rfm_segment,
    (n % 5000)::decimal(28, 6) * 3.7 as lifetime_revenue,
    (n % 12)::integer as order_count,
    'Carré en soie ' || (n % 50) as last_purchased_product_name,
    timestamp '2026-09-01' + to_days((n % 30)::integer) as last_purchased_at,
    'Bags, Scarves' as preferred_categories,
    timestamp '2026-08-01' + to_days((n % 40)::integer) as last_boutique_visit_at,
    'Paris Saint-Honoré' as last_boutique_visit_boutique_name,
    180.0 + n % 300 as average_session_duration_seconds,
    (n % 9)::integer as sessions_last_30_days,
    n % 6 <> 0 as has_web_history,
    n % 4 <> 0 as booking_reached_ga,
    case when n % 3 = 0 then 'Sac Alma BB; Ceinture réversible' end as open_cart_products,
    case when n % 3 = 0 then 1260.00::decimal(28, 6) end as open_cart_value,
    hash(appointment_id) % 10 <> 0 as is_brief_allowed,
    case when n % 7 = 0 then 'Prefers the private salon.' end as brief_notes,
    'EUR' as reporting_currency_code,
    timestamp '2026-10-04 06:00' as data_as_of
from appointments;
create table main_marts.appointment_brief_product_views as
select
    appointment_id,
    rank::integer as rank,
    'Product ' || rank || ' — Sac Alma' as product_name,
    'SKU-' || rank as item_id,
    (10 - rank)::integer as view_count,
    timestamp '2026-10-01' - to_days(rank::integer) as last_viewed_at
from main_marts.appointment_briefs, range(1, 6) as ranks(rank);
create table main_marts.appointment_brief_weekly_visits as
select
    appointment_id,
    (date '2026-07-13' + to_days(7 * week::integer))::date as week_start,
    ((hash(appointment_id) + week) % 5)::integer as sessions
from main_marts.appointment_briefs, range(12) as weeks(week);
create table main_marts.appointment_brief_kpis as
select appointment_id, kpi_key, kpi_label, kpi_value, display_order
from main_marts.appointment_briefs,
    (values
        ('lifetime_revenue', 'Lifetime revenue', '€12,480', 10),
        ('order_count', 'Orders', '7', 20),
        ('sessions_last_30_days', 'Web visits (30 days)', '4', 30),
        ('rfm_segment', 'Segment', 'Champions', 40)
    ) as kpis(kpi_key, kpi_label, kpi_value, display_order);
"""


def write_synthetic(path: Path, customers: int) -> dict[str, Any]:
    import duckdb

    started = time.perf_counter()
    appointments = max(1, int(customers * 0.3))
    with duckdb.connect(str(path)) as con:
        con.execute(SYNTHETIC_SQL.format(customers=customers, appointments=appointments))
    return {
        "customers": customers,
        "appointments": appointments,
        "seconds_to_write": round(time.perf_counter() - started, 2),
    }


def loadavg() -> str:
    try:
        return Path("/proc/loadavg").read_text().strip()
    except OSError:
        return "unknown"


def pick_appointments(database: Path, count: int) -> tuple[list[str], dt.date]:
    import duckdb

    with duckdb.connect(str(database), read_only=True) as con:
        ids = [
            row[0]
            for row in con.execute(
                "select appointment_id from main_marts.appointment_briefs "
                "where is_brief_allowed order by hash(appointment_id) limit ?",
                [count],
            ).fetchall()
        ]
        busiest = con.execute(
            "select appointment_date_local from main_marts.appointment_briefs "
            "group by 1 order by count(*) desc, 1 limit 1"
        ).fetchone()
    if not ids or busiest is None:
        raise SystemExit(f"{database} has no appointment a brief is allowed for")
    return ids, busiest[0]


def cold(database: Path, appointment_id: str, out: Path) -> float:
    started = time.perf_counter()
    subprocess.run(
        [
            str(SCV),
            "brief",
            "--appointment-id",
            appointment_id,
            "--database",
            str(database),
            "--out",
            str(out),
        ],
        check=True,
        capture_output=True,
    )
    return time.perf_counter() - started


def single(database: Path, ids: list[str], out_dir: Path) -> dict[str, Any]:
    from scv.briefs.data import BriefStore
    from scv.briefs.render import BriefRenderer

    started = time.perf_counter()
    renderer = BriefRenderer()
    renderer_seconds = time.perf_counter() - started
    # one warm-up brief: fonts and WeasyPrint's caches, as in any long-running process
    with BriefStore(database) as store:
        renderer.write_pdf(store.brief(ids[0]), out_dir / "warmup.pdf")
    totals, queries, renders = [], [], []
    for index, appointment_id in enumerate(ids):
        started = time.perf_counter()
        with BriefStore(database) as store:
            brief = store.brief(appointment_id)
            queried = time.perf_counter()
            renderer.write_pdf(brief, out_dir / f"single_{index}.pdf")
        done = time.perf_counter()
        totals.append(done - started)
        queries.append(queried - started)
        renders.append(done - queried)
    return {
        "renderer_setup_s": round(renderer_seconds, 3),
        "briefs": len(ids),
        "total_median_s": round(statistics.median(totals), 3),
        "total_max_s": round(max(totals), 3),
        "connect_and_query_median_s": round(statistics.median(queries), 4),
        "render_median_s": round(statistics.median(renders), 3),
    }


def day(database: Path, when: dt.date, out_dir: Path) -> dict[str, Any]:
    from scv.briefs.data import BriefStore
    from scv.briefs.produce import write_day
    from scv.briefs.render import BriefRenderer

    started = time.perf_counter()
    with BriefStore(database) as store:
        result = write_day(store, BriefRenderer(), when, out_dir)
    seconds = time.perf_counter() - started
    written = len(result.written)
    return {
        "date": when.isoformat(),
        "written": written,
        "skipped_no_consent": len(result.skipped),
        "total_s": round(seconds, 2),
        "per_brief_s": round(seconds / max(written, 1), 3),
    }


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    source = parser.add_mutually_exclusive_group(required=True)
    source.add_argument("--database", type=Path, help="a warehouse with the clienteling marts")
    source.add_argument(
        "--synthetic-customers",
        type=int,
        metavar="N",
        help="write synthetic clienteling marts for N customers and use them",
    )
    parser.add_argument("--repeat", type=int, default=20, help="single briefs to time")
    parser.add_argument("--workdir", type=Path, help="where to write (default: a temp folder)")
    parser.add_argument("--json", type=Path, help="also write the figures to this JSON file")
    args = parser.parse_args()

    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="briefs_bench_"))
    workdir.mkdir(parents=True, exist_ok=True)
    figures: dict[str, Any] = {"loadavg_before": loadavg(), "cpus": os.cpu_count()}
    if args.synthetic_customers:
        database = workdir / "briefs_synthetic.duckdb"
        database.unlink(missing_ok=True)
        figures["synthetic"] = write_synthetic(database, args.synthetic_customers)
    else:
        database = args.database
    figures["database"] = str(database)
    ids, busiest = pick_appointments(database, args.repeat)
    figures["cold_process_s"] = round(cold(database, ids[0], workdir / "cold.pdf"), 3)
    figures["single"] = single(database, ids, workdir)
    figures["day"] = day(database, busiest, workdir / "day")
    figures["loadavg_after"] = loadavg()
    print(json.dumps(figures, indent=2, ensure_ascii=False))
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2, ensure_ascii=False) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
