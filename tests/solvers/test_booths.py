"""Booth allocation solver and its independent checker, without a database."""

from __future__ import annotations

from dataclasses import replace

import pytest

from openexpo.solvers.booths import (
    Application,
    Hall,
    Obstacle,
    Placement,
    Problem,
    Rect,
    Solution,
    Zone,
    check,
    solve,
)

# a 60 m x 54 m hall: aisle 0-6, double row 6-24, aisle 24-30, double row 30-48, aisle 48-54
HALL = Hall("1.1H", 60, 54, (Obstacle("pillar", Rect(30, 27, 1, 1)),), lane_depth=9, aisle_width=6)
HALL2 = Hall("2.1H", 60, 54, (), lane_depth=9, aisle_width=6)
ZONES = (Zone("food", "1.1H", Rect(0, 0, 60, 54)), Zone("tech", "2.1H", Rect(0, 0, 60, 54)))


def problem(apps, **kw) -> Problem:
    return Problem((HALL, HALL2), ZONES, tuple(apps), time_limit=kw.pop("time_limit", 3.0), **kw)


def codes(violations) -> list[str]:
    return sorted(v.code for v in violations)


@pytest.mark.parametrize("optimise", [False, True])
def test_solve_places_everyone_validly(optimise):
    apps = [
        Application(i, "food", m2) for i, m2 in enumerate([36, 45, 54, 72, 90, 120, 200, 300], 1)
    ]
    apps += [
        Application(20, "tech", 18, "standard"),
        Application(21, "tech", 9, "standard"),
        Application(22, "tech", 400),
    ]
    p = problem(apps, optimise=optimise)
    sol = solve(p)
    assert check(p, sol) == []
    assert sol.unplaced == ()
    assert {pl.app_id for pl in sol.placements} == {a.id for a in apps}
    by_id = {pl.app_id: pl for pl in sol.placements}
    assert by_id[20].rect.area == 18 and by_id[21].rect.area == 9
    assert all(pl.hall == "1.1H" for pl in sol.placements if pl.app_id < 20)
    assert sol.method == ("cp-sat" if optimise else "greedy")


def test_baseline_is_returned_and_valid():
    apps = [Application(i, "food", 60) for i in range(1, 15)]
    p = problem(apps)
    base: list[Solution] = []
    sol = solve(p, baseline=base)
    assert base[0].method == "greedy" and check(p, base[0]) == []
    assert sol.stats["granted_m2"] >= base[0].stats["granted_m2"]


def test_no_booth_covers_the_pillar_or_the_aisles():
    apps = [Application(i, "food", 90) for i in range(1, 20)]
    p = problem(apps)
    sol = solve(p)
    assert check(p, sol) == []
    pillar = HALL.obstacles[0].rect
    assert not any(pl.rect.intersects(pillar) for pl in sol.placements)
    for pl in sol.placements:
        assert not pl.rect.intersects(Rect(0, 24, 60, 6))  # the middle aisle


def test_pinned_booth_stays_and_others_go_around():
    pin = Placement(1, "1.1H", Rect(0, 6, 10, 9), "raw", pinned=True)
    apps = [Application(1, "food", 90)] + [Application(i, "food", 72) for i in range(2, 10)]
    p = problem(apps, pinned=(pin,))
    sol = solve(p)
    assert check(p, sol) == []
    assert {pl.app_id: pl.rect for pl in sol.placements}[1] == Rect(0, 6, 10, 9)


def test_pavilion_is_one_block_and_competitors_apart():
    apps = [Application(i, "food", 54, pavilion="FR") for i in range(1, 9)]
    apps += [Application(20, "food", 100, competitors=(21,)), Application(21, "food", 100)]
    p = problem(apps)
    sol = solve(p)
    assert check(p, sol) == []
    by_id = {pl.app_id: pl for pl in sol.placements}
    assert by_id[20].rect.gap(by_id[21].rect) >= p.competitor_gap
    assert all(by_id[i].kind == "pavilion" for i in range(1, 9))


def test_returning_exhibitor_gets_last_halls_hall():
    zones = (Zone("food", "1.1H", Rect(0, 0, 60, 54)), Zone("food", "2.1H", Rect(0, 0, 60, 54)))
    apps = [Application(1, "food", 72, last_hall="2.1H"), Application(2, "food", 72)]
    p = Problem((HALL, HALL2), zones, tuple(apps), time_limit=2.0)
    sol = solve(p)
    assert {pl.app_id: pl.hall for pl in sol.placements}[1] == "2.1H"


def test_too_big_for_its_zone_is_reported_unplaced():
    apps = [Application(1, "food", 5000), Application(2, "food", 36), Application(3, "nowhere", 36)]
    p = problem(apps)
    sol = solve(p)
    assert dict(sol.unplaced) == {1: "too_big_for_zone", 3: "no_zone"}
    assert check(p, sol) == []


def test_full_hall_leaves_some_unplaced_but_stays_valid():
    apps = [Application(i, "food", 100) for i in range(1, 40)]
    p = problem(apps)
    sol = solve(p)
    assert check(p, sol) == []
    assert 0 < len(sol.unplaced) < 39
    assert all(reason == "no_room" for _, reason in sol.unplaced)


# --- the checker catches each kind of violation -----------------------------------------

APPS = (
    Application(1, "food", 81),
    Application(2, "food", 81),
    Application(3, "tech", 27, "standard"),
)


def base_solution() -> tuple[Problem, list[Placement]]:
    p = problem(APPS)
    pls = [
        Placement(1, "1.1H", Rect(0, 6, 9, 9)),
        Placement(2, "1.1H", Rect(20, 6, 9, 9)),
        Placement(3, "2.1H", Rect(0, 6, 9, 3), "standard"),
    ]
    return p, pls


def test_checker_accepts_the_base_solution():
    p, pls = base_solution()
    assert check(p, Solution(tuple(pls), ())) == []


@pytest.mark.parametrize(
    "change, expected",
    [
        (
            lambda pls: [replace(pls[0], rect=Rect(55, 6, 9, 9))] + pls[1:],
            ["outside_hall", "outside_zone"],
        ),
        (lambda pls: [replace(pls[0], hall="9.9H")] + pls[1:], ["outside_zone", "unknown_hall"]),
        (lambda pls: [replace(pls[0], rect=Rect(26, 20, 9, 9))] + pls[1:], ["over_obstacle"]),
        (lambda pls: [pls[0], replace(pls[1], rect=Rect(5, 6, 9, 9))] + pls[2:], ["overlap"]),
        (lambda pls: [pls[0], replace(pls[1], rect=Rect(9, 6, 9, 9))] + pls[2:], []),
        (lambda pls: [replace(pls[0], rect=Rect(0, 6, 5, 9))] + pls[1:], ["area_tolerance"]),
        (lambda pls: pls[:2] + [replace(pls[2], rect=Rect(0, 6, 7, 4))], ["standard_module"]),
        (
            lambda pls: [replace(pls[0], hall="2.1H", rect=Rect(30, 6, 9, 9))] + pls[1:],
            ["outside_zone"],
        ),
        (lambda pls: pls[:2], ["missing"]),
        (lambda pls: pls + [pls[0]], ["duplicate"]),
        (lambda pls: pls + [Placement(99, "2.1H", Rect(30, 6, 9, 9))], ["unknown_application"]),
    ],
)
def test_checker_catches(change, expected):
    p, pls = base_solution()
    assert codes(check(p, Solution(tuple(change(pls)), ()))) == expected


def test_checker_no_aisle_when_boxed_in():
    p, _ = base_solution()
    sandwich = [
        Placement(1, "1.1H", Rect(0, 6, 9, 9)),
        Placement(2, "1.1H", Rect(9, 6, 9, 9)),
        Placement(4, "1.1H", Rect(18, 6, 9, 9)),
        Placement(5, "1.1H", Rect(9, 15, 9, 9)),
        Placement(6, "1.1H", Rect(9, 3, 9, 3)),
        Placement(3, "2.1H", Rect(0, 6, 9, 3), "standard"),
    ]
    apps = APPS + tuple(Application(i, "food", 81) for i in (4, 5)) + (Application(6, "food", 27),)
    found = check(replace(p, applications=apps), Solution(tuple(sandwich), ()))
    assert [(v.code, v.app_id) for v in found] == [("no_aisle", 2)]


def test_checker_pavilion_split_competitors_and_pinned():
    apps = (
        Application(1, "food", 81, pavilion="IT"),
        Application(2, "food", 81, pavilion="IT"),
        Application(3, "tech", 27, "standard", competitors=(4,)),
        Application(4, "tech", 81),
    )
    pin = Placement(1, "1.1H", Rect(0, 6, 9, 9), pinned=True)
    p = problem(apps, pinned=(pin,))
    pls = [
        Placement(1, "1.1H", Rect(0, 6, 9, 9)),
        Placement(2, "1.1H", Rect(40, 30, 9, 9)),
        Placement(3, "2.1H", Rect(0, 6, 9, 3)),
        Placement(4, "2.1H", Rect(12, 6, 9, 9)),
    ]
    found = codes(check(p, Solution(tuple(pls), ())))
    assert found == ["competitors_near", "pavilion_split"]
    moved = [replace(pls[0], rect=Rect(9, 6, 9, 9))] + pls[1:]
    assert "pinned_moved" in codes(check(p, Solution(tuple(moved), ())))
    both = Solution(tuple(pls), ((2, "no_room"),))
    assert "inconsistent" in codes(check(p, both))
