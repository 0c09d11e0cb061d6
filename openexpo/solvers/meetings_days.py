"""Multi-day meeting problems: give each meeting a day, then solve each day as its own problem."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import replace

from openexpo.solvers.meetings_prep import Indexed, index
from openexpo.solvers.meetings_types import Meeting, Participant, Problem, Solution, Unplaced

Solver = Callable[..., Solution]


def assign_days(ix: Indexed, fill: float = 0.92) -> list[int | None]:
    """A day per meeting: days its participants are free that day, keeping each day under
    `fill` of its tables x slots, each participant within its free slots that day, and
    clustering a participant's meetings on days it already meets (fewer, fuller days)."""
    p = ix.problem
    length = p.day_length
    cap = max(1, int(fill * p.tables * length))
    free: list[list[int]] = []
    for ms in ix.pmeet:
        union = {s for i in ms for s in ix.allowed[i]}
        free.append([sum(1 for s in union if s // length == d) for d in range(p.days)])
    options = [sorted({s // length for s in ix.allowed[i]}) for i in range(len(ix.mids))]
    order = sorted(
        range(len(ix.mids)),
        key=lambda i: (len(options[i]), -sum(len(ix.pmeet[q]) for q in ix.parts[i])),
    )
    count = [[0] * p.days for _ in ix.pids]
    load = [0] * p.days
    day: list[int | None] = [None] * len(ix.mids)
    for i in order:
        best = None
        for d in options[i]:
            if load[d] >= cap and len(options[i]) > 1:
                continue
            room = min(free[q][d] - count[q][d] for q in ix.parts[i])
            if room <= 0:
                continue
            together = sum(count[q][d] for q in ix.parts[i])
            tight = sum(1 for q in ix.parts[i] if count[q][d] + 2 > free[q][d])
            key = (tight, -together, load[d])
            if best is None or key < best[0]:
                best = (key, d)
        if best is None:
            continue
        d = best[1]
        day[i] = d
        load[d] += 1
        for q in ix.parts[i]:
            count[q][d] += 1
    for a, b in ix.before:  # keep precedences possible: a's day never after b's
        if day[a] is not None and day[b] is not None and day[a] > day[b] and day[a] in options[b]:
            day[b] = day[a]
    return day


def day_problem(ix: Indexed, day: list[int | None], d: int) -> Problem:
    """Day d as a one-day problem (slots renumbered from 0, cross-day precedences dropped)."""
    p = ix.problem
    length = p.day_length
    lo = d * length
    mine = [i for i, x in enumerate(day) if x == d]
    ids = {ix.mids[i] for i in mine}
    meetings = []
    for i in mine:
        m = p.meetings[i]
        meetings.append(
            Meeting(
                m.id,
                m.participants,
                m.session,
                None if m.fixed_slot is None else m.fixed_slot - lo,
                tuple(a for a in m.after if a in ids),
                m.fixed_table,
            )
        )
    who = {q for i in mine for q in ix.parts[i]}
    people = tuple(
        Participant(
            ix.pids[q],
            frozenset(s - lo for s in p.participants[q].forbidden_slots if lo <= s < lo + length),
        )
        for q in sorted(who)
    )
    return Problem(
        slots=length,
        tables=p.tables,
        participants=people,
        meetings=tuple(meetings),
        morning_slots=p.morning,
        max_break_spread=p.max_break_spread,
        name=f"{p.name} day {d + 1}",
    )


def schedule_days(problem: Problem, solve: Solver, *, time_limit: float, workers: int) -> Solution:
    """Assign days, then `solve` each day's problem with a share of the time limit.

    Breaks are counted per day. The fairness bound, if any, is applied within each day.
    """
    t0 = time.perf_counter()
    ix = index(problem)
    day = assign_days(ix)
    sizes = [sum(1 for x in day if x == d) for d in range(problem.days)]
    total = max(1, sum(sizes))
    parts: list[Solution] = []
    for d in range(problem.days):
        left = time_limit - (time.perf_counter() - t0)
        share = max(1.0, left * sizes[d] / max(1, sum(sizes[d:])))
        sub = day_problem(ix, day, d)
        parts.append(solve(sub, time_limit=share, workers=workers))
    lo = problem.day_length
    assignments = tuple(
        replace(a, slot=a.slot + d * lo) for d, sol in enumerate(parts) for a in sol.assignments
    )
    unplaced = [u for sol in parts for u in sol.unplaced]
    unplaced += [
        Unplaced(ix.mids[i], f"meeting {ix.mids[i]}: no day where both sides have a free slot")
        for i, x in enumerate(day)
        if x is None
    ]
    statuses = {sol.status for sol in parts}
    if unplaced or "infeasible" in statuses:
        status = "infeasible"
    elif statuses == {"optimal"}:
        status = "optimal"
    elif "unknown" in statuses:
        status = "unknown"
    else:
        status = "feasible"
    breaks = [sol.total_breaks for sol in parts]
    per: dict[str, int] = {}
    for sol in parts:
        for pid, b in sol.participant_breaks:
            per[pid] = per.get(pid, 0) + b
    reasons = "; ".join(sol.reason for sol in parts if sol.reason)
    return Solution(
        status=status,  # type: ignore[arg-type]
        assignments=assignments,
        total_breaks=sum(breaks) if status in ("optimal", "feasible") else None,  # type: ignore[arg-type]
        unplaced=tuple(unplaced),
        reason=reasons,
        lower_bound=sum(sol.lower_bound or 0 for sol in parts),
        participant_breaks=tuple(sorted(per.items())),
        seconds=round(time.perf_counter() - t0, 3),
        stats=tuple(
            (f"day{d + 1}", f"{sizes[d]} meetings, {sol.status}") for d, sol in enumerate(parts)
        )
        + (("meetings", str(total)),),
    )
