"""REST endpoints of the floorplan app: halls, booths, the plan, allocation, booth edits."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Body, Router, Schema, Status
from ninja.pagination import PageNumberPagination, paginate

from openexpo.core import permissions
from openexpo.core.api import edition_or_404
from openexpo.core.errors import DomainError, PermissionDenied
from openexpo.exhibitors.models import Participation
from openexpo.floorplan import selectors, services
from openexpo.floorplan.allocation import allocation_start
from openexpo.floorplan.models import Booth, Hall
from openexpo.floorplan.plan_io import plan_export, plan_import

router = Router(tags=["floorplan"])


class HallOut(Schema):
    id: int
    code: str
    name_en: str
    name_zh: str
    outline: list[list[int]]
    width_m: int
    depth_m: int


class BoothOut(Schema):
    id: int
    code: str
    hall: str
    kind: str
    x: int
    y: int
    width: int
    depth: int
    area_m2: int
    pinned: bool
    participation_id: int | None
    company_id: int | None
    company: str | None

    @staticmethod
    def resolve_hall(obj: Booth) -> str:
        return obj.hall.code

    @staticmethod
    def resolve_company_id(obj: Booth) -> int | None:
        return obj.participation.company_id if obj.participation_id else None

    @staticmethod
    def resolve_company(obj: Booth) -> str | None:
        return obj.participation.company.name_en if obj.participation_id else None


class MoveIn(Schema):
    x: int
    y: int
    width: int | None = None
    depth: int | None = None
    hall: str | None = None


class BoothIn(Schema):
    hall: str
    code: str
    x: int
    y: int
    width: int
    depth: int
    kind: str = Booth.Kind.RAW_SPACE
    participation_id: int | None = None


class PinIn(Schema):
    pinned: bool = True


class AllocateIn(Schema):
    time_limit: float = 60.0


class JobOut(Schema):
    id: int
    status: str
    progress: float
    message: str
    result: dict | None


def _organiser(request: HttpRequest) -> None:
    if not permissions.is_organiser(request.user):
        raise PermissionDenied("Only organisers may do this.")


@router.get("/editions/{number}/halls", response=list[HallOut])
def halls(request: HttpRequest, number: int):
    edition = edition_or_404(request, number)
    return permissions.scope(request.user, selectors.hall_list(edition=edition))


@router.get("/editions/{number}/booths", response=list[BoothOut])
@paginate(PageNumberPagination, page_size=200)
def booths(request: HttpRequest, number: int, hall: str | None = None, company: int | None = None):
    """Booths of an edition (assignments only once the plan is published, or your own)."""
    edition = edition_or_404(request, number)
    hall_obj = None
    if hall:
        hall_obj = Hall.objects.filter(edition=edition, code=hall).first()
        if hall_obj is None:
            raise DomainError(f"No hall {hall} in this edition.", "not_found", field="hall")
    return selectors.booth_list(
        user=request.user, edition=edition, hall=hall_obj, company_id=company
    )


@router.get("/editions/{number}/plan", response=dict)
def plan_get(request: HttpRequest, number: int):
    """The whole plan as JSON (organiser); the schema is in openexpo/floorplan/plan_io.py."""
    _organiser(request)
    return plan_export(edition=edition_or_404(request, number))


@router.put("/editions/{number}/plan", response=dict)
def plan_put(request: HttpRequest, number: int, payload: dict[str, Any] = Body(...)):  # noqa: B008
    """Replace the plan (organiser); a malformed plan is refused with every problem named."""
    edition = edition_or_404(request, number)
    return plan_import(actor=request.user, edition=edition, data=payload)


@router.post("/editions/{number}/allocations", response={202: JobOut})
def allocate(request: HttpRequest, number: int, payload: AllocateIn):
    edition = edition_or_404(request, number)
    job = allocation_start(actor=request.user, edition=edition, time_limit=payload.time_limit)
    job.refresh_from_db()
    return Status(202, job)


@router.get("/floorplan/jobs/{job_id}", response=JobOut)
def job(request: HttpRequest, job_id: int):
    _organiser(request)
    return selectors.job_get(job_id=job_id)


@router.post("/editions/{number}/plan/publish", response=dict)
def publish(request: HttpRequest, number: int):
    plan = services.plan_publish(actor=request.user, edition=edition_or_404(request, number))
    return {"published_at": plan.published_at.isoformat()}


@router.post("/editions/{number}/plan/unpublish", response=dict)
def unpublish(request: HttpRequest, number: int):
    """Take the published plan back to draft (organisers): booths are hidden from the public."""
    plan = services.plan_unpublish(actor=request.user, edition=edition_or_404(request, number))
    return {"published_at": plan.published_at}


def _booth(booth_id: int) -> Booth:
    return Booth.objects.select_related("hall__edition", "participation__company").get(pk=booth_id)


@router.post("/editions/{number}/booths", response={201: BoothOut})
def booth_draw(request: HttpRequest, number: int, payload: BoothIn):
    """Draw a booth by hand (organiser): inside its hall, off obstacles, over no other booth."""
    _organiser(request)
    edition = edition_or_404(request, number)
    hall = Hall.objects.filter(edition=edition, code=payload.hall).first()
    if hall is None:
        raise DomainError(f"No hall {payload.hall} in this edition.", "not_found", field="hall")
    if payload.kind not in Booth.Kind.values:
        raise DomainError(f"Unknown booth kind {payload.kind!r}.", "invalid", field="kind")
    part = None
    if payload.participation_id is not None:
        part = Participation.objects.filter(pk=payload.participation_id).first()
        if part is None:
            raise DomainError("No such application.", "invalid", field="participation_id")
    booth = services.booth_create(
        actor=request.user,
        hall=hall,
        code=payload.code,
        x=payload.x,
        y=payload.y,
        width=payload.width,
        depth=payload.depth,
        kind=payload.kind,
        participation=part,
    )
    return Status(201, _booth(booth.pk))


@router.delete("/booths/{booth_id}", response={204: None})
def booth_remove(request: HttpRequest, booth_id: int):
    _organiser(request)
    services.booth_delete(actor=request.user, booth=_booth(booth_id))
    return Status(204, None)


@router.post("/booths/{booth_id}/move", response=BoothOut)
def move(request: HttpRequest, booth_id: int, payload: MoveIn):
    _organiser(request)
    booth = _booth(booth_id)
    target = None
    if payload.hall:
        target = Hall.objects.filter(edition=booth.hall.edition, code=payload.hall).first()
        if target is None:
            raise DomainError(f"No hall {payload.hall} in this edition.", "not_found", field="hall")
    services.booth_move(
        actor=request.user,
        booth=booth,
        x=payload.x,
        y=payload.y,
        width=payload.width,
        depth=payload.depth,
        hall=target,
    )
    return _booth(booth_id)


@router.post("/booths/{booth_id}/pin", response=BoothOut)
def pin(request: HttpRequest, booth_id: int, payload: PinIn):
    _organiser(request)
    services.booth_pin(actor=request.user, booth=_booth(booth_id), pinned=payload.pinned)
    return _booth(booth_id)


def _mount_competitors() -> None:
    """Competitor-pair endpoints live in their own module and share this router."""
    from openexpo.floorplan.api_competitors import router as competitors

    router.add_router("", competitors)


_mount_competitors()
