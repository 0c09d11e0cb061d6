"""Matchmaking pages: the buyer's and exhibitor's desk (needs, suggestions, requests, own
schedule) and the organiser's scheduling page (run, progress, grid, publish)."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from openexpo.core import permissions
from openexpo.core.errors import DomainError
from openexpo.core.feedback import flash, form_error
from openexpo.core.models import BackgroundJob, Edition
from openexpo.core.selectors import edition_current
from openexpo.exhibitors.models import Participation
from openexpo.matchmaking import (
    jobs,
    meeting_services,
    recommendations,
    scheduling,
    selectors,
    services,
)
from openexpo.matchmaking.forms import NeedForm, RequestForm
from openexpo.matchmaking.ics import meetings_ics
from openexpo.matchmaking.models import MeetingRequest, Need
from openexpo.visitors.models import Visitor


def _edition() -> Edition:
    edition = edition_current()
    if edition is None:
        raise Http404("No edition yet.")
    return edition


def _tz(request: HttpRequest) -> zoneinfo.ZoneInfo:
    try:
        return zoneinfo.ZoneInfo(getattr(request.user, "time_zone", "") or "UTC")
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return zoneinfo.ZoneInfo("UTC")


@login_required
def home(request: HttpRequest) -> HttpResponse:
    edition = _edition()
    buyer = selectors.buyer_for(request.user, edition)
    part = selectors.participation_for(request.user, edition)
    form = NeedForm()
    if request.method == "POST" and buyer is not None:
        form = NeedForm(request.POST)
        if form.is_valid():
            try:
                need = services.need_create(
                    actor=request.user, buyer=buyer, data=form.as_service_data()
                )
            except DomainError as exc:
                form_error(form, exc)
            else:
                messages.success(request, "Your need is posted.")
                return redirect("matchmaking:need", need_id=need.pk)
    with timezone.override(_tz(request)):
        return render(
            request,
            "matchmaking/home.html",
            {
                "edition": edition,
                "buyer": buyer,
                "participation": part,
                "form": form,
                "needs": selectors.need_list(user=request.user, edition=edition) if buyer else [],
                "buyers": recommendations.recommend_buyers(part) if part else [],
                "requests": selectors.request_list(user=request.user, edition=edition),
                "schedule": selectors.schedule_of(user=request.user, edition=edition),
                "days": edition.days,
                "tz": _tz(request),
            },
        )


@login_required
def need_detail(request: HttpRequest, need_id: int) -> HttpResponse:
    need = get_object_or_404(Need.objects.select_related("buyer", "edition"), pk=need_id)
    permissions.require(request.user, "change", need)
    recs = recommendations.recommend_for_need(need, k=10)
    return render(
        request,
        "matchmaking/need.html",
        {"need": need, "recs": recs, "request_form": RequestForm(edition=need.edition)},
    )


@login_required
@require_POST
def request_create(request: HttpRequest) -> HttpResponse:
    edition = _edition()
    form = RequestForm(request.POST, edition=edition)
    back = request.POST.get("next") or "matchmaking:home"
    if not form.is_valid():
        messages.error(request, "; ".join(e for errs in form.errors.values() for e in errs))
        return redirect(back)
    data = form.cleaned_data
    part = get_object_or_404(Participation, pk=data["participation_id"])
    buyer = (
        get_object_or_404(Visitor, pk=data["buyer_id"])
        if data.get("buyer_id")
        else selectors.buyer_for(request.user, edition)
    )
    need = Need.objects.filter(pk=data.get("need_id") or 0).first()
    try:
        if buyer is None:
            raise DomainError("You are not registered as a buyer.", "no_buyer")
        meeting_services.meeting_request_create(
            actor=request.user,
            buyer=buyer,
            participation=part,
            day=data["day"],
            session=data["session"],
            message=data.get("message", ""),
            need=need,
        )
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "Meeting requested.")
    return redirect(back)


@login_required
@require_POST
def request_answer(request: HttpRequest, request_id: int, verb: str) -> HttpResponse:
    req = get_object_or_404(MeetingRequest, pk=request_id)
    action: dict[str, Any] = {
        "accept": meeting_services.meeting_request_accept,
        "decline": meeting_services.meeting_request_decline,
        "cancel": meeting_services.meeting_request_cancel,
    }
    if verb not in action:
        raise Http404()
    with flash(request, f"Request {req.pk}: {verb} done."):
        action[verb](actor=request.user, request=req)
    return redirect("matchmaking:home")


@login_required
@require_POST
def dismiss(request: HttpRequest) -> HttpResponse:
    side = request.POST.get("side", "")
    buyer = get_object_or_404(Visitor, pk=request.POST.get("buyer_id") or 0)
    part = get_object_or_404(Participation, pk=request.POST.get("participation_id") or 0)
    with flash(request):
        services.dismissal_create(actor=request.user, side=side, buyer=buyer, participation=part)
    return redirect(request.POST.get("next") or "matchmaking:home")


@login_required
def schedule_ics(request: HttpRequest) -> HttpResponse:
    body = meetings_ics(selectors.schedule_of(user=request.user, edition=_edition()))
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="meetings.ics"'
    return response


@login_required
def organiser(request: HttpRequest) -> HttpResponse:
    if not permissions.is_organiser(request.user):
        raise Http404()
    edition = _edition()
    if request.method == "POST":
        try:
            if request.POST.get("action") == "publish":
                n = scheduling.schedule_publish(actor=request.user, edition=edition)
                messages.success(request, f"{n} meetings published.")
            else:
                jobs.schedule_job_start(
                    actor=request.user,
                    edition=edition,
                    allow_moves=bool(request.POST.get("allow_moves")),
                    time_limit=float(request.POST.get("time_limit") or 30),
                )
                messages.success(request, "Scheduling started.")
        except (DomainError, ValueError) as exc:
            messages.error(request, getattr(exc, "message", str(exc)))
        return redirect("matchmaking:organiser")
    day = _day(request.GET.get("day"), edition)
    job = BackgroundJob.objects.filter(kind=jobs.JOB_KIND, edition=edition).first()
    return render(
        request,
        "matchmaking/organiser.html",
        {
            "edition": edition,
            "job": job,
            "grid": selectors.schedule_grid(edition=edition, day=day),
            "days": edition.days,
            "day": day,
        },
    )


def _day(raw: str | None, edition: Edition) -> dt.date:
    try:
        day = dt.date.fromisoformat(raw) if raw else edition.start_date
    except ValueError:
        day = edition.start_date
    return day if day in edition.days else edition.start_date
