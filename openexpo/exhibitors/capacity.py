"""How much floor an exhibition area's zone can hold.

The floor plan (app `floorplan`) is the source when it has halls or zones for the area:
it may provide `openexpo.floorplan.selectors.area_capacity_m2(area) -> int | None`.
Until it does (or when it returns None), the organiser-set `AreaCapacity` is used; an
area with neither has no known limit.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from openexpo.core.models import ExhibitionArea
from openexpo.exhibitors.models import AreaCapacity, Participation

_memo: ContextVar[dict[int, int | None] | None] = ContextVar("area_capacity_memo", default=None)


@contextmanager
def capacity_memo() -> Iterator[None]:
    """Compute each area's floor-plan capacity once inside the block (bulk decisions):
    the floor plan lays out its zones' booth rows for every call."""
    token = _memo.set({})
    try:
        yield
    finally:
        _memo.reset(token)


def _floorplan_capacity(area: ExhibitionArea) -> int | None:
    try:
        from openexpo.floorplan.selectors import area_capacity_m2
    except ImportError:
        return None
    memo = _memo.get()
    if memo is None:
        return area_capacity_m2(area)
    if area.pk not in memo:
        memo[area.pk] = area_capacity_m2(area)
    return memo[area.pk]


def area_capacity_m2(area: ExhibitionArea) -> int | None:
    """The m² the area's zone can hold, or None when nobody has said."""
    found = _floorplan_capacity(area)
    if found is not None:
        return found
    return AreaCapacity.objects.filter(area=area).values_list("capacity_m2", flat=True).first()


def area_approved_m2(area: ExhibitionArea, *, exclude_pk: int | None = None) -> int:
    """m² already approved in the area (granted if set, else requested)."""
    qs = Participation.objects.filter(area=area, status=Participation.Status.APPROVED)
    if exclude_pk is not None:
        qs = qs.exclude(pk=exclude_pk)
    rows = qs.values_list("area_granted_m2", "area_requested_m2")
    return sum(granted if granted is not None else asked for granted, asked in rows)
