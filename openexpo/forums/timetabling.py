"""Propose a conflict-free timetable for an edition's forum with `openexpo.solvers.timetable`.

The programme becomes a solver Problem: blocks are the edition's half-day windows, rooms
keep their seats, each session is an item of its sub-forum's track whose audience is its
registrations (confirmed + waiting, or its capacity if nobody registered yet) and whose
speakers' other commitments are presenters shared with other items. The proposal is
returned, not saved: an organiser applies it session by session through `session_update`,
which re-checks every rule.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.db.models import Count, Q

from openexpo.core.models import Edition
from openexpo.forums.models import Room, Session, SessionSpeaker
from openexpo.solvers import timetable as tt

HALF_DAYS = (((9, 0), (12, 30)), ((14, 0), (17, 30)))
SLOT_MINUTES = 30
WEIGHTS = {"consecutive_tracks": 100, "rooms_per_track": 20, "presenters": 100_000}


@dataclass(frozen=True)
class Proposal:
    session_id: int
    room_id: int
    starts_at: dt.datetime
    ends_at: dt.datetime


def _blocks(edition: Edition) -> list[tuple[str, dt.datetime, int]]:
    tz = ZoneInfo(edition.time_zone)
    out = []
    for day in edition.days:
        for k, ((h1, m1), (h2, m2)) in enumerate(HALF_DAYS):
            start = dt.datetime.combine(day, dt.time(h1, m1), tz)
            slots = ((h2 * 60 + m2) - (h1 * 60 + m1)) // SLOT_MINUTES
            out.append((f"{day.isoformat()}-{k}", start, slots))
    return out


def timetable_propose(*, edition: Edition, time_limit: float = 10.0) -> tuple[list[Proposal], int]:
    """A proposed (room, start, end) for every session of the edition, and its penalty."""
    sessions = list(
        Session.objects.filter(subforum__edition=edition)
        .annotate(demand=Count("registrations", filter=~Q(registrations__status="cancelled")))
        .select_related("subforum")
        .order_by("pk")
    )
    rooms = list(Room.objects.filter(edition=edition))
    people: dict[int, list[str]] = {}
    for session_id, speaker_id in SessionSpeaker.objects.filter(session__in=sessions).values_list(
        "session_id", "speaker_id"
    ):
        people.setdefault(session_id, []).append(str(speaker_id))
    blocks = _blocks(edition)
    items = tuple(
        tt.Item(
            id=str(s.pk),
            track=s.subforum.code,
            length=max(1, -(-int((s.ends_at - s.starts_at).total_seconds() // 60) // SLOT_MINUTES)),
            audience=min(s.demand or s.capacity, max(r.capacity for r in rooms)),
            presenters=tuple(people.get(s.pk, ())),
        )
        for s in sessions
    )
    problem = tt.Problem(
        blocks=tuple(tt.Block(name, slots) for name, _start, slots in blocks),
        rooms=tuple(tt.Room(str(r.pk), r.capacity) for r in rooms),
        items=items,
        weights=WEIGHTS,
    )
    solution = tt.solve(problem, time_limit=time_limit)
    start_of = {name: start for name, start, _slots in blocks}
    offset: dict[tuple[str, str], int] = {}
    proposals = []
    by_id = {str(s.pk): s for s in sessions}
    for placement in sorted(solution.placements, key=lambda p: (p.block, p.room, int(p.item))):
        session = by_id[placement.item]
        used = offset.get((placement.block, placement.room), 0)
        length = next(i.length for i in items if i.id == placement.item)
        begins = start_of[placement.block] + dt.timedelta(minutes=used * SLOT_MINUTES)
        proposals.append(
            Proposal(
                session.pk,
                int(placement.room),
                begins,
                begins + (session.ends_at - session.starts_at),
            )
        )
        offset[(placement.block, placement.room)] = used + length
    return proposals, solution.objective
