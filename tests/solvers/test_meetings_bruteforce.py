"""The meeting scheduler against brute force on small random instances (validity and optimality)."""

from __future__ import annotations

import itertools
import random

import pytest

from openexpo.solvers.meetings import Meeting, Participant, Problem, check, schedule
from openexpo.solvers.meetings_check import count_breaks
from openexpo.solvers.meetings_maxsat import solve_feasible, solve_rc2
from openexpo.solvers.meetings_prep import index, session_slots


def random_problem(seed: int) -> Problem:
    """4-5 participants (one with no meeting, so fairness means 'at most d breaks each'),
    5-6 meetings, 5 slots, 2 tables, some forbidden slots and sessions."""
    rng = random.Random(seed)
    ids = [f"P{i}" for i in range(rng.choice((4, 5)))]
    pairs = list(itertools.combinations(ids[:-1], 2))
    meetings = []
    for k in range(rng.choice((5, 6))):
        a, b = rng.choice(pairs)
        session = rng.choice(("any", "any", "any", "morning", "afternoon"))
        meetings.append(Meeting(f"M{k}", (a, b), session))
    participants = tuple(
        Participant(p, frozenset(s for s in range(5) if rng.random() < 0.12)) for p in ids
    )
    return Problem(
        slots=5,
        morning_slots=3,
        tables=2,
        participants=participants,
        meetings=tuple(meetings),
        max_break_spread=rng.choice((1, 2)),
        name=f"random-{seed}",
    )


def brute_force(problem: Problem) -> int | None:
    """Fewest total breaks over every valid schedule within the fairness bound (None: none)."""
    forb = {p.id: p.forbidden_slots for p in problem.participants}
    domains = [
        [
            s
            for s in session_slots(problem, m.session)
            if all(s not in forb[q] for q in m.participants)
        ]
        for m in problem.meetings
    ]
    best = None
    for slots in itertools.product(*domains):
        if any(slots.count(s) > problem.tables for s in set(slots)):
            continue
        busy: dict[str, list[int]] = {p.id: [] for p in problem.participants}
        for m, s in zip(problem.meetings, slots, strict=True):
            for q in m.participants:
                busy[q].append(s)
        if any(len(set(b)) < len(b) for b in busy.values()):
            continue
        breaks = [count_breaks(b) for b in busy.values()]
        if max(breaks) - min(breaks) > problem.max_break_spread:
            continue
        if best is None or sum(breaks) < best:
            best = sum(breaks)
    return best


@pytest.mark.parametrize("seed", range(12))
def test_schedule_matches_brute_force(seed: int) -> None:
    problem = random_problem(seed)
    expected = brute_force(problem)
    sol = schedule(problem, time_limit=20)
    if expected is None:
        assert sol.status == "infeasible"
        return
    assert check(problem, sol).violations == ()
    assert (sol.status, sol.total_breaks) == ("optimal", expected)


@pytest.mark.parametrize("seed", range(12))
def test_maxsat_pieces_match_brute_force(seed: int) -> None:
    """RC2 alone finds the optimum; the feasibility call gives a valid schedule within the bound."""
    problem = random_problem(seed)
    ix = index(problem)
    if ix.reasons:
        pytest.skip("a meeting has no allowed slot")
    expected = brute_force(problem)
    slots, cost = solve_rc2(ix)
    assert cost == expected
    feasible = solve_feasible(ix)
    assert (feasible is None) == (expected is None)
    if feasible is not None:
        total = sum(count_breaks([feasible[i] for i in ms]) for ms in ix.pmeet)
        assert total >= expected
        assert (
            max(count_breaks([feasible[i] for i in ms]) for ms in ix.pmeet)
            <= problem.max_break_spread
        )
