"""Template helpers: localized fields, and a headline figure card with its change."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import template
from django.template.loader import render_to_string
from django.utils.formats import number_format
from django.utils.safestring import SafeString, mark_safe

register = template.Library()


@register.filter
def loc(obj: Any, field: str) -> str:
    """`{{ company|loc:"name" }}`: the field in the viewer's language, else the other one."""
    return obj.localized(field) if obj is not None else ""


def _format(value: Any, style: str) -> str:
    if value is None:
        return "–"
    if style == "percent":
        return number_format(float(value) * 100, decimal_pos=1) + "%"
    if style == "money":
        v = Decimal(value)
        if v >= 10**9:
            return number_format(v / 10**9, decimal_pos=2, use_l10n=True) + " bn"
        if v >= 10**6:
            return number_format(v / 10**6, decimal_pos=1, use_l10n=True) + " m"
        return number_format(v, decimal_pos=0, force_grouping=True)
    return number_format(value, decimal_pos=0, force_grouping=True)


@register.simple_tag
def figure(label: str, row: dict, style: str = "int") -> SafeString:
    change = row.get("change")
    return mark_safe(
        render_to_string(
            "reports/figure.html",
            {
                "label": label,
                "value": _format(row["value"], style),
                "previous": _format(row["previous"], style) if row.get("previous") else None,
                "change": None if change is None else number_format(change * 100, decimal_pos=1),
                "up": change is not None and change >= 0,
            },
        )
    )
