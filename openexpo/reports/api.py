"""REST endpoints: the headline figures of an edition."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Router, Schema

from openexpo.core.api import edition_or_404
from openexpo.core.errors import DomainError
from openexpo.core.selectors import edition_current
from openexpo.reports.selectors import headline

router = Router(tags=["reports"])


class FigureOut(Schema):
    value: float
    previous: float
    change: float | None


class HeadlineOut(Schema):
    edition: int
    previous_edition: int | None
    figures: dict[str, FigureOut]


@router.get("/figures", response=HeadlineOut)
def figures(request: HttpRequest, edition: int | None = None):
    ed = edition_or_404(request, edition) if edition is not None else edition_current()
    if ed is None:
        raise DomainError("There is no edition yet.", "not_found")
    data = headline(ed)
    return {
        "edition": ed.number,
        "previous_edition": ed.previous.number if ed.previous else None,
        "figures": {
            k: {"value": float(v["value"]), "previous": float(v["previous"]), "change": v["change"]}
            for k, v in data["rows"].items()
        },
    }
