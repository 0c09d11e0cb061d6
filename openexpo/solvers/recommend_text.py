"""Words of a bilingual document for the recommender: English words lightly stemmed,
Chinese words segmented by jieba, stop words dropped; HS sections by chapter (no Django)."""

from __future__ import annotations

import re
from functools import lru_cache

_EN_WORD = re.compile(r"[a-z][a-z0-9]+(?:-[a-z0-9]+)*|[0-9]+[a-z]+")
_CJK_RUN = re.compile(r"[\u4e00-\u9fff]+")
EN_STOP = frozenset(  # noqa: SIM905
    [
        "a",
        "an",
        "and",
        "are",
        "as",
        "at",
        "be",
        "by",
        "for",
        "from",
        "has",
        "have",
        "in",
        "is",
        "it",
        "its",
        "of",
        "on",
        "or",
        "our",
        "that",
        "the",
        "this",
        "to",
        "we",
        "with",
        "you",
        "your",
        "will",
        "can",
        "per",
        "all",
        "any",
        "looking",
        "seek",
        "seeking",
        "need",
        "needs",
        "want",
        "wanted",
        "buy",
        "buying",
        "purchase",
        "supplier",
        "suppliers",
        "product",
        "products",
        "quality",
        "high",
        "reliable",
        "interested",
        "company",
        "companies",
        "please",
        "contact",
        "us",
        "also",
        "such",
        "other",
        "new",
        "more",
        "than",
    ]
)
ZH_STOP = frozenset(  # noqa: SIM905
    [
        "的",
        "了",
        "和",
        "与",
        "及",
        "等",
        "是",
        "在",
        "我们",
        "我",
        "需要",
        "采购",
        "寻求",
        "寻找",
        "供应商",
        "产品",
        "可靠",
        "优质",
        "高品质",
        "，",
        "。",
        "、",
        "；",
    ]
)

# HS sections by chapter range (WCO nomenclature), so categories share a section feature.
_SECTION_BOUNDS = [
    (1, "I"),
    (6, "II"),
    (15, "III"),
    (16, "IV"),
    (25, "V"),
    (28, "VI"),
    (39, "VII"),
    (41, "VIII"),
    (44, "IX"),
    (47, "X"),
    (50, "XI"),
    (64, "XII"),
    (68, "XIII"),
    (71, "XIV"),
    (72, "XV"),
    (84, "XVI"),
    (86, "XVII"),
    (90, "XVIII"),
    (93, "XIX"),
    (94, "XX"),
    (97, "XXI"),
]
# Cumulative weights of an HS match by depth: section, chapter, heading, subheading.
LEVEL_WEIGHTS = {"s": 0.10, "2": 0.35, "4": 0.30, "6": 0.25}


def hs_section(code: str) -> str:
    """The HS section (roman numeral) of a code, from its chapter; '' if unknown."""
    if len(code) < 2 or not code[:2].isdigit():
        return ""
    chapter = int(code[:2])
    found = ""
    for start, name in _SECTION_BOUNDS:
        if chapter >= start:
            found = name
    return found


def _stem(word: str) -> str:
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


@lru_cache(maxsize=200_000)
def _segment_zh(run: str) -> tuple[str, ...]:
    import jieba

    return tuple(jieba.lcut(run, HMM=False))


def tokens_en(text: str) -> list[str]:
    """Lower-cased, lightly stemmed English words without stop words."""
    return [_stem(w) for w in _EN_WORD.findall(text.lower()) if w not in EN_STOP]


def tokens_zh(text: str) -> list[str]:
    """jieba-segmented Chinese words without stop words."""
    out: list[str] = []
    for run in _CJK_RUN.findall(text):
        out.extend(t for t in _segment_zh(run) if t not in ZH_STOP)
    return out


def tokens(text_en: str, text_zh: str) -> list[str]:
    """Words of both languages (a Chinese text may also sit in the English field)."""
    return tokens_en(f"{text_en} {text_zh}") + tokens_zh(text_en) + tokens_zh(text_zh)
