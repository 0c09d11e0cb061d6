"""Reads of the forum programme, personal agendas and seat statistics shared by pages and the API."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from openexpo.core.models import Edition
from openexpo.forums.models import (
    AgendaItem,
    Registration,
    Room,
    Session,
    SessionSpeaker,
    Speaker,
    SubForum,
)


def _with_details(qs: QuerySet[Session]) -> QuerySet[Session]:
    return (
        qs.select_related("subforum", "room_ref")
        .prefetch_related(
            Prefetch(
                "speaker_links", SessionSpeaker.objects.select_related("speaker").order_by("order")
            )
        )
        .annotate(
            confirmed=Count(
                "registrations", filter=Q(registrations__status="confirmed"), distinct=True
            ),
            waitlisted=Count(
                "registrations", filter=Q(registrations__status="waitlisted"), distinct=True
            ),
        )
    )


def programme(
    *,
    edition: Edition,
    day: dt.date | None = None,
    room: str = "",
    topic: str = "",
    subforum: str = "",
) -> QuerySet[Session]:
    """The edition's sessions in time order, filtered by local day, room code, topic or sub-forum."""
    qs = Session.objects.filter(subforum__edition=edition)
    if day is not None:
        tz = ZoneInfo(edition.time_zone)
        start = dt.datetime.combine(day, dt.time(0), tz)
        qs = qs.filter(starts_at__gte=start, starts_at__lt=start + dt.timedelta(days=1))
    if room:
        qs = qs.filter(room_ref__code=room)
    if topic:
        qs = qs.filter(subforum__topic=topic)
    if subforum:
        qs = qs.filter(subforum__code=subforum)
    return _with_details(qs).order_by("starts_at", "room_ref__code", "pk")


def session_get(*, pk: int) -> Session:
    return _with_details(Session.objects.filter(pk=pk)).select_related("subforum__edition").get()


def subforum_list(*, edition: Edition) -> QuerySet[SubForum]:
    return SubForum.objects.filter(edition=edition).annotate(n_sessions=Count("sessions"))


def subforum_get(*, edition: Edition, code: str) -> SubForum:
    return SubForum.objects.select_related("edition").get(edition=edition, code=code)


def room_list(*, edition: Edition) -> QuerySet[Room]:
    return Room.objects.filter(edition=edition).order_by("-capacity", "code")


def topic_list(*, edition: Edition) -> list[str]:
    qs = SubForum.objects.filter(edition=edition).exclude(topic="")
    return sorted(set(qs.values_list("topic", flat=True)))


def speaker_list(*, edition: Edition) -> QuerySet[Speaker]:
    return Speaker.objects.filter(edition=edition).annotate(n_sessions=Count("session_links"))


def speaker_get(*, edition: Edition, code: str) -> tuple[Speaker, QuerySet[Session]]:
    speaker = Speaker.objects.get(edition=edition, code=code)
    sessions = _with_details(Session.objects.filter(speaker_links__speaker=speaker)).order_by(
        "starts_at"
    )
    return speaker, sessions


def registrations_of(*, user: Any, edition: Edition | None = None) -> QuerySet[Registration]:
    """A person's active registrations (confirmed and waiting)."""
    qs = Registration.objects.filter(user=user).exclude(status="cancelled")
    if edition is not None:
        qs = qs.filter(session__subforum__edition=edition)
    return qs.select_related("session__subforum", "session__room_ref").order_by(
        "session__starts_at"
    )


def agenda(*, user: Any, edition: Edition) -> QuerySet[Session]:
    """A person's agenda: sessions they registered for (or wait for) and open sessions they saved."""
    mine = Q(registrations__user=user) & ~Q(registrations__status="cancelled")
    saved = Q(pk__in=AgendaItem.objects.filter(user=user).values("session_id"))
    ids = Session.objects.filter(subforum__edition=edition).filter(mine | saved).values("pk")
    return _with_details(Session.objects.filter(pk__in=ids)).order_by("starts_at")


def session_registrations(*, session: Session) -> QuerySet[Registration]:
    return Registration.objects.filter(session=session).select_related("user").order_by("id")


@dataclass(frozen=True)
class NoShowRow:
    session_id: int
    title: str
    starts_at: dt.datetime
    confirmed: int
    attended: int

    @property
    def no_shows(self) -> int:
        return max(0, self.confirmed - self.attended)

    @property
    def rate(self) -> float:
        return self.no_shows / self.confirmed if self.confirmed else 0.0


def noshow_stats(*, edition: Edition, now: dt.datetime | None = None) -> dict[str, Any]:
    """For sessions that have ended: confirmed seats, attendees with a seat, no-shows and the rate."""
    now = now or timezone.now()
    rows = (
        Session.objects.filter(subforum__edition=edition, ends_at__lte=now)
        .exclude(access=Session.Access.OPEN)
        .annotate(
            n_confirmed=Count(
                "registrations", filter=Q(registrations__status="confirmed"), distinct=True
            ),
            n_attended=Count(
                "attendances",
                filter=Q(attendances__registration__status="confirmed"),
                distinct=True,
            ),
        )
        .order_by("starts_at")
        .values_list("pk", "title_en", "starts_at", "n_confirmed", "n_attended")
    )
    sessions = [NoShowRow(*row) for row in rows]
    confirmed = sum(r.confirmed for r in sessions)
    no_shows = sum(r.no_shows for r in sessions)
    return {
        "sessions": sessions,
        "confirmed": confirmed,
        "attended": confirmed - no_shows,
        "no_shows": no_shows,
        "rate": no_shows / confirmed if confirmed else 0.0,
    }
