"""The true world behind the raw data: people, their CRM records and their browsers.

Everything is drawn once, vectorised where it matters (cookies, weights) and
with cheap per-person Python where text is built (names, emails, phones).
The raw sources are then *observations* of this world, and the ground truth
maps every raw identifier back to a person.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from datetime import date

import numpy as np

from scv.generate import reference as ref
from scv.generate.util import (
    MICROS_PER_DAY,
    MICROS_PER_SECOND,
    rng_for,
    to_day_start_micros,
    weighted_choice,
)

NEVER = np.iinfo(np.int64).max


@dataclass
class Window:
    start: date
    days: int
    history_days: int

    @property
    def start_us(self) -> int:
        return to_day_start_micros(self.start)

    @property
    def end_us(self) -> int:
        """Exclusive end of the window (midnight UTC after the last day)."""
        return self.start_us + self.days * MICROS_PER_DAY

    @property
    def history_start_us(self) -> int:
        return self.start_us - self.history_days * MICROS_PER_DAY


@dataclass
class People:
    n: int
    n_customers: int
    country: np.ndarray  # index into ref.COUNTRIES
    city: np.ndarray  # index into the country's cities
    pool: list[str]  # name pool key
    native: np.ndarray  # writes the name in a non-Latin script
    given: list[str]
    given_latin: list[str]
    family: list[str]
    family_latin: list[str]
    gender: list[str]
    language: list[str]
    birth_date: list[str]
    email: list[str]  # canonical (lower case, valid)
    alt_email: list[str]  # a second address some people use
    phone_nsn: list[str]  # national significant number
    street: list[str]
    street_native: list[str]
    postcode: list[str]
    loyalty_tier: list[str]
    home_boutique: np.ndarray  # index into boutiques, -1 none
    web_weight: np.ndarray
    purchase_propensity: np.ndarray
    store_weight: np.ndarray
    has_web_account: np.ndarray
    account_us: np.ndarray  # when the CRM account exists from (NEVER for prospects)
    signup_day: np.ndarray  # window day of a sign-up inside the window, -1 otherwise
    signup_on_web: np.ndarray

    @property
    def is_customer(self) -> np.ndarray:
        return np.arange(self.n) < self.n_customers


@dataclass
class Records:
    """CRM customer records (clean; staging's mess is added when writing)."""

    person: np.ndarray
    is_primary: np.ndarray
    created_us: np.ndarray
    updated_us: np.ndarray
    is_login: np.ndarray  # a web account some cookie logs in with
    customer_id: list[str] = field(default_factory=list)


@dataclass
class Cookies:
    person: np.ndarray
    stream: np.ndarray
    born_day: np.ndarray
    born_us: np.ndarray
    initial_sessions: np.ndarray
    consent_denied: np.ndarray
    device: np.ndarray
    traffic: np.ndarray
    geo_country: np.ndarray
    geo_city: np.ndarray
    login_record: np.ndarray  # -1 when the person has no web account
    remembered: np.ndarray  # stays logged in between sessions
    ads_storage: np.ndarray
    pseudo_id: list[str]
    # (taker, giver): a browser on the second stream given the pseudo id of one on the first
    shared_pseudo_ids: np.ndarray
    person_start: np.ndarray  # first cookie of each person (cookies sorted by person, born_day)
    person_count: np.ndarray


@dataclass
class World:
    window: Window
    people: People
    records: Records
    cookies: Cookies
    boutiques: tuple[ref.Boutique, ...]


def ascii_fold(text: str) -> str:
    """'Hélène Müller' -> 'Helene Muller' (for e-mail addresses)."""
    decomposed = unicodedata.normalize("NFKD", text.replace("ß", "ss"))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def email_local(given: str, family: str, style: int, number: int) -> str:
    g = "".join(ch for ch in ascii_fold(given).lower() if ch.isalnum())
    f = "".join(ch for ch in ascii_fold(family).lower() if ch.isalnum())
    forms = (f"{g}.{f}", f"{g}{f}", f"{g[:1]}{f}", f"{g}_{f}{number % 100:02d}", f"{f}.{g}{number}")
    return forms[style % len(forms)]


def build_people(cfg, window: Window, boutiques: tuple[ref.Boutique, ...]) -> People:
    rng = rng_for(cfg.seed, "people")
    n_customers = cfg.customers
    n_prospects = max(1, round(cfg.customers * cfg.prospects_per_customer))
    n = n_customers + n_prospects
    is_customer = np.arange(n) < n_customers

    country = weighted_choice(rng, [c.weight for c in ref.COUNTRIES], n)
    city = np.zeros(n, dtype=np.int64)
    pools: list[str] = [""] * n
    native = np.zeros(n, dtype=bool)
    language: list[str] = [""] * n
    for ci, c in enumerate(ref.COUNTRIES):
        members = np.flatnonzero(country == ci)
        if len(members) == 0:
            continue
        # the first city is the capital or the main one: most people live there
        city_weights = [3.0] + [1.0] * (len(c.cities) - 1)
        city[members] = weighted_choice(rng, city_weights, len(members))
        pool_idx = weighted_choice(rng, [w for _, w in c.name_pools], len(members))
        lang_idx = weighted_choice(rng, [w for _, w in c.languages], len(members))
        native_draw = rng.random(len(members)) < c.native_script_share
        for j, person in enumerate(members.tolist()):
            pool = c.name_pools[pool_idx[j]][0]
            pools[person] = pool
            native[person] = bool(native_draw[j]) and pool in ref.NATIVE_SCRIPT_POOLS
            language[person] = c.languages[lang_idx[j]][0]

    given: list[str] = []
    given_latin: list[str] = []
    family: list[str] = []
    family_latin: list[str] = []
    gender: list[str] = []
    g_draw = rng.integers(0, 1 << 30, n)
    f_draw = rng.integers(0, 1 << 30, n)
    for person in range(n):
        g_names = ref.GIVEN_NAMES[pools[person]]
        f_names = ref.FAMILY_NAMES[pools[person]]
        g_native, g_latin, g_gender = g_names[g_draw[person] % len(g_names)]
        f_native, f_latin = f_names[f_draw[person] % len(f_names)]
        if native[person]:
            given.append(g_native)
            family.append(f_native)
        else:
            # Latin-script people write their accents; CJK/Arabic people writing in
            # Latin script use the transliteration
            latin_pool = pools[person] not in ref.NATIVE_SCRIPT_POOLS
            given.append(g_native if latin_pool else g_latin)
            family.append(f_native if latin_pool else f_latin)
        given_latin.append(g_latin)
        family_latin.append(f_latin)
        gender.append(g_gender)

    birth_days = rng.integers(-25_000, -6_600, n)  # ~1958 to ~2008 relative to 2026
    birth_date = [
        date.fromordinal(window.start.toordinal() + int(d)).isoformat() for d in birth_days
    ]

    # e-mail addresses: unique per person
    email: list[str] = []
    alt_email: list[str] = []
    seen: set[str] = set()
    style = rng.integers(0, 5, n)
    number = rng.integers(1, 1000, n)
    domain_draw = rng.integers(0, 1 << 30, n)
    alt_draw = rng.integers(0, 1 << 30, n)
    work_domains = (
        "atelier-lumiere.fr",
        "banca-aurora.it",
        "nordlicht-capital.de",
        "helvetia-trust.ch",
        "harbour-partners.co.uk",
        "pacific-ventures.com",
        "icloud.com",
        "outlook.com",
        "gmail.com",
        "proton.me",
    )
    for person in range(n):
        c = ref.COUNTRIES[country[person]]
        domain = c.email_domains[domain_draw[person] % len(c.email_domains)]
        local = email_local(
            given_latin[person], family_latin[person], int(style[person]), int(number[person])
        )
        address = f"{local}@{domain}"
        bump = 1
        while address in seen:
            bump += 1
            address = f"{local}{bump}@{domain}"
        seen.add(address)
        email.append(address)
        alt_domain = work_domains[alt_draw[person] % len(work_domains)]
        alt_local = email_local(
            given_latin[person],
            family_latin[person],
            int(style[person]) + 1,
            int(number[person]) + 7,
        )
        alt = f"{alt_local}@{alt_domain}"
        bump = 1
        while alt in seen:
            bump += 1
            alt = f"{alt_local}{bump}@{alt_domain}"
        seen.add(alt)
        alt_email.append(alt)

    # mobile numbers: unique per person
    phone_nsn: list[str] = []
    # a real number never equals a placeholder ('+33 6 00 00 00 00'), so a shared number
    # is always a placeholder
    taken: set[str] = {ref.placeholder_phone_nsn(c) for c in ref.COUNTRIES}
    for person in range(n):
        c = ref.COUNTRIES[country[person]]
        while True:
            prefix = c.mobile_prefixes[int(rng.integers(0, len(c.mobile_prefixes)))]
            rest = rng.integers(0, 10, c.nsn_length - len(prefix))
            nsn = prefix + "".join(map(str, rest.tolist()))
            if nsn not in taken:
                taken.add(nsn)
                phone_nsn.append(nsn)
                break

    street: list[str] = []
    street_native: list[str] = []
    postcode: list[str] = []
    house = rng.integers(1, 180, n)
    street_draw = rng.integers(0, 1 << 30, n)
    post_digits = rng.integers(0, 10, (n, 6))
    for person in range(n):
        c = ref.COUNTRIES[country[person]]
        latin, local_script = c.streets[street_draw[person] % len(c.streets)]
        if c.code in ("FR", "GB", "US", "AE", "HK"):
            street.append(f"{house[person]} {latin}")
            street_native.append(f"{local_script}{house[person]}号" if local_script else "")
        elif c.code == "JP":
            street.append(latin)
            street_native.append(local_script)
        else:
            street.append(f"{latin} {house[person]}")
            street_native.append(f"{local_script}{house[person]}号" if local_script else "")
        pattern = c.cities[city[person]].postcode
        digits = iter(post_digits[person].tolist())
        postcode.append("".join(str(next(digits)) if ch == "#" else ch for ch in pattern))

    tier_idx = weighted_choice(rng, [w for _, w in ref.LOYALTY_TIERS], n)
    loyalty_tier = [ref.LOYALTY_TIERS[i][0] for i in tier_idx]

    # home boutique: one in the person's country, when the brand has one there
    home_boutique = np.full(n, -1, dtype=np.int64)
    for ci, c in enumerate(ref.COUNTRIES):
        local = [i for i, b in enumerate(boutiques) if b.country_code == c.code]
        members = np.flatnonzero(country == ci)
        if local and len(members):
            home_boutique[members] = np.asarray(local)[rng.integers(0, len(local), len(members))]

    # behaviour: heavy-tailed, with people who never browse and people who never buy
    store_only = is_customer & (rng.random(n) < 0.22) & (home_boutique >= 0)
    web_weight = rng.lognormal(0.0, 1.0, n)
    web_weight[~is_customer] = rng.lognormal(-0.6, 1.0, (~is_customer).sum())
    web_weight[store_only] = 0.0
    purchase_propensity = rng.lognormal(-0.3, 1.1, n)
    never_buys = np.where(is_customer, rng.random(n) < 0.30, rng.random(n) < 0.85)
    never_buys &= ~store_only
    purchase_propensity[never_buys] = 0.0
    store_weight = rng.lognormal(0.0, 0.9, n) * (rng.random(n) < 0.55)
    store_weight[store_only] = rng.lognormal(0.3, 0.8, store_only.sum())
    store_weight[~is_customer] *= 0.15  # walk-in buyers the boutique never registers

    # CRM accounts: most customers signed up before the window, some sign up during it
    # account age: mostly recent, a long tail of clients from up to ten years ago
    days_before = 1 + rng.exponential(700.0, n)
    too_old = days_before > 3650
    days_before[too_old] = rng.uniform(1000, 3650, too_old.sum())
    account_us = window.start_us - (days_before * MICROS_PER_DAY).astype(np.int64)
    account_us[~is_customer] = NEVER
    signup_day = np.full(n, -1, dtype=np.int64)
    signup_on_web = np.zeros(n, dtype=bool)
    n_new = max(3, round(n_customers * 0.0025 * window.days))
    candidates = np.flatnonzero(is_customer & (web_weight > 0))
    new_people = rng.choice(candidates, size=min(n_new, len(candidates)), replace=False)
    new_people.sort()
    signup_day[new_people] = rng.integers(0, window.days, len(new_people))
    signup_on_web[new_people] = rng.random(len(new_people)) < 0.7
    signup_on_web[new_people[:2]] = True  # every dataset shows a web sign-up
    second_of_day = rng.integers(2 * 3600, 21 * 3600, len(new_people))
    account_us[new_people] = (
        window.start_us
        + signup_day[new_people] * MICROS_PER_DAY
        + second_of_day * MICROS_PER_SECOND
    )
    has_web_account = is_customer & ((rng.random(n) < 0.75) | signup_on_web)
    has_web_account &= web_weight > 0

    return People(
        n=n,
        n_customers=n_customers,
        country=country,
        city=city,
        pool=pools,
        native=native,
        given=given,
        given_latin=given_latin,
        family=family,
        family_latin=family_latin,
        gender=gender,
        language=language,
        birth_date=birth_date,
        email=email,
        alt_email=alt_email,
        phone_nsn=phone_nsn,
        street=street,
        street_native=street_native,
        postcode=postcode,
        loyalty_tier=loyalty_tier,
        home_boutique=home_boutique,
        web_weight=web_weight,
        purchase_propensity=purchase_propensity,
        store_weight=store_weight,
        has_web_account=has_web_account,
        account_us=account_us,
        signup_day=signup_day,
        signup_on_web=signup_on_web,
    )


def build_records(cfg, window: Window, people: People) -> Records:
    """One primary record per customer, plus the duplicates CRMs accumulate."""
    rng = rng_for(cfg.seed, "records")
    n_c = people.n_customers
    primary = np.arange(n_c)
    has_dups = rng.random(n_c) < 0.09
    has_dups[rng.choice(n_c, size=min(2, n_c), replace=False)] = True
    extra = np.where(has_dups, 1 + (rng.random(n_c) < 0.25) + (rng.random(n_c) < 0.05), 0)
    dup_person = np.repeat(primary, extra)
    person = np.concatenate([primary, dup_person])
    is_primary = np.r_[np.ones(n_c, dtype=bool), np.zeros(len(dup_person), dtype=bool)]

    created = people.account_us[person].copy()
    end = window.end_us - 1
    # a duplicate is created after the person's first record, up to the end of the window
    span = np.maximum(end - created[n_c:], 1)
    created[n_c:] = created[n_c:] + (rng.random(len(dup_person)) * span).astype(np.int64)
    # some people opened a second web account (another e-mail) before the window
    is_login = is_primary & people.has_web_account[person]
    first_dup = np.r_[np.zeros(n_c, dtype=bool), np.r_[True, dup_person[1:] != dup_person[:-1]]]
    second_account = (
        first_dup
        & people.has_web_account[person]
        & (people.account_us[person] < window.start_us)
        & (rng.random(len(person)) < 0.3)
    )
    room = np.maximum(window.start_us - 1 - people.account_us[person], 1)
    created = np.where(
        second_account,
        people.account_us[person] + (rng.random(len(person)) * room).astype(np.int64),
        created,
    )
    is_login |= second_account
    updated = created + (rng.random(len(person)) * np.maximum(end - created, 1)).astype(np.int64)
    return Records(
        person=person,
        is_primary=is_primary,
        created_us=created,
        updated_us=updated,
        is_login=is_login,
    )


def build_cookies(cfg, window: Window, people: People, records: Records) -> Cookies:
    rng = rng_for(cfg.seed, "cookies")
    n = people.n
    web = people.web_weight > 0
    n_cookies = np.where(people.is_customer, 1 + rng.poisson(0.8, n), 1 + rng.poisson(0.3, n)).clip(
        max=5
    )
    n_cookies[~web] = 0
    person = np.repeat(np.arange(n), n_cookies)
    rank = np.arange(len(person)) - np.repeat(np.cumsum(n_cookies) - n_cookies, n_cookies)
    total = len(person)
    days = window.days

    # when each browser first visited: before the window (returning) or during it (new)
    born = rng.integers(-400, days, total)
    first = rank == 0
    existing = people.is_customer[person] & (people.signup_day[person] < 0)
    born[first & existing] = np.where(
        rng.random((first & existing).sum()) < 0.85,
        -rng.integers(1, 700, (first & existing).sum()),
        rng.integers(0, days, (first & existing).sum()),
    )
    prospect_first = first & ~people.is_customer[person]
    born[prospect_first] = np.where(
        rng.random(prospect_first.sum()) < 0.5,
        -rng.integers(1, 400, prospect_first.sum()),
        rng.integers(0, days, prospect_first.sum()),
    )
    # people signing up during the window browsed anonymously first
    signing = first & (people.signup_day[person] >= 0)
    born[signing] = people.signup_day[person[signing]] - rng.integers(1, 21, signing.sum())
    # a cookie never predates the person's first sight of the site by much: keep order by person
    order = np.lexsort((born, person))
    person, born = person[order], born[order]
    rank = np.arange(total) - np.repeat(np.cumsum(n_cookies) - n_cookies, n_cookies)

    second_of_day = rng.integers(0, 21 * 3600, total)
    born_us = window.start_us + born * MICROS_PER_DAY + second_of_day * MICROS_PER_SECOND
    initial_sessions = np.where(born < 0, 1 + rng.geometric(0.15, total), 0)

    country = people.country[person]
    cn = ref.COUNTRY_INDEX["CN"]
    stream = np.where(country == cn, (rng.random(total) < 0.9).astype(np.int64), 0)
    flip = rng.random(total) < 0.04
    stream = np.where(flip, 1 - stream, stream)

    device = weighted_choice(rng, [p[-1] for p in ref.DEVICE_PROFILES], total)
    traffic_global = weighted_choice(rng, [t[-1] for t in ref.TRAFFIC_SOURCES["global"]], total)
    traffic_china = weighted_choice(rng, [t[-1] for t in ref.TRAFFIC_SOURCES["china"]], total)
    traffic = np.where(stream == 1, traffic_china, traffic_global)
    travelling = rng.random(total) < 0.05
    geo_country = np.where(travelling, rng.integers(0, len(ref.COUNTRIES), total), country)
    geo_city = np.zeros(total, dtype=np.int64)
    for ci, c in enumerate(ref.COUNTRIES):
        members = geo_country == ci
        geo_city[members] = rng.integers(0, len(c.cities), members.sum())
    geo_city = np.where(travelling, geo_city, people.city[person])

    # the web account each browser logs in with (a second account on some devices)
    primary_login = np.where(people.has_web_account, np.arange(people.n), -1)
    primary_login[people.n_customers :] = -1
    login_record = primary_login[person]
    second_accounts = np.flatnonzero(records.is_login & ~records.is_primary)
    second_of_person = np.full(people.n, -1, dtype=np.int64)
    second_of_person[records.person[second_accounts]] = second_accounts
    use_second = (rank % 2 == 1) & (second_of_person[person] >= 0)
    login_record = np.where(use_second, second_of_person[person], login_record)

    remembered = (born < 0) & (login_record >= 0) & (rng.random(total) < 0.35)
    consent_denied = rng.random(total) < 0.06
    ads_storage = rng.random(total) < 0.8

    random_part = rng.integers(100_000_000, 2_147_483_647, total)
    first_seconds = born_us // MICROS_PER_SECOND
    pseudo_id = [
        f"{a}.{b}" for a, b in zip(random_part.tolist(), first_seconds.tolist(), strict=True)
    ]
    # user_pseudo_id is only unique within a stream: a few browsers on the China site
    # carry the same id as an unrelated browser on the global site
    new_visible = (born >= 0) & ~consent_denied
    global_pool = np.flatnonzero(new_visible & (stream == 0))
    china_pool = np.flatnonzero(new_visible & (stream == 1))
    shared = np.zeros((0, 2), dtype=np.int64)
    if len(global_pool) and len(china_pool):
        k = min(max(1, round(len(china_pool) * 0.004)), len(china_pool), len(global_pool))
        takers = rng.choice(china_pool, size=k, replace=False)
        givers = rng.choice(global_pool, size=k, replace=False)
        for taker, giver in zip(takers.tolist(), givers.tolist(), strict=True):
            pseudo_id[taker] = pseudo_id[giver]
        shared = np.stack([takers, givers], axis=1)

    person_count = np.bincount(person, minlength=n).astype(np.int64)
    person_start = np.cumsum(person_count) - person_count
    return Cookies(
        person=person,
        stream=stream,
        born_day=born,
        born_us=born_us,
        initial_sessions=initial_sessions,
        consent_denied=consent_denied,
        device=device,
        traffic=traffic,
        geo_country=geo_country,
        geo_city=geo_city,
        login_record=login_record,
        remembered=remembered,
        ads_storage=ads_storage,
        pseudo_id=pseudo_id,
        shared_pseudo_ids=shared,
        person_start=person_start,
        person_count=person_count,
    )


def build_world(cfg, window: Window) -> World:
    boutiques = ref.load_boutiques()
    people = build_people(cfg, window, boutiques)
    records = build_records(cfg, window, people)
    cookies = build_cookies(cfg, window, people, records)
    return World(
        window=window, people=people, records=records, cookies=cookies, boutiques=boutiques
    )
