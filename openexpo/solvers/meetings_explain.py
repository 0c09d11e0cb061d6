"""Impossible meeting problems: the largest partial schedule and a reason for each unplaced meeting."""

from __future__ import annotations

import time

from openexpo.solvers.meetings_cpsat import MeetingModel
from openexpo.solvers.meetings_greedy import greedy_slots
from openexpo.solvers.meetings_prep import Indexed
from openexpo.solvers.meetings_types import Solution, Unplaced


def _why(ix: Indexed, i: int, slots: list[int | None], preason: dict[int, str]) -> str:
    """Why meeting i could not go into any of its allowed slots, given the others' placement."""
    if i in ix.reasons:
        return ix.reasons[i]
    for q in ix.parts[i]:
        if q in preason:
            return preason[q]
    load: dict[int, int] = {}
    busy: set[tuple[int, int]] = set()
    for j, s in enumerate(slots):
        if s is not None:
            load[s] = load.get(s, 0) + 1
            for q in ix.parts[j]:
                busy.add((q, s))
    full = [s for s in ix.allowed[i] if load.get(s, 0) >= ix.problem.tables]
    who: dict[str, int] = {}
    for s in ix.allowed[i]:
        for q in ix.parts[i]:
            if (q, s) in busy:
                who[ix.pids[q]] = who.get(ix.pids[q], 0) + 1
    parts = []
    if who:
        parts.append(
            "already meeting others in "
            + ", ".join(f"{n} of them (participant {p})" for p, n in sorted(who.items()))
        )
    if full:
        parts.append(f"all tables taken in {len(full)} of them")
    detail = "; ".join(parts) or "precedences leave no room"
    return f"meeting {ix.mids[i]}: no room in its {len(ix.allowed[i])} allowed slots ({detail})"


def explain_partial(
    ix: Indexed,
    t0: float,
    time_limit: float,
    workers: int,
    blockers: list[str],
    preason: dict[int, str],
    fairness_only: bool,
) -> Solution:
    from openexpo.solvers.meetings import _solution

    left = lambda: max(0.1, time_limit - (time.perf_counter() - t0))  # noqa: E731
    greedy = greedy_slots(ix)
    d = ix.problem.max_break_spread
    if fairness_only:
        relaxed = MeetingModel(ix, fairness=False)
        relaxed.hint(greedy)
        res = relaxed.solve(left(), workers=workers)
        if res.status in ("optimal", "feasible"):
            reason = (
                f"every meeting fits, but no schedule keeps the break spread within {d}; "
                "the schedule given ignores the fairness bound"
            )
            return _solution(ix, res.slots, "infeasible", t0, reason=reason)
    model = MeetingModel(ix, mode="count")
    model.hint(greedy)
    res = model.solve(left(), workers=workers)
    slots = res.slots if res.status in ("optimal", "feasible") else greedy
    if sum(s is not None for s in greedy) > sum(s is not None for s in slots):
        slots = greedy
    unplaced = tuple(
        Unplaced(ix.mids[i], _why(ix, i, slots, preason)) for i, s in enumerate(slots) if s is None
    )
    reasons = list(blockers) + sorted(set(preason.values()))
    reasons += sorted({ix.reasons[i] for i in ix.reasons})
    n = len(unplaced)
    head = f"{n} of {len(ix.mids)} meetings cannot be placed"
    if res.status != "optimal":
        head = f"{n} of {len(ix.mids)} meetings could not be placed (best found, not proven fewest)"
    reason = head + (": " + "; ".join(reasons[:5]) if reasons else "")
    if n == 0:
        reason = "no schedule of all meetings was found within the time limit"
    return _solution(ix, slots, "infeasible", t0, unplaced=unplaced, reason=reason)
