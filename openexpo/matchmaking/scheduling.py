"""Scheduling accepted meetings into slots and tables: the day's slot grid, who is busy when,
the solver's input built from the database, and its result saved; publishing.

Per expo day, one `openexpo.solvers.meetings` problem: participants are buyers ("b<id>")
and exhibitors ("e<participation id>"); forbidden slots come from unavailable times and
forum sessions they hold a seat at or speak at; meetings already published keep their slot (fixed)
unless the organiser allows moves. Tables are renumbered after solving so that a published
meeting keeps its table too.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import Q

from openexpo.core.models import Edition
from openexpo.matchmaking.models import MatchmakingSetup, MeetingRequest, Unavailability
from openexpo.matchmaking.services import setup_for

Interval = tuple[dt.datetime, dt.datetime]


@dataclass(frozen=True)
class SlotGrid:
    """The slots of one day in the edition's time zone."""

    day: dt.date
    starts: tuple[dt.datetime, ...]
    minutes: int
    morning_slots: int

    def interval(self, slot: int) -> Interval:
        return self.starts[slot], self.starts[slot] + dt.timedelta(minutes=self.minutes)

    def overlapping(self, start: dt.datetime, end: dt.datetime) -> list[int]:
        return [
            s
            for s, a in enumerate(self.starts)
            if a < end and start < a + dt.timedelta(minutes=self.minutes)
        ]


def slot_grid(setup: MatchmakingSetup, day: dt.date) -> SlotGrid:
    tz = zoneinfo.ZoneInfo(setup.edition.time_zone)
    step = dt.timedelta(minutes=setup.slot_minutes)
    morning = dt.datetime.combine(day, setup.morning_start, tzinfo=tz)
    afternoon = dt.datetime.combine(day, setup.afternoon_start, tzinfo=tz)
    starts = [morning + i * step for i in range(setup.morning_slots)]
    starts += [afternoon + i * step for i in range(setup.afternoon_slots)]
    return SlotGrid(
        day=day, starts=tuple(starts), minutes=setup.slot_minutes, morning_slots=setup.morning_slots
    )


# --- who is busy ----------------------------------------------------------------------------


def _forum_busy(edition: Edition, visitor_user: dict[int, int | None]) -> dict[str, list[Interval]]:
    """Forum sessions the buyers hold a confirmed seat at, or speak at."""
    from openexpo.forums.models import Registration, SessionSpeaker

    by_user = {u: v for v, u in visitor_user.items() if u}
    out: dict[str, list[Interval]] = defaultdict(list)
    seats = Registration.objects.filter(
        session__subforum__edition=edition,
        status=Registration.Status.CONFIRMED,
        user_id__in=list(by_user),
    ).values_list("user_id", "session__starts_at", "session__ends_at")
    talks = SessionSpeaker.objects.filter(
        session__subforum__edition=edition, speaker__user_id__in=list(by_user)
    ).values_list("speaker__user_id", "session__starts_at", "session__ends_at")
    for user_id, start, end in [*seats, *talks]:
        out[f"b{by_user[user_id]}"].append((start, end))
    return out


def busy_intervals(
    edition: Edition, meetings: Iterable[MeetingRequest]
) -> dict[str, list[Interval]]:
    """Unavailable times and forum sessions of the meetings' participants, by participant id."""
    meetings = list(meetings)
    buyers = {m.buyer_id: m.buyer.user_id for m in meetings}
    parts = {m.participation_id for m in meetings}
    out: dict[str, list[Interval]] = defaultdict(list)
    rows = Unavailability.objects.filter(edition=edition).filter(
        Q(buyer_id__in=list(buyers)) | Q(participation_id__in=list(parts))
    )
    for u in rows:
        key = f"b{u.buyer_id}" if u.buyer_id else f"e{u.participation_id}"
        out[key].append((u.starts_at, u.ends_at))
    for key, spans in _forum_busy(edition, buyers).items():
        out[key].extend(spans)
    return out


# --- the solver ----------------------------------------------------------------------------


def _solve(problem: dict[str, Any], time_limit: float) -> dict[str, Any]:
    """Call openexpo.solvers.meetings when present; else a first-fit greedy (same contract)."""
    try:
        from openexpo.solvers import meetings as solver
    except ImportError:
        return greedy_schedule(problem)
    prob = solver.Problem(
        slots=problem["slots"],
        morning_slots=problem["morning_slots"],
        tables=problem["tables"],
        max_break_spread=problem["max_break_spread"],
        name=problem["name"],
        participants=tuple(
            solver.Participant(id=p["id"], forbidden_slots=frozenset(p["forbidden_slots"]))
            for p in problem["participants"]
        ),
        meetings=tuple(
            solver.Meeting(
                id=m["id"],
                participants=tuple(m["participants"]),
                session=m["session"],
                fixed_slot=m["fixed_slot"],
                fixed_table=m.get("fixed_table"),
                after=tuple(m["after"]),
            )
            for m in problem["meetings"]
        ),
    )
    sol = solver.schedule(prob, time_limit=time_limit)
    unplaced = []
    for u in getattr(sol, "unplaced", ()) or ():
        if isinstance(u, str):
            unplaced.append({"meeting": u, "reason": ""})
        else:
            unplaced.append(
                {
                    "meeting": str(getattr(u, "meeting", getattr(u, "id", ""))),
                    "reason": str(getattr(u, "reason", "")),
                }
            )
    return {
        "status": sol.status,
        "total_breaks": sol.total_breaks,
        "assignments": [
            {"meeting": a.meeting, "slot": a.slot, "table": a.table} for a in sol.assignments
        ],
        "unplaced": unplaced,
    }


def greedy_schedule(problem: dict[str, Any]) -> dict[str, Any]:
    """First fit in slot order (fixed meetings first): a stand-in until the solver lands."""
    slots, morning, tables = problem["slots"], problem["morning_slots"], problem["tables"]
    forbidden = {p["id"]: set(p["forbidden_slots"]) for p in problem["participants"]}
    used: dict[int, set[str]] = defaultdict(set)
    count: dict[int, int] = defaultdict(int)
    out, unplaced = [], []
    for m in sorted(problem["meetings"], key=lambda m: (m["fixed_slot"] is None, m["id"])):
        a, b = m["participants"]
        allowed = range(slots) if m["fixed_slot"] is None else [m["fixed_slot"]]
        if m["session"] == "morning":
            allowed = [s for s in allowed if s < morning]
        elif m["session"] == "afternoon":
            allowed = [s for s in allowed if s >= morning]
        slot = next(
            (
                s
                for s in allowed
                if count[s] < tables
                and not ({a, b} & used[s])
                and s not in forbidden.get(a, ())
                and s not in forbidden.get(b, ())
            ),
            None,
        )
        if slot is None:
            unplaced.append({"meeting": m["id"], "reason": "no common free slot"})
            continue
        used[slot] |= {a, b}
        count[slot] += 1
        out.append({"meeting": m["id"], "slot": slot, "table": count[slot]})
    return {
        "status": "feasible" if not unplaced else "unknown",
        "total_breaks": None,
        "assignments": out,
        "unplaced": unplaced,
    }


def build_problem(
    setup: MatchmakingSetup,
    day: dt.date,
    meetings: list[MeetingRequest],
    busy: dict[str, list[Interval]],
    *,
    allow_moves: bool,
) -> dict[str, Any]:
    """The day's problem in the solver's format (openexpo.meetings/1)."""
    grid = slot_grid(setup, day)
    people = sorted(
        {f"b{m.buyer_id}" for m in meetings} | {f"e{m.participation_id}" for m in meetings}
    )
    participants = []
    for pid in people:
        forbidden = sorted(
            {s for start, end in busy.get(pid, ()) for s in grid.overlapping(start, end)}
        )
        participants.append({"id": pid, "forbidden_slots": forbidden})
    return {
        "format": "openexpo.meetings/1",
        "name": f"{setup.edition.number}-{day.isoformat()}",
        "slots": len(grid.starts),
        "morning_slots": grid.morning_slots,
        "tables": setup.tables,
        "max_break_spread": setup.max_break_spread,
        "participants": participants,
        "meetings": [_meeting_json(m, allow_moves) for m in meetings],
    }


def _meeting_json(m: MeetingRequest, allow_moves: bool) -> dict[str, Any]:
    """A meeting in the solver's format; a published one stays at its slot and table."""
    keep = m.published and m.slot is not None and not allow_moves
    return {
        "id": str(m.pk),
        "participants": [f"b{m.buyer_id}", f"e{m.participation_id}"],
        "session": m.session,
        "fixed_slot": m.slot if keep else None,
        "fixed_table": m.table if keep else None,
        "after": [],
    }


def _tables(assignments: list[dict[str, Any]], keep: dict[str, int]) -> dict[str, int]:
    """Renumber tables per slot: published meetings keep theirs, others take free ones."""
    by_slot: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for a in assignments:
        by_slot[a["slot"]].append(a)
    out: dict[str, int] = {}
    for group in by_slot.values():
        taken = {keep[a["meeting"]] for a in group if a["meeting"] in keep}
        free = (t for t in range(1, len(group) + len(taken) + 1) if t not in taken)
        for a in sorted(group, key=lambda a: a["table"]):
            out[a["meeting"]] = keep[a["meeting"]] if a["meeting"] in keep else next(free)
    return out


def schedule_day(
    *, edition: Edition, day: dt.date, allow_moves: bool = False, time_limit: float = 30.0
) -> dict[str, Any]:
    """Schedule the accepted meetings of one day and save the result; returns a summary."""
    setup = setup_for(edition)
    meetings = list(
        MeetingRequest.objects.filter(
            edition=edition, day=day, status=MeetingRequest.Status.ACCEPTED
        ).select_related("buyer")
    )
    if not meetings:
        return {
            "day": day.isoformat(),
            "status": "optimal",
            "meetings": 0,
            "placed": 0,
            "unplaced": [],
        }
    problem = build_problem(
        setup, day, meetings, busy_intervals(edition, meetings), allow_moves=allow_moves
    )
    fixed = {m["id"] for m in problem["meetings"] if m["fixed_slot"] is not None}
    result = _solve(problem, time_limit)
    by_id = {str(m.pk): m for m in meetings}
    keep = {str(m.pk): m.table for m in meetings if str(m.pk) in fixed and m.table}
    tables = _tables(result["assignments"], keep)
    grid = slot_grid(setup, day)
    reasons = {u["meeting"]: u["reason"] or "could not be placed" for u in result["unplaced"]}
    with transaction.atomic():
        movable = [m for m in meetings if str(m.pk) not in fixed]
        MeetingRequest.objects.filter(pk__in=[m.pk for m in movable]).update(
            slot=None, table=None, starts_at=None, ends_at=None
        )
        placed = []
        for a in result["assignments"]:
            m = by_id[a["meeting"]]
            if a["meeting"] in fixed and m.slot == a["slot"]:
                continue
            start, end = grid.interval(a["slot"])
            moved = m.published and (m.slot != a["slot"] or m.table != tables[a["meeting"]])
            m.slot, m.table, m.starts_at, m.ends_at = a["slot"], tables[a["meeting"]], start, end
            m.unplaced_reason = ""
            m.published = m.published and not moved
            placed.append(m)
        MeetingRequest.objects.bulk_update(
            placed, ["slot", "table", "starts_at", "ends_at", "unplaced_reason", "published"]
        )
        for mid, reason in reasons.items():
            MeetingRequest.objects.filter(pk=int(mid)).update(
                unplaced_reason=reason[:200], published=False
            )
    return {
        "day": day.isoformat(),
        "status": result["status"],
        "total_breaks": result["total_breaks"],
        "meetings": len(meetings),
        "placed": len(result["assignments"]),
        "unplaced": [{"meeting": int(k), "reason": v} for k, v in reasons.items()],
    }


def schedule_edition(
    *,
    edition: Edition,
    allow_moves: bool = False,
    time_limit: float = 30.0,
    progress: Callable[[float, str], None] | None = None,
) -> dict[str, Any]:
    """Schedule every day of the edition; `progress(fraction, message)` after each day."""
    days = edition.days
    out = []
    for i, day in enumerate(days):
        out.append(
            schedule_day(edition=edition, day=day, allow_moves=allow_moves, time_limit=time_limit)
        )
        if progress:
            progress(
                (i + 1) / len(days),
                f"{day.isoformat()}: {out[-1]['placed']}/{out[-1]['meetings']} placed",
            )
    return {
        "days": out,
        "placed": sum(d["placed"] for d in out),
        "meetings": sum(d["meetings"] for d in out),
    }


def schedule_publish(*, actor: Any, edition: Edition) -> int:
    """Make the scheduled meetings visible to participants; returns how many were published."""
    from openexpo.core import permissions
    from openexpo.core.audit import audit_record
    from openexpo.core.errors import PermissionDenied

    if not permissions.is_organiser(actor):
        raise PermissionDenied("Only organisers publish the schedule.")
    with transaction.atomic():
        n = MeetingRequest.objects.filter(
            edition=edition,
            status=MeetingRequest.Status.ACCEPTED,
            slot__isnull=False,
            published=False,
        ).update(published=True)
        audit_record(actor=actor, action="meetings.publish", obj=edition, after={"published": n})
    return n
