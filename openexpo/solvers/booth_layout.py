"""Booth rows of each zone: aisles, double-row bays and single lanes that booths fill.

A hall is cut into horizontal bands with period P = 2 * lane_depth + aisle_width: an aisle,
then a double row (two lanes back to back). The phase of the bands is chosen per hall so
that pillars fall into aisles (it maximises the usable lane area). Inside a zone, each row
gives x-intervals free of obstacles and pinned booths whose front aisle is open:
  * a bay (both lanes free over the same interval): raw booths in either lane, or islands
    spanning both lanes; a bay may instead be cut into standard-booth lanes 3 m deep
    (pattern lane, lane, 3 m aisle, lane, ...);
  * a single lane (only one lane free there).
"""

from __future__ import annotations

from dataclasses import dataclass

from openexpo.solvers.booth_model import STD_MODULE, Hall, Problem, Rect

Interval = tuple[int, int]
MIN_SEGMENT = 3


@dataclass(frozen=True)
class Bin:
    id: int
    hall: str
    zone: int  # index into problem.zones
    kind: str  # "lane" (raw booths), "bay" (islands over two lanes), "std" (3 m deep lanes)
    x0: int
    x1: int
    y: int
    depth: int
    front: str  # "top" or "bottom": the side a booth in this bin faces an aisle from
    bay: int | None = None  # for lanes of a bay: the bay's id

    @property
    def length(self) -> int:
        return self.x1 - self.x0

    @property
    def rect(self) -> Rect:
        return Rect(self.x0, self.y, self.x1 - self.x0, self.depth)


def _subtract(iv: list[Interval], cut: list[Interval]) -> list[Interval]:
    out = iv
    for c0, c1 in cut:
        nxt = []
        for a, b in out:
            if c1 <= a or c0 >= b:
                nxt.append((a, b))
                continue
            if a < c0:
                nxt.append((a, c0))
            if c1 < b:
                nxt.append((c1, b))
        out = nxt
    return out


def _intersect(a: list[Interval], b: list[Interval]) -> list[Interval]:
    out = []
    for a0, a1 in a:
        for b0, b1 in b:
            lo, hi = max(a0, b0), min(a1, b1)
            if lo < hi:
                out.append((lo, hi))
    return sorted(out)


def _free(x0: int, x1: int, y0: int, y1: int, blockers: list[Rect]) -> list[Interval]:
    cuts = [(r.x, r.x1) for r in blockers if r.y < y1 and y0 < r.y1 and r.x < x1 and x0 < r.x1]
    return _subtract([(x0, x1)], sorted(cuts))


def _long(iv: list[Interval]) -> list[Interval]:
    return [(a, b) for a, b in iv if b - a >= MIN_SEGMENT]


@dataclass
class _HallLayout:
    bays: list[tuple[int, int, int, int, int]]  # zone, x0, x1, y, depth (2 * lane)
    lanes: list[tuple[int, int, int, int, int, str]]  # zone, x0, x1, y, depth, front

    @property
    def area(self) -> int:
        return sum((b[2] - b[1]) * b[4] for b in self.bays) + sum(
            (ln[2] - ln[1]) * ln[4] for ln in self.lanes
        )


def _layout(
    problem: Problem, hall: Hall, phase: int, zones: list[int], pinned: list[Rect]
) -> _HallLayout:
    d, a, m = hall.lane_depth, hall.aisle_width, problem.min_aisle
    period = 2 * d + a
    solid = [o.rect for o in hall.obstacles] + pinned
    closed = [o.rect for o in hall.obstacles if o.kind == "blocked"] + pinned
    out = _HallLayout([], [])
    for zi in zones:
        z = problem.zones[zi].rect
        for k in range(-1, hall.depth // period + 2):
            ry = phase + k * period + a
            top_ok = ry >= max(z.y, m) and ry + d <= min(z.y1, hall.depth)
            bot_y = ry + d
            bot_ok = bot_y >= max(z.y, 0) and bot_y + d <= min(z.y1, hall.depth - m)
            top = bot = []
            if top_ok:
                top = _intersect(
                    _free(z.x, z.x1, ry, ry + d, solid), _free(z.x, z.x1, ry - m, ry, closed)
                )
            if bot_ok:
                bot = _intersect(
                    _free(z.x, z.x1, bot_y, bot_y + d, solid),
                    _free(z.x, z.x1, bot_y + d, bot_y + d + m, closed),
                )
            bays = _long(_intersect(top, bot))
            for x0, x1 in bays:
                out.bays.append((zi, x0, x1, ry, 2 * d))
            for x0, x1 in _long(_subtract(top, bays)):
                out.lanes.append((zi, x0, x1, ry, d, "top"))
            for x0, x1 in _long(_subtract(bot, bays)):
                out.lanes.append((zi, x0, x1, bot_y, d, "bottom"))
    return out


def _blocked_rows(hall: Hall, phase: int) -> int:
    """How many obstacles fall into booth rows (not aisles) with this phase: fewer is better."""
    period = 2 * hall.lane_depth + hall.aisle_width
    count = 0
    for o in hall.obstacles:
        for y in range(o.rect.y, o.rect.y1):
            if (y - phase) % period >= hall.aisle_width:
                count += o.rect.w
                break
    return count


def std_lanes(y: int, depth: int) -> list[tuple[int, str]]:
    """The 3 m lanes of a bay cut for standard booths: (y, side its aisle is on)."""
    n = depth // STD_MODULE
    kinds = ["aisle" if i % 3 == 2 and 0 < i < n - 1 else "lane" for i in range(n)]
    out = []
    for i, kind in enumerate(kinds):
        if kind != "lane":
            continue
        if i == 0 or kinds[i - 1] == "aisle":
            out.append((y + i * STD_MODULE, "top"))
        elif i == n - 1 or kinds[i + 1] == "aisle":
            out.append((y + i * STD_MODULE, "bottom"))
    return out


def build_bins(problem: Problem, std_demand: dict[str, int]) -> list[Bin]:
    """All bins of all zones; the back bays of each area are cut (from their left end) into
    standard lanes until the area's `std_demand` (metres of 3 m deep frontage) is covered."""
    pinned: dict[str, list[Rect]] = {}
    for p in problem.pinned:
        pinned.setdefault(p.hall, []).append(p.rect)
    zones_of: dict[str, list[int]] = {}
    for zi, z in enumerate(problem.zones):
        zones_of.setdefault(z.hall, []).append(zi)
    bins: list[Bin] = []
    need = dict(std_demand)
    for hall in problem.halls:
        zs = zones_of.get(hall.code, [])
        if not zs:
            continue
        period = 2 * hall.lane_depth + hall.aisle_width
        shortlist = sorted(range(period), key=lambda ph: (_blocked_rows(hall, ph), ph))[:3]
        layouts = {
            ph: _layout(problem, hall, ph, zs, pinned.get(hall.code, [])) for ph in shortlist
        }
        best = max(shortlist, key=lambda ph: (layouts[ph].area, -ph))
        lay = layouts[best]
        # standard lanes come from the last bays of a zone (the back of the zone)
        for zi, x0, x1, y, depth in sorted(lay.bays, key=lambda b: (b[0], -b[3], b[1])):
            area = problem.zones[zi].area
            lanes = std_lanes(y, depth) if depth % STD_MODULE == 0 else []
            if need.get(area, 0) > 0 and lanes:
                cut = min(x1, x0 + max(6, -(-need[area] // len(lanes))))
                if x1 - cut < 12:
                    cut = x1
                for sy, front in lanes:
                    bins.append(
                        Bin(len(bins), hall.code, zi, "std", x0, cut, sy, STD_MODULE, front)
                    )
                need[area] -= (cut - x0) * len(lanes)
                x0 = cut
                if x0 >= x1:
                    continue
            bay = len(bins)
            bins.append(Bin(bay, hall.code, zi, "bay", x0, x1, y, depth, "top"))
            half = depth // 2
            bins.append(Bin(bay + 1, hall.code, zi, "lane", x0, x1, y, half, "top", bay))
            bins.append(Bin(bay + 2, hall.code, zi, "lane", x0, x1, y + half, half, "bottom", bay))
        for zi, x0, x1, y, depth, front in lay.lanes:
            bins.append(Bin(len(bins), hall.code, zi, "lane", x0, x1, y, depth, front))
    return bins
