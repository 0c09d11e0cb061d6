"""REST endpoints for applications: create, edit, submit, withdraw (exhibitor: own company
only), decisions and bulk decisions (organiser), history, LDC quota, import and export."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from ninja import File, Router, Schema, Status
from ninja.files import UploadedFile

from openexpo.core import permissions
from openexpo.core.errors import DomainError, PermissionDenied
from openexpo.core.models import Country, Edition, ExhibitionArea
from openexpo.exhibitors import services
from openexpo.exhibitors.api import ParticipationBase
from openexpo.exhibitors.importing import applications_export, applications_import, import_plan
from openexpo.exhibitors.models import Company, Participation
from openexpo.exhibitors.review import ldc_quota_used
from openexpo.exhibitors.selectors import participation_history, participation_list
from openexpo.exhibitors.tabular import read_sheet

router = Router(tags=["applications"])
SHEET = File(..., description="CSV (UTF-8) or XLSX sheet")


class ApplicationIn(Schema):
    company_id: int
    edition: int
    area: str
    booth_type: str
    area_requested_m2: int
    pavilion: str | None = None
    plans_en: str = ""
    plans_zh: str = ""
    submit: bool = True


class ApplicationPatch(Schema):
    area: str | None = None
    booth_type: str | None = None
    area_requested_m2: int | None = None
    pavilion: str | None = None
    plans_en: str | None = None
    plans_zh: str | None = None


class ApplicationOut(ParticipationBase):
    pavilion: str | None
    free_ldc_booth: bool
    plans_en: str
    plans_zh: str
    submitted_at: datetime | None

    @staticmethod
    def resolve_pavilion(obj: Participation) -> str | None:
        return obj.pavilion_id


class ReasonIn(Schema):
    reason: str = ""


class DecisionIn(Schema):
    action: Literal["approve", "waitlist", "reject", "message"]
    reason: str = ""
    free_ldc_booth: bool = False


class BulkIn(Schema):
    ids: list[int]
    action: Literal["approve", "waitlist", "reject"]
    reason: str = ""


class BulkOut(Schema):
    done: list[int]
    failed: list[dict]


class TransitionOut(Schema):
    at: datetime
    from_status: str
    to_status: str
    reason: str
    by_organiser: bool

    @staticmethod
    def resolve_by_organiser(obj) -> bool:
        return bool(obj.actor and obj.actor.is_organiser)


class QuotaIn(Schema):
    quota: int


class QuotaOut(Schema):
    edition: int
    quota: int
    used: int


def _edition(number: int) -> Edition:
    found = Edition.objects.filter(number=number).first()
    if found is None:
        raise DomainError(f"No edition number {number}.", "not_found", field="edition")
    return found


def _area(edition: Edition, code: str) -> ExhibitionArea:
    found = ExhibitionArea.objects.filter(edition=edition, code=code).first()
    if found is None:
        raise DomainError(
            f"Unknown area code for edition {edition.number}: {code}.", "invalid", field="area"
        )
    return found


def _pavilion(code: str | None) -> Country | None:
    if not code:
        return None
    found = Country.objects.filter(code=code.upper()).first()
    if found is None:
        raise DomainError(f"Unknown pavilion country code: {code}.", "invalid", field="pavilion")
    return found


def _own(request: HttpRequest, pk: int) -> Participation:
    """The application if the caller may see it; 404 otherwise (never reveal others')."""
    return get_object_or_404(permissions.scope(request.user, participation_list()), pk=pk)


@router.post("/applications", response={201: ApplicationOut})
def application_create(request: HttpRequest, payload: ApplicationIn):
    company = Company.objects.filter(pk=payload.company_id).first()
    if company is None:
        raise DomainError("No such company.", "not_found", field="company_id")
    # Permission before the rest of the body: others learn nothing about its validity.
    if not permissions.can_create(request.user, Participation, company=company):
        raise PermissionDenied("You may only apply for your own company.")
    edition = _edition(payload.edition)
    part = services.participation_apply(
        actor=request.user,
        company=company,
        edition=edition,
        area=_area(edition, payload.area),
        booth_type=payload.booth_type,
        area_requested_m2=payload.area_requested_m2,
        pavilion=_pavilion(payload.pavilion),
        plans_en=payload.plans_en,
        plans_zh=payload.plans_zh,
        submit=payload.submit,
    )
    return Status(201, part)


@router.patch("/applications/{int:application_id}", response=ApplicationOut)
def application_patch(request: HttpRequest, application_id: int, payload: ApplicationPatch):
    part = _own(request, application_id)
    data = payload.dict(exclude_unset=True)
    if "area" in data:
        data["area"] = _area(part.edition, data["area"] or "")
    if "pavilion" in data:
        data["pavilion"] = _pavilion(data["pavilion"])
    for name in ("booth_type", "area_requested_m2"):
        if name in data and data[name] is None:
            raise DomainError(f"{name} may not be null.", "invalid", field=name)
    return services.participation_update(actor=request.user, part=part, changes=data)


@router.post("/applications/{int:application_id}/submit", response=ApplicationOut)
def application_submit(request: HttpRequest, application_id: int):
    return services.participation_submit(actor=request.user, part=_own(request, application_id))


@router.post("/applications/{int:application_id}/withdraw", response=ApplicationOut)
def application_withdraw(request: HttpRequest, application_id: int, payload: ReasonIn):
    part = _own(request, application_id)
    return services.participation_withdraw(actor=request.user, part=part, reason=payload.reason)


@router.post("/applications/{int:application_id}/reopen", response=ApplicationOut)
def application_reopen(request: HttpRequest, application_id: int):
    """Turn your withdrawn application back into a draft you may edit and submit again."""
    return services.participation_reopen(actor=request.user, part=_own(request, application_id))


@router.get("/applications/{int:application_id}/history", response=list[TransitionOut])
def application_history(request: HttpRequest, application_id: int):
    return list(participation_history(_own(request, application_id)))


@router.post("/applications/{int:application_id}/decision", response=ApplicationOut)
def application_decide(request: HttpRequest, application_id: int, payload: DecisionIn):
    part = get_object_or_404(participation_list(), pk=application_id)
    actor, reason = request.user, payload.reason
    if payload.action == "message":
        services.participation_message(actor=actor, part=part, text=reason)
    elif payload.action == "approve":
        services.participation_approve(
            actor=actor, part=part, reason=reason, free_ldc_booth=payload.free_ldc_booth
        )
    elif payload.action == "waitlist":
        services.participation_waitlist(actor=actor, part=part, reason=reason)
    else:
        services.participation_reject(actor=actor, part=part, reason=reason)
    return participation_list().get(pk=part.pk)


@router.post("/applications/{int:application_id}/ldc-grant", response=ApplicationOut)
def application_ldc_grant(request: HttpRequest, application_id: int):
    """Grant a free standard booth to an approved LDC application, within the quota (organiser)."""
    part = get_object_or_404(participation_list(), pk=application_id)
    services.participation_ldc_grant(actor=request.user, part=part)
    return participation_list().get(pk=part.pk)


@router.post("/applications/bulk-decision", response=BulkOut)
def application_bulk_decide(request: HttpRequest, payload: BulkIn):
    result = services.participation_bulk_decide(
        actor=request.user, ids=payload.ids, action=payload.action, reason=payload.reason
    )
    return {"done": result.done, "failed": [{"id": pk, "detail": why} for pk, why in result.failed]}


@router.put("/editions/{number}/ldc-quota", response=QuotaOut)
def ldc_quota_set(request: HttpRequest, number: int, payload: QuotaIn):
    edition = services.edition_ldc_quota_set(
        actor=request.user, edition=_edition(number), quota=payload.quota
    )
    return {
        "edition": number,
        "quota": edition.ldc_free_booth_quota,
        "used": ldc_quota_used(edition),
    }


@router.post("/applications/import")
def application_import(
    request: HttpRequest, edition: int, file: UploadedFile = SHEET, dry_run: bool = True
):
    """Check (dry_run=true, the default) or import a CSV/XLSX sheet; all rows or none."""
    if not permissions.is_organiser(request.user):
        raise PermissionDenied("Only organisers may import applications.")
    target = _edition(edition)
    rows = read_sheet(file.read(), file.name or "")
    if dry_run:
        return import_plan(edition=target, rows=rows).as_dict()
    plan = applications_import(
        actor=request.user, edition=target, rows=rows, source=file.name or ""
    )
    return plan.as_dict(preview=0) | {"imported": len(plan.applications)}


@router.get("/applications/export")
def application_export(request: HttpRequest, edition: int, format: str = "csv"):
    data = applications_export(actor=request.user, edition=_edition(edition), fmt=format)
    types = {
        "csv": "text/csv; charset=utf-8",
        "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    }
    response = HttpResponse(data, content_type=types[format])
    response["Content-Disposition"] = f'attachment; filename="applications-{edition}.{format}"'
    return response
