"""Small vectorised helpers: random streams, id and text formatting, time."""

from __future__ import annotations

import zlib
from collections.abc import Sequence
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

MICROS_PER_SECOND = 1_000_000
MICROS_PER_DAY = 86_400 * MICROS_PER_SECOND


def rng_for(seed: int, *parts: str | int) -> np.random.Generator:
    """An independent random stream per (seed, component, ...): changing one part of the
    generator never shifts the random numbers another part sees."""
    words = [seed]
    for part in parts:
        words.append(zlib.crc32(part.encode()) if isinstance(part, str) else int(part))
    return np.random.default_rng(np.random.SeedSequence(words))


def weighted_choice(rng: np.random.Generator, weights: Sequence[float], size: int) -> np.ndarray:
    """Indices drawn with the given (unnormalised) weights."""
    cumulative = np.cumsum(np.asarray(weights, dtype=np.float64))
    return np.searchsorted(cumulative, rng.random(size) * cumulative[-1], side="right").astype(
        np.int64
    )


def group_rank(keys: np.ndarray) -> np.ndarray:
    """0, 1, 2, ... within runs of equal values of a sorted key array."""
    n = len(keys)
    if n == 0:
        return np.zeros(0, dtype=np.int64)
    starts = np.flatnonzero(np.r_[True, keys[1:] != keys[:-1]])
    run_lengths = np.diff(np.r_[starts, n])
    return np.arange(n) - np.repeat(starts, run_lengths)


def cumcount(counts: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """For per-group counts: (group index of each expanded row, rank inside its group)."""
    counts = np.asarray(counts, dtype=np.int64)
    group = np.repeat(np.arange(len(counts)), counts)
    starts = np.cumsum(counts) - counts
    return group, np.arange(counts.sum()) - np.repeat(starts, counts)


def format_ids(prefix: str, numbers: np.ndarray, width: int) -> pa.Array:
    """'C' + zero-padded numbers, vectorised."""
    digits = pc.utf8_lpad(pc.cast(pa.array(numbers, pa.int64()), pa.string()), width, "0")
    if not prefix:
        return digits
    return pc.binary_join_element_wise(prefix, digits, "")


def to_day_start_micros(day: date) -> int:
    return (day - date(1970, 1, 1)).days * MICROS_PER_DAY


def day_strings(start: date, days: int) -> list[str]:
    return [(start + timedelta(days=i)).strftime("%Y%m%d") for i in range(days)]


def iso_seconds(micros: np.ndarray, sep: str = "T") -> np.ndarray:
    """UTC 'YYYY-MM-DDTHH:MM:SS' for microsecond timestamps (numpy unicode array)."""
    text = np.datetime_as_string(np.asarray(micros, dtype="datetime64[us]"), unit="s")
    if sep != "T" and len(text):
        text = np.char.replace(text, "T", sep)
    return text


def offset_suffix(offset_seconds: np.ndarray) -> np.ndarray:
    """'+01:00' / '-05:00' for offsets in seconds."""
    offset_seconds = np.asarray(offset_seconds, dtype=np.int64)
    sign = np.where(offset_seconds < 0, "-", "+")
    minutes = np.abs(offset_seconds) // 60
    hours = np.char.zfill((minutes // 60).astype(str), 2)
    mins = np.char.zfill((minutes % 60).astype(str), 2)
    return np.char.add(np.char.add(np.char.add(sign, hours), ":"), mins)


def format_timestamps(
    micros: np.ndarray, style: np.ndarray, offset_seconds: np.ndarray | None = None
) -> np.ndarray:
    """Render UTC instants the ways source systems write them (all parse to the same instant):
    style 0 'YYYY-MM-DDTHH:MM:SSZ', 1 'YYYY-MM-DD HH:MM:SS' (UTC, no offset),
    2 local time with '+HH:MM' offset, 3 'YYYY-MM-DDTHH:MM:SS.mmmZ'."""
    micros = np.asarray(micros, dtype=np.int64)
    style = np.asarray(style)
    out = np.empty(len(micros), dtype=object)
    if len(micros) == 0:
        return out
    base = iso_seconds(micros)
    zulu = np.char.add(base, "Z")
    out[:] = zulu
    naive = style == 1
    if naive.any():
        out[naive] = np.char.replace(base[naive], "T", " ")
    local = style == 2
    if offset_seconds is not None and local.any():
        shifted = micros[local] + np.asarray(offset_seconds, dtype=np.int64)[local] * 1_000_000
        out[local] = np.char.add(
            iso_seconds(shifted), offset_suffix(np.asarray(offset_seconds)[local])
        )
    millis = style == 3
    if millis.any():
        frac = np.char.zfill(((micros[millis] // 1000) % 1000).astype(str), 3)
        out[millis] = np.char.add(np.char.add(np.char.add(base[millis], "."), frac), "Z")
    return out


def local_offsets(timezone_name: str, micros: np.ndarray) -> np.ndarray:
    """UTC offset in seconds of an IANA zone at each instant (looked up once per distinct hour)."""
    micros = np.asarray(micros, dtype=np.int64)
    hours = micros // (3600 * MICROS_PER_SECOND)
    unique_hours, inverse = np.unique(hours, return_inverse=True)
    zone = ZoneInfo(timezone_name)
    offsets = np.array(
        [
            int(datetime.fromtimestamp(int(h) * 3600, tz=zone).utcoffset().total_seconds())
            for h in unique_hours
        ],
        dtype=np.int64,
    )
    return offsets[inverse]


def money_text(minor: np.ndarray, decimals: np.ndarray) -> np.ndarray:
    """Amounts held in minor units -> '1234.50' (or '123400' for zero-decimal currencies)."""
    minor = np.asarray(minor, dtype=np.int64)
    decimals = np.asarray(decimals, dtype=np.int64)
    negative = minor < 0
    absolute = np.abs(minor)
    whole = np.where(decimals == 0, absolute, absolute // 100)
    cents = np.char.zfill((absolute % 100).astype(str), 2)
    text = whole.astype(str).astype(object)
    two = decimals == 2
    text[two] = np.char.add(np.char.add(whole[two].astype(str), "."), cents[two])
    text[negative] = np.char.add("-", text[negative].astype(str))
    return text


def minor_to_major(minor: np.ndarray, decimals: np.ndarray) -> np.ndarray:
    return np.asarray(minor, dtype=np.float64) / np.power(10.0, np.asarray(decimals))


def fill_pattern(rng: np.random.Generator, pattern: str, size: int) -> list[str]:
    """Postcode-like strings: each '#' in the pattern becomes a random digit."""
    if not pattern:
        return [""] * size
    slots = pattern.count("#")
    if slots == 0:
        return [pattern] * size
    digits = rng.integers(0, 10, size=(size, slots))
    template = pattern.replace("#", "{}")
    return [template.format(*row) for row in digits.tolist()]
