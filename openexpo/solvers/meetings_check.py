"""Independent checker for a meeting schedule: every constraint, breaks and fairness recomputed."""

from __future__ import annotations

from collections import defaultdict

from openexpo.solvers.meetings_types import Problem, Report, Solution


def count_breaks(slots: list[int] | set[int]) -> int:
    """Idle gaps between consecutive meetings: pairs of consecutive slots that are not adjacent."""
    ordered = sorted(slots)
    return sum(1 for a, b in zip(ordered, ordered[1:], strict=False) if b > a + 1)


def day_breaks(slots: list[int], day_length: int) -> int:
    """Breaks counted within each day of `day_length` slots."""
    days: dict[int, list[int]] = defaultdict(list)
    for s in slots:
        days[s // day_length].append(s)
    return sum(count_breaks(d) for d in days.values())


def participant_breaks(problem: Problem, slot_of: dict[str, int]) -> dict[str, int]:
    """Breaks per participant (participants with 0 or 1 meetings have 0)."""
    used: dict[str, list[int]] = {p.id: [] for p in problem.participants}
    for m in problem.meetings:
        if m.id in slot_of:
            for p in m.participants:
                used.setdefault(p, []).append(slot_of[m.id])
    if problem.days > 1:
        return {p: day_breaks(s, problem.day_length) for p, s in used.items()}
    return {p: count_breaks(s) for p, s in used.items()}


def check(problem: Problem, solution: Solution) -> Report:
    """Validate `solution` against every constraint of `problem` and recompute its figures.

    A schedule claimed complete (status optimal or feasible) must place every meeting and keep
    the fairness bound; a partial schedule (status infeasible) is checked for what it places.
    """
    v: list[str] = []
    meetings = {m.id: m for m in problem.meetings}
    forb = {p.id: p.forbidden_slots for p in problem.participants}
    slot_of: dict[str, int] = {}
    by_table: dict[tuple[int, int], str] = {}
    by_person: dict[tuple[str, int], str] = {}
    for a in solution.assignments:
        m = meetings.get(a.meeting)
        if m is None:
            v.append(f"assignment of unknown meeting {a.meeting}")
            continue
        if a.meeting in slot_of:
            v.append(f"meeting {a.meeting} is placed twice")
            continue
        slot_of[a.meeting] = a.slot
        if not 0 <= a.slot < problem.slots:
            v.append(f"meeting {a.meeting}: slot {a.slot} out of range")
        if not 1 <= a.table <= problem.tables:
            v.append(f"meeting {a.meeting}: table {a.table} out of range")
        local = a.slot % problem.day_length
        if m.session == "morning" and local >= problem.morning:
            v.append(f"meeting {a.meeting}: slot {a.slot} is not in the morning")
        if m.session == "afternoon" and local < problem.morning:
            v.append(f"meeting {a.meeting}: slot {a.slot} is not in the afternoon")
        if m.fixed_slot is not None and a.slot != m.fixed_slot:
            v.append(f"meeting {a.meeting}: fixed to slot {m.fixed_slot}, placed in {a.slot}")
        if m.fixed_table is not None and a.table != m.fixed_table:
            v.append(f"meeting {a.meeting}: pinned to table {m.fixed_table}, placed at {a.table}")
        other = by_table.get((a.slot, a.table))
        if other is not None:
            v.append(f"meetings {other} and {a.meeting} share table {a.table} in slot {a.slot}")
        by_table[(a.slot, a.table)] = a.meeting
        for p in m.participants:
            if a.slot in forb.get(p, ()):
                v.append(f"meeting {a.meeting}: participant {p} is unavailable in slot {a.slot}")
            other = by_person.get((p, a.slot))
            if other is not None:
                v.append(f"participant {p} has meetings {other} and {a.meeting} in slot {a.slot}")
            by_person[(p, a.slot)] = a.meeting
    per_slot: dict[int, int] = defaultdict(int)
    for s in slot_of.values():
        per_slot[s] += 1
    for s, n in sorted(per_slot.items()):
        if n > problem.tables:
            v.append(f"slot {s} holds {n} meetings but there are {problem.tables} tables")
    for m in problem.meetings:
        for a in m.after:
            if a in slot_of and m.id in slot_of and not slot_of[a] < slot_of[m.id]:
                v.append(f"meeting {a} must be before meeting {m.id}")
    complete = len(slot_of) == len(problem.meetings)
    breaks = participant_breaks(problem, slot_of)
    values = list(breaks.values()) or [0]
    hi, lo = max(values), min(values)
    claims_complete = solution.status in ("optimal", "feasible")
    if claims_complete and not complete:
        missing = [m.id for m in problem.meetings if m.id not in slot_of]
        v.append(f"{len(missing)} meetings not placed, e.g. {missing[0]}")
    if (
        claims_complete
        and problem.max_break_spread is not None
        and hi - lo > problem.max_break_spread
    ):
        v.append(f"break spread {hi - lo} exceeds the fairness bound {problem.max_break_spread}")
    total = sum(values)
    if solution.total_breaks is not None and solution.total_breaks != total:
        v.append(f"claimed {solution.total_breaks} total breaks, recomputed {total}")
    return Report(
        violations=tuple(v),
        total_breaks=total,
        participant_breaks=tuple(sorted(breaks.items())),
        max_breaks=hi,
        min_breaks=lo,
        complete=complete,
    )
