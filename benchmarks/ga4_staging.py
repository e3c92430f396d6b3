"""Benchmark: GA4 staging on DuckDB against a plain copy of the same events.

Times, on the same GA4 export parquet files and with 2 threads:

  (a) a plain copy: `create table ... as select * from read_parquet(...)`;
  (b) dbt building the GA4 staging models (base_ga4__events,
      base_ga4__event_duplicates, stg_ga4__events, stg_ga4__events_quarantine,
      stg_ga4__event_items) on a fresh DuckDB file;

and prints both, their ratio and each run's peak memory (max RSS of the
process). Each run is a separate child process so that its memory is its own.

The events come from, in order of preference:
  --raw-dir DIR       an existing raw folder (DIR/ga4/events_*.parquet), or
  `scv generate`      when the package's generator is installed (--customers,
                      --days, --seed), or
  synthetic events    written by DuckDB SQL in the export schema (--events,
                      --days), with the mess staging must handle: exact
                      duplicates, late arrivals, repeated purchases, missing
                      user_pseudo_id / event_name, broken timestamps.

Examples:
  .venv/bin/python benchmarks/ga4_staging.py --events 2000000
  .venv/bin/python benchmarks/ga4_staging.py --raw-dir data/demo
  .venv/bin/python benchmarks/ga4_staging.py --generator synth --events 10000000 --days 60
"""

from __future__ import annotations

import argparse
import importlib.util
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

MODELS = [
    "base_ga4__events",
    "base_ga4__event_duplicates",
    "stg_ga4__events",
    "stg_ga4__events_quarantine",
    "stg_ga4__event_items",
]


# --------------------------------------------------------------------------- #
# synthetic GA4 export                                                         #
# --------------------------------------------------------------------------- #
def _param(key: str, s: str = "null", i: str = "null", d: str = "null") -> str:
    """SQL for one event_params element; exactly one of s / i / d is usually set."""
    return (
        f"{{'key': '{key}', 'value': {{'string_value': cast({s} as varchar), "
        f"'int_value': cast({i} as bigint), 'float_value': cast(null as double), "
        f"'double_value': cast({d} as double)}}}}"
    )


def synth_sql(n_events: int, days: int, start: str = "2024-01-01") -> str:
    """One row per event, in the GA4 export schema, plus two mess columns.

    Sessions of 12 events, 3 sessions per user, about 15 params per event,
    1-3 items on ecommerce events. `late_days` (1 for 1 % of events: the row
    lands in the next day's file), `copies` (2 for 0.5 %: an exact duplicate)
    and `is_refresh` (one purchase in 70 is sent twice, 5 s apart, with the
    same transaction_id) drive how rows are written; about 1 in 10,000 events
    is broken (no user_pseudo_id, no event_name, timestamp in 2003).
    """
    start_us = f"epoch_us(timestamp '{start}')"
    span_us = days * 86_400_000_000
    base_params = ", ".join(
        [
            _param("ga_session_id", i="1700000000 + session_no"),
            _param("ga_session_number", i="1 + session_no % 3"),
            _param("page_location", s="page_location"),
            _param("page_title", s="'Maison - ' || page_path"),
            _param("page_referrer", s="'https://www.google.com/'"),
            _param("engaged_session_event", i="1"),
            _param("debug_mode", i="1"),
        ]
    )
    null_struct = "cast(null as varchar)"
    return f"""
    with base as (
        select
            i,
            i // 12 as session_no,
            i // 36 as user_no,
            i % 12 as pos,
            cast(hash(i) % 1000003 as bigint) as h,
            {start_us} + i * {span_us // n_events} as ts
        from range({n_events}) as t(i)
    ),
    named as (
        select
            *,
            case
                when pos = 0 then 'session_start'
                when pos = 2 or pos = 5 then 'user_engagement'
                when pos = 3 then 'scroll'
                when pos = 6 then 'view_item'
                when pos = 8 then 'add_to_cart'
                when pos = 9 and h % 10 = 0 then 'purchase'
                when pos = 9 and h % 10 = 1 then 'book_appointment'
                when pos = 9 and h % 10 = 2 then 'view_search_results'
                when pos = 10 and h % 20 = 0 then 'login'
                else 'page_view'
            end as event_name,
            ['', 'collections/bags', 'products/sku-' || (i % 800), 'stores', 'checkout'][1 + h % 5]
                as page_path,
            'T' || i as transaction_id
        from base
    ),
    paged as (
        select
            *,
            'https://www.maison.example/' || page_path
                || case when pos = 0 and h % 4 = 0
                    then '?utm_source=newsletter&utm_medium=email&utm_campaign=spring'
                    else '' end as page_location
        from named
    )
    select
        strftime(make_timestamp(ts), '%Y%m%d') as event_date,
        case when h % 10000 = 3 then 1050000000000000 else ts end as event_timestamp,
        case when h % 10000 = 2 then null else event_name end as event_name,
        list_concat(
            [{base_params}],
            case when h % 3 = 0 then [{_param("session_engaged", s="'1'")}]
                else [{_param("session_engaged", i="1")}] end,
            case when event_name in ('user_engagement', 'scroll', 'page_view')
                then [{_param("engagement_time_msec", i="h % 60000")}] else [] end,
            case when pos = 0 then [
                {_param("source", s="'google'")}, {_param("medium", s="'cpc'")},
                {_param("campaign", s="'brand'")}, {_param("term", s="'maison bag'")},
                {_param("gclid", s="'Cj0' || h")}] else [] end,
            case when event_name = 'scroll' then [{_param("percent_scrolled", i="90")}]
                else [] end,
            case when event_name = 'purchase' then [
                {_param("transaction_id", s="transaction_id")}, {_param("currency", s="'EUR'")},
                {_param("value", d="100 + h % 5000")}, {_param("coupon", s="'WELCOME10'")},
                {_param("tax", i="20")}] else [] end,
            case when event_name = 'book_appointment'
                then [{_param("booking_id", s="'B' || i")}] else [] end,
            case when event_name = 'view_search_results'
                then [{_param("search_term", s="'tote'")}] else [] end,
            case when event_name = 'login' then [{_param("method", s="'email'")}] else [] end
        ) as event_params,
        ts - 60000000 as event_previous_timestamp,
        cast(null as double) as event_value_in_usd,
        i // 4 as event_bundle_sequence_id,
        cast(null as bigint) as event_server_timestamp_offset,
        case when user_no % 3 = 0 then 'C' || lpad(cast(user_no // 3 as varchar), 8, '0') end
            as user_id,
        case when h % 10000 = 1 then null else
            cast(user_no * 7919 % 1000000000 as varchar) || '.'
                || cast(1700000000 + user_no as varchar)
        end as user_pseudo_id,
        {{'analytics_storage': 'Yes', 'ads_storage': 'No', 'uses_transient_token': 'No'}}
            as privacy_info,
        [{{'key': 'loyalty_tier', 'value': {{'string_value': 'gold',
            'int_value': cast(null as bigint),
            'float_value': cast(null as double), 'double_value': cast(null as double),
            'set_timestamp_micros': ts}}}}][1:(h % 2)::int] as user_properties,
        {start_us} as user_first_touch_timestamp,
        {{'revenue': cast(h % 300 as double), 'currency': 'EUR'}} as user_ltv,
        {{'category': ['desktop', 'mobile', 'tablet'][1 + h % 3], 'mobile_brand_name': 'Apple',
          'mobile_model_name': 'iPhone', 'mobile_marketing_name': {null_struct},
          'mobile_os_hardware_model': {null_struct}, 'operating_system': 'iOS',
          'operating_system_version': 'iOS 17.1', 'vendor_id': {null_struct},
          'advertising_id': {null_struct}, 'language': 'fr-fr',
          'is_limited_ad_tracking': 'No', 'time_zone_offset_seconds': cast(null as bigint),
          'web_info': {{'browser': 'Safari', 'browser_version': '17.1',
                       'hostname': 'www.maison.example'}}}} as device,
        {{'continent': 'Europe', 'sub_continent': 'Western Europe', 'country': 'France',
          'region': 'Ile-de-France', 'city': 'Paris', 'metro': '(not set)'}} as geo,
        cast(null as struct(id varchar, "version" varchar, install_store varchar,
            firebase_app_id varchar, install_source varchar)) as app_info,
        {{'medium': 'organic', 'name': '(organic)', 'source': 'google'}} as traffic_source,
        case when user_no % 10 = 0 then '2345678901' else '1234567890' end as stream_id,
        'WEB' as platform,
        {{'hostname': 'www.maison.example'}} as event_dimensions,
        case when event_name = 'purchase' then
            {{'total_item_quantity': 2::bigint, 'purchase_revenue_in_usd': 110::double,
              'purchase_revenue': 100::double,
              'refund_value_in_usd': cast(null as double), 'refund_value': cast(null as double),
              'shipping_value_in_usd': 0::double, 'shipping_value': 0::double,
              'tax_value_in_usd': 20::double, 'tax_value': 20::double, 'unique_items': 2::bigint,
              'transaction_id': transaction_id}}
        end as ecommerce,
        case when event_name in ('view_item', 'add_to_cart', 'purchase') then
            list_transform(range(1 + h % 3), lambda k: {{
                'item_id': 'SKU-' || ((i + k) % 800), 'item_name': 'Bag ' || ((i + k) % 800),
                'item_brand': 'Maison', 'item_variant': 'black', 'item_category': 'Bags',
                'item_category2': 'Totes', 'item_category3': {null_struct},
                'item_category4': {null_struct}, 'item_category5': {null_struct},
                'price_in_usd': 1100::double, 'price': 1000::double, 'quantity': 1::bigint,
                'item_revenue_in_usd': 1100::double, 'item_revenue': 1000::double,
                'item_refund_in_usd': cast(null as double), 'item_refund': cast(null as double),
                'coupon': {null_struct}, 'affiliation': {null_struct},
                'location_id': {null_struct}, 'item_list_id': 'l1',
                'item_list_name': 'New in', 'item_list_index': cast(k as varchar),
                'promotion_id': {null_struct}, 'promotion_name': {null_struct},
                'creative_name': {null_struct}, 'creative_slot': {null_struct}}})
            else [] end as items,
        {{'manual_campaign_id': {null_struct}, 'manual_campaign_name': 'spring',
          'manual_source': 'newsletter', 'manual_medium': 'email',
          'manual_term': {null_struct}, 'manual_content': {null_struct},
          'gclid': {null_struct}, 'dclid': {null_struct}, 'srsltid': {null_struct}}}
            as collected_traffic_source,
        true as is_active_user,
        case when h % 100 = 1 then 1 else 0 end as late_days,
        -- one purchase in 70 is sent again 5 s later (a refreshed confirmation page)
        event_name = 'purchase' and h % 70 = 10 and h % 200 != 0 as is_refresh,
        case when h % 200 = 0 or (event_name = 'purchase' and h % 70 = 10) then 2 else 1 end
            as copies
    from paged
    """


def synthesise(out: Path, n_events: int, days: int) -> None:
    """Write <out>/ga4/events_YYYYMMDD.parquet, one file per export day."""
    import duckdb

    ga4 = out / "ga4"
    ga4.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect()
    con.execute("set threads = 2")
    con.execute("set preserve_insertion_order = false")
    con.execute(
        f"""
        create temp table export_rows as
        select
            * exclude (late_days, copies, copy_no, is_refresh) replace (
                event_timestamp + case when is_refresh then copy_no * 5000000 else 0 end
                    as event_timestamp,
                event_bundle_sequence_id + case when is_refresh then copy_no else 0 end
                    as event_bundle_sequence_id
            ),
            strftime(strptime(event_date, '%Y%m%d') + to_days(late_days), '%Y%m%d') as file_date
        from ({synth_sql(n_events, days)}), range(copies) as c(copy_no)
        order by file_date
        """
    )
    file_dates = [
        row[0]
        for row in con.execute("select distinct file_date from export_rows order by 1").fetchall()
    ]
    for file_date in file_dates:
        con.execute(
            f"copy (select * exclude (file_date) from export_rows where file_date = '{file_date}') "
            f"to '{ga4}/events_{file_date}.parquet' (format parquet, compression zstd)"
        )
    con.close()


def scv_generator_available() -> bool:
    return importlib.util.find_spec("scv.generate.cli") is not None


def generate_with_scv(out: Path, customers: int, days: int, seed: int) -> None:
    cmd = [
        sys.executable,
        "-m",
        "scv.cli",
        "generate",
        "--customers",
        str(customers),
        "--days",
        str(days),
        "--seed",
        str(seed),
        "--out",
        str(out),
    ]
    subprocess.run(cmd, check=True)


# --------------------------------------------------------------------------- #
# timed runs                                                                   #
# --------------------------------------------------------------------------- #
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
    glob: str, work: Path, settings: dict[str, str | int]
) -> tuple[Run, dict[str, float]]:
    database = work / "staging.duckdb"
    write_profile(work / "profiles", settings, database=database)
    # GA4 staging looks at the erasure request list: an empty one (nobody erased)
    requests = work / "raw" / "crm" / "erasure_requests.csv"
    requests.parent.mkdir(parents=True, exist_ok=True)
    requests.write_text("request_id,requested_at,customer_id,email\n")
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
            {"ga4_parquet_glob": glob, "ga4_include_intraday": True, "raw_dir": str(work / "raw")}
        ),
        "--select",
        *MODELS,
    ]
    run = timed(cmd, env=env)
    per_model = model_times(work / "target")
    per_model["all models (elapsed)"] = per_model.pop("elapsed")
    return run, per_model


def count_rows(glob: str) -> tuple[int, int]:
    code = textwrap.dedent(
        f"""
        import duckdb
        files, rows = duckdb.sql(
            "select count(distinct filename), count(*) "
            "from read_parquet({glob!r}, union_by_name = true, filename = true)"
        ).fetchall()[0]
        print(files, rows)
        """
    )
    files, rows = timed([sys.executable, "-c", code]).output.split()
    return int(files), int(rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--raw-dir", type=Path, help="existing raw folder holding ga4/events_*.parquet"
    )
    parser.add_argument(
        "--generator",
        choices=["auto", "scv", "synth"],
        default="auto",
        help="how to make events when --raw-dir is not given (auto: scv if installed)",
    )
    parser.add_argument(
        "--events", type=int, default=2_000_000, help="synthetic events to write (synth)"
    )
    parser.add_argument(
        "--customers", type=int, default=20_000, help="customers for `scv generate`"
    )
    parser.add_argument("--days", type=int, default=30, help="days of events")
    parser.add_argument("--seed", type=int, default=42, help="seed for `scv generate`")
    parser.add_argument("--threads", type=int, default=2, help="DuckDB threads for both runs")
    parser.add_argument(
        "--memory-limit", help="DuckDB memory_limit for both runs, e.g. 8GB (default: DuckDB's)"
    )
    parser.add_argument(
        "--work-dir", type=Path, help="scratch folder (default: a temporary one, removed)"
    )
    parser.add_argument("--keep", action="store_true", help="keep the scratch folder")
    parser.add_argument(
        "--repeat", type=int, default=1, help="timed runs of each (alternating); best is kept"
    )
    parser.add_argument("--synthesise-only", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.synthesise_only:
        # child process: keeps the parent's memory small, so that the peak
        # memory of the timed children (inherited across fork) is their own
        synthesise(args.synthesise_only, args.events, args.days)
        return 0

    work = args.work_dir or Path(tempfile.mkdtemp(prefix="ga4_bench_"))
    work.mkdir(parents=True, exist_ok=True)
    try:
        raw_dir = args.raw_dir
        source = f"raw folder {raw_dir}"
        if raw_dir is None:
            raw_dir = work / "raw"
            use_scv = args.generator == "scv" or (
                args.generator == "auto" and scv_generator_available()
            )
            started = time.perf_counter()
            if use_scv:
                try:
                    generate_with_scv(raw_dir, args.customers, args.days, args.seed)
                    source = (
                        f"scv generate --customers {args.customers} --days {args.days}"
                        f" --seed {args.seed}"
                    )
                except (subprocess.CalledProcessError, OSError) as error:
                    if args.generator == "scv":
                        raise
                    print(
                        f"scv generate failed ({error}); synthesising events instead",
                        file=sys.stderr,
                    )
                    use_scv = False
            if not use_scv:
                synth = [sys.executable, __file__, "--synthesise-only", str(raw_dir)]
                timed([*synth, "--events", str(args.events), "--days", str(args.days)])
                source = f"synthetic export, {args.events:,} events over {args.days} days"
            print(f"data: {source} ({time.perf_counter() - started:.1f} s to write)")
        glob = str((raw_dir / "ga4" / "events_*.parquet").resolve())
        files, rows = count_rows(glob)
        print(f"events: {rows:,} rows in {files} files; threads: {args.threads}")
        print(f"load before: {load_average()}")

        # copy and staging alternate, so that load from other work on the
        # machine hits both alike; the fastest run of each is compared
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
            staging = dbt_staging(glob, work, settings)
            stagings.append(staging)
            models = ", ".join(f"{name} {seconds:.1f} s" for name, seconds in staging[1].items())
            print(f"run {attempt}: (b) dbt run GA4 staging {describe(staging[0])}")
            print(f"        {models}")
        best_copy = min(copies, key=lambda run: run.seconds)
        best_staging, best_models = min(stagings, key=lambda pair: pair[0].seconds)
        models_seconds = best_models["all models (elapsed)"]
        print(f"load after: {load_average()}")
        print()
        print(f"events {rows:,}, {files} files, {args.threads} threads, best of {args.repeat}:")
        print(f"  (a) plain copy:        {describe(best_copy)}")
        print(f"  (b) dbt GA4 staging:   {describe(best_staging)}, models {models_seconds:.1f} s")
        print(
            f"  ratio (b)/(a): {best_staging.seconds / best_copy.seconds:.2f} wall "
            f"(dbt start-up included), {models_seconds / best_copy.seconds:.2f} models only, "
            f"{best_staging.cpu_seconds / best_copy.cpu_seconds:.2f} CPU time"
        )
    finally:
        if not args.keep and args.work_dir is None:
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
