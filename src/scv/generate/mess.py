"""Bookkeeping of the mess injected on purpose, written to manifest.json.

Rules that keep the counts unambiguous (tests and staging rely on them):

- A raw row carries at most one problem. Broken rows are drawn from clean rows
  without replacement, and copies (duplicates, missing-id copies, late
  events) are only ever made of clean rows.
- A duplicate counts the *extra* rows: an id present three times is 2.
- `quarantine` kinds equal the staging quarantine's row counts per reason;
  `flag` kinds are rows kept with a flag (counted on rows that are not
  quarantined); `identity` kinds describe people, not broken rows;
  `conditional` kinds depend on a staging setting (see their description).
- A line of an order or sale the generator broke is counted as
  `unknown_order` / `unknown_sale` (the contract's cascade); `unknown_product`
  lines always belong to clean orders and sales.
"""

from __future__ import annotations

from collections import defaultdict

import numpy as np

# reason -> (handling, description)
KINDS: dict[str, tuple[str, str]] = {
    "duplicate_event": (
        "quarantine",
        "exact copy of an event row (inside a day file, or the intraday table repeating the daily "
        "one)",
    ),
    "duplicate_transaction_id": (
        "quarantine",
        "second purchase event (new timestamp) for a transaction_id already seen",
    ),
    "missing_user_pseudo_id": ("quarantine", "user_pseudo_id null or empty"),
    "invalid_event_timestamp": (
        "quarantine",
        "event_timestamp null, in milliseconds instead of microseconds, or decades ahead",
    ),
    "missing_event_name": ("quarantine", "event_name null or empty"),
    "duplicate_event_intraday": (
        "conditional",
        "rows of events_intraday_* repeating the daily table: quarantined as duplicate_event "
        "when staging reads the intraday table (dbt var ga4_include_intraday)",
    ),
    "late_arrival": ("flag", "event in a later day's file than its event_date"),
    "unknown_boutique": ("quarantine", "boutique_id not in the boutiques seed (a pop-up store)"),
    "unknown_order": (
        "quarantine",
        "order line whose order is quarantined (broken timestamp, amount or currency)",
    ),
    "unknown_sale": (
        "quarantine",
        "boutique sale line whose sale is quarantined (broken timestamp, amount, currency or "
        "boutique)",
    ),
    "invalid_json": ("quarantine", "truncated line in consents.ndjson"),
    "unparseable_timestamp": ("quarantine", "a required timestamp no parser accepts"),
    "invalid_amount": ("quarantine", "negative amount, or absurdly large"),
    "unknown_currency": ("quarantine", "currency code not in ISO 4217 / currency_rates"),
    "unknown_product": ("quarantine", "line whose sku is not in products"),
    "invalid_email": ("flag", "e-mail that cannot be valid (kept, e-mail nulled)"),
    "invalid_phone": ("flag", "phone that cannot be normalised (kept, phone nulled)"),
    "duplicate_person_records": (
        "identity",
        "CRM records beyond the first for the same person (distinct customer_ids minus persons)",
    ),
    "placeholder_email": (
        "identity",
        "CRM record whose e-mail is a placeholder a sales associate typed for a customer who gave "
        "none ('test@test.com'): valid, kept, and shared by records of unrelated people (a hub "
        "that must not join them)",
    ),
    "placeholder_phone": (
        "identity",
        "CRM record whose phone is a placeholder that normalises to a valid number with no "
        "information (the country's mobile prefix then zeros, '+33 6 00 00 00 00'): kept, and "
        "shared by records of unrelated people (a hub that must not join them)",
    ),
    "duplicate_session": (
        "quarantine",
        "exact copy of a GA360 session row in its day table",
    ),
    "missing_full_visitor_id": ("quarantine", "GA360 session row without fullVisitorId"),
    "invalid_visit_start_time": (
        "quarantine",
        "GA360 session row whose visitStartTime is 0 (1970): its hits cannot be placed in time",
    ),
    "duplicate_session_intraday": (
        "conditional",
        "rows of ga_sessions_intraday_* repeating the daily table: quarantined as "
        "duplicate_session when staging reads the intraday tables (dbt var "
        "ga360_include_intraday)",
    ),
    "midnight_split": (
        "flag",
        "GA360 session crossing midnight: its continuation is a second row in the next day's "
        "table with the same fullVisitorId, visitId and visitStartTime (staging joins them)",
    ),
    "missing_hit_time": (
        "flag",
        "GA360 hit without hits.time (not a session's first hit): placed at the hit before it",
    ),
    "shared_user_pseudo_id": (
        "identity",
        "browsers on the second stream carrying the user_pseudo_id of an unrelated browser on the "
        "first stream",
    ),
}


def kind_of(reason: str) -> tuple[str, str]:
    if reason in KINDS:
        return KINDS[reason]
    if reason.startswith("missing_"):
        return ("quarantine", f"{reason[len('missing_') :]} empty")
    if reason.startswith("duplicate_"):
        return ("quarantine", f"the same {reason[len('duplicate_') :]} twice in one extract")
    raise KeyError(reason)


class MessLedger:
    def __init__(self) -> None:
        self.counts: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))

    def add(self, entity: str, reason: str, n: int) -> None:
        kind_of(reason)  # unknown reasons fail loudly
        self.counts[entity][reason] += int(n)

    def as_dict(self) -> dict[str, dict[str, int]]:
        return {entity: dict(sorted(r.items())) for entity, r in sorted(self.counts.items())}

    def kinds(self) -> dict[str, dict[str, str]]:
        reasons = sorted({r for entity in self.counts.values() for r in entity})
        return {r: {"handling": kind_of(r)[0], "description": kind_of(r)[1]} for r in reasons}


def how_many(rng: np.random.Generator, n: int, rate: float, minimum: int = 1) -> int:
    """Rows to break: about n * rate, at least `minimum` (when there are that many rows)."""
    if n <= 0:
        return 0
    return int(min(n, max(minimum, rng.binomial(n, rate))))


class Picker:
    """Draws disjoint sets of rows, so that no row gets two problems."""

    def __init__(self, rng: np.random.Generator, n: int) -> None:
        self.rng = rng
        self.used = np.zeros(n, dtype=bool)

    def pick(self, k: int, eligible: np.ndarray | None = None, distinct: np.ndarray | None = None):
        mask = ~self.used if eligible is None else (eligible & ~self.used)
        candidates = np.flatnonzero(mask)
        if distinct is not None and len(candidates):
            # at most one row per group (e.g. per browser), so broken rows stay distinct
            candidates = self.rng.permutation(candidates)
            _, first = np.unique(distinct[candidates], return_index=True)
            candidates = np.sort(candidates[first])
        k = min(k, len(candidates))
        chosen = (
            np.sort(self.rng.choice(candidates, size=k, replace=False)) if k else candidates[:0]
        )
        self.used[chosen] = True
        return chosen

    def with_rng(self, rng: np.random.Generator) -> Picker:
        """A picker drawing with another generator from the same rows: a new kind of mess gets
        its own random stream (the other kinds stay as they were) and still no row twice."""
        other = Picker(rng, len(self.used))
        other.used = self.used
        return other
