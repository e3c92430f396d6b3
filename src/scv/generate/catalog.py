"""The product catalogue and its price list in every selling currency."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyarrow as pa

from scv.generate import reference as ref
from scv.generate.util import rng_for


@dataclass
class Catalog:
    sku: list[str]
    name: list[str]
    line: np.ndarray  # index into ref.PRODUCT_LINES
    variant: list[str]
    price_eur_cents: np.ndarray
    popularity: np.ndarray  # normalised weights
    created_days_before: np.ndarray
    # minor units of each currency (rows: products, columns: ref.CURRENCIES)
    price_minor: np.ndarray

    def __len__(self) -> int:
        return len(self.sku)

    def arrow(self) -> dict[str, pa.Array]:
        lines = ref.PRODUCT_LINES
        return {
            "sku": pa.array(self.sku),
            "name": pa.array(self.name),
            "variant": pa.array(self.variant),
            "category": pa.array([lines[i].category for i in self.line]),
            "subcategory": pa.array([lines[i].subcategory for i in self.line]),
        }


def currency_decimals(code: str) -> int:
    return ref.CURRENCY_DECIMALS.get(code, 2)


CURRENCY_DECIMALS_ARRAY = np.array([currency_decimals(c) for c in ref.CURRENCIES])


def convert_price(price_eur: np.ndarray, currency: str) -> np.ndarray:
    """A boutique-style price list: converted, then rounded to a tidy figure, in minor units."""
    value = price_eur * ref.FX_PER_EUR[currency]
    step = np.where(value < 1000, 5.0, np.where(value < 100_000, 10.0, 100.0))
    if currency in ("JPY", "KRW"):
        step = np.full(len(value), 1000.0 if currency == "KRW" else 100.0)
    rounded = np.maximum(np.round(value / step) * step, step)
    return (rounded * 10 ** currency_decimals(currency)).astype(np.int64)


def build_catalog(seed: int) -> Catalog:
    rng = rng_for(seed, "catalog")
    skus: list[str] = []
    names: list[str] = []
    line_idx: list[int] = []
    variants: list[str] = []
    prices: list[float] = []
    popularity: list[float] = []
    for li, line in enumerate(ref.PRODUCT_LINES):
        for mi, model in enumerate(line.names):
            n_colours = int(rng.integers(2, 5))
            colours = rng.choice(len(ref.COLOURS), size=n_colours, replace=False)
            low, high = line.price_eur
            base = float(np.exp(rng.uniform(np.log(low), np.log(high))))
            base = round(base / 10) * 10
            model_pop = line.popularity * float(rng.pareto(1.5) + 0.2)
            for ci in colours.tolist():
                code, colour = ref.COLOURS[ci]
                skus.append(f"{line.code}{100 + mi * 7 + li:04d}-{code}")
                names.append(f"{model}")
                variants.append(colour)
                line_idx.append(li)
                prices.append(base)
                popularity.append(model_pop * float(rng.uniform(0.3, 1.0)))
    price_eur = np.asarray(prices)
    pop = np.asarray(popularity)
    price_minor = np.stack([convert_price(price_eur, c) for c in ref.CURRENCIES], axis=1)
    return Catalog(
        sku=skus,
        name=names,
        line=np.asarray(line_idx),
        variant=variants,
        price_eur_cents=(price_eur * 100).astype(np.int64),
        popularity=pop / pop.sum(),
        created_days_before=rng.integers(30, 1500, len(skus)),
        price_minor=price_minor,
    )
