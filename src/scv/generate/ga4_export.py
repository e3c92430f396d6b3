"""Writes the GA4 export day by day, with the export's known defects injected and counted.

Per day file `events_YYYYMMDD.parquet`: the day's clean events, minus those
that will arrive late, plus those arriving late from earlier days, exact
copies, second purchase events for a transaction, and broken rows (no
user_pseudo_id, bad timestamp, no event name). The last day also gets an
`events_intraday_YYYYMMDD.parquet` repeating the early part of that day.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from scv.generate import ga4_schema as schema
from scv.generate.ga4 import DayOutput, E
from scv.generate.mess import MessLedger, Picker, how_many
from scv.generate.util import MICROS_PER_DAY, MICROS_PER_SECOND, rng_for

ENTITY = "ga4.events"
ROW_GROUP_SIZE = 200_000
INTRADAY_HOURS = 7


def write_parquet(table: pa.Table, path: Path) -> None:
    pq.write_table(
        table, path, compression="snappy", row_group_size=ROW_GROUP_SIZE, write_statistics=True
    )


class Ga4Exporter:
    def __init__(
        self, cfg, out_dir: Path, start: date, days: int, ledger: MessLedger, n_cookies: int
    ) -> None:
        self.cfg = cfg
        self.dir = out_dir / "ga4"
        self.dir.mkdir(parents=True, exist_ok=True)
        self.start = start
        self.days = days
        self.ledger = ledger
        self.pending: dict[int, list[pa.Table]] = {}
        self.rows_written = 0
        self.files: dict[str, int] = {}
        # a browser gets at most one broken row in the whole export, so broken rows never
        # look like copies of each other (e.g. two null timestamps of one browser)
        self.broken_cookie = np.zeros(n_cookies, dtype=bool)

    def file_name(self, day: int, intraday: bool = False) -> str:
        stamp = (self.start + timedelta(days=day)).strftime("%Y%m%d")
        return f"events_intraday_{stamp}.parquet" if intraday else f"events_{stamp}.parquet"

    def process(self, out: DayOutput) -> None:
        day = out.day
        day_start = (self.start - date(1970, 1, 1)).days * MICROS_PER_DAY + day * MICROS_PER_DAY
        table = out.table
        n = table.num_rows
        rng = rng_for(self.cfg.seed, "ga4-mess", day)
        first_day = day == 0
        minimum = 1 if first_day else 0
        kinds = out.event_name
        picker = Picker(rng, n)
        ts = table.column("event_timestamp").to_numpy()

        # a second purchase event for the same transaction (thank-you page reloaded)
        purchases = kinds == E["purchase"]
        n_dup_txn = how_many(rng, int(purchases.sum()), 0.04, minimum)
        dup_txn_rows = picker.pick(n_dup_txn, eligible=purchases)
        # broken rows: taken from page views / engagement, at most one per browser
        plain = (kinds == E["page_view"]) | (kinds == E["user_engagement"])
        plain &= ~self.broken_cookie[out.cookie]
        no_pseudo = picker.pick(how_many(rng, n, 0.0003, minimum), plain, distinct=out.cookie)
        bad_ts = picker.pick(how_many(rng, n, 0.0003, minimum), plain, distinct=out.cookie)
        no_name = picker.pick(how_many(rng, n, 0.0002, minimum), plain, distinct=out.cookie)
        self.broken_cookie[out.cookie[np.r_[no_pseudo, bad_ts, no_name]]] = True
        # events delivered in a later day's file
        late_rows = np.zeros(0, np.int64)
        if day < self.days - 1:
            late_rows = picker.pick(how_many(rng, n, 0.002, minimum))
        # exact copies inside the same file
        dup_rows = picker.pick(how_many(rng, n, 0.001, minimum))

        parts = [table.filter(pa.array(~_mask(n, np.r_[no_pseudo, bad_ts, no_name, late_rows])))]
        if len(no_pseudo):
            t = table.take(pa.array(no_pseudo))
            empty = rng.random(len(no_pseudo)) < 0.5
            values = pa.array(np.where(empty, "", None).tolist(), pa.string())
            parts.append(_set(t, "user_pseudo_id", values))
        if len(bad_ts):
            t = table.take(pa.array(bad_ts))
            original = ts[bad_ts]
            variant = np.arange(len(bad_ts)) % 3
            broken = np.where(variant == 1, original // 1000, original + 70 * 365 * MICROS_PER_DAY)
            parts.append(_set(t, "event_timestamp", pa.array(broken, mask=variant == 0)))
        if len(no_name):
            t = table.take(pa.array(no_name))
            empty = np.arange(len(no_name)) % 2 == 1
            parts.append(
                _set(t, "event_name", pa.array(np.where(empty, "", None).tolist(), pa.string()))
            )
        if len(dup_txn_rows):
            t = table.take(pa.array(dup_txn_rows))
            day_end = day_start + MICROS_PER_DAY
            later = ts[dup_txn_rows] + rng.integers(3, 600, len(dup_txn_rows)) * MICROS_PER_SECOND
            later = np.minimum(later, day_end - 1 - np.arange(len(dup_txn_rows)))
            t = _set(t, "event_timestamp", pa.array(later))
            t = _set(
                t,
                "event_bundle_sequence_id",
                pa.array(rng.integers(10**9, 10**10, len(dup_txn_rows))),
            )
            parts.append(t)
        if len(dup_rows):
            parts.append(table.take(pa.array(dup_rows)))
        for arriving in self.pending.pop(day, []):
            parts.append(arriving)
            self.ledger.add(ENTITY, "late_arrival", arriving.num_rows)
        if len(late_rows):
            delay = 1 + np.searchsorted(np.cumsum([0.7, 0.2, 0.1]), rng.random(len(late_rows)))
            target = np.minimum(day + delay, self.days - 1)
            for t_day in np.unique(target).tolist():
                rows = late_rows[target == t_day]
                self.pending.setdefault(int(t_day), []).append(table.take(pa.array(rows)))

        # no sort: an export's row order means nothing (clean rows come in time order, then
        # the broken, copied and late ones), and re-sorting nested rows costs a full copy
        day_table = pa.concat_tables(parts)
        write_parquet(day_table, self.dir / self.file_name(day))
        self.files[self.file_name(day)] = day_table.num_rows
        self.rows_written += day_table.num_rows

        self.ledger.add(ENTITY, "duplicate_transaction_id", len(dup_txn_rows))
        self.ledger.add(ENTITY, "missing_user_pseudo_id", len(no_pseudo))
        self.ledger.add(ENTITY, "invalid_event_timestamp", len(bad_ts))
        self.ledger.add(ENTITY, "missing_event_name", len(no_name))
        self.ledger.add(ENTITY, "duplicate_event", len(dup_rows))

        if day == self.days - 1:
            # the streaming table of the last day repeats its first hours
            early = (ts < day_start + INTRADAY_HOURS * 3600 * MICROS_PER_SECOND) & ~picker.used
            rows = np.flatnonzero(early)
            if len(rows) == 0:
                rows = np.flatnonzero(~picker.used)[:5]
            intraday = table.take(pa.array(rows))
            write_parquet(intraday, self.dir / self.file_name(day, intraday=True))
            self.files[self.file_name(day, intraday=True)] = intraday.num_rows
            self.rows_written += intraday.num_rows
            self.ledger.add(ENTITY, "duplicate_event_intraday", intraday.num_rows)

    def finish(self) -> None:
        if self.pending:
            raise RuntimeError(f"late events left unwritten for days {sorted(self.pending)}")


def _mask(n: int, rows: np.ndarray) -> np.ndarray:
    mask = np.zeros(n, dtype=bool)
    mask[rows.astype(np.int64)] = True
    return mask


def _set(table: pa.Table, name: str, values: pa.Array) -> pa.Table:
    index = table.schema.get_field_index(name)
    return table.set_column(index, schema.GA4_EVENTS_SCHEMA.field(name), values)
