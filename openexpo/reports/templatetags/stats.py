"""Template filters of the statistics pages: millions of a currency, changes in percent."""

from __future__ import annotations

import functools
from decimal import Decimal
from typing import Any

from django import template
from django.conf import settings
from django.utils import numberformat
from django.utils.formats import get_format
from django.utils.translation import get_language

register = template.Library()
CUTOFF = {pos: Decimal("0." + "1".rjust(pos, "0")) for pos in range(4)}


@functools.lru_cache(maxsize=16)
def _separators(lang: str | None) -> tuple[str, Any, str]:
    return (
        get_format("DECIMAL_SEPARATOR", lang),
        get_format("NUMBER_GROUPING", lang),
        get_format("THOUSAND_SEPARATOR", lang),
    )


def number_format(value: Any, decimal_pos: int | None = None, force_grouping: bool = False) -> str:
    """django.utils.formats.number_format (same output: decimals cut, not rounded), with the
    language's separators looked up once: a statistics page formats hundreds of cells, and
    Django's own spends most of its time finding the separators again for each."""
    dec, grouping, sep = _separators(get_language())
    grouped = (force_grouping or settings.USE_THOUSAND_SEPARATOR) and grouping != 0
    if grouped and sep and grouping != 3 or decimal_pos not in CUTOFF:
        return numberformat.format(value, dec, decimal_pos, grouping, sep, force_grouping)
    if isinstance(value, float) and "e" in str(value).lower():
        value = Decimal(str(value))
    if isinstance(value, Decimal):
        if abs(value) < CUTOFF[decimal_pos]:
            value = Decimal(0)
        text = f"{value:f}"
    else:
        text = str(value)
    sign = ""
    if text[0] == "-":
        sign, text = "-", text[1:]
    int_part, _, dec_part = text.partition(".")
    dec_part = dec_part[:decimal_pos].ljust(decimal_pos, "0")
    if grouped and sep:
        int_part = f"{int(int_part):,}".replace(",", sep)
    return sign + int_part + (dec + dec_part if dec_part else "")


@register.filter
def millions(value: Any) -> str:
    """1234567.89 -> "1.2" (millions, one decimal); None (a suppressed cell) -> "<3 deals"."""
    if value is None:
        return "–"
    return number_format(Decimal(value) / 10**6, decimal_pos=1, force_grouping=True)


@register.filter
def count(value: Any) -> str:
    return "<3" if value is None else number_format(value, decimal_pos=0, force_grouping=True)


@register.filter
def pct(value: Any) -> str:
    if value is None:
        return "–"
    return ("+" if value >= 0 else "") + number_format(value * 100, decimal_pos=1) + "%"
