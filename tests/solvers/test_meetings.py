"""Meeting scheduler, its checker, JSON formats and CLI, without a database."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest

from openexpo.solvers.meetings import (
    Assignment,
    Meeting,
    Participant,
    Problem,
    ProblemError,
    Solution,
    check,
    count_breaks,
    schedule,
    schedule_greedy,
)
from openexpo.solvers.meetings_cli import run
from openexpo.solvers.meetings_io import (
    problem_from_dict,
    problem_to_dict,
    read_problem,
    solution_from_dict,
    solution_to_dict,
)

SHARED = Path(__file__).resolve().parents[2].parent.parent / "shared" / "data" / "b2b-meetings"
if not SHARED.exists():
    SHARED = Path("/work/shared/data/b2b-meetings")


def people(*ids: str, forbidden: dict[str, set[int]] | None = None) -> tuple[Participant, ...]:
    forbidden = forbidden or {}
    return tuple(Participant(i, frozenset(forbidden.get(i, ()))) for i in ids)


def mtg(mid: str, a: str, b: str, **kw) -> Meeting:
    return Meeting(mid, (a, b), **kw)


def triangle(**kw) -> Problem:
    """A, B, C all meet each other in 3 slots at 1 table: someone must wait, optimum 1."""
    base = dict(
        slots=3,
        tables=1,
        participants=people("A", "B", "C", "D"),
        meetings=(mtg("ab", "A", "B"), mtg("ac", "A", "C"), mtg("bc", "B", "C")),
        max_break_spread=2,
    )
    base.update(kw)
    return Problem(**base)


def test_count_breaks_matches_the_readme_example() -> None:
    assert count_breaks([2, 3, 6, 9]) == 2
    assert count_breaks([4]) == 0
    assert count_breaks([]) == 0
    assert count_breaks([5, 3, 4]) == 0


def test_triangle_optimum_is_one_break() -> None:
    sol = schedule(triangle(), time_limit=10)
    assert sol.status == "optimal"
    assert sol.total_breaks == 1
    report = check(triangle(), sol)
    assert report.violations == ()
    assert sorted(a.slot for a in sol.assignments) == [0, 1, 2]
    assert {a.table for a in sol.assignments} == {1}


def test_star_has_no_break_and_uses_parallel_tables() -> None:
    p = Problem(
        slots=4,
        tables=2,
        participants=people("A", "B", "C", "D", "E"),
        meetings=(mtg("1", "A", "B"), mtg("2", "A", "C"), mtg("3", "A", "D"), mtg("4", "E", "B")),
        max_break_spread=0,
    )
    sol = schedule(p, time_limit=10)
    assert (sol.status, sol.total_breaks) == ("optimal", 0)
    assert check(p, sol).violations == ()


def test_forbidden_slot_forces_a_break() -> None:
    p = Problem(
        slots=3,
        tables=2,
        participants=people("A", "B", "C", forbidden={"A": {1}}),
        meetings=(mtg("1", "A", "B"), mtg("2", "A", "C")),
        max_break_spread=2,
    )
    sol = schedule(p, time_limit=10)
    assert (sol.status, sol.total_breaks, sol.lower_bound) == ("optimal", 1, 1)
    assert sorted(a.slot for a in sol.assignments) == [0, 2]


def test_sessions_fixed_slots_precedences_and_pinned_tables_hold() -> None:
    p = Problem(
        slots=6,
        morning_slots=3,
        tables=3,
        participants=people("A", "B", "C", "D"),
        meetings=(
            mtg("m", "A", "B", session="morning"),
            mtg("f", "A", "C", fixed_slot=4, fixed_table=3),
            mtg("p1", "B", "D"),
            mtg("p2", "C", "D", after=("p1",), session="afternoon"),
            mtg("x", "B", "C", after=("p2",)),
        ),
        max_break_spread=2,
    )
    sol = schedule(p, time_limit=10)
    assert sol.status == "optimal"
    assert check(p, sol).violations == ()
    at = {a.meeting: a for a in sol.assignments}
    assert at["m"].slot < 3
    assert (at["f"].slot, at["f"].table) == (4, 3)
    assert at["p1"].slot < at["p2"].slot < at["x"].slot
    assert at["p2"].slot >= 3


def test_too_many_meetings_for_a_participant_is_infeasible_with_reason() -> None:
    p = Problem(
        slots=3,
        tables=5,
        participants=people("A", "B", "C", "D", "E", forbidden={"A": {2}}),
        meetings=(mtg("1", "A", "B"), mtg("2", "A", "C"), mtg("3", "A", "D"), mtg("4", "E", "B")),
        max_break_spread=2,
    )
    sol = schedule(p, time_limit=10)
    assert sol.status == "infeasible"
    assert sol.total_breaks is None
    assert "participant A has 3 meetings but only 2 allowed slots" in sol.reason
    assert len(sol.assignments) == 3
    assert [u.reason for u in sol.unplaced] == [
        "participant A has 3 meetings but only 2 allowed slots"
    ]
    assert check(p, sol).violations == ()


def test_capacity_and_precedence_infeasibility_reasons() -> None:
    grid = Problem(
        slots=1,
        tables=2,
        participants=people("A", "B", "C", "D", "E", "F"),
        meetings=(mtg("1", "A", "B"), mtg("2", "C", "D"), mtg("3", "E", "F")),
    )
    sol = schedule(grid, time_limit=10)
    assert sol.status == "infeasible"
    assert "3 meetings but only 1 slots x 2 tables" in sol.reason
    assert len(sol.assignments) == 2 and len(sol.unplaced) == 1

    prec = Problem(
        slots=4,
        tables=2,
        participants=people("A", "B", "C"),
        meetings=(mtg("1", "A", "B", fixed_slot=0, after=("2",)), mtg("2", "A", "C")),
    )
    sol = schedule(prec, time_limit=10)
    assert sol.status == "infeasible"
    assert "meeting 2 must come before meeting 1" in sol.reason


def test_fairness_bound_can_make_it_infeasible() -> None:
    p = Problem(
        slots=3,
        tables=2,
        participants=people("A", "B", "C", forbidden={"A": {1}}),
        meetings=(mtg("1", "A", "B"), mtg("2", "A", "C")),
        max_break_spread=0,
    )
    sol = schedule(p, time_limit=10)
    assert sol.status == "infeasible"
    assert "break spread within 0" in sol.reason
    assert len(sol.assignments) == 2
    assert sol.unplaced == ()


def test_greedy_places_everything_on_an_easy_instance() -> None:
    sol = schedule_greedy(triangle())
    assert sol.status == "feasible"
    assert sol.total_breaks == 1
    assert check(triangle(), sol).violations == ()


def _valid_triangle() -> Solution:
    return Solution(
        "feasible",
        (Assignment("ab", 0, 1), Assignment("ac", 1, 1), Assignment("bc", 2, 1)),
        total_breaks=1,
    )


@pytest.mark.parametrize(
    ("problem_kw", "assignments", "total", "expected"),
    [
        (
            {},
            [("ab", 0, 1), ("ac", 0, 2), ("bc", 2, 1)],
            None,
            "participant A has meetings ab and ac in slot 0",
        ),
        ({}, [("ab", 0, 1), ("ac", 1, 1), ("bc", 1, 1)], None, "share table 1 in slot 1"),
        ({}, [("ab", 0, 1), ("ac", 1, 1), ("bc", 3, 1)], None, "meeting bc: slot 3 out of range"),
        ({}, [("ab", 0, 1), ("ac", 1, 2), ("bc", 2, 1)], None, "meeting ac: table 2 out of range"),
        ({}, [("ab", 0, 1), ("ac", 1, 1)], None, "1 meetings not placed, e.g. bc"),
        (
            {},
            [("ab", 0, 1), ("ac", 1, 1), ("bc", 2, 1), ("ab", 2, 1)],
            None,
            "meeting ab is placed twice",
        ),
        ({}, [("ab", 0, 1), ("ac", 1, 1), ("bc", 2, 1), ("zz", 2, 1)], None, "unknown meeting zz"),
        ({}, [("ab", 0, 1), ("ac", 1, 1), ("bc", 2, 1)], 0, "claimed 0 total breaks, recomputed 1"),
        (
            {"max_break_spread": 0},
            [("ab", 0, 1), ("ac", 1, 1), ("bc", 2, 1)],
            None,
            "break spread 1 exceeds",
        ),
        (
            {"participants": people("A", "B", "C", "D", forbidden={"C": {1}})},
            [("ab", 0, 1), ("ac", 1, 1), ("bc", 2, 1)],
            None,
            "participant C is unavailable in slot 1",
        ),
        (
            {
                "morning_slots": 1,
                "meetings": (
                    mtg("ab", "A", "B"),
                    mtg("ac", "A", "C", session="morning"),
                    mtg("bc", "B", "C"),
                ),
            },
            [("ab", 0, 1), ("ac", 1, 1), ("bc", 2, 1)],
            None,
            "meeting ac: slot 1 is not in the morning",
        ),
        (
            {
                "morning_slots": 2,
                "meetings": (
                    mtg("ab", "A", "B", session="afternoon"),
                    mtg("ac", "A", "C"),
                    mtg("bc", "B", "C"),
                ),
            },
            [("ab", 0, 1), ("ac", 1, 1), ("bc", 2, 1)],
            None,
            "meeting ab: slot 0 is not in the afternoon",
        ),
        (
            {
                "meetings": (
                    mtg("ab", "A", "B", fixed_slot=1),
                    mtg("ac", "A", "C"),
                    mtg("bc", "B", "C"),
                )
            },
            [("ab", 0, 1), ("ac", 1, 1), ("bc", 2, 1)],
            None,
            "meeting ab: fixed to slot 1, placed in 0",
        ),
        (
            {
                "tables": 2,
                "meetings": (
                    mtg("ab", "A", "B", fixed_slot=0, fixed_table=2),
                    mtg("ac", "A", "C"),
                    mtg("bc", "B", "C"),
                ),
            },
            [("ab", 0, 1), ("ac", 1, 1), ("bc", 2, 1)],
            None,
            "meeting ab: pinned to table 2, placed at 1",
        ),
        (
            {
                "meetings": (
                    mtg("ab", "A", "B", after=("bc",)),
                    mtg("ac", "A", "C"),
                    mtg("bc", "B", "C"),
                )
            },
            [("ab", 0, 1), ("ac", 1, 1), ("bc", 2, 1)],
            None,
            "meeting bc must be before meeting ab",
        ),
    ],
)
def test_checker_catches_each_violation(problem_kw, assignments, total, expected) -> None:
    p = triangle(**problem_kw)
    sol = Solution("feasible", tuple(Assignment(*a) for a in assignments), total_breaks=total)
    violations = check(p, sol).violations
    assert any(expected in v for v in violations), violations


def test_checker_accepts_a_valid_schedule_and_recomputes_figures() -> None:
    report = check(triangle(), _valid_triangle())
    assert report.violations == ()
    assert (report.total_breaks, report.max_breaks, report.min_breaks) == (1, 1, 0)
    assert dict(report.participant_breaks) == {"A": 0, "B": 1, "C": 0, "D": 0}


def test_checker_counts_capacity_per_slot() -> None:
    p = triangle(tables=1, meetings=(mtg("ab", "A", "B"), mtg("cd", "C", "D")))
    sol = Solution("feasible", (Assignment("ab", 0, 1), Assignment("cd", 0, 1)))
    assert "meetings ab and cd share table 1 in slot 0" in check(p, sol).violations


def test_problem_and_solution_json_round_trip() -> None:
    p = triangle(
        morning_slots=2,
        meetings=(
            mtg("ab", "A", "B", session="morning"),
            mtg("ac", "A", "C", fixed_slot=2, fixed_table=1),
            mtg("bc", "B", "C", after=("ab",)),
        ),
        name="t",
    )
    assert problem_from_dict(json.loads(json.dumps(problem_to_dict(p)))) == p
    sol = schedule(p, time_limit=10)
    again = solution_from_dict(json.loads(json.dumps(solution_to_dict(sol))))
    assert (again.status, again.total_breaks, again.assignments) == (
        sol.status,
        sol.total_breaks,
        sol.assignments,
    )


BAD = [
    ({"meetings": [{"id": "1", "participants": ["A", "Z"]}]}, "unknown participant 'Z'"),
    ({"meetings": [{"id": "1", "participants": ["A", "A"]}]}, "participant 'A' meets itself"),
    (
        {"meetings": [{"id": "1", "participants": ["A", "B"], "fixed_slot": 9}]},
        "fixed slot 9 outside 0..3",
    ),
    (
        {
            "meetings": [
                {"id": "1", "participants": ["A", "B"], "session": "morning", "fixed_slot": 3}
            ]
        },
        "fixed slot 3 is outside its session morning",
    ),
    (
        {
            "meetings": [
                {"id": "1", "participants": ["A", "B"], "after": ["2"]},
                {"id": "2", "participants": ["A", "C"], "after": ["1"]},
            ]
        },
        "precedence cycle",
    ),
    (
        {
            "meetings": [
                {"id": "1", "participants": ["A", "B"]},
                {"id": "1", "participants": ["A", "C"]},
            ]
        },
        "duplicate meeting id '1'",
    ),
    ({"participants": [{"id": "A"}, {"id": "A"}]}, "duplicate participant id 'A'"),
    ({"participants": [{"id": "A", "forbidden_slots": [7]}]}, "forbidden slot 7 outside 0..3"),
    (
        {"meetings": [{"id": "1", "participants": ["A", "B"], "after": ["9"]}]},
        "unknown meeting '9'",
    ),
    ({"slots": "four"}, "slots: expected an integer"),
    ({"format": "other/1"}, "format must be 'openexpo.meetings/1'"),
]


def _problem_json(**over) -> dict:
    data = {
        "format": "openexpo.meetings/1",
        "slots": 4,
        "morning_slots": 2,
        "tables": 2,
        "max_break_spread": 2,
        "participants": [{"id": "A", "forbidden_slots": []}, {"id": "B"}, {"id": "C"}],
        "meetings": [{"id": "1", "participants": ["A", "B"]}],
    }
    data.update(over)
    return data


@pytest.mark.parametrize(("override", "message"), BAD)
def test_bad_problem_is_refused_with_exit_2_and_no_output(
    tmp_path, override, message, capsys
) -> None:
    src = tmp_path / "p.json"
    src.write_text(json.dumps(_problem_json(**override)))
    out = tmp_path / "s.json"
    assert run(str(src), str(out), time_limit=5) == 2
    assert message in capsys.readouterr().err
    assert not out.exists()
    with pytest.raises(ProblemError):
        schedule(problem_from_dict(_problem_json(**override)))


def test_cli_writes_a_solution_and_refuses_bad_json(tmp_path) -> None:
    src = tmp_path / "p.json"
    src.write_text(json.dumps(problem_to_dict(triangle())))
    out = tmp_path / "s.json"
    cmd = [sys.executable, "-m", "openexpo", "schedule-meetings", str(src), "--out", str(out)]
    done = subprocess.run([*cmd, "--time-limit", "10"], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    sol = json.loads(out.read_text())
    assert (sol["format"], sol["status"], sol["total_breaks"]) == (
        "openexpo.meetings-solution/1",
        "optimal",
        1,
    )
    bad = tmp_path / "bad.json"
    bad.write_text("{not json")
    out2 = tmp_path / "s2.json"
    done = subprocess.run(
        [sys.executable, "-m", "openexpo", "schedule-meetings", str(bad), "--out", str(out2)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 2
    assert "not valid JSON" in done.stderr
    assert not out2.exists()


def test_cli_reports_infeasible_with_reason(tmp_path) -> None:
    p = problem_to_dict(
        Problem(
            slots=2,
            tables=3,
            participants=people("A", "B", "C", "D"),
            meetings=(mtg("1", "A", "B"), mtg("2", "A", "C"), mtg("3", "A", "D")),
        )
    )
    src = tmp_path / "p.json"
    src.write_text(json.dumps(p))
    out = tmp_path / "s.json"
    assert run(str(src), str(out), time_limit=5) == 0
    sol = json.loads(out.read_text())
    assert sol["status"] == "infeasible"
    assert sol["total_breaks"] is None
    assert "participant A has 3 meetings but only 2 allowed slots" in sol["reason"]
    assert len(sol["assignments"]) == 2


QUICK = ["tic-12.original"]


@pytest.mark.skipif(not (SHARED / "reference.csv").exists(), reason="shared data absent")
@pytest.mark.parametrize("name", QUICK)
def test_shared_instance_reaches_published_optimum(name) -> None:
    ref = {
        r["instance"]: int(r["total_breaks"])
        for r in csv.DictReader((SHARED / "reference.csv").read_text().splitlines())
    }
    p = read_problem(SHARED / "instances" / f"{name}.json")
    sol = schedule(p, time_limit=60)
    assert check(p, sol).violations == ()
    assert sol.total_breaks == ref[name]
    assert sol.status == "optimal"


def test_published_meetings_keep_slot_and_table_when_a_late_one_arrives() -> None:
    published = schedule(triangle(tables=2), time_limit=10)
    at = {a.meeting: a for a in published.assignments}
    pinned = tuple(
        replace(m, fixed_slot=at[m.id].slot, fixed_table=at[m.id].table)
        for m in triangle().meetings
    )
    late = triangle(tables=2, slots=4, meetings=(*pinned, mtg("ad", "A", "D")))
    sol = schedule(late, time_limit=10)
    assert check(late, sol).violations == ()
    now = {a.meeting: a for a in sol.assignments}
    for mid in ("ab", "ac", "bc"):
        assert (now[mid].slot, now[mid].table) == (at[mid].slot, at[mid].table)
    assert "ad" in now


def test_days_count_breaks_within_a_day_and_sessions_per_day() -> None:
    p = Problem(
        slots=6,
        days=2,
        morning_slots=1,
        tables=2,
        participants=people("A", "B", "C", "D", forbidden={"A": {0}}),
        meetings=(mtg("1", "A", "B"), mtg("2", "A", "C"), mtg("3", "A", "D", session="morning")),
    )
    overnight = Solution(
        "feasible", (Assignment("1", 1, 1), Assignment("2", 2, 1), Assignment("3", 3, 1))
    )
    report = check(p, overnight)
    assert report.violations == ()
    assert dict(report.participant_breaks)["A"] == 0
    gap = Solution(
        "feasible", (Assignment("1", 1, 1), Assignment("2", 5, 1), Assignment("3", 3, 1))
    )
    assert dict(check(p, gap).participant_breaks)["A"] == 1
    wrong = Solution(
        "feasible", (Assignment("1", 1, 1), Assignment("2", 2, 1), Assignment("3", 4, 1))
    )
    assert "meeting 3: slot 4 is not in the morning" in check(p, wrong).violations
    sol = schedule(p, time_limit=10)
    assert check(p, sol).violations == ()
    assert sol.status in ("optimal", "feasible")
    assert sol.total_breaks == 0
