"""CRM extracts: customer records (with the duplicates CRMs accumulate), appointments, consents.

Records are built per row in Python (cheap: one row per CRM record); the
mess is injected on copies or on disjoint rows and counted in the ledger.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

import numpy as np

from scv.generate import reference as ref
from scv.generate.ga4 import booking_ids
from scv.generate.mess import MessLedger, Picker, how_many
from scv.generate.population import World, ascii_fold
from scv.generate.util import (
    MICROS_PER_DAY,
    MICROS_PER_SECOND,
    format_ids,
    format_timestamps,
    local_offsets,
    rng_for,
    weighted_choice,
)

CUSTOMER_COLUMNS = (
    "customer_id",
    "title",
    "given_name",
    "family_name",
    "email",
    "phone",
    "birth_date",
    "gender",
    "street_address",
    "postcode",
    "city",
    "region",
    "country",
    "preferred_language",
    "home_boutique_id",
    "loyalty_tier",
    "created_at",
    "updated_at",
)
# The privacy tool's list of people who asked to be forgotten (docs/privacy.md).
ERASURE_REQUEST_COLUMNS = ("request_id", "requested_at", "customer_id", "email")
APPOINTMENT_COLUMNS = (
    "appointment_id",
    "customer_id",
    "boutique_id",
    "booked_at",
    "scheduled_at",
    "motivation",
    "status",
    "booking_id",
    "channel",
)
CONSENT_CHANNELS = ("email", "sms", "phone", "mail", "personalised_ads")
NBSP = "\u00a0"

# phone notations; the national ones (1, 2, 5) need the record's country to be read
INTERNATIONAL_NOTATIONS = (0, 3, 4, 6, 7)
NATIONAL_NOTATIONS = (1, 2, 5)


def assign_customer_ids(world: World, seed: int) -> None:
    """CRM ids drawn at random: they reveal neither which records belong together nor their
    order of creation."""
    n = len(world.records.person)
    numbers = rng_for(seed, "customer-ids").choice(10**8, size=n, replace=False)
    world.records.customer_id = format_ids("C", numbers, 8).to_pylist()


def _group(digits: str, sizes: tuple[int, ...], sep: str) -> str:
    out, i = [], 0
    for size in sizes:
        if i >= len(digits):
            break
        out.append(digits[i : i + size])
        i += size
    if i < len(digits):
        out.append(digits[i:])
    return sep.join(out)


def format_phone(country: ref.Country, nsn: str, notation: int) -> str:
    """One mobile number written the many ways people and tills write it."""
    cc = country.calling_code
    groups = country.intl_groups
    # Chinese and North American numbers are written nationally without the trunk digit
    trunk = "" if country.code in ("CN", "US") else country.trunk_prefix
    national = trunk + nsn
    national_groups = (len(trunk) + groups[0], *groups[1:])
    if country.code == "US":
        area, rest = nsn[:3], nsn[3:]
        us_forms = {
            1: f"{area}{rest}",
            2: f"{area}.{rest[:3]}.{rest[3:]}",
            5: f"({area}) {rest[:3]}-{rest[3:]}",
        }
        if notation in us_forms:
            return us_forms[notation]
    if notation == 0:
        return f"+{cc} {_group(nsn, groups, ' ')}"
    if notation == 1:
        return national
    if notation == 2:
        return _group(national, national_groups, ".")
    if notation == 3:
        return f"00{cc}{nsn}"
    if notation == 4:
        return f"(+{cc}) {_group(nsn, (3,) * 6, '-')}"
    if notation == 5:
        return _group(national, national_groups, " ")
    if notation == 6:
        return f"+{cc}{nsn}"
    if country.trunk_prefix == "0":  # '+44 (0)7700 900123'
        return f"+{cc} (0){_group(nsn, groups, ' ')}"
    return f"+{cc} {_group(nsn, groups, '-')}"


def _typo(rng: np.random.Generator, text: str) -> str:
    letters = [i for i, ch in enumerate(text) if ch.isalpha()]
    if len(letters) < 3:
        return text
    i = letters[int(rng.integers(0, len(letters) - 1))]
    action = int(rng.integers(0, 3))
    if action == 0 and i + 1 < len(text):  # swap two letters
        return text[:i] + text[i + 1] + text[i] + text[i + 2 :]
    if action == 1:  # drop one
        return text[:i] + text[i + 1 :]
    return text[:i] + text[i] + text[i:]  # double one


def _email_variant(rng: np.random.Generator, email: str) -> str:
    """Same address as people type it: case and white space (valid once trimmed, lowered)."""
    style = int(rng.integers(0, 5))
    if style == 0:
        return email.upper()
    if style == 1:
        local, domain = email.split("@", 1)
        return f"{local.title()}@{domain.capitalize()}"
    if style == 2:
        return f" {email} "
    if style == 3:
        return f"{email}{NBSP}"
    return email


def invalid_email(rng: np.random.Generator, email: str) -> str:
    local, domain = email.split("@", 1)
    shape = ref.INVALID_EMAIL_SHAPES[int(rng.integers(0, len(ref.INVALID_EMAIL_SHAPES)))]
    return shape.format(local=local, domain=domain, host=domain.split(".")[0])


@dataclass
class CustomerRows:
    columns: dict[str, list[str]]
    person: list[int]  # true person per row (-1: none)
    record_email: list[str]  # canonical e-mail of each record (for orders placed with it)


def build_customer_rows(cfg, world: World) -> CustomerRows:
    """The clean CRM rows: each record as the person (or a sales associate) typed it."""
    rng = rng_for(cfg.seed, "crm-customers")
    people, records = world.people, world.records
    n = len(records.person)
    cols: dict[str, list[str]] = {c: [] for c in CUSTOMER_COLUMNS}
    record_email: list[str] = []
    ts_style = weighted_choice(rng, [0.5, 0.25, 0.15, 0.1], n)
    offsets = np.array([ref.COUNTRIES[c].utc_offset_hours * 3600 for c in people.country])
    created_text = format_timestamps(records.created_us, ts_style, offsets[records.person])
    updated_text = format_timestamps(records.updated_us, ts_style, offsets[records.person])
    second_accounts = records.is_login & ~records.is_primary
    for r in range(n):
        p = int(records.person[r])
        c = ref.COUNTRIES[people.country[p]]
        primary = bool(records.is_primary[r])
        native = bool(people.native[p])
        lang_family = people.language[p][:2]
        given, family = people.given[p], people.family[p]
        street = people.street_native[p] if native and people.street_native[p] else people.street[p]
        city_obj = c.cities[people.city[p]]
        city = city_obj.native if native and city_obj.native else city_obj.latin
        country = (
            c.name_variants[0]
            if rng.random() < 0.6
            else c.name_variants[int(rng.integers(0, len(c.name_variants)))]
        )
        email = people.email[p]
        canonical = email
        phone_notation = int(rng.integers(0, 8))
        birth = people.birth_date[p]
        language = people.language[p]
        gender = people.gender[p]
        title_pool = ref.TITLES.get(lang_family, ref.TITLES["en"])[gender]
        title = title_pool[int(rng.integers(0, len(title_pool)))]
        if rng.random() < 0.15:
            title = ""
        postcode = people.postcode[p]
        region = city_obj.region
        boutique = people.home_boutique[p]
        home_boutique = world.boutiques[boutique].boutique_id if boutique >= 0 else ""
        tier = people.loyalty_tier[p]
        phone_missing = rng.random() < 0.08

        if primary:
            if rng.random() < 0.15:
                email = _email_variant(rng, email)
            if rng.random() < 0.1:
                birth = ""
            elif rng.random() < 0.1:
                birth = f"{birth[8:10]}/{birth[5:7]}/{birth[:4]}"
            if rng.random() < 0.1:
                language = language.replace("-", "_") if rng.random() < 0.5 else language.lower()
        else:
            # a duplicate: typed again in a boutique or a call centre, or a second web account
            if native and rng.random() < 0.5:
                given, family = people.given_latin[p], people.family_latin[p]
            roll = rng.random()
            if roll < 0.2:
                family = family.upper()
            elif roll < 0.3:
                given, family = given.lower(), family.lower()
            elif roll < 0.45 and not native:
                given, family = ascii_fold(given), ascii_fold(family)
            elif roll < 0.6:
                given = _typo(rng, given) if not native else given
                family = _typo(rng, family) if not native else family
            elif roll < 0.7:
                given, family = f"  {given}", f"{family} "
            elif roll < 0.75:
                given, family = family, given  # family name typed first
            if second_accounts[r]:
                canonical = people.alt_email[p]
                email = canonical
            else:
                e_roll = rng.random()
                if e_roll < 0.45:
                    email = _email_variant(rng, email)
                elif e_roll < 0.7:
                    canonical = people.alt_email[p]
                    email = canonical
                else:
                    email, canonical = "", ""
            phone_missing = rng.random() < 0.4
            if rng.random() < 0.5:
                birth = ""
            elif rng.random() < 0.4:
                birth = f"{birth[8:10]}/{birth[5:7]}/{birth[:4]}"
            if rng.random() < 0.5:
                street, postcode = "", ""
            if rng.random() < 0.3:
                country = ""
            if rng.random() < 0.3:
                gender = ""
            if rng.random() < 0.4:
                title = ""
            if rng.random() < 0.5:
                tier = ""
            if rng.random() < 0.3:
                region = ""
        if country == "" and phone_notation in NATIONAL_NOTATIONS:
            # without a country a national number cannot be read: such records were
            # written with an international number
            phone_notation = INTERNATIONAL_NOTATIONS[int(rng.integers(0, 5))]
        phone = "" if phone_missing else format_phone(c, people.phone_nsn[p], phone_notation)
        row = {
            "customer_id": records.customer_id[r],
            "title": title,
            "given_name": given,
            "family_name": family,
            "email": email,
            "phone": phone,
            "birth_date": birth,
            "gender": gender,
            "street_address": street,
            "postcode": postcode,
            "city": city,
            "region": region,
            "country": country,
            "preferred_language": language,
            "home_boutique_id": home_boutique,
            "loyalty_tier": tier,
            "created_at": created_text[r],
            "updated_at": updated_text[r],
        }
        for key, value in row.items():
            cols[key].append(value)
        record_email.append(canonical)
    return CustomerRows(columns=cols, person=records.person.tolist(), record_email=record_email)


def _group_sizes(rng: np.random.Generator, k: int, most_groups: int) -> list[int]:
    """Split k rows into groups of at least two (one group per placeholder value)."""
    groups = min(most_groups, k // 2)
    if groups < 1:
        return []
    sizes = np.full(groups, 2)
    np.add.at(sizes, rng.integers(0, groups, k - 2 * groups), 1)
    return sizes.tolist()


def _people_in(owner: np.ndarray, rows: np.ndarray) -> int:
    return len(np.unique(owner[rows]))


def add_placeholders(
    world: World, cols: dict[str, list[str]], person: list[int], picker: Picker
) -> dict[str, int]:
    """Hub contact details: placeholder e-mails and phones typed into the records of different,
    unrelated people, each value on the records of at least two people.

    The records keep their person in the ground truth, and orders keep the person's real
    e-mail (`CustomerRows.record_email` is not touched). No person gets two placeholders.
    Returns how many records got each kind, by manifest reason.
    """
    rng = picker.rng
    n = len(person)
    owner = np.asarray(person, dtype=np.int64)
    country = world.people.country[owner]
    person_free = np.ones(world.people.n, dtype=bool)
    minimum = {"placeholder_email": 3, "placeholder_phone": 2}

    def how_many_placeholders(reason: str, rate: float, eligible: np.ndarray) -> int:
        """About n * rate, at least the minimum from 50 records on; never a lone one."""
        k = how_many(rng, n, rate, minimum=minimum[reason] if n >= 50 else 0)
        k = min(k, _people_in(owner, np.flatnonzero(eligible)))
        return k if k >= 2 else 0

    # e-mails: never on a web account, whose e-mail is its login
    eligible = ~world.records.is_login & ~picker.used
    sizes = _group_sizes(
        rng,
        how_many_placeholders("placeholder_email", 0.004, eligible),
        len(ref.PLACEHOLDER_EMAILS),
    )
    chosen = picker.pick(sum(sizes), eligible=eligible, distinct=owner)
    values = rng.choice(len(ref.PLACEHOLDER_EMAILS), size=len(sizes), replace=False)
    typed = rng.permutation(np.repeat(values, sizes))
    for r, v in zip(chosen.tolist(), typed.tolist(), strict=True):
        email = ref.PLACEHOLDER_EMAILS[v]
        cols["email"][r] = _email_variant(rng, email) if rng.random() < 0.2 else email
    person_free[owner[chosen]] = False

    # phones: the placeholder of the person's own country, one country per placeholder
    eligible = ~picker.used & person_free[owner]
    k = how_many_placeholders("placeholder_phone", 0.003, eligible)
    country_free = np.ones(len(ref.COUNTRIES), dtype=bool)
    n_phone = 0
    for size in _group_sizes(rng, k, len(ref.COUNTRIES)):
        eligible = ~picker.used & person_free[owner]
        people = np.array(
            [
                _people_in(owner, np.flatnonzero(eligible & (country == c)))
                for c in range(len(ref.COUNTRIES))
            ]
        )
        weights = np.where(country_free & (people >= 2), people, 0).astype(float)
        if weights.sum() == 0:
            break
        c = int(rng.choice(len(ref.COUNTRIES), p=weights / weights.sum()))
        country_free[c] = False
        rows = picker.pick(size, eligible=eligible & (country == c), distinct=owner)
        nsn = ref.placeholder_phone_nsn(ref.COUNTRIES[c])
        for r in rows.tolist():
            notation = INTERNATIONAL_NOTATIONS[int(rng.integers(0, len(INTERNATIONAL_NOTATIONS)))]
            cols["phone"][r] = format_phone(ref.COUNTRIES[c], nsn, notation)
        person_free[owner[rows]] = False
        n_phone += len(rows)
    return {"placeholder_email": len(chosen), "placeholder_phone": n_phone}


def customers_with_mess(cfg, world: World, rows: CustomerRows, ledger: MessLedger):
    """Append and break rows: missing ids, older copies, bad timestamps, bad e-mails/phones;
    and placeholder e-mails/phones shared by unrelated people (see add_placeholders)."""
    rng = rng_for(cfg.seed, "crm-customers-mess")
    entity = "crm.customers"
    cols = {k: list(v) for k, v in rows.columns.items()}
    person = list(rows.person)
    n = len(person)
    records = world.records
    picker = Picker(rng, n)
    # older versions need room between created_at and updated_at
    room = (records.updated_us - records.created_us) > 2 * MICROS_PER_DAY
    has_email = np.array([bool(e.strip()) for e in cols["email"]])
    has_phone = np.array([bool(p) for p in cols["phone"]])

    missing_src = picker.pick(how_many(rng, n, 0.002))
    older_src = picker.pick(how_many(rng, n, 0.004), eligible=room)
    bad_ts = picker.pick(how_many(rng, n, 0.002))
    bad_email = picker.pick(how_many(rng, n, 0.01), eligible=has_email)
    bad_phone = picker.pick(how_many(rng, n, 0.01), eligible=has_phone)

    # placeholders draw from their own random stream, so the mess above is unchanged
    placeholders = add_placeholders(
        world, cols, person, picker.with_rng(rng_for(cfg.seed, "crm-placeholders"))
    )

    for r in bad_ts.tolist():
        column = "created_at" if rng.random() < 0.5 else "updated_at"
        cols[column][r] = ref.UNPARSEABLE_TIMESTAMPS[int(rng.integers(0, 6))]
    for r in bad_email.tolist():
        cols["email"][r] = invalid_email(rng, cols["email"][r].strip().lower())
    for r in bad_phone.tolist():
        cols["phone"][r] = ref.INVALID_PHONES[int(rng.integers(0, len(ref.INVALID_PHONES)))]

    extra_person: list[int] = []
    extra_rows: list[dict[str, str]] = []
    for r in missing_src.tolist():
        row = {k: cols[k][r] for k in CUSTOMER_COLUMNS}
        row["customer_id"] = "" if rng.random() < 0.7 else "  "
        extra_rows.append(row)
        extra_person.append(-1)
    older_updated = records.created_us[older_src] + (
        rng.random(len(older_src))
        * (records.updated_us[older_src] - records.created_us[older_src] - MICROS_PER_DAY)
    ).astype(np.int64)
    older_text = format_timestamps(older_updated, np.zeros(len(older_src), np.int64))
    for r, updated in zip(older_src.tolist(), older_text.tolist(), strict=True):
        row = {k: cols[k][r] for k in CUSTOMER_COLUMNS}
        row["updated_at"] = updated
        if rng.random() < 0.5:
            row["loyalty_tier"] = "Silver" if row["loyalty_tier"] != "Silver" else ""
        else:
            row["street_address"] = ""
        extra_rows.append(row)
        extra_person.append(person[r])
    for row in extra_rows:
        for k in CUSTOMER_COLUMNS:
            cols[k].append(row[k])
    person.extend(extra_person)

    ledger.add(entity, "missing_customer_id", len(missing_src))
    ledger.add(entity, "duplicate_customer_id", len(older_src))
    ledger.add(entity, "unparseable_timestamp", len(bad_ts))
    ledger.add(entity, "invalid_email", len(bad_email))
    ledger.add(entity, "invalid_phone", len(bad_phone))
    for reason, count in placeholders.items():
        ledger.add(entity, reason, count)
    ledger.add(
        entity,
        "duplicate_person_records",
        int(len(records.person) - len(np.unique(records.person))),
    )
    # shuffle the extract so copies do not sit next to their originals
    order = rng.permutation(len(person))
    return {k: [v[i] for i in order] for k, v in cols.items()}


def boutique_local_text(
    world: World, boutique: np.ndarray, utc_us: np.ndarray, with_offset: bool
) -> np.ndarray:
    """Boutique wall-clock time ('YYYY-MM-DD HH:MM:SS'), optionally with its UTC offset."""
    out = np.empty(len(boutique), dtype=object)
    for b in np.unique(boutique).tolist():
        rows = np.flatnonzero(boutique == b)
        offsets = local_offsets(world.boutiques[b].timezone, utc_us[rows])
        style = np.full(len(rows), 2 if with_offset else 1)
        if with_offset:
            out[rows] = format_timestamps(utc_us[rows], style, offsets)
        else:
            out[rows] = format_timestamps(utc_us[rows] + offsets * MICROS_PER_SECOND, style)
    return out


def build_appointments(cfg, world: World, web: dict[str, np.ndarray], ledger: MessLedger):
    """Appointments booked on the web (the GA4 `book_appointment` events) and by phone/in store."""
    rng = rng_for(cfg.seed, "crm-appointments")
    people, window = world.people, world.window
    # phone and in-store bookings by customers who visit boutiques
    customers = np.flatnonzero(people.is_customer & (people.store_weight > 0))
    span_days = 90 + window.days
    n_other = rng.poisson(0.35 * people.store_weight[customers] * span_days / 365)
    other_person = np.repeat(customers, n_other)
    minimum = 5
    if len(other_person) < minimum and len(customers):
        other_person = np.r_[other_person, rng.choice(customers, minimum - len(other_person))]
    booked_other = (
        window.start_us
        - 90 * MICROS_PER_DAY
        + (rng.random(len(other_person)) * span_days * MICROS_PER_DAY).astype(np.int64)
    )
    booked_other = np.minimum(booked_other, window.end_us - 1)
    person = np.r_[web["person"], other_person].astype(np.int64)
    booked = np.r_[web["booked_us"], booked_other].astype(np.int64)
    is_web = np.r_[np.ones(len(web["person"]), bool), np.zeros(len(other_person), bool)]
    record = np.r_[web["record"], other_person].astype(np.int64)  # phone: primary record
    booking = np.full(len(person), None, dtype=object)
    if len(web["person"]):
        booking[: len(web["person"])] = booking_ids(web["booking_number"], cfg.seed).to_pylist()
    home = people.home_boutique[person]
    random_boutique = rng.integers(0, len(world.boutiques), len(person))
    boutique = np.where((home >= 0) & (rng.random(len(person)) < 0.85), home, random_boutique)
    # appointments happen in opening hours, 1 to 21 days after booking
    lead_days = rng.integers(1, 22, len(person))
    sched_day_us = (booked // MICROS_PER_DAY + lead_days) * MICROS_PER_DAY
    local_minutes = rng.integers(10 * 60, 18 * 60 + 30, len(person)) // 30 * 30
    approx_offset = np.zeros(len(person), np.int64)
    for b in np.unique(boutique).tolist():
        rows = np.flatnonzero(boutique == b)
        noon = sched_day_us[rows] + 12 * 3600 * MICROS_PER_SECOND
        approx_offset[rows] = local_offsets(world.boutiques[b].timezone, noon)
    scheduled = (
        sched_day_us + local_minutes * 60 * MICROS_PER_SECOND - approx_offset * (MICROS_PER_SECOND)
    )
    order = np.lexsort((person, booked))
    person, booked, is_web, record, booking, boutique, scheduled = (
        a[order] for a in (person, booked, is_web, record, booking, boutique, scheduled)
    )
    n = len(person)
    status = np.where(
        scheduled >= window.end_us,
        "booked",
        np.array(["completed", "cancelled", "no_show"])[weighted_choice(rng, [0.7, 0.15, 0.15], n)],
    ).astype(object)
    variants = {"completed": "Completed", "no_show": "No Show", "cancelled": "CANCELLED"}
    restyle = rng.random(n) < 0.05
    for i in np.flatnonzero(restyle).tolist():
        status[i] = variants.get(status[i], status[i])
    channel = np.where(is_web, "web", np.where(rng.random(n) < 0.6, "phone", "in_store"))
    ids = format_ids("APT", np.arange(n) + 100_001, 7).to_pylist()
    booked_text = format_timestamps(booked, weighted_choice(rng, [0.7, 0.3], n))
    scheduled_text = boutique_local_text(world, boutique, scheduled, with_offset=True)
    record_ids = world.records.customer_id
    motivation = np.array(ref.APPOINTMENT_MOTIVATIONS)[
        rng.integers(0, len(ref.APPOINTMENT_MOTIVATIONS), n)
    ]
    cols = {
        "appointment_id": ids,
        "customer_id": [record_ids[r] if r >= 0 else "" for r in record.tolist()],
        "boutique_id": [world.boutiques[b].boutique_id for b in boutique.tolist()],
        "booked_at": booked_text.tolist(),
        "scheduled_at": scheduled_text.tolist(),
        "motivation": [m if rng.random() > 0.1 else "" for m in motivation.tolist()],
        "status": status.tolist(),
        "booking_id": [b or "" for b in booking.tolist()],
        "channel": channel.tolist(),
    }
    truth = {
        "appointment_id": list(ids),
        "booking_id": [b for b in booking.tolist()],
        "person_id": person.tolist(),
    }

    # mess
    entity = "crm.appointments"
    picker = Picker(rng, n)
    missing_src = picker.pick(how_many(rng, n, 0.003))
    dup_src = picker.pick(how_many(rng, n, 0.003))
    bad_ts = picker.pick(how_many(rng, n, 0.003))
    bad_boutique = picker.pick(how_many(rng, n, 0.002))
    for r in bad_boutique.tolist():
        cols["boutique_id"][r] = "" if rng.random() < 0.3 else "CAN01"  # a closed boutique
    for r in bad_ts.tolist():
        column = "booked_at" if rng.random() < 0.5 else "scheduled_at"
        cols[column][r] = ref.UNPARSEABLE_TIMESTAMPS[int(rng.integers(0, 6))]
    for r in missing_src.tolist():
        for k in APPOINTMENT_COLUMNS:
            cols[k].append("" if k == "appointment_id" else cols[k][r])
    for r in dup_src.tolist():
        for k in APPOINTMENT_COLUMNS:
            cols[k].append(cols[k][r])
    ledger.add(entity, "missing_appointment_id", len(missing_src))
    ledger.add(entity, "duplicate_appointment_id", len(dup_src))
    ledger.add(entity, "unparseable_timestamp", len(bad_ts))
    ledger.add(entity, "unknown_boutique", len(bad_boutique))
    return cols, truth


def build_consent_lines(cfg, world: World, ledger: MessLedger) -> list[str]:
    """The consent platform's export: one JSON object per line, a few lines broken."""
    rng = rng_for(cfg.seed, "crm-consents")
    records, window = world.records, world.window
    n_rec = len(records.person)
    base_rates = {"email": 0.65, "sms": 0.3, "phone": 0.15, "mail": 0.1, "personalised_ads": 0.4}
    sources = ("web_signup", "boutique_tablet", "preference_centre", "call_centre", "cookie_banner")
    objects: list[dict[str, str | None]] = []
    recorded: list[int] = []
    for channel in CONSENT_CHANNELS:
        has = rng.random(n_rec) < base_rates[channel]
        rows = np.flatnonzero(has)
        at = records.created_us[rows] + rng.integers(0, 600, len(rows)) * MICROS_PER_SECOND
        withdrawn = rng.random(len(rows)) < 0.12
        later = at + (rng.random(len(rows)) * np.maximum(window.end_us - 1 - at, 1)).astype(
            np.int64
        )
        src = rng.integers(0, len(sources), len(rows))
        for i, r in enumerate(rows.tolist()):
            objects.append(
                {
                    "customer_id": records.customer_id[r],
                    "channel": channel,
                    "status": "granted",
                    "source": sources[src[i]],
                }
            )
            recorded.append(int(at[i]))
            if withdrawn[i]:
                objects.append(
                    {
                        "customer_id": records.customer_id[r],
                        "channel": channel,
                        "status": "withdrawn",
                        "source": "preference_centre",
                    }
                )
                recorded.append(int(later[i]))
    recorded_arr = np.asarray(recorded, np.int64)
    order = np.argsort(recorded_arr, kind="stable")
    n = len(order)
    uuids = rng.integers(0, 1 << 62, (n, 2))
    text = format_timestamps(recorded_arr[order], weighted_choice(rng, [0.4, 0.0, 0.0, 0.6], n))
    lines: list[dict[str, str | None]] = []
    for j, i in enumerate(order.tolist()):
        a, b = int(uuids[j, 0]), int(uuids[j, 1])
        h = f"{a:016x}{b:016x}"[:32]
        obj = {"consent_id": f"{h[:8]}-{h[8:12]}-4{h[13:16]}-a{h[17:20]}-{h[20:32]}"}
        obj.update(objects[i])
        obj["recorded_at"] = str(text[j])
        obj = {
            k: obj[k]
            for k in ("consent_id", "customer_id", "channel", "status", "recorded_at", "source")
        }
        lines.append(obj)

    entity = "crm.consents"
    picker = Picker(rng, n)
    truncated = picker.pick(how_many(rng, n, 0.001, minimum=2))
    missing_src = picker.pick(how_many(rng, n, 0.001))
    dup_src = picker.pick(how_many(rng, n, 0.001))
    bad_ts = picker.pick(how_many(rng, n, 0.001))
    for r in missing_src.tolist():
        lines[r]["consent_id"] = None if rng.random() < 0.5 else ""
    for r in bad_ts.tolist():
        lines[r]["recorded_at"] = ref.UNPARSEABLE_TIMESTAMPS[int(rng.integers(0, 6))]
    text_lines = [json.dumps(obj, ensure_ascii=False, separators=(", ", ": ")) for obj in lines]
    for r in truncated.tolist():
        full = text_lines[r]
        text_lines[r] = full[: int(rng.integers(12, len(full) - 2))]
    text_lines.extend(text_lines[r] for r in dup_src.tolist())
    # the export was cut off: its last line is one of the truncated ones
    last_cut = int(truncated[-1])
    text_lines.append(text_lines.pop(last_cut))
    ledger.add(entity, "invalid_json", len(truncated))
    ledger.add(entity, "missing_consent_id", len(missing_src))
    ledger.add(entity, "duplicate_consent_id", len(dup_src))
    ledger.add(entity, "unparseable_timestamp", len(bad_ts))
    return text_lines
