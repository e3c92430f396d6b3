"""`scv generate` end to end: world -> GA4 days -> CRM and commerce extracts -> truth, manifest."""

from __future__ import annotations

import json
import shutil
import sys
import time
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
from tqdm import tqdm

from scv import __version__
from scv.generate import commerce, crm
from scv.generate import reference as ref
from scv.generate.catalog import build_catalog
from scv.generate.config import GenerateConfig
from scv.generate.ga4 import Ga4Simulator
from scv.generate.ga4_export import Ga4Exporter
from scv.generate.ga360 import generate_ga360
from scv.generate.mess import MessLedger
from scv.generate.population import Window, build_world
from scv.generate.writers import write_extract, write_lines

OWNED = ("ga4", "ga360", "crm", "commerce", "ground_truth", "manifest.json")
MANIFEST_FORMAT = 1


def prepare_out_dir(out: Path, force: bool) -> None:
    """Empty the generator's own folders; refuse to write into an unrelated non-empty folder."""
    if out.exists() and not out.is_dir():
        raise FileExistsError(f"{out} exists and is not a folder")
    if out.exists() and any(out.iterdir()):
        if not (out / "manifest.json").exists() and not force:
            raise FileExistsError(
                f"{out} is not empty and holds no manifest.json from an earlier `scv generate`; "
                "choose an empty folder or pass --force to replace its ga4/, crm/, commerce/ "
                "and ground_truth/ folders"
            )
        for name in OWNED:
            path = out / name
            if path.is_dir():
                shutil.rmtree(path)
            elif path.exists():
                path.unlink()
    out.mkdir(parents=True, exist_ok=True)


def log(cfg: GenerateConfig, message: str) -> None:
    if cfg.progress:
        print(message, file=sys.stderr, flush=True)


def person_ids(person: np.ndarray | list[int]) -> pa.Array:
    values = np.asarray(person, dtype=np.int64)
    return pa.array([f"P{p:07d}" for p in values.tolist()], pa.string())


def generate(cfg: GenerateConfig) -> dict:
    """Generate the whole raw dataset; returns the manifest (also written to manifest.json)."""
    cfg.validate()
    started = time.perf_counter()
    out = Path(cfg.out)
    prepare_out_dir(out, cfg.force)
    ledger = MessLedger()
    window = Window(start=cfg.start, days=cfg.days, history_days=cfg.history_days)

    log(
        cfg,
        f"scv generate: {cfg.customers:,} customers, {cfg.days} days from "
        f"{cfg.start.isoformat()}, seed {cfg.seed} -> {out}",
    )
    world = build_world(cfg, window)
    crm.assign_customer_ids(world, cfg.seed)
    catalog = build_catalog(cfg.seed)
    customer_rows = crm.build_customer_rows(cfg, world)
    history = commerce.history_orders(cfg, world, catalog)

    # ---- GA360 (Universal Analytics) before GA4, when asked
    ga360 = None
    if cfg.ga360_days:
        log(cfg, f"writing {cfg.ga360_days} days of GA360 export")
        ga360 = generate_ga360(cfg, world, catalog, history, out, ledger)

    # ---- GA4, one day at a time
    simulator = Ga4Simulator(
        cfg,
        world,
        catalog,
        first_order_number=commerce.ORDER_NUMBER_BASE + len(history.orders["order_number"]),
    )
    exporter = Ga4Exporter(
        cfg, out, window.start, window.days, ledger, n_cookies=len(world.cookies.person)
    )
    web_baskets: list[commerce.Basket] = []
    bookings: list[dict[str, np.ndarray]] = []
    clean_events = sessions = exported_sessions = 0
    days = tqdm(
        range(window.days), desc="GA4 days", unit="day", disable=not cfg.progress, file=sys.stderr
    )
    for day in days:
        day_out = simulator.simulate_day(day)
        exporter.process(day_out)
        clean_events += day_out.table.num_rows
        sessions += day_out.sessions
        exported_sessions += day_out.exported_sessions
        p = day_out.purchases
        web_baskets.append(
            commerce.Basket(
                orders={
                    "order_number": p["order_number"],
                    "ordered_us": p["ordered_us"],
                    "person": p["person"],
                    "record": p["record"],
                    "currency": p["currency"],
                    "subtotal": p["subtotal"],
                    "discount": p["discount"],
                    "shipping": p["shipping"],
                    "tax": p["tax"],
                    "total": p["total"],
                    "promo": p["promo"],
                    "tracked": p["tracked"],
                },
                lines=dict(day_out.purchase_lines),
            )
        )
        bookings.append(day_out.bookings)
        days.set_postfix(events=f"{exporter.rows_written:,}")
    exporter.finish()
    pairs = world.cookies.shared_pseudo_ids
    visible = simulator.seen[pairs[:, 0]] & simulator.seen[pairs[:, 1]] if len(pairs) else []
    ledger.add("ga4.events", "shared_user_pseudo_id", int(np.sum(visible)))

    # ---- CRM and commerce extracts
    log(cfg, "writing CRM and commerce extracts")
    files: dict[str, int] = {f"ga4/{name}": rows for name, rows in sorted(exporter.files.items())}
    if ga360 is not None:
        files.update(sorted(ga360.files.items()))
    fmt = cfg.raw_format
    customers = crm.customers_with_mess(cfg, world, customer_rows, ledger)
    name, rows = write_extract(customers, crm.CUSTOMER_COLUMNS, out / "crm", "customers", fmt)
    files[f"crm/{name}"] = rows
    web_bookings = {k: np.concatenate([b[k] for b in bookings]) for k in bookings[0]}
    appointments, appointment_truth = crm.build_appointments(cfg, world, web_bookings, ledger)
    name, rows = write_extract(
        appointments, crm.APPOINTMENT_COLUMNS, out / "crm", "appointments", fmt
    )
    files[f"crm/{name}"] = rows
    consent_lines = crm.build_consent_lines(cfg, world, ledger)
    files["crm/consents.ndjson"] = write_lines(consent_lines, out / "crm" / "consents.ndjson")
    # the privacy tool's erasure requests: nobody asked (the file must exist)
    name, rows = write_extract(
        {column: [] for column in crm.ERASURE_REQUEST_COLUMNS},
        crm.ERASURE_REQUEST_COLUMNS,
        out / "crm",
        "erasure_requests",
        fmt,
    )
    files[f"crm/{name}"] = rows

    products = commerce.products_with_mess(cfg, world, catalog, ledger)
    name, rows = write_extract(
        products, commerce.PRODUCT_COLUMNS, out / "commerce", "products", fmt
    )
    files[f"commerce/{name}"] = rows
    basket = commerce.merge_baskets([history, *web_baskets])
    orders, order_lines, order_truth = commerce.orders_with_mess(
        cfg, world, catalog, basket, customer_rows.record_email, ledger
    )
    for data, columns, stem in (
        (orders, commerce.ORDER_COLUMNS, "orders"),
        (order_lines, commerce.LINE_COLUMNS, "order_lines"),
    ):
        name, rows = write_extract(data, columns, out / "commerce", stem, fmt)
        files[f"commerce/{name}"] = rows
    pos, pos_lines, pos_truth = commerce.pos_with_mess(cfg, world, catalog, ledger)
    for data, columns, stem in (
        (pos, commerce.POS_COLUMNS, "pos_sales"),
        (pos_lines, commerce.POS_LINE_COLUMNS, "pos_sale_lines"),
    ):
        name, rows = write_extract(data, columns, out / "commerce", stem, fmt)
        files[f"commerce/{name}"] = rows

    # ---- ground truth
    log(cfg, "writing ground truth")
    truth_dir = out / "ground_truth"
    truth_dir.mkdir(parents=True, exist_ok=True)
    people, records, cookies = world.people, world.records, world.cookies
    country_codes = np.array([c.code for c in ref.COUNTRIES])
    truth_tables = {
        "persons": pa.table(
            {
                "person_id": person_ids(np.arange(people.n)),
                "is_crm_customer": pa.array(people.is_customer),
                "country_code": pa.array(country_codes[people.country]),
                "has_web_account": pa.array(people.has_web_account),
                "browses_web": pa.array(people.web_weight > 0),
                "buys": pa.array(people.purchase_propensity > 0),
                "shops_in_boutique": pa.array(people.store_weight > 0),
                "email": pa.array(people.email),
            }
        ),
        "crm_customers": pa.table(
            {
                "customer_id": pa.array(records.customer_id, pa.string()),
                "person_id": person_ids(records.person),
                "is_primary_record": pa.array(records.is_primary),
                "is_web_account": pa.array(records.is_login),
            }
        ),
        "cookies": _cookie_truth(simulator, cookies),
        "user_ids": pa.table(
            {
                "user_id": pa.array(
                    [records.customer_id[r] for r in np.flatnonzero(records.is_login)], pa.string()
                ),
                "person_id": person_ids(records.person[records.is_login]),
            }
        ),
        "orders": pa.table(
            {
                "order_id": pa.array(order_truth["order_id"], pa.string()),
                "person_id": person_ids(order_truth["person_id"]),
                "tracked_in_ga4": pa.array(order_truth["tracked_in_ga4"], pa.bool_()),
                "tracked_in_ga360": pa.array(
                    np.isin(
                        np.array(order_truth["order_id"], dtype=object),
                        [] if ga360 is None else [f"{n:010d}" for n in ga360.tracked_orders],
                    ),
                    pa.bool_(),
                ),
            }
        ),
        "pos_sales": pa.table(
            {
                "sale_id": pa.array(pos_truth["sale_id"], pa.string()),
                "person_id": person_ids(pos_truth["person_id"]),
            }
        ),
        "appointments": pa.table(
            {
                "appointment_id": pa.array(appointment_truth["appointment_id"], pa.string()),
                "booking_id": pa.array(appointment_truth["booking_id"], pa.string()),
                "person_id": person_ids(appointment_truth["person_id"]),
            }
        ),
    }
    if ga360 is not None:
        truth_tables["ga360_clients"] = pa.table(
            {
                "client_id": ga360.clients.column("client_id"),
                "full_visitor_id": ga360.clients.column("full_visitor_id"),
                "person_id": person_ids(ga360.clients.column("person").to_numpy()),
                "is_ga4_browser": ga360.clients.column("is_ga4_browser"),
            }
        )
    for name, table in truth_tables.items():
        pq.write_table(table, truth_dir / f"{name}.parquet", compression="zstd")
        files[f"ground_truth/{name}.parquet"] = table.num_rows

    manifest = {
        "generator": {
            "name": "scv generate",
            "version": __version__,
            "manifest_format": MANIFEST_FORMAT,
        },
        "parameters": cfg.parameters(),
        "window": {
            "ga4_start_date": window.start.isoformat(),
            "ga4_end_date": cfg.end.isoformat(),
            "history_start_date": (
                window.start.fromordinal(window.start.toordinal() - window.history_days)
            ).isoformat(),
            "ga360_start_date": (
                window.start.fromordinal(window.start.toordinal() - cfg.ga360_days).isoformat()
                if cfg.ga360_days
                else None
            ),
        },
        "ga4": {
            "property_time_zone": "UTC",
            "streams": [
                {"stream_id": s.stream_id, "hostname": s.hostname, "name": s.name}
                for s in ref.STREAMS
            ],
        },
        "counts": {
            "persons": int(people.n),
            "crm_customers": int(people.n_customers),
            "prospects": int(people.n - people.n_customers),
            "crm_records": int(len(records.person)),
            "cookies_in_export": int(truth_tables["cookies"].num_rows),
            "sessions": int(sessions),
            "sessions_in_export": int(exported_sessions),
            "ga4_clean_events": int(clean_events),
            "ga4_rows_written": int(exporter.rows_written),
            "online_orders": int(len(order_truth["order_id"])),
            "online_orders_in_ga4": int(np.sum(order_truth["tracked_in_ga4"])),
            "online_orders_before_window": int(len(history.orders["order_number"])),
            "pos_sales": int(len(pos_truth["sale_id"])),
            "appointments": int(len(appointment_truth["appointment_id"])),
            "web_appointments": int(len(web_bookings["person"])),
            "products": int(len(catalog)),
            "ga360_sessions": 0 if ga360 is None else ga360.sessions,
            "ga360_rows_written": 0 if ga360 is None else ga360.session_rows,
            "ga360_hits": 0 if ga360 is None else ga360.hits,
            "online_orders_in_ga360": 0 if ga360 is None else len(ga360.tracked_orders),
        },
        "files": files,
        "mess": ledger.as_dict(),
        "mess_kinds": ledger.kinds(),
    }
    (out / "manifest.json").write_text(
        json.dumps(manifest, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    log(
        cfg,
        f"done: {exporter.rows_written:,} GA4 rows, {len(order_truth['order_id']):,} orders, "
        f"{len(pos_truth['sale_id']):,} boutique sales in {time.perf_counter() - started:.1f} s",
    )
    return manifest


def _cookie_truth(simulator: Ga4Simulator, cookies) -> pa.Table:
    seen = np.flatnonzero(simulator.seen)
    return pa.table(
        {
            "stream_id": pa.array(
                [ref.STREAMS[s].stream_id for s in cookies.stream[seen].tolist()], pa.string()
            ),
            "user_pseudo_id": pa.array([cookies.pseudo_id[c] for c in seen.tolist()], pa.string()),
            "person_id": person_ids(cookies.person[seen]),
        }
    )
