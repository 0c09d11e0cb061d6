"""Greedy booth construction: pavilions first as lane runs, then singles first-fit decreasing.

It is both the baseline the optimiser is measured against and the optimiser's warm start.
State is kept per bin as a cursor (the free part of a lane starts there); islands use both
lanes of a bay from the larger of the two cursors.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from openexpo.solvers.booth_layout import Bin
from openexpo.solvers.booth_model import (
    PAVILION,
    RAW,
    STANDARD,
    STD_MODULE,
    Application,
    Placement,
    Problem,
    Rect,
    lengths,
)

ISLAND_MIN_FRONTAGE = 24  # a raw booth longer than this in a lane becomes an island


@dataclass
class State:
    """Bins and their cursors, plus what is placed so far."""

    problem: Problem
    bins: list[Bin]
    cursor: dict[int, int] = field(default_factory=dict)
    placed: dict[int, Placement] = field(default_factory=dict)
    where: dict[int, tuple[int, int]] = field(default_factory=dict)  # app -> (bin id, length)
    rects_by_hall: dict[str, list[tuple[Rect, int]]] = field(
        default_factory=lambda: defaultdict(list)
    )
    apps: dict[int, Application] = field(default_factory=dict)
    rivals: dict[int, set[int]] = field(default_factory=lambda: defaultdict(set))

    def __post_init__(self) -> None:
        for b in self.bins:
            self.cursor[b.id] = b.x0
        self.apps = {a.id: a for a in self.problem.applications}
        for a in self.problem.applications:
            for c in a.competitors:
                if c != a.id:
                    self.rivals[a.id].add(c)
                    self.rivals[c].add(a.id)
        for p in self.problem.pinned:
            self.placed[p.app_id] = p
            self.rects_by_hall[p.hall].append((p.rect, p.app_id))

    def start(self, b: Bin) -> int:
        if b.kind == "bay":
            return max(self.cursor[b.id + 1], self.cursor[b.id + 2])
        return self.cursor[b.id]

    def rivals_ok(self, app_id: int, hall: str, rect: Rect) -> bool:
        rivals = self.rivals.get(app_id)
        if not rivals:
            return True
        gap = self.problem.competitor_gap
        return not any(
            self.placed[r].hall == hall and self.placed[r].rect.gap(rect) < gap
            for r in rivals
            if r in self.placed
        )

    def put(self, app: Application, b: Bin, x: int, length: int, kind: str) -> None:
        rect = booth_rect(app, b, x, length)
        self.placed[app.id] = Placement(app.id, b.hall, rect, kind)
        self.where[app.id] = (b.id, length)
        self.rects_by_hall[b.hall].append((rect, app.id))
        for t in [b.id + 1, b.id + 2] if b.kind == "bay" else [b.id]:
            self.cursor[t] = max(self.cursor[t], x + length)


def booth_rect(app: Application, b: Bin, x: int, length: int) -> Rect:
    """The booth of `app` at x in bin b: standard booths in raw lanes take the 3 m at the front."""
    if app.booth_type == STANDARD and b.depth != STD_MODULE:
        y = b.y if b.front == "top" else b.y + b.depth - STD_MODULE
        return Rect(x, y, length, STD_MODULE)
    return Rect(x, b.y, length, b.depth)


def shape_of(app: Application, b: Bin, tol: float) -> tuple[int, int, int] | None:
    """(min, nominal, max) frontage of `app` in bin b, or None if it cannot go there."""
    if app.booth_type == STANDARD:
        if b.kind == "bay":
            return None
        return lengths(app, STD_MODULE, tol)
    if b.kind == "std":
        return None
    return lengths(app, b.depth, tol)


def is_island(app: Application, lane_depth: int, tol: float) -> bool:
    if app.booth_type == STANDARD:
        return False
    shp = lengths(app, lane_depth, tol)
    return shp is None or shp[1] > ISLAND_MIN_FRONTAGE


def kind_of(app: Application) -> str:
    return PAVILION if app.pavilion else (STANDARD if app.booth_type == STANDARD else RAW)


def candidate_bins(
    state: State, app: Application, by_area: dict[str, list[Bin]], relaxed: bool = False
) -> list[Bin]:
    """The bins an application may use, its last edition's hall first, then in layout order.

    Raw booths with a long frontage go to bays as islands, the others to lanes; `relaxed`
    lets either go to both."""
    bins = by_area.get(app.area, [])
    tol = state.problem.tolerance
    if app.booth_type == STANDARD:
        ok = [b for b in bins if b.kind == "std"] + [b for b in bins if b.kind == "lane"]
    else:
        island: dict[int, bool] = {}
        ok = []
        for b in bins:
            if b.kind == "std":
                continue
            lane = b.depth // 2 if b.kind == "bay" else b.depth
            if lane not in island:
                island[lane] = is_island(app, lane, tol)
            if relaxed or island[lane] == (b.kind == "bay"):
                ok.append(b)
    if app.last_hall:
        ok = [b for b in ok if b.hall == app.last_hall] + [b for b in ok if b.hall != app.last_hall]
    return ok


def _try_place(state: State, app: Application, bins: list[Bin], use_min: bool) -> bool:
    tol = state.problem.tolerance
    for b in bins:
        shp = shape_of(app, b, tol)
        if shp is None:
            continue
        length = shp[0] if use_min else shp[1]
        x = state.start(b)
        if x + length > b.x1:
            continue
        if not state.rivals_ok(app.id, b.hall, booth_rect(app, b, x, length)):
            continue
        state.put(app, b, x, length, kind_of(app))
        return True
    return False


def _place_pavilion(
    state: State, members: list[Application], lanes: list[Bin], use_min: bool, tails: bool = False
) -> bool:
    """Members one after another along consecutive, touching or facing, empty lanes."""
    tol = state.problem.tolerance
    gap = state.problem.pavilion_gap
    for i, first in enumerate(lanes):
        start = state.cursor[first.id]
        if start != first.x0 and not tails:
            continue
        if start != first.x0:  # a used lane only takes a pavilion that fits in what is left
            need = 0
            for app in members:
                shp = shape_of(app, first, tol)
                need += (shp[0] if use_min else shp[1]) if shp else first.length + 1
            if start + need > first.x1:
                continue
        plan: list[tuple[Application, Bin, int, int]] = []
        j, x, ok = i, start, True
        for app in members:
            shp = shape_of(app, lanes[j], tol)
            length = shp[0] if use_min else shp[1] if shp else 0
            if shp is None:
                ok = False
                break
            if x + length > lanes[j].x1:
                nxt = j + 1
                if (
                    nxt >= len(lanes)
                    or not _chained(lanes[j], lanes[nxt], gap)
                    or state.cursor[lanes[nxt].id] != lanes[nxt].x0
                ):
                    ok = False
                    break
                j, x = nxt, lanes[nxt].x0
                if x + length > lanes[j].x1:
                    ok = False
                    break
            rect = booth_rect(app, lanes[j], x, length)
            if not state.rivals_ok(app.id, lanes[j].hall, rect):
                ok = False
                break
            plan.append((app, lanes[j], x, length))
            x += length
        if ok:
            for app, b, x0, length in plan:
                state.put(app, b, x0, length, PAVILION)
            return True
    return False


def _chained(a: Bin, b: Bin, gap: int) -> bool:
    return a.hall == b.hall and a.x0 < b.x1 and b.x0 < a.x1 and a.rect.gap(b.rect) <= gap


def bins_by_area(problem: Problem, bins: list[Bin]) -> dict[str, list[Bin]]:
    out: dict[str, list[Bin]] = defaultdict(list)
    for b in bins:
        out[problem.zones[b.zone].area].append(b)
    for area in out:
        out[area].sort(key=lambda b: (b.hall, b.zone, b.x0, b.y, b.id))
    return out


def greedy(problem: Problem, bins: list[Bin]) -> tuple[State, dict[int, str]]:
    """Place what fits; returns the state and the reasons of the applications left out."""
    state = State(problem, bins)
    by_area = bins_by_area(problem, bins)
    reasons: dict[int, str] = {}
    todo = [a for a in problem.applications if a.id not in state.placed]
    pavilions: dict[tuple[str, str], list[Application]] = defaultdict(list)
    singles = []
    for app in todo:
        if app.area not in by_area:
            reasons[app.id] = "no_zone"
        elif app.pavilion:
            pavilions[(app.area, app.pavilion)].append(app)
        else:
            singles.append(app)
    for key in sorted(pavilions, key=lambda k: -sum(a.m2 for a in pavilions[k])):
        members = sorted(pavilions[key], key=lambda a: (a.booth_type, -a.m2, a.id))
        lanes = [b for b in by_area[key[0]] if b.kind == "lane"]
        halls = [a.last_hall for a in members if a.last_hall]
        if halls:
            top = max(sorted(set(halls)), key=halls.count)
            lanes = [b for b in lanes if b.hall == top] + [b for b in lanes if b.hall != top]
        if not any(
            _place_pavilion(state, members, lanes, use_min, tails)
            for tails in (False, True)
            for use_min in (False, True)
        ):
            for a in members:
                reasons[a.id] = "no_room_for_pavilion"
    singles.sort(key=lambda a: (-a.m2, a.id))
    # first the returning exhibitors, in last edition's hall only; then everyone, anywhere
    first = []
    for app in singles:
        home = [b for b in candidate_bins(state, app, by_area) if b.hall == app.last_hall]
        if not (home and _try_place(state, app, home, False)):
            first.append(app)
    left = []
    for app in first:
        if not _try_place(state, app, candidate_bins(state, app, by_area), False):
            left.append(app)
    for app in left:
        cands = candidate_bins(state, app, by_area, relaxed=True)
        if not cands:
            reasons[app.id] = "too_big_for_zone"
        elif not _try_place(state, app, cands, True):
            fits = any(
                (shp := shape_of(app, b, problem.tolerance)) and shp[0] <= b.length for b in cands
            )
            reasons[app.id] = "no_room" if fits else "too_big_for_zone"
    return state, reasons
