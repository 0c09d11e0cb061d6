"""Template filters of the statistics pages: millions of a currency, changes in percent."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import template
from django.utils.formats import number_format

register = template.Library()


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
