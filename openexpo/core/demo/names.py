"""Deterministic bilingual name makers for the demo: companies, people, organisations."""

from __future__ import annotations

import random
from collections.abc import Sequence
from typing import Any

import numpy as np

from openexpo.core.demo.vocab import (
    BRAND_HEADS,
    BRAND_TAILS,
    DEFAULT_LEGAL,
    FIRST_NAMES_EN,
    GIVEN_ZH,
    INDUSTRY,
    LAST_NAMES_EN,
    LEGAL_FORMS,
    ORG_CITIES_ZH,
    ORG_SUFFIX_ZH,
    ORG_TRADES_ZH,
    SURNAMES_ZH,
)


class CompanyNamer:
    """Makes unique bilingual company names: brand + industry word + legal form."""

    def __init__(self, rng: random.Random, taken: set[str] | None = None) -> None:
        self.rng = rng
        self.taken = taken if taken is not None else set()

    def brand(self) -> tuple[str, str]:
        head_en, head_zh = self.rng.choice(BRAND_HEADS)
        tail_en, tail_zh = self.rng.choice(BRAND_TAILS)
        return head_en + tail_en, head_zh + tail_zh

    def make(self, area_code: str, country_code: str) -> tuple[str, str]:
        legal_en, legal_zh = LEGAL_FORMS.get(country_code, DEFAULT_LEGAL)
        for attempt in range(50):
            brand_en, brand_zh = self.brand()
            ind_en, ind_zh = self.rng.choice(INDUSTRY[area_code])
            name_en = f"{brand_en} {ind_en} {legal_en}"
            name_zh = f"{brand_zh}{ind_zh}{legal_zh}"
            if attempt >= 20:
                n = self.rng.randint(2, 99)
                name_en, name_zh = (
                    f"{brand_en} {ind_en} {n} {legal_en}",
                    f"{brand_zh}{ind_zh}{n}{legal_zh}",
                )
            if name_en not in self.taken:
                self.taken.add(name_en)
                return name_en, name_zh
        raise RuntimeError("ran out of company names")


def person_name_zh(rng: random.Random) -> str:
    given = "".join(rng.choice(GIVEN_ZH) for _ in range(rng.choice((1, 2, 2))))
    return rng.choice(SURNAMES_ZH) + given


def person_name_en(rng: random.Random) -> str:
    return f"{rng.choice(FIRST_NAMES_EN)} {rng.choice(LAST_NAMES_EN)}"


ORG_MIDDLES_ZH = ["", "华", "国", "新", "恒", "盛", "远", "达"]


def organisation_zh(rng: random.Random) -> str:
    return (
        rng.choice(ORG_CITIES_ZH)
        + rng.choice(ORG_MIDDLES_ZH)
        + rng.choice(ORG_TRADES_ZH)
        + rng.choice(ORG_SUFFIX_ZH)
    )


def draw(gen: np.random.Generator, pool: Sequence[Any] | np.ndarray, n: int) -> np.ndarray:
    """`n` entries of `pool` (a sequence or an object array) drawn uniformly, as an object array.

    One `gen.integers(len(pool), size=n)` call per draw, so a build that draws the same pools
    in the same order gets the same rows.
    """
    if not isinstance(pool, np.ndarray):
        pool = np.fromiter(pool, dtype=object, count=len(pool))  # a str pool: its characters
    return pool[gen.integers(len(pool), size=n)]


def _picks(gen: np.random.Generator, n: int, *pools: list[str]) -> list[list[str]]:
    """For each pool, `n` entries drawn uniformly (vectorised)."""
    return [draw(gen, pool, n).tolist() for pool in pools]


def organisations_zh(gen: np.random.Generator, n: int) -> list[str]:
    """`n` organisation names as `organisation_zh` makes them, drawn in bulk."""
    cities, middles, trades, suffixes = _picks(
        gen, n, ORG_CITIES_ZH, ORG_MIDDLES_ZH, ORG_TRADES_ZH, ORG_SUFFIX_ZH
    )
    return [a + b + c + d for a, b, c, d in zip(cities, middles, trades, suffixes, strict=True)]


def person_names_zh(gen: np.random.Generator, n: int) -> list[str]:
    """`n` Chinese personal names (surname + one or, two times in three, two given characters)."""
    surnames, first, second = _picks(gen, n, SURNAMES_ZH, GIVEN_ZH, GIVEN_ZH)
    one = (gen.random(n) < 1 / 3).tolist()
    return [
        s + a + ("" if short else b)
        for s, a, b, short in zip(surnames, first, second, one, strict=True)
    ]


def person_names_en(gen: np.random.Generator, n: int) -> list[str]:
    firsts, lasts = _picks(gen, n, FIRST_NAMES_EN, LAST_NAMES_EN)
    return [f"{a} {b}" for a, b in zip(firsts, lasts, strict=True)]
