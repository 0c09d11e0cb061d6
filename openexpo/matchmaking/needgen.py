"""Generated exhibits and buyer needs with hidden ground truth (pure Python, deterministic).

`synthetic_catalogue()` makes exhibits from the bilingual lexicon (the benchmark uses it
at 35,000 exhibits); `generate_needs()` draws each need from 1–5 target exhibits — their
words with some dropped, synonyms swapped in, Chinese text, their HS codes at a random
depth, their origins — plus noise, and returns the target ids as the ground truth. The
demo step feeds it the database's exhibits; the recommender never sees the targets.
"""

from __future__ import annotations

import random
import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from openexpo.matchmaking.lexicon import (
    FAMILIES,
    FEATURES,
    NEED_OPENERS,
    NEED_OPENERS_ZH,
    NEED_TAILS,
    WORDS_EN,
)

CURRENCIES = ("CNY", "USD", "EUR")


@dataclass(frozen=True)
class ExhibitRecord:
    id: int
    company: int
    name_en: str
    name_zh: str
    description_en: str
    description_zh: str
    category: str
    origin: str


@dataclass(frozen=True)
class GeneratedNeed:
    text_en: str
    text_zh: str
    categories: tuple[str, ...]
    origins: tuple[str, ...]
    quantity: str
    budget_min: Decimal
    budget_max: Decimal
    currency: str
    targets: tuple[int, ...]  # the hidden ground truth


def _synonyms() -> dict[str, tuple[str, ...]]:
    out: dict[str, tuple[str, ...]] = {}
    for fam in FAMILIES:
        for group in (fam.en, fam.zh):
            for term in group:
                out[term] = tuple(t for t in group if t != term)
    return out


SYNONYMS = _synonyms()
_SYN_RE = re.compile("|".join(re.escape(t) for t in sorted(SYNONYMS, key=len, reverse=True)))
ZH_BRAND = "路明维兰阿基诺卡斯布凯奥桑特玛奎伊瓦泽林佩哈科"


def synthetic_catalogue(n_exhibits: int, n_companies: int, seed: int = 1) -> list[ExhibitRecord]:
    """`n_exhibits` exhibits of `n_companies` companies, each company in 1–2 families."""
    rng = random.Random(seed)
    companies = []
    for c in range(n_companies):
        fams = rng.sample(range(len(FAMILIES)), rng.choice((1, 1, 2)))
        origin = rng.choice(FAMILIES[fams[0]].origins)
        brand = rng.choice(WORDS_EN) + rng.choice(("", "a", "o", "ix", "en", " Labs", " Group"))
        brand_zh = "".join(rng.sample(ZH_BRAND, 3))
        companies.append((c + 1, fams, origin, brand, brand_zh))
    out = []
    for i in range(n_exhibits):
        cid, fams, origin, brand, brand_zh = companies[
            i % n_companies if i < n_companies else rng.randrange(n_companies)
        ]
        fam = FAMILIES[rng.choice(fams)]
        (a1, z1), (a2, z2) = rng.sample(fam.attrs, 2)
        feat_en, feat_zh = rng.choice(FEATURES)
        term = rng.choice(fam.en)
        model = f"{rng.choice('ABCDEFGHKMNPRSTVX')}{rng.randrange(10, 990)}"
        out.append(
            ExhibitRecord(
                id=i + 1,
                company=cid,
                name_en=f"{brand} {a1} {fam.en[0]} {model}",
                name_zh=f"{brand_zh}{z1}{fam.zh[0]} {model}",
                description_en=f"{a1.capitalize()}, {a2} {term} by {brand}. {feat_en.capitalize()}.",
                description_zh=f"{z2}{rng.choice(fam.zh)}，{feat_zh}。",
                category=fam.hs if rng.random() < 0.85 else fam.hs[:4],
                origin=origin if rng.random() < 0.9 else rng.choice(fam.origins),
            )
        )
    return out


def _swap(text: str, rng: random.Random, p: float) -> str:
    def repl(m: re.Match[str]) -> str:
        alts = SYNONYMS.get(m.group(0), ())
        return rng.choice(alts) if alts and rng.random() < p else m.group(0)

    return _SYN_RE.sub(repl, text)


def _drop(words: Sequence[str], rng: random.Random, keep: float) -> list[str]:
    kept = [w for w in words if rng.random() < keep]
    return kept or list(words[:1])


def _fragment_en(t: ExhibitRecord, rng: random.Random) -> str:
    words = _drop(_swap(t.name_en, rng, 0.5).split(), rng, 0.6)
    if rng.random() < 0.35 and t.description_en:
        sentence = rng.choice([s for s in t.description_en.split(".") if s.strip()] or [""])
        words += _drop(_swap(sentence, rng, 0.5).split(), rng, 0.5)
    return " ".join(words)


def _fragment_zh(t: ExhibitRecord, rng: random.Random) -> str:
    name = _swap(t.name_zh, rng, 0.5)
    parts = [p for p in re.split(r"[\s，。]+", name) if p]
    if rng.random() < 0.4 and t.description_zh:
        parts.append(_swap(t.description_zh.split("，")[0], rng, 0.5))
    if len(parts) > 1 and rng.random() < 0.5:
        parts = parts[:-1]
    return "".join(parts)


def need_from_targets(
    targets: Sequence[ExhibitRecord], rng: random.Random, all_codes: Sequence[str] = ()
) -> GeneratedNeed:
    """Compose one need from its target exhibits, with noise."""
    mode = rng.choices(("en", "zh", "both"), weights=(4, 3, 3))[0]
    text_en = text_zh = ""
    if mode in ("en", "both"):
        frags = [_fragment_en(t, rng) for t in targets[:3]]
        text_en = f"{rng.choice(NEED_OPENERS)} {'; '.join(frags)}, {rng.choice(NEED_TAILS)}."
    if mode in ("zh", "both"):
        frags = [_fragment_zh(t, rng) for t in targets[:3]]
        text_zh = f"{rng.choice(NEED_OPENERS_ZH)}{'、'.join(frags)}。"
    cats: list[str] = []
    for code in dict.fromkeys(t.category for t in targets if t.category):
        depth = rng.choices((6, 4, 2, 0), weights=(5, 3, 1, 1))[0]
        if depth:
            cats.append(code[:depth])
    if all_codes and rng.random() < 0.1:
        cats.append(rng.choice(all_codes))
    origins = [t.origin for t in targets if t.origin and rng.random() < 0.6]
    if rng.random() < 0.2:
        origins.append(rng.choice(("US", "DE", "FR", "JP", "AU", "BR", "TH", "IT")))
    low = Decimal(rng.randrange(1, 200) * 10_000)
    return GeneratedNeed(
        text_en=text_en,
        text_zh=text_zh,
        categories=tuple(dict.fromkeys(cats)),
        origins=tuple(dict.fromkeys(origins)),
        quantity=f"{rng.randrange(1, 50) * 100} units",
        budget_min=low,
        budget_max=low * rng.choice((2, 3, 5)),
        currency=rng.choice(CURRENCIES),
        targets=tuple(t.id for t in targets),
    )


def generate_needs(exhibits: Sequence[ExhibitRecord], n: int, seed: int = 2) -> list[GeneratedNeed]:
    """`n` needs, each drawn from 1–5 targets: one at random, the rest mostly of the same
    category (what one buyer tends to want), sometimes of another."""
    rng = random.Random(seed)
    if not exhibits:
        return []
    by_cat: dict[str, list[ExhibitRecord]] = {}
    for e in exhibits:
        by_cat.setdefault(e.category[:4], []).append(e)
    codes = sorted({e.category for e in exhibits if e.category})
    out = []
    for _ in range(n):
        first = rng.choice(exhibits)
        targets = [first]
        for _k in range(rng.choice((0, 0, 1, 1, 2, 3, 4))):
            pool = by_cat.get(first.category[:4], ()) if rng.random() < 0.8 else exhibits
            pick = rng.choice(pool) if pool else rng.choice(exhibits)
            if pick not in targets:
                targets.append(pick)
        out.append(need_from_targets(targets, rng, codes))
    return out
