"""Programme conflict rules, shared by the write services (refuse) and the organiser report (list).

A conflict is a room booked twice, a speaker in two places at once, a session outside
the edition's days, a session ending before it starts, or more seats than the room has.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.db.models import Q
from django.utils.translation import gettext as _

from openexpo.core.models import Edition
from openexpo.forums.models import Room, Session, SessionSpeaker


@dataclass(frozen=True)
class Conflict:
    """One problem in the programme; `sessions` are the ids involved."""

    code: str
    message: str
    sessions: tuple[int, ...] = ()
    field: str = ""


def time_problems(
    *, edition: Edition, starts_at: dt.datetime, ends_at: dt.datetime
) -> list[Conflict]:
    """Order of start and end, and both inside the edition's days (in its time zone)."""
    out: list[Conflict] = []
    if ends_at <= starts_at:
        out.append(
            Conflict("ends_before_start", _("The session ends before it starts."), field="ends_at")
        )
    tz = ZoneInfo(edition.time_zone)
    first, last = starts_at.astimezone(tz).date(), ends_at.astimezone(tz).date()
    if first < edition.start_date or last > edition.end_date:
        out.append(
            Conflict(
                "outside_edition",
                _("The session must take place between %(start)s and %(end)s.")
                % {"start": edition.start_date, "end": edition.end_date},
                field="starts_at"
                if first < edition.start_date or first > edition.end_date
                else "ends_at",
            )
        )
    return out


def capacity_problems(*, capacity: int | None, room: Room | None) -> list[Conflict]:
    if capacity is None or capacity <= 0:
        return [
            Conflict("capacity_invalid", _("The capacity must be at least 1."), field="capacity")
        ]
    if room is not None and capacity > room.capacity:
        return [
            Conflict(
                "capacity_exceeds_room",
                _("%(room)s seats %(n)d people.") % {"room": room.name_en, "n": room.capacity},
                field="capacity",
            )
        ]
    return []


def overlap_problems(
    *,
    room: Room | None,
    speaker_ids: Iterable[int],
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    exclude_id: int | None = None,
) -> list[Conflict]:
    """Other sessions that overlap [starts_at, ends_at) in the same room or with a shared speaker."""
    out: list[Conflict] = []
    overlapping = Q(starts_at__lt=ends_at, ends_at__gt=starts_at)
    others = Session.objects.filter(overlapping)
    if exclude_id is not None:
        others = others.exclude(pk=exclude_id)
    if room is not None:
        clash = list(others.filter(room_ref=room).values_list("pk", "title_en")[:5])
        if clash:
            out.append(
                Conflict(
                    "room_conflict",
                    _("%(room)s is already booked then for “%(title)s”.")
                    % {"room": room.name_en, "title": clash[0][1]},
                    tuple(pk for pk, _t in clash),
                    field="room",
                )
            )
    speaker_ids = list(speaker_ids)
    if speaker_ids:
        links = (
            SessionSpeaker.objects.filter(speaker_id__in=speaker_ids, session__in=others)
            .select_related("speaker", "session")
            .order_by("speaker__name_en")[:5]
        )
        for link in links:
            out.append(
                Conflict(
                    "speaker_conflict",
                    _("%(speaker)s also speaks at “%(title)s” then.")
                    % {"speaker": link.speaker.name_en, "title": link.session.title_en},
                    (link.session_id,),
                    field="speakers",
                )
            )
    return out


def _overlaps(items: list[tuple[dt.datetime, dt.datetime, int]]) -> list[tuple[int, int]]:
    """Pairs of ids whose intervals overlap (sweep over start times)."""
    items = sorted(items)
    pairs: list[tuple[int, int]] = []
    active: list[tuple[dt.datetime, int]] = []
    for start, end, pk in items:
        active = [(e, p) for e, p in active if e > start]
        pairs.extend((p, pk) for _e, p in active)
        active.append((end, pk))
    return pairs


def edition_conflicts(*, edition: Edition) -> list[Conflict]:
    """Every conflict remaining in an edition's programme (after an import or admin edits)."""
    sessions = list(
        Session.objects.filter(subforum__edition=edition)
        .select_related("room_ref")
        .order_by("starts_at", "pk")
    )
    by_id = {s.pk: s for s in sessions}
    out: list[Conflict] = []
    by_room: dict[int, list] = defaultdict(list)
    for s in sessions:
        for problem in time_problems(edition=edition, starts_at=s.starts_at, ends_at=s.ends_at):
            out.append(
                Conflict(problem.code, f"“{s.title_en}”: {problem.message}", (s.pk,), problem.field)
            )
        for problem in capacity_problems(capacity=s.capacity, room=s.room_ref):
            out.append(
                Conflict(problem.code, f"“{s.title_en}”: {problem.message}", (s.pk,), problem.field)
            )
        if s.room_ref_id:
            by_room[s.room_ref_id].append((s.starts_at, s.ends_at, s.pk))
    for items in by_room.values():
        for a, b in _overlaps(items):
            room = by_id[a].room_ref
            out.append(
                Conflict(
                    "room_conflict",
                    _("%(room)s is booked twice: “%(a)s” and “%(b)s”.")
                    % {"room": room.name_en, "a": by_id[a].title_en, "b": by_id[b].title_en},
                    (a, b),
                    "room",
                )
            )
    by_speaker: dict[int, list] = defaultdict(list)
    names: dict[int, str] = {}
    for link in SessionSpeaker.objects.filter(session__subforum__edition=edition).select_related(
        "speaker"
    ):
        s = by_id[link.session_id]
        by_speaker[link.speaker_id].append((s.starts_at, s.ends_at, s.pk))
        names[link.speaker_id] = link.speaker.name_en
    for speaker_id, items in by_speaker.items():
        for a, b in _overlaps(items):
            out.append(
                Conflict(
                    "speaker_conflict",
                    _("%(speaker)s is in two places at once: “%(a)s” and “%(b)s”.")
                    % {
                        "speaker": names[speaker_id],
                        "a": by_id[a].title_en,
                        "b": by_id[b].title_en,
                    },
                    (a, b),
                    "speakers",
                )
            )
    return out
