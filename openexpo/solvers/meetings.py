"""Schedule accepted one-to-one meetings into slots and tables (no Django): the public API.

`schedule(problem)` places every meeting if it can and minimises breaks under the fairness
bound; otherwise it places as many as it can and says why the rest cannot be placed.
`schedule_greedy(problem)` is the baseline; `check(problem, solution)` validates any schedule.
The model is described in docs/algorithms/meetings.md.
"""

from __future__ import annotations

import time
from dataclasses import replace

from openexpo.solvers.meetings_check import check, count_breaks, participant_breaks
from openexpo.solvers.meetings_cpsat import min_blocks
from openexpo.solvers.meetings_days import schedule_days
from openexpo.solvers.meetings_greedy import greedy_best
from openexpo.solvers.meetings_lns import LARGE, improve_large
from openexpo.solvers.meetings_portfolio import optimise
from openexpo.solvers.meetings_prep import (
    Indexed,
    capacity_reasons,
    index,
    participant_reasons,
    validate,
)
from openexpo.solvers.meetings_types import (
    Assignment,
    Meeting,
    Participant,
    Problem,
    ProblemError,
    Report,
    Solution,
    Unplaced,
)

__all__ = [
    "Assignment",
    "Meeting",
    "Participant",
    "Problem",
    "ProblemError",
    "Report",
    "Solution",
    "Unplaced",
    "check",
    "count_breaks",
    "schedule",
    "schedule_greedy",
    "validate",
]


def assign_tables(ix: Indexed, slots: list[int | None]) -> tuple[Assignment, ...]:
    """Tables 1..tables per slot: pinned meetings keep theirs, the others take the free ones."""
    taken: dict[int, set[int]] = {}
    for i, s in enumerate(slots):
        if s is not None and ix.fixed_table[i] is not None:
            taken.setdefault(s, set()).add(ix.fixed_table[i])
    nxt: dict[int, int] = {}
    out = []
    for i, s in enumerate(slots):
        if s is None:
            continue
        t = ix.fixed_table[i]
        if t is None:
            t = nxt.get(s, 1)
            while t in taken.get(s, ()):
                t += 1
            nxt[s] = t + 1
            taken.setdefault(s, set()).add(t)
        out.append(Assignment(ix.mids[i], s, t))
    return tuple(out)


def _solution(ix: Indexed, slots: list[int | None], status: str, t0: float, **kw) -> Solution:
    slot_of = {ix.mids[i]: s for i, s in enumerate(slots) if s is not None}
    pb = participant_breaks(ix.problem, slot_of)
    complete = len(slot_of) == len(ix.mids)
    return Solution(
        status=status,  # type: ignore[arg-type]
        assignments=assign_tables(ix, slots),
        total_breaks=sum(pb.values()) if complete and status != "infeasible" else None,
        participant_breaks=tuple(sorted(pb.items())),
        seconds=round(time.perf_counter() - t0, 3),
        **kw,
    )


def trivial_bound(ix: Indexed) -> int:
    """Sum over participants of (fewest blocks their free slots allow - 1)."""
    total = 0
    for ms in ix.pmeet:
        if len(ms) >= 2:
            allowed = sorted({s for i in ms for s in ix.allowed[i]})
            total += min_blocks(allowed, len(ms)) - 1
    return total


def schedule_greedy(problem: Problem, **_ignored) -> Solution:
    """Baseline: one pass, each meeting where it adds the fewest breaks (no optimisation).
    Several days: the same day assignment as `schedule`, then one pass per day."""
    t0 = time.perf_counter()
    if problem.days > 1:
        validate(problem)
        return schedule_days(problem, schedule_greedy, time_limit=0, workers=1)
    ix = index(problem)
    slots = greedy_best(ix)
    missing = [i for i, s in enumerate(slots) if s is None]
    if missing:
        unplaced = tuple(
            Unplaced(ix.mids[i], "the greedy pass found no free slot") for i in missing
        )
        return _solution(
            ix, slots, "infeasible", t0, unplaced=unplaced, reason="greedy: not all placed"
        )
    sol = _solution(ix, slots, "feasible", t0)
    return sol if not check(problem, sol).violations else replace(sol, status="unknown")


def schedule(
    problem: Problem,
    *,
    time_limit: float = 60.0,
    workers: int = 2,
    hint: dict[str, int] | None = None,
) -> Solution:
    """Place every meeting, minimising total breaks under the fairness bound.

    Raises ProblemError for malformed input. Returns status "optimal" (proven), "feasible"
    (complete, not proven optimal within `time_limit` seconds), or "infeasible" with a reason,
    the largest partial schedule found and the unplaced meetings. `hint` maps meeting ids to
    slots from an earlier schedule (for example the published one) to start from.
    """
    t0 = time.perf_counter()
    if problem.days > 1:
        validate(problem)
        return schedule_days(problem, schedule, time_limit=time_limit, workers=workers)
    ix = index(problem)
    if not ix.mids:
        return _solution(ix, [], "optimal", t0, lower_bound=0)
    blockers = capacity_reasons(ix)
    preason = participant_reasons(ix)
    if ix.reasons or blockers or preason:
        return _partial(ix, t0, time_limit, workers, blockers, preason)
    start = greedy_best(ix)
    if hint:
        start = [hint.get(m, s) for m, s in zip(ix.mids, start, strict=True)]
    bound = trivial_bound(ix)
    greedy_sol = _solution(ix, start, "feasible", t0)
    greedy_ok = not check(problem, greedy_sol).violations
    if greedy_ok and greedy_sol.total_breaks == bound:
        return replace(greedy_sol, status="optimal", lower_bound=bound)
    left = max(0.1, time_limit - (time.perf_counter() - t0))
    if len(ix.mids) > LARGE and greedy_ok:
        slots = improve_large(ix, start, left, workers)
        return _solution(ix, slots, "feasible", t0, lower_bound=bound)
    res = optimise(ix, start, left, workers, bound)
    if res["status"] in ("optimal", "feasible"):
        if res["status"] == "feasible" and greedy_ok and greedy_sol.total_breaks < res["objective"]:
            res = {**res, "slots": start, "objective": greedy_sol.total_breaks}
        status = (
            "optimal" if res["status"] == "optimal" or res["objective"] == bound else "feasible"
        )
        lb = max(bound, res["bound"] if res["bound"] is not None else 0)
        return _solution(ix, res["slots"], status, t0, lower_bound=lb)
    if res["status"] == "infeasible":
        return _partial(ix, t0, time_limit, workers, [], {}, fairness_only=True)
    if greedy_ok:
        return _solution(ix, start, "feasible", t0, lower_bound=bound)
    complete = all(s is not None for s in start)
    return _solution(
        ix,
        start if complete else [None] * len(ix.mids),
        "unknown",
        t0,
        reason="no schedule within the fairness bound found in the time limit"
        + ("; the schedule given is the greedy one and may exceed the bound" if complete else ""),
    )


def _partial(
    ix: Indexed,
    t0: float,
    time_limit: float,
    workers: int,
    blockers: list[str],
    preason: dict[int, str],
    fairness_only: bool = False,
) -> Solution:
    """Impossible instance: place as many meetings as possible and explain the rest."""
    from openexpo.solvers.meetings_explain import explain_partial

    return explain_partial(ix, t0, time_limit, workers, blockers, preason, fairness_only)
