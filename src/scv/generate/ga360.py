"""The Google Analytics 360 (Universal Analytics) BigQuery export before GA4 started.

Brands that ran GA360 exported it to BigQuery for years: one table a day,
`ga_sessions_YYYYMMDD`, one row per session with its hits nested (pages,
events, ecommerce actions, products, the transaction). This module writes
that export for the `ga360_days` days before the GA4 window, for the same
people, browsers and products:

- the browsers GA4 sees that existed before GA4 started keep their `_ga`
  cookie, so their UA `clientId` is their GA4 `user_pseudo_id`; people also
  used browsers that were gone by then (UA-only clients, linked to them only
  by a login or a purchase);
- the online orders placed in the period (commerce's history orders) are
  tracked as UA transactions (`transactionId` = order_id) in a session that
  views, adds and checks out the ordered products; other sessions browse;
- a logged-in session carries the CRM customer id as `userId`.

The export's own mess is injected and counted in the manifest: sessions
split at midnight (the continuation is a second row in the next day's table
with the same fullVisitorId, visitId and visitStartTime), hits without a
time, an exact copy of a session row, a session without fullVisitorId or
with a broken visitStartTime, and the intraday table of the last day
repeating the daily one.

Everything is vectorised per period (numpy), then written day by day
(pyarrow nested arrays).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from scv.generate import reference as ref
from scv.generate.catalog import CURRENCY_DECIMALS_ARRAY, Catalog
from scv.generate.commerce import Basket
from scv.generate.ga4 import HOURLY, PageVocabulary
from scv.generate.mess import MessLedger, Picker, how_many
from scv.generate.population import World
from scv.generate.util import (
    MICROS_PER_DAY,
    MICROS_PER_SECOND,
    cumcount,
    format_ids,
    rng_for,
    weighted_choice,
)

SESSIONS_ENTITY = "ga360.sessions"
HITS_ENTITY = "ga360.hits"
ROW_GROUP_SIZE = 50_000
INTRADAY_HOURS = 7
# sessions per person and day in the UA years, against GA4's (fewer people browsed)
SESSIONS_PER_CUSTOMER_DAY = 0.3
TRACKED_ORDER_SHARE = 0.92

# eCommerceAction.action_type, as the export writes it (a string)
ACTION_NONE, ACTION_DETAIL, ACTION_ADD, ACTION_CHECKOUT, ACTION_PURCHASE = "0", "2", "3", "5", "6"

PRODUCT = pa.struct(
    [
        ("productSKU", pa.string()),
        ("v2ProductName", pa.string()),
        ("v2ProductCategory", pa.string()),
        ("productBrand", pa.string()),
        ("productVariant", pa.string()),
        ("productPrice", pa.int64()),
        ("localProductPrice", pa.int64()),
        ("productQuantity", pa.int64()),
        ("productRevenue", pa.int64()),
        ("localProductRevenue", pa.int64()),
        ("isImpression", pa.bool_()),
    ]
)
CUSTOM_DIMENSION = pa.struct([("index", pa.int64()), ("value", pa.string())])
HIT = pa.struct(
    [
        ("hitNumber", pa.int64()),
        ("time", pa.int64()),
        ("hour", pa.int64()),
        ("minute", pa.int64()),
        ("isInteractive", pa.bool_()),
        ("isEntrance", pa.bool_()),
        ("isExit", pa.bool_()),
        (
            "page",
            pa.struct(
                [("pagePath", pa.string()), ("hostname", pa.string()), ("pageTitle", pa.string())]
            ),
        ),
        (
            "transaction",
            pa.struct(
                [
                    ("transactionId", pa.string()),
                    ("transactionRevenue", pa.int64()),
                    ("transactionTax", pa.int64()),
                    ("transactionShipping", pa.int64()),
                    ("affiliation", pa.string()),
                    ("currencyCode", pa.string()),
                    ("localTransactionRevenue", pa.int64()),
                    ("localTransactionTax", pa.int64()),
                    ("localTransactionShipping", pa.int64()),
                ]
            ),
        ),
        ("eCommerceAction", pa.struct([("action_type", pa.string()), ("step", pa.int64())])),
        ("product", pa.list_(PRODUCT)),
        ("type", pa.string()),
        (
            "eventInfo",
            pa.struct(
                [
                    ("eventCategory", pa.string()),
                    ("eventAction", pa.string()),
                    ("eventLabel", pa.string()),
                    ("eventValue", pa.int64()),
                ]
            ),
        ),
        ("customDimensions", pa.list_(CUSTOM_DIMENSION)),
    ]
)
TOTALS = pa.struct(
    [
        ("visits", pa.int64()),
        ("hits", pa.int64()),
        ("pageviews", pa.int64()),
        ("timeOnSite", pa.int64()),
        ("bounces", pa.int64()),
        ("transactions", pa.int64()),
        ("transactionRevenue", pa.int64()),
        ("newVisits", pa.int64()),
        ("totalTransactionRevenue", pa.int64()),
    ]
)
TRAFFIC_SOURCE = pa.struct(
    [
        ("referralPath", pa.string()),
        ("campaign", pa.string()),
        ("source", pa.string()),
        ("medium", pa.string()),
        ("keyword", pa.string()),
        ("adContent", pa.string()),
        ("adwordsClickInfo", pa.struct([("gclId", pa.string())])),
        ("isTrueDirect", pa.bool_()),
    ]
)
DEVICE = pa.struct(
    [
        ("browser", pa.string()),
        ("browserVersion", pa.string()),
        ("operatingSystem", pa.string()),
        ("operatingSystemVersion", pa.string()),
        ("isMobile", pa.bool_()),
        ("deviceCategory", pa.string()),
        ("language", pa.string()),
    ]
)
GEO_NETWORK = pa.struct(
    [
        ("continent", pa.string()),
        ("subContinent", pa.string()),
        ("country", pa.string()),
        ("region", pa.string()),
        ("city", pa.string()),
    ]
)
SCHEMA = pa.schema(
    [
        ("visitorId", pa.int64()),
        ("visitNumber", pa.int64()),
        ("visitId", pa.int64()),
        ("visitStartTime", pa.int64()),
        ("date", pa.string()),
        ("totals", TOTALS),
        ("trafficSource", TRAFFIC_SOURCE),
        ("device", DEVICE),
        ("geoNetwork", GEO_NETWORK),
        ("customDimensions", pa.list_(CUSTOM_DIMENSION)),
        ("hits", pa.list_(HIT)),
        ("fullVisitorId", pa.string()),
        ("userId", pa.string()),
        ("clientId", pa.string()),
        ("channelGrouping", pa.string()),
        ("socialEngagementType", pa.string()),
    ]
)

CHANNEL_OF_MEDIUM = {
    "(none)": "Direct",
    "organic": "Organic Search",
    "cpc": "Paid Search",
    "email": "Email",
    "social": "Social",
    "paid_social": "Social",
    "referral": "Referral",
    "affiliate": "Affiliates",
}

# page kinds a browsing hit lands on after the first one, and their weights
BROWSE_PAGES = (("product", 0.45), ("category", 0.25), ("search", 0.1), ("home", 0.1))
BROWSE_PAGES += (("boutiques", 0.05), ("account", 0.05))


@dataclass
class Ga360Output:
    files: dict[str, int]
    sessions: int
    session_rows: int
    hits: int
    tracked_orders: np.ndarray  # order numbers tracked as UA transactions
    clients: pa.Table  # ground truth: client_id, full_visitor_id, person index


def full_visitor_id(client_id: str) -> str:
    """The export's fullVisitorId: a stable number derived from the client id (19 digits)."""
    digest = hashlib.sha256(client_id.encode()).digest()
    return str(int.from_bytes(digest[:8], "big") % 10**19).zfill(19)


class Ga360Generator:
    """Simulates the UA sessions of the period and writes its daily tables."""

    def __init__(self, cfg, world: World, catalog: Catalog, history: Basket) -> None:
        self.cfg = cfg
        self.world = world
        self.catalog = catalog
        self.history = history
        self.pages = PageVocabulary(catalog)
        self.days = cfg.ga360_days
        self.first_day = world.window.start - timedelta(days=self.days)
        self.start_us = world.window.start_us - self.days * MICROS_PER_DAY

    # ---- browsers ----------------------------------------------------------------

    def clients(self) -> dict[str, np.ndarray | list[str]]:
        """UA clients: GA4 browsers that existed before GA4 started, and UA-only ones."""
        rng = rng_for(self.cfg.seed, "ga360-clients")
        people, cookies = self.world.people, self.world.cookies
        persisted = np.flatnonzero(cookies.born_us < self.world.window.start_us)
        # browsers people used in the UA years and no longer did once GA4 started
        web = np.flatnonzero(people.web_weight > 0)
        extra = rng.poisson(np.where(people.is_customer[web], 0.5, 0.2))
        old_person = np.repeat(web, extra)
        n_old = len(old_person)
        old_born_us = self.start_us - rng.integers(1, 400, n_old) * MICROS_PER_DAY
        random_part = rng.integers(100_000_000, 2_147_483_647, n_old)
        old_ids = [
            f"{a}.{b}"
            for a, b in zip(
                random_part.tolist(), (old_born_us // MICROS_PER_SECOND).tolist(), strict=True
            )
        ]
        n = len(persisted) + n_old
        person = np.concatenate([cookies.person[persisted], old_person])
        born_us = np.concatenate([cookies.born_us[persisted], old_born_us])
        client_id = [cookies.pseudo_id[c] for c in persisted.tolist()] + old_ids
        login_record = np.concatenate(
            [
                cookies.login_record[persisted],
                np.where(people.has_web_account[old_person], old_person, -1),
            ]
        )
        login_record[len(persisted) :][old_person >= people.n_customers] = -1
        device = np.concatenate(
            [
                cookies.device[persisted],
                weighted_choice(rng, [p[-1] for p in ref.DEVICE_PROFILES], n_old),
            ]
        )
        stream = np.concatenate([cookies.stream[persisted], np.zeros(n_old, np.int64)])
        traffic = np.concatenate([cookies.traffic[persisted], np.zeros(n_old, np.int64)])
        geo_country = np.concatenate([cookies.geo_country[persisted], people.country[old_person]])
        geo_city = np.concatenate([cookies.geo_city[persisted], people.city[old_person]])
        return {
            "n": n,
            "person": person,
            "born_us": born_us,
            "client_id": client_id,
            "full_visitor_id": [full_visitor_id(c) for c in client_id],
            "login_record": login_record,
            "device": device,
            "stream": stream,
            "traffic": traffic,
            "geo_country": geo_country,
            "geo_city": geo_city,
            "is_ga4_browser": np.arange(n) < len(persisted),
        }

    # ---- sessions ----------------------------------------------------------------

    def simulate(self) -> dict[str, np.ndarray]:
        """Every UA session of the period (numpy columns), purchases included."""
        rng = rng_for(self.cfg.seed, "ga360-sessions")
        people = self.world.people
        clients = self.clients()
        self.client_table = clients
        n_clients = clients["n"]
        end_us = self.world.window.start_us
        alive_from = np.maximum(clients["born_us"], self.start_us)
        alive_days = np.maximum((end_us - alive_from) // MICROS_PER_DAY, 0)
        per_person = np.bincount(clients["person"], minlength=people.n)
        weight = (
            people.web_weight[clients["person"]]
            / np.maximum(per_person[clients["person"]], 1)
            * alive_days
        )

        # browsing sessions: drawn in proportion to how much each browser browsed
        total = int(self.cfg.customers * SESSIONS_PER_CUSTOMER_DAY * self.days)
        client = (
            weighted_choice(rng, weight, total)
            if total and weight.sum() > 0
            else np.zeros(0, np.int64)
        )
        start = alive_from[client] + (
            rng.random(len(client)) * (end_us - alive_from[client])
        ).astype(np.int64)
        start = self._time_of_day(rng, start, clients["geo_country"][client])
        # a few sessions start just before midnight and go on after it (the export splits
        # them); never on the period's last day, whose next day UA no longer collected
        eligible = np.flatnonzero(start < end_us - MICROS_PER_DAY)
        late = eligible[rng.random(len(eligible)) < 0.01]
        if len(late) == 0 and len(eligible):
            late = eligible[:1]
        next_midnight = start[late] - start[late] % MICROS_PER_DAY + MICROS_PER_DAY
        start[late] = next_midnight - rng.integers(20, 120, len(late)) * MICROS_PER_SECOND
        crosses_midnight = np.zeros(len(start), bool)
        crosses_midnight[late] = True
        order = np.full(len(client), -1, np.int64)

        # purchase sessions: the online orders of the period, on a browser of the buyer
        orders = self.history.orders
        in_period = np.flatnonzero(
            (orders["ordered_us"] >= self.start_us) & (orders["ordered_us"] < end_us)
        )
        by_person = np.argsort(clients["person"], kind="stable")
        first = np.searchsorted(clients["person"][by_person], orders["person"][in_period])
        count = (
            np.searchsorted(clients["person"][by_person], orders["person"][in_period], side="right")
            - first
        )
        pick = first + (rng.random(len(in_period)) * np.maximum(count, 1)).astype(np.int64)
        buyer_client = np.where(count > 0, by_person[np.minimum(pick, n_clients - 1)], -1)
        alive = (buyer_client >= 0) & (
            clients["born_us"][np.maximum(buyer_client, 0)] < orders["ordered_us"][in_period]
        )
        tracked = alive & (rng.random(len(in_period)) < TRACKED_ORDER_SHARE)
        purchase_orders = in_period[tracked]
        n_lines = np.bincount(
            np.searchsorted(orders["order_number"], self.history.lines["order_number"]),
            minlength=len(orders["order_number"]),
        )[purchase_orders]
        # the session starts a few minutes before the order is placed
        lead = (2 * n_lines + 4) * 45 * MICROS_PER_SECOND
        client = np.concatenate([client, buyer_client[tracked]])
        start = np.concatenate([start, orders["ordered_us"][purchase_orders] - lead])
        order = np.concatenate([order, purchase_orders])
        crosses_midnight = np.concatenate([crosses_midnight, np.zeros(len(purchase_orders), bool)])

        # one session per browser and second (visitId is the start in seconds)
        keep = np.lexsort((order, start // MICROS_PER_SECOND, client))
        client, start, order = client[keep], start[keep], order[keep]
        crosses_midnight = crosses_midnight[keep]
        second = start // MICROS_PER_SECOND
        unique = np.r_[True, (client[1:] != client[:-1]) | (second[1:] != second[:-1])]
        client, start, order = client[unique], start[unique], order[unique]
        crosses_midnight = crosses_midnight[unique]
        start = np.maximum(start, self.start_us)

        n = len(client)
        record = clients["login_record"][client]
        order_record = np.where(order >= 0, orders["record"][np.maximum(order, 0)], -1)
        logged_in = np.where(order >= 0, order_record >= 0, (record >= 0) & (rng.random(n) < 0.3))
        user_record = np.where(order >= 0, order_record, np.where(logged_in, record, -1))
        source = np.where(rng.random(n) < 0.65, clients["traffic"][client], 0)
        # visitNumber: sessions of the browser so far (earlier ones before the period too)
        first_of_client = np.r_[True, client[1:] != client[:-1]]
        run = np.cumsum(first_of_client) - 1
        earlier = rng.integers(0, 6, n_clients)
        rank = np.arange(n) - np.flatnonzero(first_of_client)[run]
        visit_number = 1 + rank + earlier[client]
        return {
            "client": client,
            "start_us": start,
            "order": order,
            "user_record": user_record,
            "source": source,
            "visit_number": visit_number,
            "crosses_midnight": crosses_midnight & (order < 0),
        }

    def _time_of_day(
        self, rng: np.random.Generator, start: np.ndarray, country: np.ndarray
    ) -> np.ndarray:
        """Move each start to its day's local browsing hour (HOURLY), in UTC."""
        day_start = start - start % MICROS_PER_DAY
        utc_offset = np.array([c.utc_offset_hours for c in ref.COUNTRIES])[country]
        local_second = weighted_choice(rng, HOURLY, len(start)) * 3600 + rng.integers(
            0, 3600, len(start)
        )
        utc_second = (local_second - utc_offset * 3600) % 86_400
        return day_start + utc_second * MICROS_PER_SECOND

    # ---- hits --------------------------------------------------------------------

    def hits(self, sessions: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
        """The hits of every session, in session and hit order (numpy columns)."""
        rng = rng_for(self.cfg.seed, "ga360-hits")
        orders, lines = self.history.orders, self.history.lines
        n = len(sessions["client"])
        is_purchase = sessions["order"] >= 0
        order = np.maximum(sessions["order"], 0)

        # browsing: pages, some product pages, an add to cart, a checkout
        n_pages = np.minimum(rng.geometric(0.28, n), 25)
        n_pages[sessions["crosses_midnight"]] = np.maximum(n_pages[sessions["crosses_midnight"]], 3)
        adds = (rng.random(n) < 0.12) & (n_pages > 1)
        checkout = adds & (rng.random(n) < 0.3)
        # purchase: home, each line's product page and add to cart, cart, checkout, confirmation
        line_start = np.searchsorted(lines["order_number"], orders["order_number"][order])
        line_count = (
            np.searchsorted(lines["order_number"], orders["order_number"][order], side="right")
            - line_start
        )
        n_hits = np.where(
            is_purchase,
            1 + 2 * line_count + 3,
            n_pages + adds + checkout,
        )
        session, position = cumcount(n_hits)
        total = len(session)
        kind = np.full(total, "", dtype=object)
        sku = np.full(total, -1, np.int64)
        action = np.full(total, ACTION_NONE, dtype=object)
        hit_type = np.full(total, "PAGE", dtype=object)
        products = np.zeros(total, np.int64)  # how many products the hit carries

        browse = ~is_purchase[session]
        # browsing hits: the first page lands on home / category / product
        land = rng.random(total)
        later = weighted_choice(rng, [w for _, w in BROWSE_PAGES], total)
        later_kind = np.array([k for k, _ in BROWSE_PAGES], dtype=object)[later]
        first_kind = np.where(land < 0.4, "home", np.where(land < 0.65, "category", "product"))
        browse_pages = browse & (position < n_pages[session])
        kind[browse_pages] = np.where(position == 0, first_kind, later_kind)[browse_pages]
        popular = weighted_choice(rng, self.catalog.popularity, total)
        # a category or search page is about a product line / a term: drawn like a product
        sku[browse_pages] = popular[browse_pages]
        is_product_page = browse_pages & (kind == "product")
        sku[is_product_page] = popular[is_product_page]
        action[is_product_page] = ACTION_DETAIL
        products[is_product_page] = 1
        add_hit = browse & adds[session] & (position == n_pages[session])
        # the add to cart is the last product page's product (or a popular one)
        hit_type[add_hit] = "EVENT"
        kind[add_hit] = "event"
        sku[add_hit] = popular[add_hit]
        action[add_hit] = ACTION_ADD
        products[add_hit] = 1
        checkout_hit = browse & checkout[session] & (position == n_pages[session] + 1)
        kind[checkout_hit] = "checkout"
        sku[checkout_hit] = sku[np.flatnonzero(checkout_hit) - 1]
        action[checkout_hit] = ACTION_CHECKOUT
        products[checkout_hit] = 1

        # purchase hits
        buy = is_purchase[session]
        count = line_count[session]
        line_of = line_start[session] + np.clip((position - 1) // 2, 0, None)
        product_page = buy & (position >= 1) & (position <= 2 * count) & ((position - 1) % 2 == 0)
        add_line = buy & (position >= 1) & (position <= 2 * count) & ((position - 1) % 2 == 1)
        kind[buy & (position == 0)] = "home"
        kind[product_page] = "product"
        sku[product_page] = lines["sku"][line_of[product_page]]
        action[product_page] = ACTION_DETAIL
        products[product_page] = 1
        kind[add_line] = "event"
        hit_type[add_line] = "EVENT"
        sku[add_line] = lines["sku"][line_of[add_line]]
        action[add_line] = ACTION_ADD
        products[add_line] = 1
        kind[buy & (position == 2 * count + 1)] = "cart"
        checkout_buy = buy & (position == 2 * count + 2)
        kind[checkout_buy] = "checkout"
        action[checkout_buy] = ACTION_CHECKOUT
        products[checkout_buy] = count[checkout_buy]
        confirmation = buy & (position == 2 * count + 3)
        kind[confirmation] = "confirmation"
        hit_type[confirmation] = "TRANSACTION"
        action[confirmation] = ACTION_PURCHASE
        products[confirmation] = count[confirmation]

        # when: gaps of ~40 s between hits; the transaction at the order's time
        gaps = rng.exponential(40.0, total) * 1000
        gaps[position == 0] = 0
        time_ms = np.cumsum(gaps).astype(np.int64)
        time_ms -= np.repeat(time_ms[np.flatnonzero(position == 0)], n_hits)
        # a session started just before midnight has its second hit after it
        start = sessions["start_us"][session]
        to_midnight_ms = (MICROS_PER_DAY - start % MICROS_PER_DAY) // 1000
        crossing = sessions["crosses_midnight"][session] & (position >= 1)
        second_hit = crossing & (position == 1)
        push = np.zeros(n, np.int64)
        push[session[second_hit]] = np.maximum(
            0, to_midnight_ms[second_hit] + 5_000 - time_ms[second_hit]
        )
        time_ms = time_ms + np.where(crossing, push[session], 0)
        return {
            "session": session,
            "position": position,
            "kind": kind,
            "sku": sku,
            "action": action,
            "type": hit_type,
            "products": products,
            "time_ms": time_ms,
            "line_start": line_start[session],
            "order": np.where(buy, order[session], -1),
        }


def generate_ga360(
    cfg, world: World, catalog: Catalog, history: Basket, out_dir: Path, ledger: MessLedger
) -> Ga360Output:
    """Write ga360/ga_sessions_YYYYMMDD.parquet for the period; returns what it wrote."""
    generator = Ga360Generator(cfg, world, catalog, history)
    sessions = generator.simulate()
    hits = generator.hits(sessions)
    writer = _Writer(generator, sessions, hits, out_dir / "ga360", ledger)
    writer.write()
    clients = generator.client_table
    seen = np.unique(sessions["client"])
    truth = pa.table(
        {
            "client_id": pa.array([clients["client_id"][c] for c in seen.tolist()], pa.string()),
            "full_visitor_id": pa.array(
                [clients["full_visitor_id"][c] for c in seen.tolist()], pa.string()
            ),
            "person": pa.array(clients["person"][seen], pa.int64()),
            "is_ga4_browser": pa.array(clients["is_ga4_browser"][seen]),
        }
    )
    tracked = history.orders["order_number"][sessions["order"][sessions["order"] >= 0]]
    return Ga360Output(
        files=writer.files,
        sessions=len(sessions["client"]),
        session_rows=writer.rows_written,
        hits=len(hits["session"]),
        tracked_orders=np.sort(tracked),
        clients=truth,
    )


class _Writer:
    """Builds the export rows (one per session and day) with their mess, and writes them."""

    def __init__(self, generator: Ga360Generator, sessions, hits, out_dir: Path, ledger) -> None:
        self.g = generator
        self.s = sessions
        self.h = hits
        self.dir = out_dir
        self.ledger = ledger
        self.files: dict[str, int] = {}
        self.rows_written = 0

    def write(self) -> None:
        rng = rng_for(self.g.cfg.seed, "ga360-export")
        self.dir.mkdir(parents=True, exist_ok=True)
        s, h = self.s, self.h
        start_us = s["start_us"]
        hit_us = start_us[h["session"]] + h["time_ms"] * 1000
        end_of_period = self.g.world.window.start_us
        # hits after the period's end were never collected (the UA property stopped)
        collected = hit_us < end_of_period
        hit_day = (hit_us - self.g.start_us) // MICROS_PER_DAY
        session_day = (start_us - self.g.start_us) // MICROS_PER_DAY
        # a row per session and day it has hits on: the continuation after midnight is a
        # second row in the next day's table (same fullVisitorId, visitId, visitStartTime)
        row_key = h["session"] * (self.g.days + 1) + hit_day
        rows, hit_row = np.unique(row_key[collected], return_inverse=True)
        row_session = rows // (self.g.days + 1)
        row_day = rows % (self.g.days + 1)
        continuation = row_day != session_day[row_session]
        self.ledger.add(SESSIONS_ENTITY, "midnight_split", int(continuation.sum()))

        kept = np.flatnonzero(collected)
        # hits without a time (not the first of a session): flagged, kept
        picker = Picker(rng, len(kept))
        no_time = kept[
            picker.pick(how_many(rng, len(kept), 0.004), eligible=h["position"][kept] > 0)
        ]
        time_ms = h["time_ms"].astype(object)
        time_ms[no_time] = None
        self.ledger.add(HITS_ENTITY, "missing_hit_time", len(no_time))

        # broken session rows: one problem a row, never on a continuation
        n_rows = len(rows)
        row_picker = Picker(rng, n_rows)
        eligible = ~continuation
        copies = row_picker.pick(how_many(rng, n_rows, 0.003), eligible=eligible)
        no_visitor = row_picker.pick(how_many(rng, n_rows, 0.001), eligible=eligible)
        bad_start = row_picker.pick(how_many(rng, n_rows, 0.001), eligible=eligible)
        # a broken first part takes its continuation with it (the same session, broken the
        # same way); a copied first part is copied alone
        no_visitor_session = np.zeros(len(s["client"]), bool)
        no_visitor_session[row_session[no_visitor]] = True
        bad_start_session = np.zeros(len(s["client"]), bool)
        bad_start_session[row_session[bad_start]] = True
        no_visitor_rows = np.flatnonzero(no_visitor_session[row_session])
        bad_start_rows = np.flatnonzero(bad_start_session[row_session])
        self.ledger.add(SESSIONS_ENTITY, "duplicate_session", len(copies))
        self.ledger.add(SESSIONS_ENTITY, "missing_full_visitor_id", len(no_visitor_rows))
        self.ledger.add(SESSIONS_ENTITY, "invalid_visit_start_time", len(bad_start_rows))

        table = self._rows(rows, row_session, row_day, continuation, hit_row, kept, time_ms)
        visitor_mask = np.zeros(n_rows, bool)
        visitor_mask[no_visitor_rows] = True
        visitor = pc.if_else(
            pa.array(visitor_mask), pa.scalar(None, pa.string()), table.column("fullVisitorId")
        )
        start_col = table.column("visitStartTime").to_numpy().copy()
        start_col[bad_start_rows] = 0
        table = table.set_column(
            table.schema.get_field_index("fullVisitorId"), "fullVisitorId", visitor
        )
        table = table.set_column(
            table.schema.get_field_index("visitStartTime"), "visitStartTime", pa.array(start_col)
        )

        for day in range(self.g.days):
            in_day = np.flatnonzero(row_day == day)
            day_rows = np.concatenate([in_day, copies[row_day[copies] == day]])
            day_rows.sort(kind="stable")
            stamp = (self.g.first_day + timedelta(days=day)).strftime("%Y%m%d")
            self._write(table.take(pa.array(day_rows)), f"ga_sessions_{stamp}.parquet")
        # the intraday table of the last day repeats the sessions of its first hours
        last = self.g.days - 1
        last_start = self.g.start_us + last * MICROS_PER_DAY
        first_parts = (row_day == last) & ~continuation
        early = np.flatnonzero(
            first_parts
            & (s["start_us"][row_session] < last_start + INTRADAY_HOURS * 3600 * MICROS_PER_SECOND)
        )
        if len(early) == 0 and first_parts.any():
            early = np.flatnonzero(first_parts)[:1]
        stamp = (self.g.first_day + timedelta(days=last)).strftime("%Y%m%d")
        self._write(table.take(pa.array(early)), f"ga_sessions_intraday_{stamp}.parquet")
        self.ledger.add(SESSIONS_ENTITY, "duplicate_session_intraday", len(early))

    def _write(self, table: pa.Table, name: str) -> None:
        pq.write_table(table, self.dir / name, compression="snappy", row_group_size=ROW_GROUP_SIZE)
        self.files[f"ga360/{name}"] = table.num_rows
        self.rows_written += table.num_rows

    # ---- arrow rows ------------------------------------------------------------------

    def _rows(self, rows, row_session, row_day, continuation, hit_row, kept, time_ms) -> pa.Table:
        g, s, h = self.g, self.s, self.h
        clients = g.client_table
        catalog = g.catalog
        orders, lines = g.history.orders, g.history.lines
        n_rows = len(rows)
        client = s["client"][row_session]
        start_us = s["start_us"][row_session]

        # hits of the kept rows, grouped by row (np.unique sorted them by row already)
        order_hits = np.argsort(hit_row, kind="stable")
        hit_index = kept[order_hits]
        hit_counts = np.bincount(hit_row, minlength=n_rows)
        hit_offsets = np.r_[0, np.cumsum(hit_counts)].astype(np.int32)
        n_hits = len(hit_index)
        stream = clients["stream"][s["client"][h["session"][hit_index]]]
        kind = h["kind"][hit_index]
        sku = h["sku"][hit_index]
        page_index = np.zeros(n_hits, np.int64)
        for page_kind, first in g.pages.kind_start.items():
            mask = kind == page_kind
            if page_kind == "product":
                page_index[mask] = first + sku[mask]
            elif page_kind == "category":
                page_index[mask] = first + catalog.line[sku[mask]]
            elif page_kind == "search":
                page_index[mask] = first + sku[mask] % len(ref.SEARCH_TERMS)
            else:
                page_index[mask] = first
        is_event = kind == "event"
        # the pages of the UA years: the global site in English, the China site in Chinese
        locale = np.where(
            stream == 1, g.pages.locales.index("zh-cn"), g.pages.locales.index("en-gb")
        )
        urls = g.pages.urls.take(pa.array(g.pages.url_index(stream, locale, page_index)))
        hostnames = pa.array([st.hostname for st in ref.STREAMS], pa.string())
        page = pa.StructArray.from_arrays(
            [
                pc.replace_substring_regex(urls, "^https://[^/]+", ""),
                hostnames.take(pa.array(stream)),
                g.pages.titles.take(pa.array(page_index)),
            ],
            fields=list(HIT.field("page").type),
            mask=pa.array(is_event),
        )

        hit_us = s["start_us"][h["session"][hit_index]] + h["time_ms"][hit_index] * 1000
        hour = (hit_us % MICROS_PER_DAY) // (3600 * MICROS_PER_SECOND)
        minute = (hit_us % (3600 * MICROS_PER_SECOND)) // (60 * MICROS_PER_SECOND)
        first_in_row = np.zeros(n_hits, bool)
        first_in_row[hit_offsets[:-1][hit_counts > 0]] = True
        last_in_row = np.zeros(n_hits, bool)
        last_in_row[(hit_offsets[1:] - 1)[hit_counts > 0]] = True
        position = h["position"][hit_index]

        # products of each hit
        order = h["order"][hit_index]
        n_products = h["products"][hit_index]
        product_offsets = np.r_[0, np.cumsum(n_products)].astype(np.int32)
        owner, rank = cumcount(n_products)
        multi = (order[owner] >= 0) & (n_products[owner] > 1)
        p_sku = np.where(multi, -1, sku[owner])
        line = np.where(multi, h["line_start"][hit_index][owner] + rank, -1)
        p_sku = np.where(line >= 0, lines["sku"][np.maximum(line, 0)], p_sku)
        qty = np.where(line >= 0, lines["qty"][np.maximum(line, 0)], 1)
        buyer_currency = np.where(
            order[owner] >= 0,
            orders["currency"][np.maximum(order[owner], 0)],
            ref.CURRENCIES.index("EUR"),
        )
        decimals = CURRENCY_DECIMALS_ARRAY[buyer_currency]
        local_price = (
            catalog.price_minor[p_sku, buyer_currency] * 10**6 // np.power(10, decimals)
        ).astype(np.int64)
        eur = ref.CURRENCIES.index("EUR")
        eur_price = (catalog.price_minor[p_sku, eur] * 10**4).astype(np.int64)
        is_sale = h["action"][hit_index][owner] == ACTION_PURCHASE
        line_names = [catalog.name[x] for x in p_sku.tolist()]
        category = [ref.PRODUCT_LINES[catalog.line[x]].category for x in p_sku.tolist()]
        product = pa.StructArray.from_arrays(
            [
                pa.array([catalog.sku[x] for x in p_sku.tolist()], pa.string()),
                pa.array(line_names, pa.string()),
                pa.array(category, pa.string()),
                pa.array([ref.BRAND] * len(p_sku), pa.string()),
                pa.array([catalog.variant[x] or None for x in p_sku.tolist()], pa.string()),
                pa.array(eur_price),
                pa.array(local_price),
                pa.array(qty.astype(np.int64)),
                pa.array(np.where(is_sale, eur_price * qty, 0)).cast(pa.int64()),
                pa.array(np.where(is_sale, local_price * qty, 0)).cast(pa.int64()),
                pa.array(np.zeros(len(p_sku), bool)),
            ],
            fields=list(PRODUCT),
        )
        product_lists = pa.ListArray.from_arrays(pa.array(product_offsets), product)

        # the transaction of the confirmation hit
        is_transaction = h["type"][hit_index] == "TRANSACTION"
        o = np.maximum(order, 0)
        t_currency = orders["currency"][o]
        t_decimals = CURRENCY_DECIMALS_ARRAY[t_currency]
        fx = np.array([ref.FX_PER_EUR[c] for c in ref.CURRENCIES])[t_currency]

        def local(amount: np.ndarray) -> np.ndarray:
            return (amount * 10**6 // np.power(10, t_decimals)).astype(np.int64)

        def in_eur(amount: np.ndarray) -> np.ndarray:
            return np.round(amount / np.power(10, t_decimals) / fx * 10**6).astype(np.int64)

        order_id = format_ids("", orders["order_number"][o], 10)
        transaction = pa.StructArray.from_arrays(
            [
                order_id,
                pa.array(in_eur(orders["total"][o])),
                pa.array(in_eur(orders["tax"][o])),
                pa.array(in_eur(orders["shipping"][o])),
                pa.array(["online"] * n_hits, pa.string()),
                pa.array([ref.CURRENCIES[c] for c in t_currency.tolist()], pa.string()),
                pa.array(local(orders["total"][o])),
                pa.array(local(orders["tax"][o])),
                pa.array(local(orders["shipping"][o])),
            ],
            fields=list(HIT.field("transaction").type),
            mask=pa.array(~is_transaction),
        )
        action = pa.StructArray.from_arrays(
            [
                pa.array(list(h["action"][hit_index]), pa.string()),
                pa.array(np.where(h["action"][hit_index] == ACTION_CHECKOUT, 1, 0)).cast(
                    pa.int64()
                ),
            ],
            fields=list(HIT.field("eCommerceAction").type),
        )
        event_info = pa.StructArray.from_arrays(
            [
                pa.array(["ecommerce"] * n_hits, pa.string()),
                pa.array(["add_to_cart"] * n_hits, pa.string()),
                pa.array([None] * n_hits, pa.string()),
                pa.array([None] * n_hits, pa.int64()),
            ],
            fields=list(HIT.field("eventInfo").type),
            mask=pa.array(~is_event),
        )
        no_dimensions = pa.ListArray.from_arrays(
            pa.array(np.zeros(n_hits + 1, np.int32)), pa.array([], CUSTOM_DIMENSION)
        )
        hit_struct = pa.StructArray.from_arrays(
            [
                pa.array(position + 1),
                pa.array(list(time_ms[hit_index]), pa.int64()),
                pa.array(hour),
                pa.array(minute),
                pa.array(np.ones(n_hits, bool)),
                pa.array(first_in_row & (position == 0)),
                pa.array(last_in_row),
                page,
                transaction,
                action,
                product_lists,
                pa.array(list(h["type"][hit_index]), pa.string()),
                event_info,
                no_dimensions,
            ],
            fields=list(HIT),
        )
        hit_lists = pa.ListArray.from_arrays(pa.array(hit_offsets), hit_struct)

        # session columns
        row_order = s["order"][row_session]
        pageviews = np.bincount(
            np.repeat(np.arange(n_rows), hit_counts)[h["type"][hit_index] == "PAGE"],
            minlength=n_rows,
        )
        last_ms = np.zeros(n_rows, np.int64)
        has_hits = hit_counts > 0
        last_ms[has_hits] = h["time_ms"][hit_index][hit_offsets[1:][has_hits] - 1]
        is_transaction_row = np.bincount(
            np.repeat(np.arange(n_rows), hit_counts)[is_transaction], minlength=n_rows
        )
        ro = np.maximum(row_order, 0)
        revenue = np.where(
            is_transaction_row > 0,
            np.round(
                orders["total"][ro]
                / np.power(10, CURRENCY_DECIMALS_ARRAY[orders["currency"][ro]])
                / np.array([ref.FX_PER_EUR[c] for c in ref.CURRENCIES])[orders["currency"][ro]]
                * 10**6
            ),
            0,
        ).astype(np.int64)
        first_visit = s["visit_number"][row_session] == 1
        totals = pa.StructArray.from_arrays(
            [
                pa.array(np.where(continuation, 0, 1)).cast(pa.int64()),
                pa.array(hit_counts.astype(np.int64)),
                pa.array(pageviews.astype(np.int64)),
                pa.array([int(t // 1000) if t > 0 else None for t in last_ms.tolist()], pa.int64()),
                pa.array(
                    [
                        1 if (p == 1 and c == 1) else None
                        for p, c in zip(pageviews.tolist(), hit_counts.tolist(), strict=True)
                    ],
                    pa.int64(),
                ),
                pa.array([1 if t else None for t in is_transaction_row.tolist()], pa.int64()),
                pa.array([r if r else None for r in revenue.tolist()], pa.int64()),
                pa.array(
                    [
                        1 if f and not c else None
                        for f, c in zip(first_visit.tolist(), continuation.tolist(), strict=True)
                    ],
                    pa.int64(),
                ),
                pa.array([r if r else None for r in revenue.tolist()], pa.int64()),
            ],
            fields=list(TOTALS),
        )
        sources = [ref.TRAFFIC_SOURCES["global"], ref.TRAFFIC_SOURCES["china"]]
        stream_of = clients["stream"][client]
        src = s["source"][row_session]
        source_rows = [
            sources[st][x] for st, x in zip(stream_of.tolist(), src.tolist(), strict=True)
        ]
        medium = [r[1] for r in source_rows]
        traffic = pa.StructArray.from_arrays(
            [
                pa.array([None] * n_rows, pa.string()),
                pa.array([r[2] for r in source_rows], pa.string()),
                pa.array([r[0] for r in source_rows], pa.string()),
                pa.array(medium, pa.string()),
                pa.array([None] * n_rows, pa.string()),
                pa.array([None] * n_rows, pa.string()),
                pa.StructArray.from_arrays(
                    [pa.array([None] * n_rows, pa.string())],
                    fields=list(TRAFFIC_SOURCE.field("adwordsClickInfo").type),
                ),
                pa.array([True if m == "(none)" else None for m in medium], pa.bool_()),
            ],
            fields=list(TRAFFIC_SOURCE),
        )
        profiles = ref.DEVICE_PROFILES
        device_profile = [profiles[d] for d in clients["device"][client].tolist()]
        people = g.world.people
        person = clients["person"][client]
        device = pa.StructArray.from_arrays(
            [
                pa.array([p[3] for p in device_profile], pa.string()),
                pa.array([p[4] for p in device_profile], pa.string()),
                pa.array([p[1] for p in device_profile], pa.string()),
                pa.array([p[2] for p in device_profile], pa.string()),
                pa.array([p[0] != "desktop" for p in device_profile], pa.bool_()),
                pa.array([p[0] for p in device_profile], pa.string()),
                pa.array([people.language[x].lower() for x in person.tolist()], pa.string()),
            ],
            fields=list(DEVICE),
        )
        countries = [ref.COUNTRIES[c] for c in clients["geo_country"][client].tolist()]
        cities = [
            c.cities[ci]
            for c, ci in zip(countries, clients["geo_city"][client].tolist(), strict=True)
        ]
        geo = pa.StructArray.from_arrays(
            [
                pa.array([c.continent for c in countries], pa.string()),
                pa.array([c.sub_continent for c in countries], pa.string()),
                pa.array([c.name for c in countries], pa.string()),
                pa.array([city.ga_region for city in cities], pa.string()),
                pa.array([city.ga_name for city in cities], pa.string()),
            ],
            fields=list(GEO_NETWORK),
        )
        records = g.world.records
        user_record = s["user_record"][row_session]
        visit_second = start_us // MICROS_PER_SECOND
        dates = [
            (g.first_day + timedelta(days=int(d))).strftime("%Y%m%d") for d in row_day.tolist()
        ]
        empty_dimensions = pa.ListArray.from_arrays(
            pa.array(np.zeros(n_rows + 1, np.int32)), pa.array([], CUSTOM_DIMENSION)
        )
        return pa.Table.from_arrays(
            [
                pa.array([None] * n_rows, pa.int64()),
                pa.array(s["visit_number"][row_session].astype(np.int64)),
                pa.array(visit_second.astype(np.int64)),
                pa.array(visit_second.astype(np.int64)),
                pa.array(dates, pa.string()),
                totals,
                traffic,
                device,
                geo,
                empty_dimensions,
                hit_lists,
                pa.array([clients["full_visitor_id"][c] for c in client.tolist()], pa.string()),
                pa.array(
                    [records.customer_id[r] if r >= 0 else None for r in user_record.tolist()],
                    pa.string(),
                ),
                pa.array([clients["client_id"][c] for c in client.tolist()], pa.string()),
                pa.array([CHANNEL_OF_MEDIUM.get(m, "(Other)") for m in medium], pa.string()),
                pa.array(["Not Socially Engaged"] * n_rows, pa.string()),
            ],
            schema=SCHEMA,
        )
