"""REST endpoints of the visitors app: registration (self and delegation), badges (own
only), the public badge key, gate bundles and scans (gate staff), occupancy and the
personal-data export (organisers)."""

from __future__ import annotations

import base64
import time
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from ninja import Field, File, Router, Schema, Status
from ninja.files import UploadedFile

from openexpo.api.auth import ExpoAuth
from openexpo.core import permissions
from openexpo.core.errors import DomainError, PermissionDenied
from openexpo.core.models import Edition
from openexpo.visitors import badges as badge_services
from openexpo.visitors import checkin, privacy, selectors
from openexpo.visitors.importfile import read_members
from openexpo.visitors.keys import edition_key_ensure
from openexpo.visitors.models import Badge, Delegation, Gate, Visitor
from openexpo.visitors.render import badges_pdf, qr_png
from openexpo.visitors.services import Applicant, delegation_members_import, visitor_register

router = Router(tags=["visitors"])


class GateAuth(ExpoAuth):
    """ExpoAuth with bearer tokens remembered per process for TOKEN_CACHE_SECONDS: a gate
    lane scans many badges a minute, and the token lookup was a third of a scan's cost.
    A deleted token or deactivated user is refused again within that time."""

    TOKEN_CACHE_SECONDS = 30.0
    _cache: dict[str, tuple[float, Any]] = {}

    def __call__(self, request: HttpRequest) -> Any:
        header = request.headers.get("Authorization", "")
        scheme, _, key = header.partition(" ")
        if scheme.lower() != "bearer" or not key:
            return super().__call__(request)
        now = time.monotonic()
        hit = self._cache.get(key)
        if hit and hit[0] > now:
            request.user = hit[1]
            return hit[1]
        user = super().__call__(request)
        if user is not None and user.is_authenticated:
            if len(self._cache) > 10_000:
                self._cache.clear()
            self._cache[key] = (now + self.TOKEN_CACHE_SECONDS, user)
        return user


gate_auth = GateAuth()


def _edition(number: int) -> Edition:
    return get_object_or_404(Edition, number=number)


def _login_required(request: HttpRequest) -> None:
    if not request.user.is_authenticated:
        raise PermissionDenied("Log in first.", "unauthenticated")


class RegistrationIn(Schema):
    edition: int
    full_name: str
    country: str
    doc_type: str
    doc_number: str
    doc_country: str = ""
    organisation: str = ""
    role: str = ""
    email: str = ""
    languages: str = ""
    interests: list[str] = []
    consent: bool = False


class VisitorOut(Schema):
    id: int
    edition: int
    full_name: str
    organisation: str
    country: str
    status: str
    badge_id: int | None = None

    @staticmethod
    def resolve_edition(obj: Visitor) -> int:
        return obj.edition.number

    @staticmethod
    def resolve_country(obj: Visitor) -> str:
        return obj.country_id

    @staticmethod
    def resolve_badge_id(obj: Visitor) -> int | None:
        badge = obj.badges.filter(status=Badge.Status.ACTIVE).first()
        return badge.pk if badge else None


@router.post("/visitors/register", response={201: VisitorOut})
def register(request: HttpRequest, data: RegistrationIn):
    _login_required(request)
    edition = _edition(data.edition)
    fields = data.dict()
    fields.pop("edition")
    visitor = visitor_register(edition=edition, user=request.user, applicant=Applicant(**fields))
    if visitor.status == Visitor.Status.APPROVED:
        badge_services.badge_issue(edition=edition, visitor=visitor)
    return Status(201, visitor)


class RowErrorOut(Schema):
    line: int
    field: str
    code: str
    reason: str = Field(validation_alias="message")  # a RowError's message


class ImportOut(Schema):
    rows: int
    valid: int
    created: int
    dry_run: bool
    ok: bool
    errors: list[RowErrorOut]


@router.post("/delegations/{delegation_id}/members/import", response=ImportOut)
def delegation_import(
    request: HttpRequest, delegation_id: int, file: File[UploadedFile], dry_run: bool = True
):
    delegation = get_object_or_404(Delegation.objects.select_related("edition"), pk=delegation_id)
    if not permissions.can_create(request.user, Visitor, delegation=delegation):
        raise PermissionDenied("Only the delegation's lead may register its members.")
    rows = read_members(file.read(), file.name or "")
    report = delegation_members_import(
        delegation=delegation, actor=request.user, rows=rows, dry_run=dry_run
    )
    if not report.dry_run and report.ok:
        for v in Visitor.objects.filter(
            delegation=delegation, badges__isnull=True, status=Visitor.Status.APPROVED
        ):
            badge_services.badge_issue(edition=delegation.edition, visitor=v)
    return report


class BadgeOut(Schema):
    id: int
    number: int
    edition: int
    category: str
    revision: int
    status: str
    days: list[str]
    payload: str
    holder_name: str

    @staticmethod
    def resolve_edition(obj: Badge) -> int:
        return obj.edition.number

    @staticmethod
    def resolve_days(obj: Badge) -> list[str]:
        return [d.isoformat() for d in _badge_days(obj)]

    @staticmethod
    def resolve_holder_name(obj: Badge) -> str:
        return (
            obj.visitor.full_name
            if obj.visitor_id
            else (obj.holder.username if obj.holder_id else "")
        )


def _badge_days(badge: Badge) -> list:
    import datetime as dt

    return [badge.first_day + dt.timedelta(days=i) for i in range(16) if badge.day_mask >> i & 1]


def _own_badge(request: HttpRequest, badge_id: int, action: str = "view") -> Badge:
    badge = get_object_or_404(
        Badge.objects.select_related("edition", "visitor__country", "holder"), pk=badge_id
    )
    permissions.require(request.user, action, badge)
    return badge


@router.get("/badges", response=list[BadgeOut])
def badges_mine(request: HttpRequest):
    return list(selectors.badge_list_own(user=request.user))


@router.get("/badges/{badge_id}", response=BadgeOut)
def badge_detail(request: HttpRequest, badge_id: int):
    return _own_badge(request, badge_id)


@router.get("/badges/{badge_id}/qr.png")
def badge_qr(request: HttpRequest, badge_id: int):
    return HttpResponse(qr_png(_own_badge(request, badge_id).payload), content_type="image/png")


@router.get("/badges/{badge_id}/badge.pdf")
def badge_pdf(request: HttpRequest, badge_id: int):
    badge = _own_badge(request, badge_id)
    resp = HttpResponse(badges_pdf([badge]), content_type="application/pdf")
    resp["Content-Disposition"] = f'attachment; filename="badge-{badge.number}.pdf"'
    return resp


class ReasonIn(Schema):
    reason: str = ""


@router.post("/badges/{badge_id}/reissue", response=BadgeOut)
def badge_reissue(request: HttpRequest, badge_id: int, data: ReasonIn):
    badge = _own_badge(request, badge_id, "reissue")
    return badge_services.badge_reissue(
        badge=badge, actor=request.user, reason=data.reason or "lost"
    )


@router.post("/badges/{badge_id}/revoke", response=BadgeOut)
def badge_revoke(request: HttpRequest, badge_id: int, data: ReasonIn):
    badge = get_object_or_404(Badge, pk=badge_id)
    permissions.require(request.user, "revoke", badge)
    return badge_services.badge_revoke(badge=badge, actor=request.user, reason=data.reason)


class PublicKeyOut(Schema):
    edition: int
    key_id: int
    public_key: str
    algorithm: str = "Ed25519"


@router.get("/editions/{number}/badge-key", response=PublicKeyOut, auth=None)
def badge_key(request: HttpRequest, number: int):
    key = edition_key_ensure(edition=_edition(number))
    return {
        "edition": number,
        "key_id": key.key_id,
        "public_key": base64.b64encode(bytes(key.public_key)).decode(),
    }


def _gate(request: HttpRequest, edition: int, code: str) -> checkin.GateInfo:
    info = checkin.gate_info(edition_number=edition, code=code)
    if not permissions.is_gate_staff(request.user):
        raise PermissionDenied("Only gate staff may scan.")
    return info


@router.get("/gates/{edition}/{code}/bundle", auth=gate_auth)
def gate_bundle(request: HttpRequest, edition: int, code: str):
    return checkin.gate_bundle(gate=_gate(request, edition, code))


class ScanIn(Schema):
    edition: int
    gate: str
    payload: str
    direction: str = "in"
    client_id: str = ""


class DecisionOut(Schema):
    accepted: bool
    code: str
    colour: str
    reason: str
    badge: int | None
    category: str
    direction: str


@router.post("/scans", response=DecisionOut, auth=gate_auth)
def scan(request: HttpRequest, data: ScanIn):
    if data.direction not in {"in", "out"}:
        raise DomainError("direction must be in or out.", field="direction")
    d = checkin.scan_check_in(
        gate=_gate(request, data.edition, data.gate),
        payload=data.payload,
        direction=data.direction,
        client_id=data.client_id,
    )
    return d.answer()


class OfflineScanIn(Schema):
    client_id: str
    payload: str
    direction: str = "in"
    scanned_at: str
    accepted: bool
    code: str = ""


class UploadIn(Schema):
    edition: int
    gate: str
    scans: list[OfflineScanIn]


class UploadOut(Schema):
    received: int
    duplicates: int
    conflicts: int


@router.post("/scans/upload", response=UploadOut, auth=gate_auth)
def scans_upload(request: HttpRequest, data: UploadIn):
    gate = _gate(request, data.edition, data.gate)
    if len(data.scans) > 5000:
        raise DomainError("At most 5,000 scans per upload.", field="scans")
    return checkin.scans_upload(gate=gate, items=[s.dict() for s in data.scans])


class OccupancyOut(Schema):
    day: str
    inside_total: int
    inside_by_zone: dict[str, int]
    entries_by_hour: dict[int, int]
    entries_today: int
    peak: int
    peak_at: str | None
    conflicts_open: int


@router.get("/editions/{number}/occupancy", response=OccupancyOut)
def occupancy(request: HttpRequest, number: int):
    edition = _edition(number)
    permissions.require(request.user, "view_occupancy", edition)
    o = selectors.occupancy(edition=edition)
    return {
        **o,
        "day": o["day"].isoformat(),
        "inside_by_zone": {z or "venue": n for z, n in o["inside_by_zone"]},
        "entries_by_hour": dict(o["entries_by_hour"]),
        "peak_at": o["peak_at"].isoformat() if o["peak_at"] else None,
    }


@router.get("/editions/{number}/visitors/export")
def export(request: HttpRequest, number: int):
    data = privacy.personal_data_export(edition=_edition(number), actor=request.user)
    resp = HttpResponse(data, content_type="text/csv; charset=utf-8")
    resp["Content-Disposition"] = f'attachment; filename="visitors-{number}.csv"'
    return resp


@router.get("/gates/{edition}")
def gates(request: HttpRequest, edition: int):
    qs = permissions.scope(request.user, Gate.objects.filter(edition__number=edition), "view")
    return [
        {
            "code": g.code,
            "name": g.name,
            "zone": g.zone,
            "directions": g.directions,
            "antipassback": g.antipassback,
        }
        for g in qs
    ]


def _mount_badge_jobs() -> None:
    """The bulk badge job's endpoints live in their own module, under this router's mount."""
    from openexpo.visitors.api_badge_jobs import router as badge_jobs

    router.add_router("", badge_jobs)


_mount_badge_jobs()
