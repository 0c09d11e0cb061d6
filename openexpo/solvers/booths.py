"""Booth allocation: from halls, zones and approved applications to non-overlapping booths.

Pure Python (no Django). `solve(problem)` lays out rows and aisles per hall
(`booth_layout`), builds a greedy allocation (`booth_greedy`, also the baseline), then
improves it area by area with OR-Tools CP-SAT (`booth_cpsat`) and verifies the result with
the independent checker (`booth_check.check`); anything the checker rejects is withdrawn
and reported as unplaced, so a returned solution is always valid. See docs/algorithms/booths.md.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from openexpo.solvers.booth_check import check, check_geometry
from openexpo.solvers.booth_cpsat import optimise
from openexpo.solvers.booth_greedy import State, bins_by_area, greedy, is_island
from openexpo.solvers.booth_layout import build_bins
from openexpo.solvers.booth_model import (
    PAVILION,
    RAW,
    STANDARD,
    STD_MODULE,
    Application,
    Hall,
    Obstacle,
    Placement,
    Problem,
    Rect,
    Solution,
    Violation,
    Zone,
    area_bounds,
    lengths,
)

__all__ = [
    "PAVILION",
    "RAW",
    "STANDARD",
    "Application",
    "Hall",
    "Obstacle",
    "Placement",
    "Problem",
    "Rect",
    "Solution",
    "Violation",
    "Zone",
    "area_bounds",
    "check",
    "check_geometry",
    "solve",
    "summarise",
    "layout_capacity",
    "floor_use",
]

STD_SLACK = 1.2  # standard lanes laid out per area: 120% of the standard frontage asked


def _std_demand(problem: Problem) -> dict[str, int]:
    out: dict[str, int] = {}
    for a in problem.applications:
        if a.booth_type == STANDARD and not a.pavilion:
            shp = lengths(a, STD_MODULE, problem.tolerance)
            if shp:
                out[a.area] = out.get(a.area, 0) + shp[1]
    return {k: int(v * STD_SLACK) + 1 for k, v in out.items()}


def _solution(
    problem: Problem, state: State, reasons: dict[int, str], method: str, started: float
) -> Solution:
    placed = dict(state.placed)
    unplaced = {
        a.id: reasons.get(a.id, "no_room") for a in problem.applications if a.id not in placed
    }
    sol = Solution(tuple(placed.values()), tuple(sorted(unplaced.items())), method)
    bad = {v.app_id for v in check(problem, sol) if v.app_id is not None}
    pinned = {p.app_id for p in problem.pinned}
    bad -= pinned
    if bad:  # safety net: withdraw booths the checker rejects
        for a in bad:
            placed.pop(a, None)
            unplaced[a] = "withdrawn_by_checker"
        sol = Solution(tuple(placed.values()), tuple(sorted(unplaced.items())), method)
    return Solution(
        sol.placements,
        sol.unplaced,
        method,
        summarise(problem, sol, time.monotonic() - started, len(bad)),
    )


def summarise(problem: Problem, sol: Solution, seconds: float = 0.0, withdrawn: int = 0) -> dict:
    """Figures of a solution: area asked and granted, placed, stability, free floor."""
    apps = {a.id: a for a in problem.applications}
    asked = sum(a.m2 for a in problem.applications)
    granted = sum(p.rect.area for p in sol.placements)
    stable = sum(
        1 for p in sol.placements if apps.get(p.app_id) and apps[p.app_id].last_hall == p.hall
    )
    had_hall = sum(1 for a in problem.applications if a.last_hall)
    return {
        "applications": len(apps),
        "placed": len(sol.placements),
        "unplaced": len(sol.unplaced),
        "asked_m2": asked,
        "granted_m2": granted,
        "granted_of_placed_asked": round(
            granted / max(1, sum(apps[p.app_id].m2 for p in sol.placements if p.app_id in apps)), 4
        ),
        "same_hall_as_last": stable,
        "had_last_hall": had_hall,
        "seconds": round(seconds, 2),
        "withdrawn_by_checker": withdrawn,
    }


def floor_use(problem: Problem, sol: Solution, min_frontage: int = 4) -> dict:
    """Booth-row floor of the layout: capacity, granted, free in usable stretches, and wasted
    (free stretches shorter than `min_frontage` plus the unused back of shallow booths)."""
    bins = [b for b in build_bins(problem, _std_demand(problem)) if b.kind != "bay"]
    by_hall: dict[str, list[Rect]] = {}
    for p in sol.placements:
        by_hall.setdefault(p.hall, []).append(p.rect)
    capacity = usable = 0
    for b in bins:
        capacity += b.length * b.depth
        busy = sorted((r.x, r.x1) for r in by_hall.get(b.hall, []) if r.intersects(b.rect))
        x = b.x0
        for x0, x1 in busy + [(b.x1, b.x1)]:
            if x0 - x >= min_frontage:
                usable += (x0 - x) * b.depth
            x = max(x, x1)
    granted = sum(p.rect.area for p in sol.placements)
    return {
        "capacity_m2": capacity,
        "granted_m2": granted,
        "free_usable_m2": usable,
        "wasted_m2": capacity - granted - usable,
    }


def layout_capacity(problem: Problem) -> int:
    """Square metres of booth rows the layout offers (all bins, before allocation)."""
    bins = build_bins(problem, {})
    return sum(b.length * b.depth for b in bins if b.kind != "bay")


def solve(
    problem: Problem,
    progress: Callable[[float, str], None] | None = None,
    baseline: list[Solution] | None = None,
) -> Solution:
    """Allocate booths. If `baseline` is a list, the greedy solution is appended to it."""
    started = time.monotonic()
    bins = build_bins(problem, _std_demand(problem))
    state, reasons = greedy(problem, bins)
    if progress:
        progress(0.1, "greedy allocation done")
    if baseline is not None:
        baseline.append(_solution(problem, state, reasons, "greedy", started))
    if not problem.optimise:
        return _solution(problem, state, reasons, "greedy", started)

    def sub(p: float, msg: str) -> None:
        if progress:
            progress(0.1 + 0.85 * p, msg)

    remaining = problem.time_limit - (time.monotonic() - started)
    opt_problem = Problem(**{**problem.__dict__, "time_limit": max(0.5, remaining)})
    state = optimise(opt_problem, state, bins_by_area(problem, bins), sub)
    for aid in list(reasons):
        if aid in state.placed:
            del reasons[aid]
    return _solution(problem, state, reasons, "cp-sat", started)


def needs_island(app: Application, lane_depth: int, tolerance: float = 0.10) -> bool:
    return is_island(app, lane_depth, tolerance)


def booth_kind(app: Application) -> str:
    return PAVILION if app.pavilion else (STANDARD if app.booth_type == STANDARD else RAW)


def placement_ok(halls: dict[str, Hall], placement: Placement) -> list[Violation]:
    """Checks of one hand-drawn booth alone (hall, obstacles); overlap needs the others."""
    return check_geometry(halls, [placement])
