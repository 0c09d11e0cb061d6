"""REST endpoints of matchmaking: needs, recommendations, dismissals, meeting requests,
unavailable times, schedules (JSON and ICS), and the organiser's scheduling runs."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from decimal import Decimal

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from ninja import Router, Schema

from openexpo.catalogue.models import Exhibit
from openexpo.core import permissions
from openexpo.core.errors import DomainError, PermissionDenied
from openexpo.core.models import BackgroundJob, Edition
from openexpo.core.selectors import edition_current, edition_get
from openexpo.exhibitors.models import Participation
from openexpo.matchmaking import jobs, recommendations, scheduling, selectors, services
from openexpo.matchmaking.ics import meetings_ics
from openexpo.matchmaking.models import MeetingRequest, Need
from openexpo.visitors.models import Visitor

router = Router(tags=["matchmaking"])


def _edition(number: int | None) -> Edition:
    edition = edition_get(number) if number else edition_current()
    if edition is None:
        raise DomainError("No such edition.", "not_found")
    return edition


class NeedIn(Schema):
    title: str
    text_en: str = ""
    text_zh: str = ""
    categories: list[str] = []
    origins: list[str] = []
    quantity: str = ""
    budget_min: Decimal | None = None
    budget_max: Decimal | None = None
    currency: str = ""
    deadline: dt.date | None = None
    buyer_id: int | None = None
    edition: int | None = None


class NeedPatch(Schema):
    title: str | None = None
    text_en: str | None = None
    text_zh: str | None = None
    categories: list[str] | None = None
    origins: list[str] | None = None
    quantity: str | None = None
    budget_min: Decimal | None = None
    budget_max: Decimal | None = None
    currency: str | None = None
    deadline: dt.date | None = None
    status: str | None = None


class NeedOut(Schema):
    id: int
    buyer_id: int
    title: str
    text_en: str
    text_zh: str
    categories: list[str]
    origins: list[str]
    quantity: str
    budget_min: Decimal | None
    budget_max: Decimal | None
    currency: str
    deadline: dt.date | None
    status: str

    @staticmethod
    def resolve_categories(obj: Need) -> list[str]:
        return [c.code for c in obj.categories.all()]

    @staticmethod
    def resolve_origins(obj: Need) -> list[str]:
        return [c.code for c in obj.origins.all()]


class ReasonOut(Schema):
    kind: str
    detail: str


class SuggestionOut(Schema):
    kind: str
    id: int
    participation_id: int | None
    buyer_id: int | None
    title: str
    company: str
    score: float
    reasons: list[ReasonOut]


class NeedRecommendationsOut(Schema):
    exhibits: list[SuggestionOut]
    exhibitors: list[SuggestionOut]


class DismissalIn(Schema):
    side: str
    buyer_id: int
    participation_id: int
    exhibit_id: int | None = None


class CapabilityIn(Schema):
    participation_id: int
    text_en: str = ""
    text_zh: str = ""
    categories: list[str] = []


class RequestIn(Schema):
    day: dt.date
    participation_id: int | None = None
    buyer_id: int | None = None
    session: str = "any"
    message: str = ""
    need_id: int | None = None
    exhibit_id: int | None = None
    edition: int | None = None


class RequestOut(Schema):
    id: int
    buyer_id: int
    buyer: str
    participation_id: int
    company: str
    initiated_by: str
    status: str
    day: dt.date
    session: str
    message: str
    slot: int | None = None
    table: int | None = None
    starts_at: dt.datetime | None = None
    ends_at: dt.datetime | None = None
    published: bool

    @staticmethod
    def resolve_buyer(obj: MeetingRequest) -> str:
        return obj.buyer.full_name

    @staticmethod
    def resolve_company(obj: MeetingRequest) -> str:
        return obj.participation.company.name_en


class UnavailabilityIn(Schema):
    starts_at: dt.datetime
    ends_at: dt.datetime
    buyer_id: int | None = None
    participation_id: int | None = None
    note: str = ""


class JobIn(Schema):
    allow_moves: bool = False
    time_limit: float = 30.0


class JobOut(Schema):
    id: int
    kind: str
    status: str
    progress: float
    message: str
    result: dict | None


class CellOut(Schema):
    slot: int
    table: int
    meeting_id: int
    buyer: str
    company: str
    conflicts: list[str]


class GridOut(Schema):
    day: dt.date
    times: list[dt.datetime]
    tables: int
    cells: list[CellOut]
    unplaced: list[RequestOut]
    conflicts: int


# --- needs ------------------------------------------------------------------------------------


@router.get("/matchmaking/needs", response=list[NeedOut])
def need_list(request: HttpRequest, edition: int | None = None):
    return list(selectors.need_list(user=request.user, edition=_edition(edition)))


@router.post("/matchmaking/needs", response={201: NeedOut})
def need_create(request: HttpRequest, payload: NeedIn):
    data = payload.dict(exclude={"buyer_id", "edition"})
    if payload.buyer_id:
        buyer = get_object_or_404(Visitor, pk=payload.buyer_id)
    else:
        buyer = selectors.buyer_for(request.user, _edition(payload.edition))
        if buyer is None:
            raise DomainError("You are not registered as a buyer at this edition.", "no_buyer")
    return 201, services.need_create(actor=request.user, buyer=buyer, data=data)


def _need(request: HttpRequest, need_id: int, action: str = "view") -> Need:
    need = get_object_or_404(Need.objects.select_related("buyer", "edition"), pk=need_id)
    permissions.require(request.user, action, need)
    return need


@router.get("/matchmaking/needs/{need_id}", response=NeedOut)
def need_detail(request: HttpRequest, need_id: int):
    return _need(request, need_id)


@router.patch("/matchmaking/needs/{need_id}", response=NeedOut)
def need_patch(request: HttpRequest, need_id: int, payload: NeedPatch):
    return services.need_update(
        actor=request.user, need=_need(request, need_id), changes=payload.dict(exclude_unset=True)
    )


@router.delete("/matchmaking/needs/{need_id}", response={204: None})
def need_delete(request: HttpRequest, need_id: int):
    services.need_delete(actor=request.user, need=_need(request, need_id))
    return 204, None


@router.get("/matchmaking/needs/{need_id}/recommendations", response=NeedRecommendationsOut)
def need_recommendations(request: HttpRequest, need_id: int, k: int = 10):
    need = _need(request, need_id, "change")
    return recommendations.recommend_for_need(need, k=max(1, min(k, 50)))


@router.get(
    "/matchmaking/participations/{participation_id}/recommendations", response=list[SuggestionOut]
)
def buyer_recommendations(request: HttpRequest, participation_id: int, k: int = 10):
    part = get_object_or_404(
        Participation.objects.select_related("company", "edition"), pk=participation_id
    )
    permissions.require(request.user, "change", part)
    return recommendations.recommend_buyers(part, k=max(1, min(k, 50)))


@router.post("/matchmaking/dismissals", response={201: dict})
def dismissal_create(request: HttpRequest, payload: DismissalIn):
    buyer = get_object_or_404(Visitor, pk=payload.buyer_id)
    part = get_object_or_404(Participation, pk=payload.participation_id)
    exhibit = get_object_or_404(Exhibit, pk=payload.exhibit_id) if payload.exhibit_id else None
    d = services.dismissal_create(
        actor=request.user, side=payload.side, buyer=buyer, participation=part, exhibit=exhibit
    )
    return 201, {"id": d.pk}


@router.post("/matchmaking/capabilities", response={201: dict})
def capability_create(request: HttpRequest, payload: CapabilityIn):
    part = get_object_or_404(Participation, pk=payload.participation_id)
    cap = services.capability_create(
        actor=request.user,
        participation=part,
        text_en=payload.text_en,
        text_zh=payload.text_zh,
        categories=payload.categories,
    )
    return 201, {"id": cap.pk}


# --- meeting requests -------------------------------------------------------------------------


@router.get("/matchmaking/requests", response=list[RequestOut])
def request_list(request: HttpRequest, edition: int | None = None, status: str = ""):
    if status and status not in MeetingRequest.Status.values:
        raise DomainError("Unknown status.", field="status")
    return list(selectors.request_list(user=request.user, edition=_edition(edition), status=status))


@router.post("/matchmaking/requests", response={201: RequestOut})
def request_create(request: HttpRequest, payload: RequestIn):
    edition = _edition(payload.edition)
    if payload.participation_id:
        part = get_object_or_404(
            Participation.objects.select_related("edition", "company"), pk=payload.participation_id
        )
    else:
        part = selectors.participation_for(request.user, edition)
    buyer = (
        get_object_or_404(Visitor, pk=payload.buyer_id)
        if payload.buyer_id
        else selectors.buyer_for(request.user, part.edition if part else edition)
    )
    if part is None or buyer is None:
        raise DomainError("Name the buyer and the exhibitor of the meeting.", "invalid")
    need = get_object_or_404(Need, pk=payload.need_id) if payload.need_id else None
    exhibit = get_object_or_404(Exhibit, pk=payload.exhibit_id) if payload.exhibit_id else None
    req = services.meeting_request_create(
        actor=request.user,
        buyer=buyer,
        participation=part,
        day=payload.day,
        session=payload.session,
        message=payload.message,
        need=need,
        exhibit=exhibit,
    )
    return 201, selectors.request_list(user=request.user, edition=part.edition).get(pk=req.pk)


def _answer(request: HttpRequest, request_id: int, verb: str) -> MeetingRequest:
    req = get_object_or_404(
        MeetingRequest.objects.select_related("participation__company", "buyer"), pk=request_id
    )
    if not permissions.can(request.user, "view", req):
        raise DomainError("Not found.", "not_found")
    action = {
        "accept": services.meeting_request_accept,
        "decline": services.meeting_request_decline,
        "cancel": services.meeting_request_cancel,
    }[verb]
    action(actor=request.user, request=req)
    return MeetingRequest.objects.select_related("participation__company", "buyer").get(pk=req.pk)


@router.post("/matchmaking/requests/{request_id}/accept", response=RequestOut)
def request_accept(request: HttpRequest, request_id: int):
    return _answer(request, request_id, "accept")


@router.post("/matchmaking/requests/{request_id}/decline", response=RequestOut)
def request_decline(request: HttpRequest, request_id: int):
    return _answer(request, request_id, "decline")


@router.post("/matchmaking/requests/{request_id}/cancel", response=RequestOut)
def request_cancel(request: HttpRequest, request_id: int):
    return _answer(request, request_id, "cancel")


@router.post("/matchmaking/unavailability", response={201: dict})
def unavailability_add(request: HttpRequest, payload: UnavailabilityIn):
    buyer = get_object_or_404(Visitor, pk=payload.buyer_id) if payload.buyer_id else None
    part = (
        get_object_or_404(Participation, pk=payload.participation_id)
        if payload.participation_id
        else None
    )
    u = services.unavailability_add(
        actor=request.user,
        starts_at=payload.starts_at,
        ends_at=payload.ends_at,
        buyer=buyer,
        participation=part,
        note=payload.note,
    )
    return 201, {"id": u.pk}


# --- schedules --------------------------------------------------------------------------------


@router.get("/matchmaking/schedule", response=list[RequestOut])
def my_schedule(request: HttpRequest, edition: int | None = None):
    """Published meetings, times in the caller's time zone."""
    if not request.user.is_authenticated:
        raise PermissionDenied("Log in to see your schedule.")
    tz = zoneinfo.ZoneInfo(getattr(request.user, "time_zone", "") or "UTC")
    out = []
    for m in selectors.schedule_of(user=request.user, edition=_edition(edition)):
        m.starts_at, m.ends_at = m.starts_at.astimezone(tz), m.ends_at.astimezone(tz)
        out.append(m)
    return out


@router.get("/matchmaking/schedule.ics")
def my_schedule_ics(request: HttpRequest, edition: int | None = None):
    if not request.user.is_authenticated:
        raise PermissionDenied("Log in to see your schedule.")
    body = meetings_ics(selectors.schedule_of(user=request.user, edition=_edition(edition)))
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="meetings.ics"'
    return response


@router.post("/matchmaking/editions/{number}/schedule-jobs", response={202: JobOut})
def schedule_job_start(request: HttpRequest, number: int, payload: JobIn):
    job = jobs.schedule_job_start(
        actor=request.user,
        edition=_edition(number),
        allow_moves=payload.allow_moves,
        time_limit=payload.time_limit,
    )
    job.refresh_from_db()
    return 202, job


@router.get("/matchmaking/jobs/{job_id}", response=JobOut)
def job_detail(request: HttpRequest, job_id: int):
    if not permissions.is_organiser(request.user):
        raise PermissionDenied("Only organisers see scheduling runs.")
    return get_object_or_404(BackgroundJob, pk=job_id, kind=jobs.JOB_KIND)


@router.post("/matchmaking/editions/{number}/publish", response=dict)
def schedule_publish(request: HttpRequest, number: int):
    return {"published": scheduling.schedule_publish(actor=request.user, edition=_edition(number))}


@router.get("/matchmaking/editions/{number}/grid", response=GridOut)
def schedule_grid(request: HttpRequest, number: int, day: dt.date):
    if not permissions.is_organiser(request.user):
        raise PermissionDenied("Only organisers see the grid.")
    grid = selectors.schedule_grid(edition=_edition(number), day=day)
    cells = [
        CellOut(
            slot=s,
            table=t + 1,
            meeting_id=c.meeting.pk,
            buyer=c.meeting.buyer.full_name,
            company=c.meeting.participation.company.name_en,
            conflicts=c.conflicts,
        )
        for s, row in enumerate(grid.rows)
        for t, c in enumerate(row)
        if c is not None
    ]
    return {
        "day": grid.day,
        "times": grid.times,
        "tables": grid.tables,
        "cells": cells,
        "unplaced": grid.unplaced,
        "conflicts": grid.conflicts,
    }
