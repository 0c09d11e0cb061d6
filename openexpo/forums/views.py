"""Forum pages: the timetable by day, room and topic, sessions, speakers, agendas and ICS files."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from openexpo.core.errors import DomainError
from openexpo.core.feedback import flash
from openexpo.core.models import Edition, User
from openexpo.core.selectors import edition_current, edition_get
from openexpo.forums import selectors
from openexpo.forums.ics import calendar_bytes
from openexpo.forums.models import AgendaItem, Registration, Session, Speaker
from openexpo.forums.seats import agenda_item_toggle, registration_cancel, registration_create

AGENDA_SALT = "forums.agenda.ics"


def _edition(request: HttpRequest) -> Edition:
    number = request.GET.get("edition")
    edition = edition_get(int(number)) if number and number.isdigit() else edition_current()
    if edition is None:
        raise Http404(_("No edition yet."))
    return edition


def _ics(body: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def timetable(request: HttpRequest, day: str = "", room: str = "", topic: str = "") -> HttpResponse:
    """The programme; the URL (or ?day=&room=&topic=) narrows it to a day, a room or a topic."""
    edition = _edition(request)
    day = day or request.GET.get("day", "")
    room = room or request.GET.get("room", "")
    topic = topic or request.GET.get("topic", "")
    try:
        day_value = dt.date.fromisoformat(day) if day else None
    except ValueError:
        raise Http404(_("Not a date.")) from None
    sessions = list(selectors.programme(edition=edition, day=day_value, room=room, topic=topic))
    mine = {}
    if request.user.is_authenticated:
        mine = {
            r.session_id: r for r in selectors.registrations_of(user=request.user, edition=edition)
        }
    by_day: dict[dt.date, list] = {}
    for session in sessions:
        by_day.setdefault(session.starts_at.astimezone(_tz(edition)).date(), []).append(
            (session, mine.get(session.pk))
        )
    return render(
        request,
        "forums/timetable.html",
        {
            "edition": edition,
            "by_day": sorted(by_day.items()),
            "days": edition.days,
            "rooms": selectors.room_list(edition=edition),
            "topics": selectors.topic_list(edition=edition),
            "day": day_value,
            "room": room,
            "topic": topic,
        },
    )


def _tz(edition: Edition):
    from zoneinfo import ZoneInfo

    return ZoneInfo(edition.time_zone)


def session_detail(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        session = selectors.session_get(pk=pk)
    except Session.DoesNotExist:
        raise Http404 from None
    registration = None
    if request.user.is_authenticated:
        registration = (
            Registration.objects.filter(session=session, user=request.user)
            .exclude(status="cancelled")
            .first()
        )
    position = None
    if registration and registration.status == "waitlisted":
        position = session.registrations.filter(
            status="waitlisted", id__lte=registration.pk
        ).count()
    saved = (
        request.user.is_authenticated
        and AgendaItem.objects.filter(user=request.user, session=session).exists()
    )
    return render(
        request,
        "forums/session.html",
        {
            "session": session,
            "registration": registration,
            "position": position,
            "saved": saved,
            "free": max(0, session.capacity - session.confirmed),
        },
    )


def session_ics(request: HttpRequest, pk: int) -> HttpResponse:
    session = get_object_or_404(selectors.programme(edition=_session_edition(pk)), pk=pk)
    return _ics(
        calendar_bytes([session], name=session.title, host=request.get_host()), f"session-{pk}.ics"
    )


def _session_edition(pk: int) -> Edition:
    session = get_object_or_404(Session.objects.select_related("subforum__edition"), pk=pk)
    return session.subforum.edition


def subforum_detail(request: HttpRequest, code: str) -> HttpResponse:
    edition = _edition(request)
    subforum = get_object_or_404(selectors.subforum_list(edition=edition), code=code)
    sessions = selectors.programme(edition=edition, subforum=code)
    return render(request, "forums/subforum.html", {"subforum": subforum, "sessions": sessions})


def subforum_ics(request: HttpRequest, code: str) -> HttpResponse:
    edition = _edition(request)
    subforum = get_object_or_404(selectors.subforum_list(edition=edition), code=code)
    sessions = selectors.programme(edition=edition, subforum=code)
    return _ics(
        calendar_bytes(sessions, name=subforum.name, host=request.get_host()), f"{code}.ics"
    )


def speaker_list(request: HttpRequest) -> HttpResponse:
    edition = _edition(request)
    return render(
        request, "forums/speakers.html", {"speakers": selectors.speaker_list(edition=edition)}
    )


def speaker_detail(request: HttpRequest, code: str) -> HttpResponse:
    edition = _edition(request)
    try:
        speaker, sessions = selectors.speaker_get(edition=edition, code=code)
    except Speaker.DoesNotExist:
        raise Http404 from None
    return render(request, "forums/speaker.html", {"speaker": speaker, "sessions": sessions})


@login_required
def agenda(request: HttpRequest) -> HttpResponse:
    edition = _edition(request)
    token = signing.dumps(request.user.pk, salt=AGENDA_SALT)
    feed = request.build_absolute_uri(reverse("forums:agenda_feed", args=[token]))
    mine = {r.session_id: r for r in selectors.registrations_of(user=request.user, edition=edition)}
    rows = [(s, mine.get(s.pk)) for s in selectors.agenda(user=request.user, edition=edition)]
    return render(request, "forums/agenda.html", {"rows": rows, "feed": feed})


@login_required
def agenda_ics(request: HttpRequest) -> HttpResponse:
    edition = _edition(request)
    sessions = selectors.agenda(user=request.user, edition=edition)
    return _ics(
        calendar_bytes(sessions, name=_("My forum agenda"), host=request.get_host()), "agenda.ics"
    )


def agenda_feed(request: HttpRequest, token: str) -> HttpResponse:
    """The agenda as a subscribable calendar: the signed token stands for the person."""
    try:
        user = User.objects.get(pk=signing.loads(token, salt=AGENDA_SALT), is_active=True)
    except (signing.BadSignature, User.DoesNotExist):
        raise Http404 from None
    sessions = selectors.agenda(user=user, edition=_edition(request))
    return _ics(
        calendar_bytes(sessions, name=_("My forum agenda"), host=request.get_host()), "agenda.ics"
    )


@login_required
@require_POST
def register(request: HttpRequest, pk: int) -> HttpResponse:
    session = get_object_or_404(Session, pk=pk)
    try:
        registration = registration_create(
            user=request.user,
            session=session,
            invitation_code=request.POST.get("invitation_code", ""),
        )
    except DomainError as err:
        messages.error(request, err.message)
    else:
        if registration.status == "confirmed":
            messages.success(request, _("You have seat %(seat)d.") % {"seat": registration.seat_no})
        else:
            messages.info(request, _("The session is full: you are on the waiting list."))
    return redirect("forums:session", pk=pk)


@login_required
@require_POST
def cancel(request: HttpRequest, pk: int) -> HttpResponse:
    registration = get_object_or_404(Registration, pk=pk)
    with flash(request, _("Your registration is cancelled.")):
        registration_cancel(actor=request.user, registration=registration)
    return redirect("forums:session", pk=registration.session_id)


@login_required
@require_POST
def agenda_toggle(request: HttpRequest, pk: int) -> HttpResponse:
    session = get_object_or_404(Session, pk=pk)
    agenda_item_toggle(user=request.user, session=session)
    return redirect("forums:session", pk=pk)
