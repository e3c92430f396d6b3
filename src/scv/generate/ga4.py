"""GA4 web behaviour, one day at a time, vectorised (no per-event Python).

Each day: draw sessions (regular visits weighted by each person's activity,
a browser's very first visit, the sessions in which people sign up), decide
how far each session goes down the funnel, expand sessions into events with
timestamps, and build the export rows with pyarrow. Purchases and bookings
are handed back so the commerce and CRM extracts record the same facts.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from scv.generate import ga4_schema as schema
from scv.generate import reference as ref
from scv.generate.catalog import CURRENCY_DECIMALS_ARRAY, Catalog
from scv.generate.population import World
from scv.generate.util import (
    MICROS_PER_DAY,
    MICROS_PER_SECOND,
    cumcount,
    format_ids,
    rng_for,
    weighted_choice,
)

EVENT_NAMES: tuple[str, ...] = (
    "session_start",
    "first_visit",
    "page_view",
    "user_engagement",
    "view_item_list",
    "select_item",
    "view_item",
    "search",
    "add_to_cart",
    "remove_from_cart",
    "begin_checkout",
    "add_payment_info",
    "purchase",
    "login",
    "sign_up",
    "book_appointment",
)
E = {name: i for i, name in enumerate(EVENT_NAMES)}
# where in a session (0 = start, 1 = end) each kind of event happens
STAGE = {
    "session_start": (0.0, 0.0),
    "first_visit": (0.0, 0.0),
    "page_view": (0.02, 0.98),
    "user_engagement": (0.05, 1.0),
    "view_item_list": (0.05, 0.40),
    "select_item": (0.10, 0.45),
    "view_item": (0.15, 0.55),
    "search": (0.05, 0.50),
    "add_to_cart": (0.60, 0.72),
    "remove_from_cart": (0.73, 0.76),
    "begin_checkout": (0.80, 0.82),
    "add_payment_info": (0.85, 0.88),
    "purchase": (0.92, 0.95),
    "login": (0.03, 0.50),  # replaced per session
    "sign_up": (0.10, 0.50),  # replaced per session
    "book_appointment": (0.60, 0.99),
}
ITEM_EVENTS = frozenset(
    E[n]
    for n in (
        "view_item_list",
        "select_item",
        "view_item",
        "add_to_cart",
        "remove_from_cart",
        "begin_checkout",
        "add_payment_info",
        "purchase",
    )
)
# local time of day people browse (hour 0..23)
HOURLY = np.array(
    [
        0.6,
        0.3,
        0.2,
        0.15,
        0.15,
        0.2,
        0.5,
        1.0,
        1.5,
        1.8,
        2.0,
        2.2,
        2.6,
        2.4,
        2.2,
        2.2,
        2.3,
        2.5,
        2.8,
        3.2,
        3.5,
        3.3,
        2.4,
        1.4,
    ]
)
WEEKDAY_FACTOR = np.array([1.0, 0.95, 0.95, 1.0, 1.03, 1.05, 1.02])
# events per drawn session (measured: ~8.1 per session, ~10% of draws find no browser yet),
# used to turn --events-per-customer-day into a number of sessions
EVENTS_PER_SESSION = 7.3
NO_LOGIN = 9.0  # a position after every event: never logged in during the session
PAGE_KINDS = (
    "home",
    "category",
    "product",
    "search",
    "cart",
    "checkout",
    "confirmation",
    "login",
    "register",
    "appointment",
    "boutiques",
    "account",
)
MIN_DAY0 = {"purchase": 6, "book_appointment": 3, "remove_from_cart": 2, "search": 2, "login": 2}


@dataclass
class DayOutput:
    """One day of clean exported events, plus the business facts behind them."""

    day: int
    table: pa.Table  # clean events, sorted by event_timestamp
    event_name: np.ndarray  # event kind index per row
    session: np.ndarray  # session index per row (into the day's session arrays)
    cookie: np.ndarray
    purchases: dict[str, np.ndarray] = field(default_factory=dict)
    purchase_lines: dict[str, np.ndarray] = field(default_factory=dict)
    bookings: dict[str, np.ndarray] = field(default_factory=dict)
    sessions: int = 0
    exported_sessions: int = 0


class PageVocabulary:
    """Every URL and title of the two sites, as arrow arrays looked up by index."""

    def __init__(self, catalog: Catalog) -> None:
        self.locales = sorted({lang.lower() for c in ref.COUNTRIES for lang, _ in c.languages})
        lines = ref.PRODUCT_LINES
        paths: list[str] = []
        titles: list[str] = []
        self.kind_start: dict[str, int] = {}
        slug = [p.lower().replace(" ", "-").replace("'", "") for p in catalog.name]

        def add(kind: str, items: list[tuple[str, str]]) -> None:
            self.kind_start[kind] = len(paths)
            for path, title in items:
                paths.append(path)
                titles.append(f"{title} | {ref.BRAND}")

        add("home", [("", "Official Website")])
        add(
            "category",
            [
                (f"c/{ln.code.lower()}-{ln.subcategory.lower().replace(' ', '-')}", ln.subcategory)
                for ln in lines
            ],
        )
        add(
            "product",
            [
                (f"p/{slug[i]}-{catalog.sku[i].lower()}", catalog.name[i])
                for i in range(len(catalog))
            ],
        )
        add(
            "search", [(f"search?q={term}", f"Search results: {term}") for term in ref.SEARCH_TERMS]
        )
        for kind, path, title in (
            ("cart", "cart", "Shopping Bag"),
            ("checkout", "checkout", "Secure Checkout"),
            ("confirmation", "checkout/confirmation", "Thank You for Your Order"),
            ("login", "account/login", "Sign In"),
            ("register", "account/register", "Create an Account"),
            ("appointment", "appointments/confirmation", "Your Appointment is Booked"),
            ("boutiques", "boutiques", "Find a Boutique"),
            ("account", "account", "My Account"),
        ):
            add(kind, [(path, title)])
        self.n_pages = len(paths)
        urls: list[str] = []
        for stream in ref.STREAMS:
            for locale in self.locales:
                urls.extend(f"https://{stream.hostname}/{locale}/{p}" for p in paths)
        self.urls = pa.array(urls)
        self.titles = pa.array(titles)

    def url_index(self, stream: np.ndarray, locale: np.ndarray, page: np.ndarray) -> np.ndarray:
        return (stream * len(self.locales) + locale) * self.n_pages + page


class Ga4Simulator:
    def __init__(self, cfg, world: World, catalog: Catalog, first_order_number: int) -> None:
        self.cfg = cfg
        self.world = world
        self.catalog = catalog
        self.pages = PageVocabulary(catalog)
        people, cookies = world.people, world.cookies
        self.next_order_number = first_order_number
        self.next_booking = 0
        n_cookies = len(cookies.person)
        self.session_count = cookies.initial_sessions.astype(np.int64).copy()
        self.remembered = cookies.remembered.copy()
        self.ltv_usd = np.zeros(n_cookies)
        self.seen = np.zeros(n_cookies, dtype=bool)
        # people are drawn for regular sessions in proportion to how much they browse
        has_cookie = cookies.person_count > 0
        weights = np.where(has_cookie, people.web_weight, 0.0)
        self.person_cumweight = np.cumsum(weights)
        self.person_currency = np.array(
            [ref.CURRENCIES.index(ref.COUNTRIES[c].currency) for c in people.country]
        )
        locale_index = {loc: i for i, loc in enumerate(self.pages.locales)}
        self.cookie_locale = np.array(
            [locale_index[people.language[p].lower()] for p in cookies.person.tolist()],
            dtype=np.int64,
        )
        self.cookie_locale[cookies.stream == 1] = locale_index["zh-cn"]
        self._static_cookie_arrays()
        fx = np.array([ref.FX_PER_EUR[c] for c in ref.CURRENCIES])
        self.usd_per_unit = ref.FX_PER_EUR["USD"] / fx

    # ---- per-cookie columns, built once ------------------------------------------

    def _static_cookie_arrays(self) -> None:
        cookies = self.world.cookies
        people = self.world.people
        profiles = ref.DEVICE_PROFILES
        d = cookies.device
        lang = pa.array([people.language[p].lower() for p in cookies.person.tolist()])
        col = [pa.array([p[i] or None for p in profiles]).take(pa.array(d)) for i in range(8)]
        hostname = pa.array([s.hostname for s in ref.STREAMS]).take(pa.array(cookies.stream))
        n = len(d)
        null_s = pa.nulls(n, pa.string())
        web_info = pa.StructArray.from_arrays(
            [col[3], col[4], hostname], fields=list(schema.WEB_INFO)
        )
        self.device = pa.StructArray.from_arrays(
            [
                col[0],
                col[5],
                col[6],
                col[7],
                null_s,
                col[1],
                col[2],
                null_s,
                null_s,
                lang,
                pa.array(["No"] * n),
                pa.nulls(n, pa.int64()),
                web_info,
            ],
            fields=list(schema.DEVICE),
        )
        gc = cookies.geo_country
        countries = ref.COUNTRIES
        city_names = [
            countries[c].cities[k]
            for c, k in zip(gc.tolist(), cookies.geo_city.tolist(), strict=True)
        ]
        self.geo = pa.StructArray.from_arrays(
            [
                pa.array([countries[c].continent for c in gc.tolist()]),
                pa.array([countries[c].sub_continent for c in gc.tolist()]),
                pa.array([countries[c].name for c in gc.tolist()]),
                pa.array([ci.ga_region for ci in city_names]),
                pa.array([ci.ga_name for ci in city_names]),
                pa.array(["(not set)"] * n),
            ],
            fields=list(schema.GEO),
        )
        sources = [ref.TRAFFIC_SOURCES["global"], ref.TRAFFIC_SOURCES["china"]]
        ts_rows = [
            sources[s][t]
            for s, t in zip(cookies.stream.tolist(), cookies.traffic.tolist(), strict=True)
        ]
        self.traffic_source = pa.StructArray.from_arrays(
            [
                pa.array([r[1] for r in ts_rows]),
                pa.array([r[2] for r in ts_rows]),
                pa.array([r[0] for r in ts_rows]),
            ],
            fields=list(schema.TRAFFIC_SOURCE),
        )
        self.privacy = pa.StructArray.from_arrays(
            [
                pa.array(["Yes"] * n),
                pa.array(np.where(cookies.ads_storage, "Yes", "No").tolist()),
                pa.array(["No"] * n),
            ],
            fields=list(schema.PRIVACY_INFO),
        )
        self.stream_id = pa.array([s.stream_id for s in ref.STREAMS]).take(pa.array(cookies.stream))
        self.pseudo_id = pa.array(cookies.pseudo_id)
        self.first_touch = cookies.born_us
        records = self.world.records
        self.record_ids = pa.array(records.customer_id) if records.customer_id else None

    # ---- sessions ---------------------------------------------------------------------

    def _draw_sessions(self, day: int, rng: np.random.Generator) -> dict[str, np.ndarray]:
        world = self.world
        cookies, people = world.cookies, world.people
        weekday = (world.window.start.toordinal() + day) % 7
        target_events = (
            self.cfg.customers * self.cfg.events_per_customer_day * WEEKDAY_FACTOR[weekday]
        )
        first = np.flatnonzero(cookies.born_day == day)
        signup_people = np.flatnonzero((people.signup_day == day) & people.signup_on_web)
        signup_cookie = cookies.person_start[signup_people]
        expected_regular = target_events / EVENTS_PER_SESSION - len(first) - len(signup_people)
        # browsers without analytics consent are never exported: draw more to compensate
        n_regular = int(rng.poisson(max(expected_regular, 0.0) / 0.94))
        total_weight = self.person_cumweight[-1] if len(self.person_cumweight) else 0.0
        if total_weight <= 0:
            n_regular = 0
        person = np.searchsorted(
            self.person_cumweight, rng.random(n_regular) * total_weight, side="right"
        )
        person = np.minimum(person, people.n - 1)
        # pick one of the person's browsers that already existed before today
        start, count = cookies.person_start[person], cookies.person_count[person]
        eligible = np.zeros(n_regular, dtype=np.int64)
        for j in range(int(count.max(initial=0))):
            idx = np.minimum(start + j, len(cookies.person) - 1)
            eligible += (j < count) & (cookies.born_day[idx] < day)
        keep = (eligible > 0) & (people.signup_day[person] != day)
        person, start, eligible = person[keep], start[keep], eligible[keep]
        pick = np.floor(rng.random(len(person)) ** 1.6 * eligible).astype(np.int64)
        regular_cookie = start + pick
        cookie = np.concatenate([regular_cookie, first, signup_cookie])
        kind = np.concatenate(
            [
                np.zeros(len(regular_cookie), np.int64),
                np.ones(len(first), np.int64),
                np.full(len(signup_cookie), 2, np.int64),
            ]
        )
        return {"cookie": cookie, "kind": kind}

    def simulate_day(self, day: int) -> DayOutput:
        cfg, world, catalog = self.cfg, self.world, self.catalog
        cookies, people = world.cookies, world.people
        rng = rng_for(cfg.seed, "ga4-day", day)
        day_start = world.window.start_us + day * MICROS_PER_DAY
        drawn = self._draw_sessions(day, rng)
        s_cookie, s_kind = drawn["cookie"], drawn["kind"]
        n_s = len(s_cookie)
        s_person = cookies.person[s_cookie]
        s_stream = cookies.stream[s_cookie]
        exported = ~cookies.consent_denied[s_cookie]
        prop = people.purchase_propensity[s_person]
        has_account = (people.account_us[s_person] < day_start) & (
            cookies.login_record[s_cookie] >= 0
        )
        is_signup = s_kind == 2
        logged_from_start = has_account & self.remembered[s_cookie]

        # ---- how far down the funnel each session goes
        u = rng.random((n_s, 12))
        engaged = u[:, 0] < np.where(s_kind == 1, 0.55, 0.7)
        engaged |= is_signup
        n_pv = np.where(engaged, 1 + rng.geometric(0.3, n_s), 1)
        browse = engaged & (u[:, 1] < 0.6)
        n_vi = np.where(browse, 1 + rng.poisson(1.6, n_s), 0)
        n_vil = np.where(browse, rng.poisson(0.7, n_s), 0)
        n_si = ((n_vil > 0) & (u[:, 2] < 0.6)).astype(np.int64)
        search = engaged & (u[:, 3] < 0.12)
        intent = np.clip(0.35 + prop, 0.0, 6.0)
        cart = (n_vi > 0) & (u[:, 4] < np.clip(0.045 * intent, 0.0, 0.5))
        checkout = cart & (u[:, 5] < 0.5)
        payment = checkout & (u[:, 6] < 0.8)
        purchase = payment & (prop > 0) & (u[:, 7] < 0.8)
        remove = cart & (u[:, 8] < 0.2)
        book = engaged & (u[:, 9] < 0.004 * (1 + has_account))
        login = has_account & ~logged_from_start & ~is_signup
        login &= u[:, 10] < np.where(checkout, 0.75, 0.12)

        if day == 0:
            pool = np.flatnonzero(exported & (s_kind == 0) & (prop > 0))
            pool = rng.permutation(pool)
            taken = 0
            for name, minimum in MIN_DAY0.items():
                flags = {
                    "purchase": purchase & exported,
                    "book_appointment": book & exported,
                    "remove_from_cart": remove & exported,
                    "search": search & exported,
                    "login": login & exported,
                }[name]
                missing = max(0, minimum - int(flags.sum()))
                chosen = pool[taken : taken + missing]
                taken += missing
                if name == "login":
                    chosen = chosen[has_account[chosen] & ~logged_from_start[chosen]]
                engaged[chosen] = True
                if name in ("purchase", "remove_from_cart"):
                    browse[chosen] = True
                    n_vi[chosen] = np.maximum(n_vi[chosen], 1)
                    cart[chosen] = True
                if name == "purchase":
                    checkout[chosen] = payment[chosen] = purchase[chosen] = True
                elif name == "remove_from_cart":
                    remove[chosen] = True
                elif name == "search":
                    search[chosen] = True
                elif name == "book_appointment":
                    book[chosen] = True
                else:
                    login[chosen] = True
        n_pv = np.where(engaged, np.maximum(n_pv, 1), n_pv)
        n_lines = np.where(cart, 1 + (u[:, 11] < 0.3) + (rng.random(n_s) < 0.08), 0)
        n_ue = np.where(engaged, rng.binomial(n_pv, 0.7), 0)

        counts = {
            "session_start": np.ones(n_s, np.int64),
            "first_visit": (s_kind == 1).astype(np.int64),
            "page_view": n_pv,
            "user_engagement": n_ue,
            "view_item_list": n_vil,
            "select_item": n_si,
            "view_item": np.maximum(n_vi, np.where(cart, n_lines, 0)),
            "search": search.astype(np.int64),
            "add_to_cart": n_lines + remove,
            "remove_from_cart": remove.astype(np.int64),
            "begin_checkout": checkout.astype(np.int64),
            "add_payment_info": payment.astype(np.int64),
            "purchase": purchase.astype(np.int64),
            "login": login.astype(np.int64),
            "sign_up": is_signup.astype(np.int64),
            "book_appointment": book.astype(np.int64),
        }
        n_events = sum(counts.values())

        # ---- when: session start and duration
        gap_seconds = rng.lognormal(np.log(28.0), 0.5, n_s)
        duration_s = np.clip(n_events * gap_seconds, 8.0, 3 * 3600.0)
        duration_us = (duration_s * MICROS_PER_SECOND).astype(np.int64)
        login_pos = np.where(checkout, rng.uniform(0.77, 0.79, n_s), rng.uniform(0.03, 0.5, n_s))
        signup_pos = rng.uniform(0.10, 0.50, n_s)
        utc_offset = np.array([c.utc_offset_hours for c in ref.COUNTRIES])[
            cookies.geo_country[s_cookie]
        ]
        local_second = weighted_choice(rng, HOURLY, n_s) * 3600 + rng.integers(0, 3600, n_s)
        utc_second = (local_second - utc_offset * 3600) % 86_400
        latest = np.maximum(86_400 - duration_s - 1, 0).astype(np.int64)
        start_us = day_start + np.minimum(utc_second, latest) * MICROS_PER_SECOND
        start_us += rng.integers(0, MICROS_PER_SECOND, n_s)
        first_session = s_kind == 1
        start_us[first_session] = cookies.born_us[s_cookie[first_session]]
        signup_us = people.account_us[s_person]
        start_us[is_signup] = signup_us[is_signup] - (
            signup_pos[is_signup] * duration_us[is_signup]
        ).astype(np.int64)
        logged_pos = np.where(
            logged_from_start,
            0.0,
            np.where(login, login_pos, np.where(is_signup, signup_pos, NO_LOGIN)),
        )
        s_record = np.where(
            is_signup, s_person, np.where(logged_pos < NO_LOGIN, cookies.login_record[s_cookie], -1)
        )

        # ---- session numbering per browser
        order = np.lexsort((start_us, s_cookie))
        sorted_cookie = s_cookie[order]
        new_run = np.r_[True, sorted_cookie[1:] != sorted_cookie[:-1]]
        run_start = np.maximum.accumulate(np.where(new_run, np.arange(n_s), 0))
        rank = np.empty(n_s, np.int64)
        rank[order] = np.arange(n_s) - run_start
        session_number = self.session_count[s_cookie] + rank + 1
        session_id = start_us // MICROS_PER_SECOND

        # ---- traffic source of the session
        site_sources = [ref.TRAFFIC_SOURCES["global"], ref.TRAFFIC_SOURCES["china"]]
        src_global = weighted_choice(rng, [t[-1] for t in site_sources[0]], n_s)
        src_china = weighted_choice(rng, [t[-1] for t in site_sources[1]], n_s)
        s_source = np.where(s_stream == 1, src_china, src_global)
        s_source[first_session] = cookies.traffic[s_cookie[first_session]]
        s_source[is_signup] = 0  # direct

        # ---- basket lines and money (minor units of the session currency)
        currency = np.where(
            s_stream == 1, ref.CURRENCIES.index("CNY"), self.person_currency[s_person]
        )
        line_session, line_rank = cumcount(n_lines)
        line_sku = weighted_choice(rng, catalog.popularity, len(line_session))
        expensive = catalog.price_eur_cents[line_sku] > 200_000
        line_qty = np.where(~expensive & (rng.random(len(line_session)) < 0.08), 2, 1)
        line_price = catalog.price_minor[line_sku, currency[line_session]]
        promo = np.where(rng.random(n_s) < 0.12, rng.integers(0, len(ref.PROMO_CODES), n_s), -1)
        promo_rate = np.where(promo >= 0, np.array([p[1] for p in ref.PROMO_CODES])[promo], 0.0)
        gross = line_price * line_qty
        line_discount = np.round(gross * promo_rate[line_session]).astype(np.int64)
        line_total = gross - line_discount
        subtotal = np.bincount(line_session, weights=gross, minlength=n_s).astype(np.int64)
        discount = np.bincount(line_session, weights=line_discount, minlength=n_s).astype(np.int64)
        decimals = CURRENCY_DECIMALS_ARRAY[currency]
        shipping_eur = np.where(rng.random(n_s) < 0.2, 15.0, 0.0)
        fx = np.array([ref.FX_PER_EUR[c] for c in ref.CURRENCIES])[currency]
        shipping = np.round(shipping_eur * fx) * np.power(10, decimals)
        shipping = shipping.astype(np.int64)
        total = subtotal - discount + shipping
        vat = np.array([c.vat_rate for c in ref.COUNTRIES])[people.country[s_person]]
        tax = np.round(total * vat / (1 + vat)).astype(np.int64)
        extra_sku = weighted_choice(rng, catalog.popularity, n_s)  # added then removed

        # order ids for purchases, in time order
        purchase_sessions = np.flatnonzero(purchase)
        purchase_sessions = purchase_sessions[
            np.argsort(start_us[purchase_sessions], kind="stable")
        ]
        order_number = np.full(n_s, -1, np.int64)
        order_number[purchase_sessions] = self.next_order_number + np.arange(len(purchase_sessions))
        self.next_order_number += len(purchase_sessions)
        booking_sessions = np.flatnonzero(book)
        booking_number = np.full(n_s, -1, np.int64)
        booking_number[booking_sessions] = self.next_booking + np.arange(len(booking_sessions))
        self.next_booking += len(booking_sessions)

        # ---- events
        ev_session_parts, ev_kind_parts, ev_k_parts = [], [], []
        for name in EVENT_NAMES:
            g, k = cumcount(counts[name])
            ev_session_parts.append(g)
            ev_kind_parts.append(np.full(len(g), E[name], np.int64))
            ev_k_parts.append(k)
        ev_session = np.concatenate(ev_session_parts)
        ev_kind = np.concatenate(ev_kind_parts)
        ev_k = np.concatenate(ev_k_parts)
        lo = np.array([STAGE[n][0] for n in EVENT_NAMES])[ev_kind]
        hi = np.array([STAGE[n][1] for n in EVENT_NAMES])[ev_kind]
        pos = lo + (hi - lo) * rng.random(len(ev_kind))
        pos[(ev_kind == E["page_view"]) & (ev_k == 0)] = 0.0005
        is_login_ev = ev_kind == E["login"]
        pos[is_login_ev] = login_pos[ev_session[is_login_ev]]
        is_signup_ev = ev_kind == E["sign_up"]
        pos[is_signup_ev] = signup_pos[ev_session[is_signup_ev]]
        ts = start_us[ev_session] + (pos * duration_us[ev_session]).astype(np.int64)
        ev_cookie = s_cookie[ev_session]

        # only browsers with analytics consent reach the export
        keep = exported[ev_session]
        ev_session, ev_kind, ev_k, pos, ts, ev_cookie = (
            a[keep] for a in (ev_session, ev_kind, ev_k, pos, ts, ev_cookie)
        )
        ts = self._unique_timestamps(ev_cookie, ev_kind, ev_session, ts)
        order = np.lexsort((ev_kind, ts))
        ev_session, ev_kind, ev_k, pos, ts, ev_cookie = (
            a[order] for a in (ev_session, ev_kind, ev_k, pos, ts, ev_cookie)
        )
        has_uid = pos >= logged_pos[ev_session]

        sess = {
            "cookie": s_cookie,
            "stream": s_stream,
            "session_id": session_id,
            "session_number": session_number,
            "engaged": engaged,
            "source": s_source,
            "currency": currency,
            "decimals": decimals,
            "subtotal": subtotal,
            "discount": discount,
            "shipping": shipping,
            "tax": tax,
            "total": total,
            "promo": promo,
            "n_lines": n_lines,
            "order_number": order_number,
            "booking_number": booking_number,
            "record": s_record,
            "extra_sku": extra_sku,
            "person": s_person,
        }
        lines = {
            "session": line_session,
            "rank": line_rank,
            "sku": line_sku,
            "qty": line_qty,
            "price": line_price,
            "discount": line_discount,
            "total": line_total,
        }
        table = self._build_table(
            day, rng, sess, lines, ev_session, ev_kind, ev_k, ts, ev_cookie, has_uid
        )

        # ---- state carried to the next days
        np.add.at(self.session_count, s_cookie, 1)
        sticky = (login | is_signup) & (rng.random(n_s) < 0.6)
        self.remembered[s_cookie[sticky]] = True
        self.seen[s_cookie[exported]] = True
        np.add.at(
            self.ltv_usd,
            s_cookie[purchase],
            total[purchase]
            / np.power(10.0, decimals[purchase])
            * self.usd_per_unit[currency[purchase]],
        )

        purchase_ts = np.full(n_s, -1, np.int64)
        purchase_rows = ev_kind == E["purchase"]
        purchase_ts[ev_session[purchase_rows]] = ts[purchase_rows]
        # purchases of browsers outside the export: the order exists, the event does not
        hidden = purchase & ~exported
        purchase_ts[hidden] = start_us[hidden] + (0.93 * duration_us[hidden]).astype(np.int64)
        ps = purchase_sessions
        booking_ts = np.full(n_s, -1, np.int64)
        booking_rows = ev_kind == E["book_appointment"]
        booking_ts[ev_session[booking_rows]] = ts[booking_rows]
        hidden_b = book & ~exported
        booking_ts[hidden_b] = start_us[hidden_b] + (0.8 * duration_us[hidden_b]).astype(np.int64)
        line_of_purchase = purchase[line_session]
        return DayOutput(
            day=day,
            table=table,
            event_name=ev_kind,
            session=ev_session,
            cookie=ev_cookie,
            purchases={
                "order_number": order_number[ps],
                "ordered_us": purchase_ts[ps],
                "person": s_person[ps],
                "cookie": s_cookie[ps],
                "record": s_record[ps],
                "currency": currency[ps],
                "subtotal": subtotal[ps],
                "discount": discount[ps],
                "shipping": shipping[ps],
                "tax": tax[ps],
                "total": total[ps],
                "promo": promo[ps],
                "tracked": exported[ps],
                "session": ps,
            },
            purchase_lines={
                "order_number": order_number[line_session[line_of_purchase]],
                "rank": line_rank[line_of_purchase],
                "sku": line_sku[line_of_purchase],
                "qty": line_qty[line_of_purchase],
                "price": line_price[line_of_purchase],
                "discount": line_discount[line_of_purchase],
                "total": line_total[line_of_purchase],
            },
            bookings={
                "booking_number": booking_number[booking_sessions],
                "booked_us": booking_ts[booking_sessions],
                "person": s_person[booking_sessions],
                "record": np.where(
                    logged_pos[booking_sessions] <= 0.6, s_record[booking_sessions], -1
                ),
                "tracked": exported[booking_sessions],
            },
            sessions=n_s,
            exported_sessions=int(exported.sum()),
        )

    @staticmethod
    def _unique_timestamps(
        cookie: np.ndarray, kind: np.ndarray, session: np.ndarray, ts: np.ndarray
    ) -> np.ndarray:
        """No two events of one browser share a microsecond, except first_visit, which GA4
        stamps with its session_start's time; so exact copies are only ever injected ones."""
        ts = ts.copy()
        movable = kind != E["first_visit"]
        idx = np.flatnonzero(movable)
        for _ in range(50):
            order = idx[np.lexsort((ts[idx], cookie[idx]))]
            clash = (cookie[order][1:] == cookie[order][:-1]) & (ts[order][1:] == ts[order][:-1])
            if not clash.any():
                break
            ts[order[1:][clash]] += 1
        starts = np.flatnonzero(kind == E["session_start"])
        session_start_ts = np.zeros(session.max(initial=-1) + 1, np.int64)
        session_start_ts[session[starts]] = ts[starts]
        fv = np.flatnonzero(kind == E["first_visit"])
        ts[fv] = session_start_ts[session[fv]]
        return ts

    # ---- export rows ------------------------------------------------------------------

    def _build_table(
        self, day, rng, sess, lines, ev_session, ev_kind, ev_k, ts, ev_cookie, has_uid
    ) -> pa.Table:
        catalog, pages = self.catalog, self.pages
        n = len(ev_kind)
        s = ev_session
        stream = sess["stream"][s]
        locale = self.cookie_locale[ev_cookie]
        k = pages.kind_start
        n_lines = sess["n_lines"]
        line_start = np.cumsum(n_lines) - n_lines

        # item (sku) each single-item event is about
        item_sku = np.full(n, -1, np.int64)
        random_sku = weighted_choice(rng, catalog.popularity, n)
        vi = ev_kind == E["view_item"]
        in_basket = vi & (ev_k < n_lines[s])
        item_sku[vi] = random_sku[vi]
        item_sku[in_basket] = lines["sku"][line_start[s[in_basket]] + ev_k[in_basket]]
        atc = ev_kind == E["add_to_cart"]
        atc_line = atc & (ev_k < n_lines[s])
        item_sku[atc] = sess["extra_sku"][s[atc]]
        item_sku[atc_line] = lines["sku"][line_start[s[atc_line]] + ev_k[atc_line]]
        rfc = ev_kind == E["remove_from_cart"]
        item_sku[rfc] = sess["extra_sku"][s[rfc]]
        si = ev_kind == E["select_item"]
        item_sku[si] = random_sku[si]

        # page of each event
        page = np.full(n, k["home"], np.int64)
        browse_kind = weighted_choice(rng, [3, 3, 4, 0.3, 0.3], n)
        browse_page = np.choose(
            browse_kind,
            [
                np.full(n, k["home"]),
                k["category"] + catalog.line[random_sku],
                k["product"] + random_sku,
                np.full(n, k["boutiques"]),
                np.full(n, k["account"]),
            ],
        )
        pv_or_ue = (ev_kind == E["page_view"]) | (ev_kind == E["user_engagement"])
        page[pv_or_ue] = browse_page[pv_or_ue]
        landing = np.isin(ev_kind, [E["session_start"], E["first_visit"]]) | (
            (ev_kind == E["page_view"]) & (ev_k == 0)
        )
        # the landing page: the same for every event that opens the session
        n_sessions = len(sess["cookie"])
        landing_sku = weighted_choice(rng, catalog.popularity, n_sessions)
        landing_page = np.choose(
            rng.integers(0, 3, n_sessions),
            [
                np.full(n_sessions, k["home"]),
                k["category"] + catalog.line[landing_sku],
                k["product"] + landing_sku,
            ],
        )
        page[landing] = landing_page[s[landing]]
        single = item_sku >= 0
        page[single & ~rfc] = k["product"] + item_sku[single & ~rfc]
        page[(ev_kind == E["view_item_list"])] = (
            k["category"] + catalog.line[random_sku[ev_kind == E["view_item_list"]]]
        )
        term = rng.integers(0, len(ref.SEARCH_TERMS), n)
        srch = ev_kind == E["search"]
        page[srch] = k["search"] + term[srch]
        for name, kind in (
            ("remove_from_cart", "cart"),
            ("begin_checkout", "checkout"),
            ("add_payment_info", "checkout"),
            ("purchase", "confirmation"),
            ("login", "login"),
            ("sign_up", "register"),
            ("book_appointment", "appointment"),
        ):
            page[ev_kind == E[name]] = k[kind]
        url_idx = pa.array(pages.url_index(stream, locale, page))
        home_idx = pa.array(pages.url_index(stream, locale, np.full(n, k["home"])))

        params = ParamBuilder(n)
        rows = np.arange(n)
        params.add_int(rows, "ga_session_id", sess["session_id"][s])
        params.add_int(rows, "ga_session_number", sess["session_number"][s])
        params.add_str(rows, "page_location", pages.urls.take(url_idx))
        params.add_str(rows, "page_title", pages.titles.take(pa.array(page)))
        engaged = sess["engaged"][s]
        not_start = ~np.isin(ev_kind, [E["session_start"], E["first_visit"]])
        # real exports mostly send '1' as a string, some tags send the integer
        eng_rows = np.flatnonzero(engaged & not_start)
        as_int = rng.random(len(eng_rows)) < 0.1
        params.add_str(eng_rows[~as_int], "session_engaged", pa.array(["1"] * int((~as_int).sum())))
        params.add_int(eng_rows[as_int], "session_engaged", np.ones(int(as_int.sum()), np.int64))
        params.add_int(eng_rows, "engaged_session_event", np.ones(len(eng_rows), np.int64))
        et_rows = np.flatnonzero(
            (not_start & (ev_kind != E["page_view"])) | ((ev_kind == E["page_view"]) & (ev_k > 0))
        )
        params.add_int(
            et_rows,
            "engagement_time_msec",
            rng.exponential(9000, len(et_rows)).astype(np.int64) + 1,
        )
        pv_first = np.flatnonzero((ev_kind == E["page_view"]) & (ev_k == 0))
        params.add_int(pv_first, "entrances", np.ones(len(pv_first), np.int64))

        # campaign parameters on the events that open the session
        src = sess["source"][s]
        site_sources = [ref.TRAFFIC_SOURCES["global"], ref.TRAFFIC_SOURCES["china"]]
        source_rows = [site_sources[0][i] for i in range(len(site_sources[0]))] + [
            site_sources[1][i] for i in range(len(site_sources[1]))
        ]
        src_flat = src + np.where(stream == 1, len(site_sources[0]), 0)
        source_name = pa.array([r[0] for r in source_rows])
        medium_name = pa.array([r[1] for r in source_rows])
        campaign_name = pa.array([r[2] for r in source_rows])
        not_direct = np.array([r[0] != "(direct)" for r in source_rows])[src_flat]
        camp_rows = np.flatnonzero(landing & not_direct)
        idx = pa.array(src_flat[camp_rows])
        params.add_str(camp_rows, "source", source_name.take(idx))
        params.add_str(camp_rows, "medium", medium_name.take(idx))
        params.add_str(camp_rows, "campaign", campaign_name.take(idx))
        is_cpc = np.array([r[1] == "cpc" for r in source_rows])[src_flat]
        gclid_rows = np.flatnonzero(landing & is_cpc)
        gclid = format_ids("Cj0KCQjw", sess["session_id"][s[gclid_rows]] * 7 % 10**10, 10)
        params.add_str(gclid_rows, "gclid", gclid)
        referrer_map = np.array([REFERRER_INDEX.get(r[0], -1) for r in source_rows])[src_flat]
        ref_rows = np.flatnonzero((ev_kind == E["page_view"]) & (ev_k == 0) & (referrer_map >= 0))
        params.add_str(
            ref_rows, "page_referrer", REFERRER_URLS.take(pa.array(referrer_map[ref_rows]))
        )
        inner_pv = np.flatnonzero((ev_kind == E["page_view"]) & (ev_k > 0))
        params.add_str(
            inner_pv, "page_referrer", pages.urls.take(home_idx.take(pa.array(inner_pv)))
        )

        params.add_str(
            np.flatnonzero(srch), "search_term", SEARCH_TERM_ARRAY.take(pa.array(term[srch]))
        )
        for name in ("login", "sign_up"):
            r = np.flatnonzero(ev_kind == E[name])
            params.add_str(
                r,
                "method",
                LOGIN_METHOD_ARRAY.take(pa.array(rng.integers(0, len(ref.LOGIN_METHODS), len(r)))),
            )

        # money: currency + value on e-commerce events
        cur = sess["currency"][s]
        dec = sess["decimals"][s]
        single_price = np.where(item_sku >= 0, catalog.price_minor[np.maximum(item_sku, 0), cur], 0)
        qty_single = np.ones(n, np.int64)
        qty_single[atc_line] = lines["qty"][line_start[s[atc_line]] + ev_k[atc_line]]
        value_minor = np.zeros(n, np.int64)
        value_minor[vi | rfc] = single_price[vi | rfc]
        value_minor[atc] = single_price[atc] * qty_single[atc]
        cart_value = sess["subtotal"] - sess["discount"]
        for name in ("begin_checkout", "add_payment_info"):
            m = ev_kind == E[name]
            value_minor[m] = cart_value[s[m]]
        pur = ev_kind == E["purchase"]
        value_minor[pur] = sess["total"][s[pur]]
        money_rows = np.flatnonzero(
            vi
            | atc
            | rfc
            | np.isin(ev_kind, [E["begin_checkout"], E["add_payment_info"], E["purchase"]])
        )
        params.add_str(money_rows, "currency", CURRENCY_ARRAY.take(pa.array(cur[money_rows])))
        value = value_minor / np.power(10.0, dec)
        whole = (value_minor % np.power(10, dec).astype(np.int64)) == 0
        int_value = whole[money_rows] & (
            (dec[money_rows] == 0) | (rng.random(len(money_rows)) < 0.3)
        )
        params.add_int(
            money_rows[int_value],
            "value",
            (value_minor[money_rows[int_value]] // np.power(10, dec[money_rows[int_value]])).astype(
                np.int64
            ),
        )
        params.add_double(money_rows[~int_value], "value", value[money_rows[~int_value]])
        pur_rows = np.flatnonzero(pur)
        order_ids = format_ids("", sess["order_number"][s[pur_rows]], 10)
        params.add_str(pur_rows, "transaction_id", order_ids)
        promo = sess["promo"][s]
        coupon_rows = np.flatnonzero((pur | (ev_kind == E["begin_checkout"])) & (promo >= 0))
        params.add_str(coupon_rows, "coupon", PROMO_ARRAY.take(pa.array(promo[coupon_rows])))
        params.add_double(pur_rows, "tax", sess["tax"][s[pur_rows]] / np.power(10.0, dec[pur_rows]))
        params.add_double(
            pur_rows, "shipping", sess["shipping"][s[pur_rows]] / np.power(10.0, dec[pur_rows])
        )
        pay_rows = np.flatnonzero(ev_kind == E["add_payment_info"])
        params.add_str(
            pay_rows,
            "payment_type",
            PAYMENT_TYPE_ARRAY.take(pa.array(rng.integers(0, len(PAYMENT_TYPES), len(pay_rows)))),
        )
        book_rows = np.flatnonzero(ev_kind == E["book_appointment"])
        params.add_str(
            book_rows,
            "booking_id",
            booking_ids(sess["booking_number"][s[book_rows]], self.cfg.seed),
        )
        params.add_str(
            book_rows,
            "appointment_type",
            MOTIVATION_ARRAY.take(
                pa.array(rng.integers(0, len(ref.APPOINTMENT_MOTIVATIONS), len(book_rows)))
            ),
        )
        list_rows = np.flatnonzero(np.isin(ev_kind, [E["view_item_list"], E["select_item"]]))
        params.add_str(list_rows, "item_list_name", pa.array(["Category Grid"] * len(list_rows)))
        event_params = params.build()

        # items
        items = ItemBuilder(catalog)
        single_rows = np.flatnonzero((item_sku >= 0) & ~pur)
        items.add(
            single_rows,
            item_sku[single_rows],
            qty_single[single_rows],
            single_price[single_rows],
            cur[single_rows],
            dec[single_rows],
        )
        list_ev = np.flatnonzero(ev_kind == E["view_item_list"])
        if len(list_ev):
            list_rep = np.repeat(list_ev, 4)
            list_sku = weighted_choice(rng, catalog.popularity, len(list_rep))
            items.add(
                list_rep,
                list_sku,
                np.ones(len(list_rep), np.int64),
                catalog.price_minor[list_sku, cur[list_rep]],
                cur[list_rep],
                dec[list_rep],
                list_index=np.tile(np.arange(1, 5), len(list_ev)),
            )
        basket_ev = np.flatnonzero(
            np.isin(ev_kind, [E["begin_checkout"], E["add_payment_info"], E["purchase"]])
        )
        b_event, b_rank = cumcount(n_lines[s[basket_ev]])
        b_rows = basket_ev[b_event]
        b_line = line_start[s[b_rows]] + b_rank
        items.add(
            b_rows,
            lines["sku"][b_line],
            lines["qty"][b_line],
            lines["price"][b_line],
            cur[b_rows],
            dec[b_rows],
            revenue=np.where(pur[b_rows], lines["total"][b_line], -1),
            coupon=np.where(pur[b_rows], promo[b_rows], -1),
        )
        items_array = items.build(n)

        # ecommerce struct
        usd = self.usd_per_unit[cur]
        item_count_qty = np.zeros(n, np.int64)
        unique_items = np.zeros(n, np.int64)
        has_items = np.isin(ev_kind, list(ITEM_EVENTS))
        item_count_qty[single_rows] = qty_single[single_rows]
        unique_items[single_rows] = 1
        item_count_qty[list_ev] = 4
        unique_items[list_ev] = 4
        np.add.at(item_count_qty, b_rows, lines["qty"][b_line])
        np.add.at(unique_items, b_rows, 1)
        revenue = np.where(pur, sess["total"][s] / np.power(10.0, dec), np.nan)
        tax = np.where(pur, sess["tax"][s] / np.power(10.0, dec), np.nan)
        shipping = np.where(pur, sess["shipping"][s] / np.power(10.0, dec), np.nan)
        null_f = pa.nulls(n, pa.float64())

        def fmask(values: np.ndarray) -> pa.Array:
            return pa.array(values, mask=np.isnan(values))

        txn_values = np.full(n, None, dtype=object)
        txn_values[pur_rows] = order_ids.to_numpy(zero_copy_only=False)
        txn = pa.array(txn_values, pa.string())
        ecommerce = pa.StructArray.from_arrays(
            [
                pa.array(item_count_qty),
                fmask(np.round(revenue * usd, 2)),
                fmask(revenue),
                null_f,
                null_f,
                fmask(np.round(shipping * usd, 2)),
                fmask(shipping),
                fmask(np.round(tax * usd, 2)),
                fmask(tax),
                pa.array(unique_items),
                txn,
            ],
            fields=list(schema.ECOMMERCE),
            mask=pa.array(~has_items),
        )

        # collected_traffic_source: the utm tags seen on the landing events
        cts_mask = ~(landing & not_direct)
        cts_idx = pa.array(src_flat)
        null_s = pa.nulls(n, pa.string())
        gclid_all = pc.if_else(
            pa.array(landing & is_cpc),
            format_ids("Cj0KCQjw", sess["session_id"][s] * 7 % 10**10, 10),
            null_s,
        )
        collected = pa.StructArray.from_arrays(
            [
                null_s,
                campaign_name.take(cts_idx),
                source_name.take(cts_idx),
                medium_name.take(cts_idx),
                null_s,
                null_s,
                null_s,
                null_s,
                null_s,
                gclid_all,
                null_s,
                null_s,
            ],
            fields=list(schema.COLLECTED_TRAFFIC_SOURCE),
            mask=pa.array(cts_mask),
        )

        record = sess["record"][s]
        if self.record_ids is None:
            raise RuntimeError("customer ids must be assigned before simulating GA4")
        uid = has_uid & (record >= 0)
        user_id = pc.if_else(
            pa.array(uid), self.record_ids.take(pa.array(np.maximum(record, 0))), null_s
        )
        up_rows = np.flatnonzero(uid)
        up_value = pa.StructArray.from_arrays(
            [
                pa.array(["registered"] * len(up_rows)),
                pa.nulls(len(up_rows), pa.int64()),
                pa.nulls(len(up_rows), pa.float64()),
                pa.nulls(len(up_rows), pa.float64()),
                pa.array(ts[up_rows]),
            ],
            fields=list(schema.USER_PROPERTY_VALUE),
        )
        up_struct = pa.StructArray.from_arrays(
            [pa.array(["customer_status"] * len(up_rows)), up_value],
            fields=list(schema.USER_PROPERTY),
        )
        user_properties = pa.ListArray.from_arrays(
            pa.array(np.r_[0, np.cumsum(uid)].astype(np.int32)),
            up_struct,
            type=pa.list_(schema.USER_PROPERTY),
        )
        ltv = self.ltv_usd[ev_cookie]
        user_ltv = pa.StructArray.from_arrays(
            [pa.array(np.round(ltv, 2)), pa.array(["USD"] * n)],
            fields=list(schema.USER_LTV),
            mask=pa.array(ltv <= 0),
        )
        has_value = np.zeros(n, dtype=bool)
        has_value[money_rows] = True
        value_usd = np.where(has_value, value * usd, np.nan)
        cookie_idx = pa.array(ev_cookie)
        event_date = date.fromordinal(self.world.window.start.toordinal() + day).strftime("%Y%m%d")
        columns = {
            "event_date": pa.array([event_date] * n),
            "event_timestamp": pa.array(ts),
            "event_name": EVENT_NAME_ARRAY.take(pa.array(ev_kind)),
            "event_params": event_params,
            "event_previous_timestamp": pa.nulls(n, pa.int64()),
            "event_value_in_usd": fmask(np.round(value_usd, 2)),
            "event_bundle_sequence_id": pa.array(rng.integers(10**9, 10**10, n)),
            "event_server_timestamp_offset": pa.array(rng.integers(50_000, 2_000_000, n)),
            "user_id": user_id,
            "user_pseudo_id": self.pseudo_id.take(cookie_idx),
            "privacy_info": self.privacy.take(cookie_idx),
            "user_properties": user_properties,
            "user_first_touch_timestamp": pa.array(self.first_touch[ev_cookie]),
            "user_ltv": user_ltv,
            "device": self.device.take(cookie_idx),
            "geo": self.geo.take(cookie_idx),
            "app_info": pa.nulls(n, schema.APP_INFO),
            "traffic_source": self.traffic_source.take(cookie_idx),
            "stream_id": self.stream_id.take(cookie_idx),
            "platform": pa.array(["WEB"] * n),
            "event_dimensions": pa.nulls(n, schema.EVENT_DIMENSIONS),
            "ecommerce": ecommerce,
            "items": items_array,
            "collected_traffic_source": collected,
            "is_active_user": pa.array(engaged),
        }
        return pa.Table.from_arrays(
            [
                columns[name].cast(schema.GA4_EVENTS_SCHEMA.field(name).type)
                for name in schema.GA4_EVENTS_SCHEMA.names
            ],
            schema=schema.GA4_EVENTS_SCHEMA,
        )


EVENT_NAME_ARRAY = pa.array(list(EVENT_NAMES))
REFERRER_KEYS = list(ref.REFERRERS)
REFERRER_INDEX = {key: i for i, key in enumerate(REFERRER_KEYS)}
REFERRER_URLS = pa.array([ref.REFERRERS[key] for key in REFERRER_KEYS])
SEARCH_TERM_ARRAY = pa.array(list(ref.SEARCH_TERMS))
LOGIN_METHOD_ARRAY = pa.array(list(ref.LOGIN_METHODS))
CURRENCY_ARRAY = pa.array(list(ref.CURRENCIES))
PROMO_ARRAY = pa.array([p[0] for p in ref.PROMO_CODES])
PAYMENT_TYPES = ("Credit Card", "PayPal", "Apple Pay", "Alipay", "Klarna")
PAYMENT_TYPE_ARRAY = pa.array(list(PAYMENT_TYPES))
MOTIVATION_ARRAY = pa.array(list(ref.APPOINTMENT_MOTIVATIONS))


def booking_ids(numbers: np.ndarray, seed: int) -> pa.Array:
    """The booking form's unique id: opaque, unrelated to the CRM appointment id
    (an affine bijection modulo 10**10, so ids never collide)."""
    values = (np.asarray(numbers, np.int64) * 2_654_435_761 + seed * 7_919 + 104_729) % 10**10
    return format_ids("bk_", values, 10)


class ParamBuilder:
    """Collects event parameters as columnar blocks and assembles the list<struct> column."""

    def __init__(self, n_events: int) -> None:
        self.n = n_events
        self.rows: list[np.ndarray] = []
        self.keys: list[str] = []
        self.strings: list[pa.Array] = []
        self.ints: list[np.ndarray] = []
        self.doubles: list[np.ndarray] = []
        self.kind: list[int] = []

    def _add(self, rows, key, kind, s=None, i=None, d=None) -> None:
        rows = np.asarray(rows, np.int64)
        m = len(rows)
        self.rows.append(rows)
        self.keys.append(key)
        self.kind.append(kind)
        self.strings.append(s if s is not None else pa.nulls(m, pa.string()))
        self.ints.append(np.asarray(i, np.int64) if i is not None else np.zeros(m, np.int64))
        self.doubles.append(np.asarray(d, np.float64) if d is not None else np.zeros(m))

    def add_str(self, rows, key: str, values: pa.Array) -> None:
        self._add(rows, key, 0, s=values)

    def add_int(self, rows, key: str, values: np.ndarray) -> None:
        self._add(rows, key, 1, i=values)

    def add_double(self, rows, key: str, values: np.ndarray) -> None:
        self._add(rows, key, 2, d=values)

    def build(self) -> pa.Array:
        rows = np.concatenate(self.rows)
        key_id = np.concatenate([np.full(len(r), b) for b, r in enumerate(self.rows)])
        kind = np.array(self.kind)[key_id]
        order = np.argsort(rows, kind="stable")
        key_names = pa.array(self.keys)
        keys = key_names.take(pa.array(key_id[order]))
        strings = pa.concat_arrays([a.cast(pa.string()) for a in self.strings]).take(
            pa.array(order)
        )
        ints = np.concatenate(self.ints)[order]
        doubles = np.concatenate(self.doubles)[order]
        k = kind[order]
        null_f = pa.nulls(len(order), pa.float64())
        value = pa.StructArray.from_arrays(
            [strings, pa.array(ints, mask=k != 1), null_f, pa.array(doubles, mask=k != 2)],
            fields=list(schema.PARAM_VALUE),
        )
        entries = pa.StructArray.from_arrays([keys, value], fields=list(schema.EVENT_PARAM))
        offsets = np.r_[0, np.cumsum(np.bincount(rows, minlength=self.n))].astype(np.int32)
        return pa.ListArray.from_arrays(
            pa.array(offsets), entries, type=pa.list_(schema.EVENT_PARAM)
        )


class ItemBuilder:
    """Collects item rows per event and assembles the `items` list<struct> column."""

    def __init__(self, catalog: Catalog) -> None:
        self.catalog = catalog
        self.arrow = catalog.arrow()
        self.parts: list[dict[str, np.ndarray]] = []

    def add(
        self,
        rows,
        sku,
        qty,
        price_minor,
        currency,
        decimals,
        list_index=None,
        revenue=None,
        coupon=None,
    ) -> None:
        m = len(rows)
        self.parts.append(
            {
                "rows": np.asarray(rows, np.int64),
                "sku": np.asarray(sku, np.int64),
                "qty": np.asarray(qty, np.int64),
                "price": np.asarray(price_minor, np.int64),
                "currency": np.asarray(currency, np.int64),
                "decimals": np.asarray(decimals, np.int64),
                "list_index": np.full(m, -1, np.int64) if list_index is None else list_index,
                "revenue": np.full(m, -1, np.int64) if revenue is None else revenue,
                "coupon": np.full(m, -1, np.int64) if coupon is None else coupon,
            }
        )

    def build(self, n_events: int) -> pa.Array:
        cols = {key: np.concatenate([p[key] for p in self.parts]) for key in self.parts[0]}
        order = np.argsort(cols["rows"], kind="stable")
        cols = {key: v[order] for key, v in cols.items()}
        m = len(order)
        sku = pa.array(cols["sku"])
        scale = np.power(10.0, cols["decimals"])
        price = cols["price"] / scale
        usd = (ref.FX_PER_EUR["USD"] / np.array([ref.FX_PER_EUR[c] for c in ref.CURRENCIES]))[
            cols["currency"]
        ]
        revenue = np.where(cols["revenue"] >= 0, cols["revenue"] / scale, np.nan)
        null_s = pa.nulls(m, pa.string())
        null_f = pa.nulls(m, pa.float64())
        list_index = cols["list_index"]
        coupon = cols["coupon"]
        fields = [
            self.arrow["sku"].take(sku),
            self.arrow["name"].take(sku),
            pa.array([ref.BRAND] * m),
            self.arrow["variant"].take(sku),
            self.arrow["category"].take(sku),
            self.arrow["subcategory"].take(sku),
            null_s,
            null_s,
            null_s,
            pa.array(np.round(price * usd, 2)),
            pa.array(price),
            pa.array(cols["qty"]),
            pa.array(np.round(revenue * usd, 2), mask=np.isnan(revenue)),
            pa.array(revenue, mask=np.isnan(revenue)),
            null_f,
            null_f,
            pc.if_else(
                pa.array(coupon >= 0), PROMO_ARRAY.take(pa.array(np.maximum(coupon, 0))), null_s
            ),
            null_s,
            null_s,
            pc.if_else(pa.array(list_index >= 0), pa.array(["category_grid"] * m), null_s),
            pc.if_else(pa.array(list_index >= 0), pa.array(["Category Grid"] * m), null_s),
            pc.if_else(
                pa.array(list_index >= 0), pc.cast(pa.array(list_index), pa.string()), null_s
            ),
            null_s,
            null_s,
            null_s,
            null_s,
            pa.ListArray.from_arrays(
                pa.array(np.zeros(m + 1, np.int32)),
                pa.array([], schema.ITEM_PARAM),
                type=pa.list_(schema.ITEM_PARAM),
            ),
        ]
        values = pa.StructArray.from_arrays(fields, fields=list(schema.ITEM))
        offsets = np.r_[0, np.cumsum(np.bincount(cols["rows"], minlength=n_events))].astype(
            np.int32
        )
        return pa.ListArray.from_arrays(pa.array(offsets), values, type=pa.list_(schema.ITEM))
