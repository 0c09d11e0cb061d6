"""Template helpers of the catalogue: facet links that add or remove one filter."""

from __future__ import annotations

from django import template
from django.http import QueryDict

register = template.Library()


@register.simple_tag
def toggle(query_string: str, name: str, value: str, selected: bool = False) -> str:
    """The query string with `name=value` set (or removed when already selected), page reset."""
    params = QueryDict(query_string, mutable=True)
    params.pop("page", None)
    if selected:
        params.pop(name, None)
    else:
        params[name] = value
    return "?" + params.urlencode()


@register.simple_tag
def page_url(query_string: str, page: int) -> str:
    params = QueryDict(query_string, mutable=True)
    params["page"] = str(page)
    return "?" + params.urlencode()
