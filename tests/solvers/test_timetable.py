"""The timetabling solver: hard rules hold, sub-forums stay together, audiences fit; and the
evaluator reproduces a published CoSPLib objective value. No database."""

from __future__ import annotations

from pathlib import Path

import pytest

from openexpo.solvers.timetable import Block, Item, Placement, Problem, Room, evaluate, solve
from openexpo.solvers.timetable_greedy import greedy

DATA = Path("/work/shared/data/forum-scheduling")
WEIGHTS = {
    "consecutive_tracks": 10,
    "rooms_per_track": 5,
    "presenters": 1000,
    "submissions_sessions": 1,
}


def _forum() -> Problem:
    blocks = tuple(Block(f"d{d}{half}", 2) for d in (1, 2) for half in ("am", "pm"))
    rooms = (Room("hall", 500), Room("small", 60))
    items = (
        Item("g1", "green", audience=400, presenters=("li",)),
        Item("g2", "green", audience=300),
        Item("g3", "green", audience=200, unavailable=frozenset({"d1am", "d1pm"})),
        Item("d1", "digital", audience=50, presenters=("li",)),
        Item("d2", "digital", audience=40),
        Item("t1", "trade", length=2, audience=30),
    )
    return Problem(blocks=blocks, rooms=rooms, items=items, weights=WEIGHTS)


def test_solution_keeps_every_hard_rule_and_is_optimal_here():
    problem = _forum()
    solution = solve(problem, time_limit=10, workers=1)  # one worker: deterministic
    where = {p.item: (p.block, p.room) for p in solution.placements}
    assert solution.status == "OPTIMAL"
    assert solution.objective == 0
    assert {where["g1"][1], where["g2"][1], where["g3"][1]} == {
        "hall"
    }  # 400 seats only fit the hall
    assert where["g3"][0] in {"d2am", "d2pm"}  # the speaker is away on day 1
    assert where["g1"][0] != where["d1"][0]  # Li cannot be in two places
    assert sum(evaluate(problem, solution.placements).values()) == 0


def test_evaluate_refuses_broken_placements():
    problem = _forum()
    good = list(solve(problem, time_limit=5).placements)
    bad = [Placement("g1", good[0].block, "small") if p.item == "g1" else p for p in good]
    with pytest.raises(ValueError, match="audience"):
        evaluate(problem, bad)
    with pytest.raises(ValueError, match="exactly once"):
        evaluate(problem, good[1:])


def test_greedy_start_is_complete_and_valid():
    problem = _forum()
    placements = greedy(problem)
    assert placements is not None
    assert sorted(p.item for p in placements) == sorted(i.id for i in problem.items)
    evaluate(problem, placements)  # raises if a hard rule breaks


def test_penalties_are_counted_as_cosplib_counts_them():
    blocks = (Block("a", 1), Block("b", 1), Block("c", 1))
    problem = Problem(
        blocks=blocks,
        rooms=(Room("r1"), Room("r2")),
        items=(
            Item("x1", "X"),
            Item("x2", "X"),
            Item("y1", "Y", presenters=("p",)),
            Item("z1", "Z", presenters=("p",)),
        ),
        weights={
            "consecutive_tracks": 10,
            "rooms_per_track": 1,
            "presenters": 100,
            "similar_tracks": 1,
        },
        similar={("X", "Y"): 1},
    )
    placements = [
        Placement("x1", "a", "r1"),
        Placement("x2", "c", "r2"),
        Placement("y1", "a", "r2"),
        Placement("z1", "a", "r1"),
    ]
    with pytest.raises(ValueError, match="two tracks"):
        evaluate(problem, placements)
    placements[3] = Placement("z1", "b", "r1")
    terms = evaluate(problem, placements)
    assert {k: v for k, v in terms.items() if v} == {
        "consecutive_tracks": 10,
        "rooms_per_track": 1,
        "similar_tracks": 1,
    }


@pytest.mark.skipif(not DATA.exists(), reason="CoSPLib data not present")
def test_evaluator_reproduces_the_published_gecco20_objectives():
    from openexpo.solvers.timetable_cosplib import read_instance, read_solution

    problem, _unmodelled = read_instance(DATA / "Dataset" / "GECCO20.xlsx")
    for model, expected in (("Exact Model", 6223), ("Extended Model", 7750)):
        placements, stated = read_solution(DATA / "Solutions" / model / "GECCO20Solution.xlsx")
        assert stated == expected
        assert sum(evaluate(problem, placements).values()) == expected


def test_the_model_scores_what_the_evaluator_scores_when_a_gap_is_forced():
    """A track whose items can only go in the first and third block has a gap the model must
    pay for: an empty middle block may not count as the track's (the model once let it)."""
    blocks = tuple(Block(b, 1) for b in ("b1", "b2", "b3"))
    items = (
        Item("a", "green", unavailable=frozenset({"b2", "b3"})),
        Item("b", "green", unavailable=frozenset({"b1", "b2"})),
    )
    problem = Problem(blocks=blocks, rooms=(Room("hall", 100),), items=items, weights=WEIGHTS)
    for workers in (1, 2):
        solution = solve(problem, time_limit=10, workers=workers)
        assert solution.status == "OPTIMAL"
        assert solution.objective == 10 == round(solution.bound)
