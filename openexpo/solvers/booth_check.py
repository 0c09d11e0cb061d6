"""An independent checker: every constraint of a booth allocation, verified cell by cell.

It shares nothing with the construction code but the data classes, so a bug in the layout
or the optimiser cannot hide itself.
"""

from __future__ import annotations

from collections import defaultdict

from openexpo.solvers.booth_model import (
    STANDARD,
    STD_MODULE,
    Application,
    Hall,
    Placement,
    Problem,
    Rect,
    Solution,
    Violation,
    area_bounds,
)

OPEN_OBSTACLES = {"pillar", "entrance", "aisle"}


def check_geometry(
    halls: dict[str, Hall], placements: list[Placement], *, min_aisle: int = 0
) -> list[Violation]:
    """Hall membership, obstacles, overlap and (if min_aisle) aisle frontage of placements."""
    out: list[Violation] = []
    owner: dict[str, list[int]] = {}  # per hall, cell -> 1 + index of the placement there
    blocked: dict[str, bytearray] = {}
    solid: dict[str, bytearray] = {}  # any obstacle
    for code, hall in halls.items():
        owner[code] = [0] * (hall.width * hall.depth)
        cells = blocked[code] = bytearray(hall.width * hall.depth)
        anything = solid[code] = bytearray(hall.width * hall.depth)
        for ob in hall.obstacles:
            r = _clip(ob.rect, hall)
            for y in range(r.y, r.y1):
                anything[y * hall.width + r.x : y * hall.width + r.x1] = b"\x01" * r.w
                if ob.kind not in OPEN_OBSTACLES:
                    cells[y * hall.width + r.x : y * hall.width + r.x1] = b"\x01" * r.w
    good: list[int] = []
    for i, p in enumerate(placements):
        hall = halls.get(p.hall)
        if hall is None:
            out.append(Violation("unknown_hall", p.app_id, f"hall {p.hall!r} does not exist"))
            continue
        if p.rect.w <= 0 or p.rect.d <= 0:
            out.append(Violation("empty_booth", p.app_id, "booth has no area"))
            continue
        if not hall.rect.contains(p.rect):
            out.append(
                Violation("outside_hall", p.app_id, f"booth {p.rect} is outside hall {hall.code}")
            )
            continue
        hit = None
        if _any_solid(solid[p.hall], hall.width, p.rect):
            hit = next((ob for ob in hall.obstacles if ob.rect.intersects(p.rect)), None)
        if hit is not None:
            out.append(
                Violation(
                    "over_obstacle",
                    p.app_id,
                    f"booth covers a {hit.kind} at ({hit.rect.x}, {hit.rect.y})",
                )
            )
        cells, w, r = owner[p.hall], hall.width, p.rect
        clash = None
        for y in range(r.y, r.y1):
            row = y * w
            for c in range(row + r.x, row + r.x1):
                other = cells[c]
                if other and placements[other - 1].app_id != p.app_id:
                    clash = placements[other - 1].app_id
                cells[c] = i + 1
        if clash is not None:
            out.append(
                Violation("overlap", p.app_id, f"booth overlaps the booth of application {clash}")
            )
        good.append(i)
    if min_aisle:
        for i in good:
            p = placements[i]
            if not _fronts_aisle(halls[p.hall], p, owner[p.hall], blocked[p.hall], min_aisle):
                out.append(
                    Violation(
                        "no_aisle",
                        p.app_id,
                        f"no side of booth {p.rect} faces {min_aisle} m of open floor",
                    )
                )
    return out


def _any_solid(cells: bytearray, width: int, r: Rect) -> bool:
    return any(any(cells[y * width + r.x : y * width + r.x1]) for y in range(r.y, r.y1))


def _clip(r: Rect, hall: Hall) -> Rect:
    x0, y0 = max(0, r.x), max(0, r.y)
    x1, y1 = min(hall.width, r.x1), min(hall.depth, r.y1)
    return Rect(x0, y0, max(0, x1 - x0), max(0, y1 - y0))


def _fronts_aisle(
    hall: Hall, p: Placement, cells: list[int], blocked: bytearray, depth: int
) -> bool:
    r = p.rect
    bands = [
        Rect(r.x, r.y - depth, r.w, depth),
        Rect(r.x, r.y1, r.w, depth),
        Rect(r.x - depth, r.y, depth, r.d),
        Rect(r.x1, r.y, depth, r.d),
    ]
    w = hall.width
    for band in bands:
        if not hall.rect.contains(band):
            continue
        if all(
            not cells[c] and not blocked[c]
            for y in range(band.y, band.y1)
            for c in range(y * w + band.x, y * w + band.x1)
        ):
            return True
    return False


def _components(rects: list[Rect], gap: int) -> int:
    parent = list(range(len(rects)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i in range(len(rects)):
        for j in range(i + 1, len(rects)):
            a, b = rects[i], rects[j]
            overlap_x = a.x < b.x1 and b.x < a.x1
            overlap_y = a.y < b.y1 and b.y < a.y1
            if a.gap(b) <= gap and (overlap_x or overlap_y):
                parent[find(i)] = find(j)
    return len({find(i) for i in range(len(rects))})


def check(problem: Problem, solution: Solution) -> list[Violation]:
    """Every way `solution` breaks `problem`; an empty list means it is valid."""
    halls = {h.code: h for h in problem.halls}
    apps: dict[int, Application] = {a.id: a for a in problem.applications}
    pinned = {p.app_id: p for p in problem.pinned}
    out: list[Violation] = []
    seen: set[int] = set()
    for p in solution.placements:
        if p.app_id not in apps:
            out.append(Violation("unknown_application", p.app_id, "no such application"))
        if p.app_id in seen:
            out.append(Violation("duplicate", p.app_id, "application has more than one booth"))
        seen.add(p.app_id)
    unplaced = {a for a, _ in solution.unplaced}
    for a in sorted(unplaced & seen):
        out.append(Violation("inconsistent", a, "application is both placed and unplaced"))
    for a in sorted(set(apps) - seen - unplaced):
        out.append(Violation("missing", a, "application is neither placed nor reported unplaced"))
    placed = {p.app_id: p for p in solution.placements}
    for a, pin in pinned.items():
        if placed.get(a) is None or placed[a].rect != pin.rect or placed[a].hall != pin.hall:
            out.append(Violation("pinned_moved", a, "a pinned booth was moved or dropped"))
    out += check_geometry(halls, list(solution.placements), min_aisle=problem.min_aisle)
    zones = defaultdict(list)
    for z in problem.zones:
        zones[(z.area, z.hall)].append(z.rect)
    for p in solution.placements:
        app = apps.get(p.app_id)
        if app is None:
            continue
        out += _check_one(problem, app, p, zones.get((app.area, p.hall), []), p.app_id in pinned)
    out += _check_pavilions(problem, apps, placed)
    out += _check_competitors(problem, apps, placed)
    return out


def _check_one(
    problem: Problem, app: Application, p: Placement, zone_rects: list[Rect], pinned: bool
) -> list[Violation]:
    out = []
    if not any(z.contains(p.rect) for z in zone_rects) and not pinned:
        out.append(
            Violation("outside_zone", app.id, f"booth is not inside a zone of area {app.area!r}")
        )
    lo, hi = area_bounds(app, problem.tolerance)
    if not lo <= p.rect.area <= hi and not pinned:
        out.append(
            Violation(
                "area_tolerance",
                app.id,
                f"granted {p.rect.area} m² for {app.m2} m² asked (allowed {lo}-{hi})",
            )
        )
    if app.booth_type == STANDARD and (p.rect.w % STD_MODULE or p.rect.d % STD_MODULE):
        out.append(
            Violation(
                "standard_module",
                app.id,
                f"standard booth {p.rect.w}x{p.rect.d} is not whole 3 m modules",
            )
        )
    return out


def _check_pavilions(problem: Problem, apps: dict, placed: dict) -> list[Violation]:
    out = []
    groups: dict[tuple[str, str], list[Placement]] = defaultdict(list)
    for a, p in placed.items():
        app = apps.get(a)
        if app is not None and app.pavilion:
            groups[(app.area, app.pavilion)].append(p)
    for (area, pav), members in sorted(groups.items()):
        halls_used = {p.hall for p in members}
        if len(halls_used) > 1 or _components([p.rect for p in members], problem.pavilion_gap) > 1:
            first = min(p.app_id for p in members)
            out.append(
                Violation(
                    "pavilion_split", first, f"pavilion {pav} in {area} is not one contiguous block"
                )
            )
    return out


def _check_competitors(problem: Problem, apps: dict, placed: dict) -> list[Violation]:
    out = []
    pairs = {(min(a, b), max(a, b)) for a, app in apps.items() for b in app.competitors if a != b}
    for a, b in sorted(pairs):
        if a in placed and b in placed:
            pa, pb = placed[a], placed[b]
            if pa.hall == pb.hall and pa.rect.gap(pb.rect) < problem.competitor_gap:
                out.append(
                    Violation(
                        "competitors_near",
                        a,
                        f"competitor {b} is closer than {problem.competitor_gap} m",
                    )
                )
    return out
