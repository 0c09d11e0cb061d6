"""Reads of the floor plan shared by pages, the API and other apps."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q, QuerySet

from openexpo.core import permissions
from openexpo.core.models import BackgroundJob, Edition, ExhibitionArea
from openexpo.floorplan.models import Booth, FloorPlan, Hall, Zone

AREA_COLOURS = [
    "#8ecae6",
    "#ffb703",
    "#90be6d",
    "#f4a261",
    "#cdb4db",
    "#e76f51",
    "#a8dadc",
    "#ffd6a5",
    "#b5e48c",
    "#bde0fe",
]


def hall_list(*, edition: Edition) -> QuerySet[Hall]:
    return Hall.objects.filter(edition=edition).order_by("code")


def hall_get_qs() -> QuerySet[Hall]:
    return Hall.objects.select_related("edition").prefetch_related("obstacles", "zones__area")


def hall_get(*, hall_id: int) -> Hall:
    return hall_get_qs().get(pk=hall_id)


def plan_get(*, edition: Edition) -> FloorPlan | None:
    return FloorPlan.objects.filter(edition=edition).select_related("last_job").first()


def plan_is_public(edition: Edition, user: Any) -> bool:
    """Booth assignments are public once published; organisers always see them."""
    if permissions.is_organiser(user):
        return True
    plan = plan_get(edition=edition)
    return bool(plan and plan.is_published)


def booth_list(
    *,
    user: Any,
    edition: Edition | None = None,
    hall: Hall | None = None,
    company_id: int | None = None,
) -> QuerySet[Booth]:
    """Booths, with their hall, application, company and area, filtered."""
    qs = Booth.objects.select_related(
        "hall", "participation__company", "participation__area", "participation__edition"
    ).order_by("hall__code", "code")
    if edition is not None:
        qs = qs.filter(hall__edition=edition)
    if hall is not None:
        qs = qs.filter(hall=hall)
    if company_id is not None:
        qs = qs.filter(participation__company_id=company_id)
    if not permissions.is_organiser(user):
        published = FloorPlan.objects.filter(published_at__isnull=False).values("edition_id")
        mine = permissions.company_ids(user)
        qs = qs.filter(Q(hall__edition_id__in=published) | Q(participation__company_id__in=mine))
    return permissions.scope(user, qs)


def booth_for_participation(*, participation_id: int) -> Booth | None:
    return (
        Booth.objects.select_related("hall", "participation__company", "participation__area")
        .filter(participation_id=participation_id)
        .order_by("code")
        .first()
    )


def _search_match(query: str) -> Q:
    match = (
        Q(participation__company__name_en__icontains=query)
        | Q(participation__company__name_zh__icontains=query)
        | Q(code__iexact=query)
    )
    try:
        from openexpo.catalogue.models import Exhibit

        exhibits = Exhibit.objects.filter(Q(name_en__icontains=query) | Q(name_zh__icontains=query))
        match |= Q(participation_id__in=exhibits.values("participation_id"))
    except (ImportError, AttributeError):  # the catalogue may not be there yet
        pass
    return match


def booth_search(*, hall: Hall, query: str) -> set[int]:
    """Booths of the hall whose company or exhibit (product) names match `query`."""
    query = query.strip()
    if not query:
        return set()
    return set(
        Booth.objects.filter(hall=hall).filter(_search_match(query)).values_list("pk", flat=True)
    )


def booth_search_halls(*, edition: Edition, query: str) -> list[tuple[Hall, int]]:
    """The halls of the edition holding booths that match `query`, with how many each."""
    query = query.strip()
    if not query:
        return []
    rows = (
        Booth.objects.filter(hall__edition=edition)
        .filter(_search_match(query))
        .values("hall_id")
        .annotate(n=Count("pk", distinct=True))
        .order_by()
    )
    counts = {r["hall_id"]: r["n"] for r in rows}
    halls = Hall.objects.filter(pk__in=counts).order_by("code")
    return [(h, counts[h.pk]) for h in halls]


def area_colours(*, edition: Edition) -> dict[int, str]:
    areas = ExhibitionArea.objects.filter(edition=edition).order_by("sort_order", "code")
    return {a.pk: AREA_COLOURS[i % len(AREA_COLOURS)] for i, a in enumerate(areas)}


def area_capacity_m2(area: ExhibitionArea) -> int | None:
    """m² of booth rows the area's zones offer (None when the plan has no zone for it).

    Used by the exhibitors app to refuse approving more than a zone can hold."""
    zones = list(Zone.objects.filter(area=area).select_related("hall"))
    if not zones:
        return None
    from openexpo.floorplan.geometry import solver_hall
    from openexpo.solvers import booths as solver

    halls = {z.hall_id: z.hall for z in zones}
    for h in Hall.objects.filter(pk__in=halls).prefetch_related("obstacles"):
        halls[h.pk] = h
    problem = solver.Problem(
        halls=tuple(solver_hall(h) for h in halls.values()),
        zones=tuple(
            solver.Zone("a", z.hall.code, solver.Rect(z.x, z.y, z.width, z.depth)) for z in zones
        ),
        applications=(),
    )
    return solver.layout_capacity(problem)


def job_get(*, job_id: int) -> BackgroundJob:
    return BackgroundJob.objects.get(pk=job_id, kind="floorplan.allocate")
