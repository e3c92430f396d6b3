"""Commerce extracts: products, online orders (+ lines), boutique sales (+ lines).

Online orders come from two places: the purchases GA4 sessions made during
the window (same order_id as the purchase event's transaction_id) and the
order history before the GA4 export started. Amounts are held in minor units
(cents, or yen/won) so that lines always add up exactly.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from scv.generate import reference as ref
from scv.generate.catalog import CURRENCY_DECIMALS_ARRAY, Catalog
from scv.generate.crm import boutique_local_text, invalid_email
from scv.generate.mess import MessLedger, Picker, how_many
from scv.generate.population import World
from scv.generate.util import (
    MICROS_PER_DAY,
    MICROS_PER_SECOND,
    cumcount,
    format_ids,
    format_timestamps,
    local_offsets,
    money_text,
    rng_for,
    weighted_choice,
)

ORDER_NUMBER_BASE = 3_000_000
PRODUCT_COLUMNS = (
    "sku",
    "product_name",
    "category",
    "subcategory",
    "price",
    "currency",
    "created_at",
)
ORDER_COLUMNS = (
    "order_id",
    "customer_id",
    "email",
    "ordered_at",
    "status",
    "currency",
    "subtotal_amount",
    "discount_amount",
    "shipping_amount",
    "tax_amount",
    "total_amount",
    "promo_code",
    "payment_method",
    "shipping_country",
    "updated_at",
)
LINE_COLUMNS = (
    "order_id",
    "line_number",
    "sku",
    "quantity",
    "unit_price",
    "discount_amount",
    "line_total",
)
POS_COLUMNS = (
    "sale_id",
    "boutique_id",
    "customer_id",
    "sold_at",
    "status",
    "currency",
    "total_amount",
    "discount_amount",
    "payment_method",
)
POS_LINE_COLUMNS = (
    "sale_id",
    "line_number",
    "sku",
    "quantity",
    "unit_price",
    "discount_amount",
    "line_total",
)
ABSURD_AMOUNTS = ("9999999999.99", "123456789012")
POPUP_BOUTIQUES = ("POP01", "CAN01-POPUP")


@dataclass
class Basket:
    """Orders (one entry per order) and their lines, as numpy columns."""

    orders: dict[str, np.ndarray]
    lines: dict[str, np.ndarray]


def products_with_mess(cfg, world: World, catalog: Catalog, ledger: MessLedger):
    rng = rng_for(cfg.seed, "commerce-products")
    n = len(catalog)
    arrow = catalog.arrow()
    created = (
        world.window.start_us
        - catalog.created_days_before * MICROS_PER_DAY
        + rng.integers(7 * 3600, 19 * 3600, n) * MICROS_PER_SECOND
    )
    cols = {
        "sku": list(catalog.sku),
        "product_name": [
            f"{name} - {variant}"
            for name, variant in zip(catalog.name, catalog.variant, strict=True)
        ],
        "category": arrow["category"].to_pylist(),
        "subcategory": arrow["subcategory"].to_pylist(),
        "price": money_text(catalog.price_eur_cents, np.full(n, 2)).tolist(),
        "currency": ["EUR"] * n,
        "created_at": format_timestamps(created, np.ones(n, np.int64)).tolist(),
    }
    # a product row without its sku, and a draft listed with a negative price (never sold)
    src = int(rng.integers(0, n))
    extra = {k: cols[k][src] for k in PRODUCT_COLUMNS}
    extra["sku"] = ""
    extra_draft = {k: cols[k][src] for k in PRODUCT_COLUMNS}
    extra_draft["sku"] = "DRAFT-0001-TMP"
    extra_draft["price"] = "-" + cols["price"][src]
    for row in (extra, extra_draft):
        for k in PRODUCT_COLUMNS:
            cols[k].append(row[k])
    ledger.add("commerce.products", "missing_sku", 1)
    ledger.add("commerce.products", "invalid_amount", 1)
    return cols


def history_orders(cfg, world: World, catalog: Catalog) -> Basket:
    """Online orders placed before the GA4 export starts (no events for them)."""
    rng = rng_for(cfg.seed, "commerce-history")
    people, window = world.people, world.window
    if window.history_days <= 0:
        return _empty_basket()
    buyers = np.flatnonzero(
        people.is_customer
        & (people.purchase_propensity > 0)
        & (people.web_weight > 0)
        & (people.account_us < window.start_us)
    )
    rate = 1.0 * np.minimum(people.purchase_propensity[buyers], 8.0) * window.history_days / 365
    count = rng.poisson(rate)
    person = np.repeat(buyers, count)
    since = np.maximum(people.account_us[person], window.history_start_us)
    ordered = since + (rng.random(len(person)) * (window.start_us - since)).astype(np.int64)
    order = np.argsort(ordered, kind="stable")
    person, ordered = person[order], ordered[order]
    n = len(person)
    logged_in = people.has_web_account[person] & (rng.random(n) < 0.8)
    record = np.where(logged_in, person, -1)
    currency = np.array(
        [ref.CURRENCIES.index(ref.COUNTRIES[c].currency) for c in people.country[person]],
        dtype=np.int64,
    )
    return _basket(
        rng,
        catalog,
        world,
        person,
        record,
        ordered,
        currency,
        number=np.arange(n) + ORDER_NUMBER_BASE,
        tracked=np.zeros(n, bool),
    )


def _empty_basket() -> Basket:
    z = np.zeros(0, np.int64)
    return Basket(
        orders={
            k: z
            for k in (
                "order_number",
                "ordered_us",
                "person",
                "record",
                "currency",
                "subtotal",
                "discount",
                "shipping",
                "tax",
                "total",
                "promo",
                "tracked",
            )
        },
        lines={k: z for k in ("order_number", "rank", "sku", "qty", "price", "discount", "total")},
    )


def _basket(rng, catalog, world, person, record, ordered, currency, number, tracked) -> Basket:
    n = len(person)
    n_lines = 1 + (rng.random(n) < 0.3) + (rng.random(n) < 0.08)
    order_idx, rank = cumcount(n_lines)
    sku = weighted_choice(rng, catalog.popularity, len(order_idx))
    qty = np.where(catalog.price_eur_cents[sku] > 200_000, 1, 1 + (rng.random(len(sku)) < 0.08))
    price = catalog.price_minor[sku, currency[order_idx]]
    promo = np.where(rng.random(n) < 0.1, rng.integers(0, len(ref.PROMO_CODES), n), -1)
    rate = np.where(promo >= 0, np.array([p[1] for p in ref.PROMO_CODES])[promo], 0.0)
    gross = price * qty
    line_discount = np.round(gross * rate[order_idx]).astype(np.int64)
    line_total = gross - line_discount
    subtotal = np.bincount(order_idx, weights=gross, minlength=n).astype(np.int64)
    discount = np.bincount(order_idx, weights=line_discount, minlength=n).astype(np.int64)
    decimals = CURRENCY_DECIMALS_ARRAY[currency]
    fx = np.array([ref.FX_PER_EUR[c] for c in ref.CURRENCIES])[currency]
    shipping = (
        np.where(rng.random(n) < 0.2, np.round(15.0 * fx), 0.0) * np.power(10, decimals)
    ).astype(np.int64)
    total = subtotal - discount + shipping
    vat = np.array([c.vat_rate for c in ref.COUNTRIES])[world.people.country[person]]
    tax = np.round(total * vat / (1 + vat)).astype(np.int64)
    return Basket(
        orders={
            "order_number": number,
            "ordered_us": ordered,
            "person": person,
            "record": record,
            "currency": currency,
            "subtotal": subtotal,
            "discount": discount,
            "shipping": shipping,
            "tax": tax,
            "total": total,
            "promo": promo,
            "tracked": tracked,
        },
        lines={
            "order_number": number[order_idx],
            "rank": rank,
            "sku": sku,
            "qty": qty,
            "price": price,
            "discount": line_discount,
            "total": line_total,
        },
    )


def merge_baskets(baskets: list[Basket]) -> Basket:
    keys_o = baskets[0].orders.keys()
    keys_l = baskets[0].lines.keys()
    return Basket(
        orders={k: np.concatenate([b.orders[k] for b in baskets]) for k in keys_o},
        lines={k: np.concatenate([b.lines[k] for b in baskets]) for k in keys_l},
    )


def orders_with_mess(
    cfg, world: World, catalog: Catalog, basket: Basket, record_email: list[str], ledger: MessLedger
):
    """orders.csv / order_lines.csv columns, with their mess; and the truth per order id."""
    rng = rng_for(cfg.seed, "commerce-orders")
    people, window = world.people, world.window
    o = basket.orders
    n = len(o["order_number"])
    person, record, currency = o["person"], o["record"], o["currency"]
    decimals = CURRENCY_DECIMALS_ARRAY[currency]
    order_id = format_ids("", o["order_number"], 10).to_pylist()
    record_ids = world.records.customer_id
    # status: recent orders are still open to refunds
    status = np.array(["completed", "cancelled", "refunded", "partially_refunded"])[
        weighted_choice(rng, [0.84, 0.05, 0.06, 0.05], n)
    ].astype(object)
    hours_later = np.where(
        status == "completed", rng.uniform(1, 72, n), rng.uniform(24, 24 * 20, n)
    )
    updated = o["ordered_us"] + (hours_later * 3600 * MICROS_PER_SECOND).astype(np.int64)
    updated = np.minimum(updated, window.end_us - 1)
    updated = np.maximum(updated, o["ordered_us"] + 3600 * MICROS_PER_SECOND)
    offsets = np.array([ref.COUNTRIES[c].utc_offset_hours * 3600 for c in people.country[person]])
    ordered_text = format_timestamps(
        o["ordered_us"], weighted_choice(rng, [0.6, 0.1, 0.3], n), offsets
    )
    updated_text = format_timestamps(updated, np.zeros(n, np.int64))
    email: list[str] = []
    use_alt = rng.random(n) < 0.2
    restyle = rng.random(n) < 0.1
    for i in range(n):
        r, p = int(record[i]), int(person[i])
        address = (
            record_email[r]
            if r >= 0 and record_email[r]
            else (people.alt_email[p] if use_alt[i] else people.email[p])
        )
        email.append(address.upper() if restyle[i] else address)
    pay_default = ref.PAYMENT_METHODS["default"]
    pay_cn = ref.PAYMENT_METHODS["CN"]
    pay_d = weighted_choice(rng, [w for _, w in pay_default], n)
    pay_c = weighted_choice(rng, [w for _, w in pay_cn], n)
    is_cny = currency == ref.CURRENCIES.index("CNY")
    payment = [pay_cn[pay_c[i]][0] if is_cny[i] else pay_default[pay_d[i]][0] for i in range(n)]
    discount_text = money_text(o["discount"], decimals)
    discount_text[(o["discount"] == 0) & (rng.random(n) < 0.5)] = ""
    cols = {
        "order_id": order_id,
        "customer_id": [record_ids[r] if r >= 0 else "" for r in record.tolist()],
        "email": email,
        "ordered_at": ordered_text.tolist(),
        "status": status.tolist(),
        "currency": [ref.CURRENCIES[c] for c in currency.tolist()],
        "subtotal_amount": money_text(o["subtotal"], decimals).tolist(),
        "discount_amount": discount_text.tolist(),
        "shipping_amount": money_text(o["shipping"], decimals).tolist(),
        "tax_amount": money_text(o["tax"], decimals).tolist(),
        "total_amount": money_text(o["total"], decimals).tolist(),
        "promo_code": [ref.PROMO_CODES[p][0] if p >= 0 else "" for p in o["promo"].tolist()],
        "payment_method": payment,
        "shipping_country": [ref.COUNTRIES[c].code for c in people.country[person].tolist()],
        "updated_at": updated_text.tolist(),
    }
    truth = {
        "order_id": list(order_id),
        "person_id": person.tolist(),
        "tracked_in_ga4": o["tracked"].tolist(),
    }

    entity = "commerce.orders"
    picker = Picker(rng, n)
    missing_src = picker.pick(how_many(rng, n, 0.002))
    # an earlier state of the order, exported before it was refunded/cancelled
    changed = status != "completed"
    older_src = picker.pick(how_many(rng, n, 0.003), eligible=changed)
    bad_ts = picker.pick(how_many(rng, n, 0.002))
    bad_amount = picker.pick(how_many(rng, n, 0.002))
    bad_currency = picker.pick(how_many(rng, n, 0.002))
    bad_email = picker.pick(how_many(rng, n, 0.005), eligible=np.array([bool(e) for e in email]))
    for r in bad_ts.tolist():
        cols["ordered_at"][r] = ref.UNPARSEABLE_TIMESTAMPS[int(rng.integers(0, 6))]
    for j, r in enumerate(bad_amount.tolist()):
        cols["total_amount"][r] = (
            "-" + cols["total_amount"][r] if j % 2 == 0 else ABSURD_AMOUNTS[int(rng.integers(0, 2))]
        )
    for r in bad_currency.tolist():
        cols["currency"][r] = ref.UNKNOWN_CURRENCIES[int(rng.integers(0, 4))]
    for r in bad_email.tolist():
        cols["email"][r] = invalid_email(rng, cols["email"][r].lower())
    extra: list[dict[str, str]] = []
    for r in missing_src.tolist():
        row = {k: cols[k][r] for k in ORDER_COLUMNS}
        row["order_id"] = ""
        extra.append(row)
    for r in older_src.tolist():
        row = {k: cols[k][r] for k in ORDER_COLUMNS}
        row["status"] = "completed"
        early = o["ordered_us"][r] + int(rng.integers(60, 1800)) * MICROS_PER_SECOND
        row["updated_at"] = format_timestamps(np.array([early]), np.zeros(1, np.int64))[0]
        extra.append(row)
    for row in extra:
        for k in ORDER_COLUMNS:
            cols[k].append(row[k])
    ledger.add(entity, "missing_order_id", len(missing_src))
    ledger.add(entity, "duplicate_order_id", len(older_src))
    ledger.add(entity, "unparseable_timestamp", len(bad_ts))
    ledger.add(entity, "invalid_amount", len(bad_amount))
    ledger.add(entity, "unknown_currency", len(bad_currency))
    ledger.add(entity, "invalid_email", len(bad_email))

    lines = basket.lines
    broken = o["order_number"][np.r_[bad_ts, bad_amount, bad_currency].astype(np.int64)]
    orphan = np.isin(lines["order_number"], broken)
    line_cols, line_unknown = _line_columns(
        rng,
        catalog,
        format_ids("", lines["order_number"], 10).to_pylist(),
        lines,
        CURRENCY_DECIMALS_ARRAY[_currency_of_lines(basket)],
        LINE_COLUMNS,
        "order_id",
        orphan,
    )
    ledger.add("commerce.order_lines", "unknown_product", line_unknown)
    ledger.add("commerce.order_lines", "unknown_order", int(orphan.sum()))
    return cols, line_cols, truth


def _currency_of_lines(basket: Basket) -> np.ndarray:
    lookup = dict(
        zip(basket.orders["order_number"].tolist(), basket.orders["currency"].tolist(), strict=True)
    )
    return np.array([lookup[k] for k in basket.lines["order_number"].tolist()], dtype=np.int64)


def _line_columns(rng, catalog, parent_ids, lines, decimals, columns, parent_key, orphan):
    """Line columns; `orphan` marks lines whose order/sale is quarantined (they will be
    `unknown_order`/`unknown_sale`), so `unknown_product` goes to other lines only."""
    n = len(parent_ids)
    sku = [catalog.sku[s] for s in lines["sku"].tolist()]
    discount = money_text(lines["discount"], decimals)
    discount[(lines["discount"] == 0) & (rng.random(n) < 0.6)] = ""
    cols = {
        parent_key: parent_ids,
        "line_number": (lines["rank"] + 1).astype(str).tolist(),
        "sku": sku,
        "quantity": lines["qty"].astype(str).tolist(),
        "unit_price": money_text(lines["price"], decimals).tolist(),
        "discount_amount": discount.tolist(),
        "line_total": money_text(lines["total"], decimals).tolist(),
    }
    picker = Picker(rng, n)
    unknown = picker.pick(how_many(rng, n, 0.001), eligible=~orphan)
    for j, r in enumerate(unknown.tolist()):
        cols["sku"][r] = f"DISC-{10_000 + j:05d}"  # discontinued, gone from the catalogue
    assert tuple(cols) == columns
    return cols, len(unknown)


def pos_with_mess(cfg, world: World, catalog: Catalog, ledger: MessLedger):
    """Boutique sales (till local time), their lines, and the truth per sale id."""
    rng = rng_for(cfg.seed, "commerce-pos")
    people, window, records = world.people, world.window, world.records
    span_days = window.history_days + window.days
    buyers = np.flatnonzero(people.store_weight > 0)
    rate = (
        0.5
        * people.store_weight[buyers]
        * (0.4 + np.minimum(people.purchase_propensity[buyers], 3.0))
    )
    count = rng.poisson(rate * span_days / 365)
    person = np.repeat(buyers, count)
    minimum = 12
    if len(person) < minimum and len(buyers):
        person = np.r_[person, rng.choice(buyers, minimum - len(person))]
    n = len(person)
    day = rng.integers(-window.history_days, window.days, n)
    home = people.home_boutique[person]
    # tourists: a Chinese client buying in Paris, a Gulf client in London
    destination = weighted_choice(
        rng, [5 if b.city in ("Paris", "London", "Milan") else 1 for b in world.boutiques], n
    )
    boutique = np.where((home >= 0) & (rng.random(n) < 0.8), home, destination)
    local_second = rng.integers(10 * 3600, 19 * 3600 + 1800, n)
    # wall-clock time at the till; the UTC instant is derived with the boutique's zone
    local_us = window.start_us + day * MICROS_PER_DAY + local_second * MICROS_PER_SECOND
    order = np.lexsort((person, local_us))
    person, boutique, local_us = person[order], boutique[order], local_us[order]

    # who the till knows: a known client is looked up under one of their CRM records
    # (a customer's first record is the primary one, whose index is the person's)
    is_known = people.is_customer[person] & (rng.random(n) < 0.75)
    cand = np.where(people.is_customer[person], person, -1)
    approx_utc = local_us - 2 * 3600 * MICROS_PER_SECOND
    exists = (cand >= 0) & (records.created_us[np.maximum(cand, 0)] <= approx_utc)
    record = np.where(is_known & exists, cand, -1)
    # a boutique often finds the client's second record (the one it created itself)
    dup_for_person = np.full(people.n, -1, np.int64)
    dups = np.flatnonzero(~records.is_primary)
    dup_for_person[records.person[dups]] = dups
    alt = dup_for_person[person]
    use_alt = (record >= 0) & (alt >= 0) & (rng.random(n) < 0.4)
    use_alt &= records.created_us[np.maximum(alt, 0)] <= approx_utc
    record = np.where(use_alt, alt, record)

    currency = np.array([ref.CURRENCIES.index(b.currency) for b in world.boutiques])[boutique]
    decimals = CURRENCY_DECIMALS_ARRAY[currency]
    n_lines = 1 + (rng.random(n) < 0.35) + (rng.random(n) < 0.1)
    sale_idx, rank = cumcount(n_lines)
    sku = weighted_choice(rng, catalog.popularity, len(sale_idx))
    qty = np.where(catalog.price_eur_cents[sku] > 200_000, 1, 1 + (rng.random(len(sku)) < 0.1))
    price = catalog.price_minor[sku, currency[sale_idx]]
    staff = rng.random(n) < 0.06
    gross = price * qty
    line_discount = np.round(gross * np.where(staff, 0.1, 0.0)[sale_idx]).astype(np.int64)
    line_total = gross - line_discount
    total = np.bincount(sale_idx, weights=line_total, minlength=n).astype(np.int64)
    discount = np.bincount(sale_idx, weights=line_discount, minlength=n).astype(np.int64)

    # sale ids: per boutique till sequence
    sale_id: list[str] = [""] * n
    seq = np.zeros(len(world.boutiques), np.int64)
    for i, b in enumerate(boutique.tolist()):
        seq[b] += 1
        sale_id[i] = f"{world.boutiques[b].boutique_id}-{seq[b]:07d}"
    sold_text = boutique_local_text(
        world, boutique, _local_to_utc(world, boutique, local_us), with_offset=False
    )
    status = np.where(rng.random(n) < 0.05, "returned", "completed")
    pay_pos, pay_cn = ref.PAYMENT_METHODS["pos"], ref.PAYMENT_METHODS["pos_CN"]
    p_pos = weighted_choice(rng, [w for _, w in pay_pos], n)
    p_cn = weighted_choice(rng, [w for _, w in pay_cn], n)
    is_cny = currency == ref.CURRENCIES.index("CNY")
    discount_text = money_text(discount, decimals)
    discount_text[discount == 0] = np.where(rng.random(int((discount == 0).sum())) < 0.5, "0", "")
    cols = {
        "sale_id": sale_id,
        "boutique_id": [world.boutiques[b].boutique_id for b in boutique.tolist()],
        "customer_id": [records.customer_id[r] if r >= 0 else "" for r in record.tolist()],
        "sold_at": sold_text.tolist(),
        "status": status.tolist(),
        "currency": [ref.CURRENCIES[c] for c in currency.tolist()],
        "total_amount": money_text(total, decimals).tolist(),
        "discount_amount": discount_text.tolist(),
        "payment_method": [
            pay_cn[p_cn[i]][0] if is_cny[i] else pay_pos[p_pos[i]][0] for i in range(n)
        ],
    }
    truth = {"sale_id": list(sale_id), "person_id": person.tolist()}

    entity = "commerce.pos_sales"
    picker = Picker(rng, n)
    missing_src = picker.pick(how_many(rng, n, 0.002))
    dup_src = picker.pick(how_many(rng, n, 0.003))
    bad_ts = picker.pick(how_many(rng, n, 0.002))
    bad_amount = picker.pick(how_many(rng, n, 0.002))
    bad_currency = picker.pick(how_many(rng, n, 0.002))
    # a pop-up store's till, not (yet) in the boutiques seed
    bad_boutique = picker.pick(how_many(rng, n, 0.001))
    for r in bad_boutique.tolist():
        cols["boutique_id"][r] = POPUP_BOUTIQUES[int(rng.integers(0, len(POPUP_BOUTIQUES)))]
    for r in bad_ts.tolist():
        cols["sold_at"][r] = ref.UNPARSEABLE_TIMESTAMPS[int(rng.integers(0, 6))]
    for j, r in enumerate(bad_amount.tolist()):
        cols["total_amount"][r] = (
            "-" + cols["total_amount"][r] if j % 2 == 0 else ABSURD_AMOUNTS[int(rng.integers(0, 2))]
        )
    for r in bad_currency.tolist():
        cols["currency"][r] = ref.UNKNOWN_CURRENCIES[int(rng.integers(0, 4))]
    for r in missing_src.tolist():
        for k in POS_COLUMNS:
            cols[k].append("" if k == "sale_id" else cols[k][r])
    for r in dup_src.tolist():
        for k in POS_COLUMNS:
            cols[k].append(cols[k][r])  # the till exported the sale twice
    ledger.add(entity, "missing_sale_id", len(missing_src))
    ledger.add(entity, "duplicate_sale_id", len(dup_src))
    ledger.add(entity, "unparseable_timestamp", len(bad_ts))
    ledger.add(entity, "invalid_amount", len(bad_amount))
    ledger.add(entity, "unknown_currency", len(bad_currency))
    ledger.add(entity, "unknown_boutique", len(bad_boutique))

    orphan = np.isin(sale_idx, np.r_[bad_ts, bad_amount, bad_currency, bad_boutique])
    lines = {
        "rank": rank,
        "sku": sku,
        "qty": qty,
        "price": price,
        "discount": line_discount,
        "total": line_total,
    }
    line_cols, unknown = _line_columns(
        rng,
        catalog,
        [sale_id[i] for i in sale_idx.tolist()],
        lines,
        decimals[sale_idx],
        POS_LINE_COLUMNS,
        "sale_id",
        orphan,
    )
    ledger.add("commerce.pos_sale_lines", "unknown_product", unknown)
    ledger.add("commerce.pos_sale_lines", "unknown_sale", int(orphan.sum()))
    return cols, line_cols, truth


def _local_to_utc(world: World, boutique: np.ndarray, local_us: np.ndarray) -> np.ndarray:
    """Wall-clock boutique time -> UTC instant (opening hours never fall in a DST gap)."""
    utc = np.empty_like(local_us)
    for b in np.unique(boutique).tolist():
        rows = np.flatnonzero(boutique == b)
        guess = local_offsets(world.boutiques[b].timezone, local_us[rows])
        utc[rows] = local_us[rows] - guess * MICROS_PER_SECOND
        # the offset at the UTC instant may differ from the guess around a DST change
        exact = local_offsets(world.boutiques[b].timezone, utc[rows])
        utc[rows] = local_us[rows] - exact * MICROS_PER_SECOND
    return utc
