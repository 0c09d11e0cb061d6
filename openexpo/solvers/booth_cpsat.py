"""CP-SAT re-assignment of single booths to bins, one exhibition area at a time.

Pinned booths and the greedy's pavilion blocks stay fixed; what is left of each bin is a
knapsack. Variables x[i, b] put application i in bin b with a frontage between its shortest
and nominal length; the model maximises granted area, then stability (last edition's hall),
then compactness (earlier bins in layout order). The greedy assignment is the hint.
"""

from __future__ import annotations

import os
import time
from collections import defaultdict
from collections.abc import Callable

from ortools.sat.python import cp_model

from openexpo.solvers.booth_greedy import State, candidate_bins, kind_of, shape_of
from openexpo.solvers.booth_layout import Bin
from openexpo.solvers.booth_model import STANDARD, Application, Problem

STD_DEPTH = 3

W_AREA, W_STAB, W_RANK = 1000, 500, 100
DEBUG = bool(os.environ.get("BOOTH_DEBUG"))


def _near(bins: list[Bin], gap: int) -> dict[int, list[int]]:
    by_hall: dict[str, list[Bin]] = defaultdict(list)
    for b in bins:
        by_hall[b.hall].append(b)
    out: dict[int, list[int]] = defaultdict(list)
    for hall_bins in by_hall.values():
        for a in hall_bins:
            for b in hall_bins:
                if a.rect.gap(b.rect) < gap:
                    out[a.id].append(b.id)
    return out


def _fixed_cursors(state: State, area_bins: list[Bin], mine: set[int]) -> dict[int, int]:
    """Where each bin's free part starts once the items are taken out."""
    cur = {b.id: b.x0 for b in area_bins}
    for aid, (bid, _length) in state.where.items():
        if aid in mine or bid not in cur:
            continue
        end = state.placed[aid].rect.x1
        for t in [bid + 1, bid + 2] if state.bins[bid].kind == "bay" else [bid]:
            cur[t] = max(cur[t], end)
    for b in area_bins:
        if b.kind == "bay":
            cur[b.id] = max(cur[b.id + 1], cur[b.id + 2])
    return cur


def _candidates(state: State, app: Application, hood: list[Bin]) -> list[Bin]:
    """The neighbourhood's bins the application may use (and the one it is in now)."""
    cands = candidate_bins(state, app, {app.area: hood})
    where = state.where.get(app.id)
    ids = {b.id for b in cands}
    if where is not None and where[0] not in ids and any(b.id == where[0] for b in hood):
        cands.append(state.bins[where[0]])
    return cands


def improve_area(
    problem: Problem,
    state: State,
    area_bins: list[Bin],
    items: list[Application],
    time_limit: float,
    forced: frozenset[int] = frozenset(),
) -> dict[int, tuple[int, int]] | None:
    """A better assignment {app: (bin, frontage)} of `items` to the neighbourhood `area_bins`
    (items in `forced` must get a bin), or None if none was found."""
    tol = problem.tolerance
    mine = {a.id for a in items}
    cur = _fixed_cursors(state, area_bins, mine)
    by_id = {b.id: b for b in area_bins}
    rank = {b.id: i for i, b in enumerate(area_bins)}
    fixed_rects = [(aid, p.hall, p.rect) for aid, p in state.placed.items() if aid not in mine]
    fixed_by_id = {aid: (h, r) for aid, h, r in fixed_rects}
    m = cp_model.CpModel()
    x: dict[tuple[int, int], cp_model.IntVar] = {}
    shapes: dict[tuple[int, int], tuple[int, int, int]] = {}
    obj_vars, obj_coefs = [], []
    for app in items:
        rivals = [fixed_by_id[r] for r in state.rivals.get(app.id, ()) if r in fixed_by_id]
        vs = []
        for b in _candidates(state, app, area_bins):
            shp = shape_of(app, b, tol)
            if shp is None or shp[0] > b.x1 - cur[b.id]:
                continue
            if any(h == b.hall and r.gap(b.rect) < problem.competitor_gap for h, r in rivals):
                continue
            v = m.new_bool_var(f"x{app.id}_{b.id}")
            x[(app.id, b.id)] = v
            shapes[(app.id, b.id)] = shp
            depth = STD_DEPTH if app.booth_type == STANDARD else b.depth
            stab = W_STAB if app.last_hall == b.hall else 0
            obj_vars.append(v)
            obj_coefs.append(W_AREA * shp[1] * depth + stab - W_RANK * rank[b.id] // len(area_bins))
            vs.append(v)
        if app.id in forced:
            m.add_exactly_one(vs)
        elif vs:
            m.add_at_most_one(vs)
    # lanes: booths + islands of their bay (+ the gap islands leave) fit; nominal overflow
    loads: dict[int, tuple[list, list, list]] = defaultdict(lambda: ([], [], []))
    islands: dict[int, list] = defaultdict(list)
    for (aid, bid), v in x.items():
        b = by_id[bid]
        shp = shapes[(aid, bid)]
        if b.kind == "bay":
            islands[bid].append(v)
        for t in [bid + 1, bid + 2] if b.kind == "bay" else [bid]:
            loads[t][0].append(v)
            loads[t][1].append(shp[0])
            loads[t][2].append(shp[1])
    has_island: dict[int, cp_model.IntVar] = {}
    for bay, vs in islands.items():
        y = m.new_bool_var(f"isl{bay}")
        for v in vs:
            m.add_implication(v, y)
        has_island[bay] = y
    for b in area_bins:
        if b.kind == "bay" or b.id not in loads:
            continue
        vs, mins, noms = loads[b.id]
        room = b.x1 - cur[b.id]
        lo = cp_model.LinearExpr.weighted_sum(vs, mins)
        hi = cp_model.LinearExpr.weighted_sum(vs, noms)
        if b.bay is not None and b.bay in has_island:
            gap = cur[b.bay] - cur[b.id]
            lo = lo + gap * has_island[b.bay]
            hi = hi + gap * has_island[b.bay]
        m.add(lo <= room)
        over = m.new_int_var(0, sum(noms), f"over{b.id}")
        m.add(hi <= room + over)
        obj_vars.append(over)
        obj_coefs.append(-W_AREA * b.depth)
    near = _near(area_bins, problem.competitor_gap)
    for app in items:
        for r in state.rivals.get(app.id, ()):
            if r in mine and app.id < r:
                for (aid, bid), v in list(x.items()):
                    if aid != app.id:
                        continue
                    for nb in near[bid]:
                        if (r, nb) in x:
                            m.add_bool_or([v.Not(), x[(r, nb)].Not()])
    hinted = {
        x[(aid, bid)] for aid, (bid, _l) in state.where.items() if aid in mine and (aid, bid) in x
    }
    for v in x.values():
        m.add_hint(v, v in hinted)
    for bay, y in has_island.items():
        m.add_hint(y, any(v in hinted for v in islands[bay]))
    objective = cp_model.LinearExpr.weighted_sum(obj_vars, obj_coefs)
    m.maximize(objective)
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = max(0.5, time_limit)
    solver.parameters.num_workers = max(1, problem.workers)
    status = solver.solve(m)
    if DEBUG:
        print(
            "cp-sat",
            solver.status_name(status),
            solver.objective_value,
            solver.best_objective_bound,
            solver.wall_time,
            len(x),
        )
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return None
    return {aid: (bid, shapes[(aid, bid)][1]) for (aid, bid), v in x.items() if solver.value(v)}


def decode(
    problem: Problem,
    state: State,
    area_bins: list[Bin],
    items: list[Application],
    assign: dict[int, tuple[int, int]],
) -> State:
    """Lay out the assignment bin by bin: islands first, then lane booths, each at least its
    shortest frontage and as close to nominal as the bin allows."""
    tol = problem.tolerance
    apps = {a.id: a for a in items}
    mine = set(apps)
    new = State(problem, state.bins)
    pinned = {q.app_id for q in problem.pinned}
    hood = {b.id for b in area_bins}
    for aid, p in state.placed.items():  # keep everything not re-assigned
        if aid in pinned or (aid in mine and (aid in assign or state.where[aid][0] in hood)):
            continue
        bid, length = state.where[aid]
        b = state.bins[bid]
        new.put(state.apps[aid], b, p.rect.x, length, p.kind)
    by_bin: dict[int, list[int]] = defaultdict(list)
    for aid, (bid, _nom) in assign.items():
        by_bin[bid].append(aid)
    order = [b for b in area_bins if b.kind == "bay"] + [b for b in area_bins if b.kind != "bay"]
    for b in order:
        ids = sorted(by_bin.get(b.id, []), key=lambda a: (-apps[a].m2, a))
        if not ids:
            continue
        shp = {a: shape_of(apps[a], b, tol) for a in ids}
        room = b.x1 - new.start(b)
        if b.kind == "bay":
            room -= max(
                _min_load(by_bin, apps, state.bins[b.id + 1], tol),
                _min_load(by_bin, apps, state.bins[b.id + 2], tol),
            )
        steps = [3 if apps[a].booth_type == "standard" else 1 for a in ids]
        lens = _fit([shp[a] for a in ids], steps, room)
        x = new.start(b)
        for a, length in zip(ids, lens, strict=True):
            new.put(apps[a], b, x, length, kind_of(apps[a]))
            x += length
    return new


def _min_load(
    by_bin: dict[int, list[int]], apps: dict[int, Application], lane: Bin, tol: float
) -> int:
    total = 0
    for a in by_bin.get(lane.id, []):
        shp = shape_of(apps[a], lane, tol)
        total += shp[0] if shp else 0
    return total


def _fit(shapes: list[tuple[int, int, int]], steps: list[int], room: int) -> list[int]:
    """Nominal lengths, shrunk one step at a time where the slack is largest, to fit `room`."""
    lens = [s[1] for s in shapes]
    excess = sum(lens) - room
    while excess > 0:
        best = max(range(len(lens)), key=lambda i: lens[i] - shapes[i][0])
        if lens[best] - steps[best] < shapes[best][0]:
            break
        lens[best] -= steps[best]
        excess -= steps[best]
    return lens


def optimise(
    problem: Problem,
    state: State,
    by_area: dict[str, list[Bin]],
    progress: Callable[[float, str], None] | None = None,
) -> State:
    """Large-neighbourhood search: for each (area, hall), re-pack the hall's single booths
    exactly with CP-SAT, letting unplaced applications of the area and returning exhibitors
    of that hall move in; keep the result when it grants more area or more stability."""
    start = time.monotonic()
    pinned = {p.app_id for p in problem.pinned}
    singles: dict[str, list[Application]] = defaultdict(list)
    for a in problem.applications:
        if a.id not in pinned and not a.pavilion and a.area in by_area:
            singles[a.area].append(a)
    hoods = sorted(
        {  # (area, hall) neighbourhoods
            (problem.zones[b.zone].area, b.hall)
            for bins in by_area.values()
            for b in bins
            if problem.zones[b.zone].area in singles
        }
    )
    per_hood = max(0.5, problem.time_limit / max(1, 2 * len(hoods)))
    for rnd in range(2):
        # areas with unplaced applications first: that is where area can still be won
        waiting = {a.area for items in singles.values() for a in items if a.id not in state.placed}
        hoods.sort(key=lambda h: (h[0] not in waiting, h))
        for i, (area, hall) in enumerate(hoods):
            left = problem.time_limit - (time.monotonic() - start)
            if left <= 0.3:
                return state
            hood = [b for b in by_area[area] if b.hall == hall]
            ids = {b.id for b in hood}
            inside = [
                a for a in singles[area] if a.id in state.where and state.where[a.id][0] in ids
            ]
            extra = [
                a
                for a in singles[area]
                if a.id not in state.placed
                or (a.last_hall == hall and state.placed[a.id].hall != hall)
            ]
            items = inside + extra
            if not extra:
                continue
            to_go = len(hoods) - i + (len(hoods) if rnd == 0 else 0)
            budget = min(left, max(per_hood, left / to_go))
            assign = improve_area(
                problem, state, hood, items, budget, frozenset(a.id for a in inside)
            )
            if assign is not None:
                candidate = decode(problem, state, hood, items, assign)
                if DEBUG:
                    print(area, hall, len(items), _score(state, items), _score(candidate, items))
                if _score(candidate, items) > _score(state, items):
                    state = candidate
            if progress:
                progress(
                    (rnd * len(hoods) + i + 1) / (2 * len(hoods)), f"optimised {area} in {hall}"
                )
    return state


def _score(state: State, items: list[Application]) -> tuple[int, int]:
    area = stab = 0
    for a in items:
        p = state.placed.get(a.id)
        if p is not None:
            area += p.rect.area
            stab += int(p.hall == a.last_hall)
    return area, stab
