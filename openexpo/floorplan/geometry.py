"""Hall geometry shared by the plan services: polygons on the 1 m grid, solver dataclasses."""

from __future__ import annotations

from openexpo.floorplan.models import Hall
from openexpo.solvers.booths import Hall as SolverHall
from openexpo.solvers.booths import Obstacle, Rect

Point = tuple[int, int]


def bounding_box(outline: list[list[int]]) -> tuple[int, int]:
    """Width and depth of the polygon's bounding box from the origin."""
    return max(p[0] for p in outline), max(p[1] for p in outline)


def _inside(px: float, py: float, outline: list[list[int]]) -> bool:
    """Ray casting: is the point inside the polygon?"""
    inside = False
    n = len(outline)
    for i in range(n):
        x1, y1 = outline[i]
        x2, y2 = outline[(i + 1) % n]
        if (y1 > py) != (y2 > py) and px < x1 + (py - y1) * (x2 - x1) / (y2 - y1):
            inside = not inside
    return inside


def outside_rects(outline: list[list[int]]) -> list[Rect]:
    """The 1 m cells of the bounding box outside the polygon, merged into rectangles."""
    if not outline:
        return []
    width, depth = bounding_box(outline)
    rows: list[list[tuple[int, int]]] = []
    for y in range(depth):
        runs, start = [], None
        for x in range(width):
            out = not _inside(x + 0.5, y + 0.5, outline)
            if out and start is None:
                start = x
            if not out and start is not None:
                runs.append((start, x))
                start = None
        if start is not None:
            runs.append((start, width))
        rows.append(runs)
    rects: list[Rect] = []
    y = 0
    while y < depth:
        runs = rows[y]
        y2 = y + 1
        while y2 < depth and rows[y2] == runs:
            y2 += 1
        rects += [Rect(a, y, b - a, y2 - y) for a, b in runs]
        y = y2
    return rects


def solver_hall(hall: Hall) -> SolverHall:
    """The solver's view of a hall: its bounding box, obstacles, and the floor outside its
    polygon as blocked obstacles (needs `obstacles` prefetched)."""
    obstacles = [Obstacle(o.kind, Rect(o.x, o.y, o.width, o.depth)) for o in hall.obstacles.all()]
    obstacles += [Obstacle("blocked", r) for r in outside_rects(hall.outline or [])]
    return SolverHall(
        hall.code,
        hall.width_m,
        hall.depth_m,
        tuple(obstacles),
        hall.lane_depth_m,
        hall.aisle_width_m,
    )
