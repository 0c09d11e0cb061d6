"""REST endpoints of one-to-one meetings: requests and answers, unavailable times, each
participant's schedule (JSON, ICS), and the organiser's scheduling runs, grid and publishing."""

from __future__ import annotations

import datetime as dt
import zoneinfo

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from ninja import Router, Schema, Status

from openexpo.catalogue.models import Exhibit
from openexpo.core import permissions
from openexpo.core.errors import DomainError, PermissionDenied
from openexpo.core.models import BackgroundJob
from openexpo.exhibitors.models import Participation
from openexpo.matchmaking import jobs, meeting_services, scheduling, selectors
from openexpo.matchmaking.ics import meetings_ics
from openexpo.matchmaking.models import MeetingRequest, Need
from openexpo.matchmaking.selectors import edition_for
from openexpo.visitors.models import Visitor

router = Router(tags=["matchmaking"])


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


# --- meeting requests -------------------------------------------------------------------------


@router.get("/matchmaking/requests", response=list[RequestOut])
def request_list(request: HttpRequest, edition: int | None = None, status: str = ""):
    if status and status not in MeetingRequest.Status.values:
        raise DomainError("Unknown status.", field="status")
    return list(
        selectors.request_list(user=request.user, edition=edition_for(edition), status=status)
    )


@router.post("/matchmaking/requests", response={201: RequestOut})
def request_create(request: HttpRequest, payload: RequestIn):
    edition = edition_for(payload.edition)
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
    req = meeting_services.meeting_request_create(
        actor=request.user,
        buyer=buyer,
        participation=part,
        day=payload.day,
        session=payload.session,
        message=payload.message,
        need=need,
        exhibit=exhibit,
    )
    return Status(
        201, selectors.request_list(user=request.user, edition=part.edition).get(pk=req.pk)
    )


def _answer(request: HttpRequest, request_id: int, verb: str) -> MeetingRequest:
    req = get_object_or_404(
        MeetingRequest.objects.select_related("participation__company", "buyer"), pk=request_id
    )
    if not permissions.can(request.user, "view", req):
        raise DomainError("Not found.", "not_found")
    action = {
        "accept": meeting_services.meeting_request_accept,
        "decline": meeting_services.meeting_request_decline,
        "cancel": meeting_services.meeting_request_cancel,
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
    u = meeting_services.unavailability_add(
        actor=request.user,
        starts_at=payload.starts_at,
        ends_at=payload.ends_at,
        buyer=buyer,
        participation=part,
        note=payload.note,
    )
    return Status(201, {"id": u.pk})


# --- schedules --------------------------------------------------------------------------------


@router.get("/matchmaking/schedule", response=list[RequestOut])
def my_schedule(request: HttpRequest, edition: int | None = None):
    """Published meetings, times in the caller's time zone."""
    if not request.user.is_authenticated:
        raise PermissionDenied("Log in to see your schedule.")
    tz = zoneinfo.ZoneInfo(getattr(request.user, "time_zone", "") or "UTC")
    out = []
    for m in selectors.schedule_of(user=request.user, edition=edition_for(edition)):
        m.starts_at, m.ends_at = m.starts_at.astimezone(tz), m.ends_at.astimezone(tz)
        out.append(m)
    return out


@router.get("/matchmaking/schedule.ics")
def my_schedule_ics(request: HttpRequest, edition: int | None = None):
    if not request.user.is_authenticated:
        raise PermissionDenied("Log in to see your schedule.")
    body = meetings_ics(selectors.schedule_of(user=request.user, edition=edition_for(edition)))
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="meetings.ics"'
    return response


@router.post("/matchmaking/editions/{number}/schedule-jobs", response={202: JobOut})
def schedule_job_start(request: HttpRequest, number: int, payload: JobIn):
    job = jobs.schedule_job_start(
        actor=request.user,
        edition=edition_for(number),
        allow_moves=payload.allow_moves,
        time_limit=payload.time_limit,
    )
    job.refresh_from_db()
    return Status(202, job)


@router.get("/matchmaking/jobs/{job_id}", response=JobOut)
def job_detail(request: HttpRequest, job_id: int):
    if not permissions.is_organiser(request.user):
        raise PermissionDenied("Only organisers see scheduling runs.")
    return get_object_or_404(BackgroundJob, pk=job_id, kind=jobs.JOB_KIND)


@router.post("/matchmaking/editions/{number}/publish", response=dict)
def schedule_publish(request: HttpRequest, number: int):
    return {
        "published": scheduling.schedule_publish(actor=request.user, edition=edition_for(number))
    }


@router.get("/matchmaking/editions/{number}/grid", response=GridOut)
def schedule_grid(request: HttpRequest, number: int, day: dt.date):
    if not permissions.is_organiser(request.user):
        raise PermissionDenied("Only organisers see the grid.")
    grid = selectors.schedule_grid(edition=edition_for(number), day=day)
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
