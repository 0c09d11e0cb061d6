"""Plain data of the booth allocation problem: halls, zones, applications, placements."""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass, field

STD_MODULE = 3  # a standard booth is made of 3 m x 3 m modules (9 m²)
RAW = "raw"
STANDARD = "standard"
PAVILION = "pavilion"


@dataclass(frozen=True)
class Rect:
    """An axis-aligned rectangle on the 1 m grid: x along the hall's width, y along its depth."""

    x: int
    y: int
    w: int
    d: int

    @property
    def x1(self) -> int:
        return self.x + self.w

    @property
    def y1(self) -> int:
        return self.y + self.d

    @property
    def area(self) -> int:
        return self.w * self.d

    def intersects(self, o: Rect) -> bool:
        return self.x < o.x1 and o.x < self.x1 and self.y < o.y1 and o.y < self.y1

    def contains(self, o: Rect) -> bool:
        return self.x <= o.x and self.y <= o.y and o.x1 <= self.x1 and o.y1 <= self.y1

    def gap(self, o: Rect) -> int:
        """Chebyshev distance between the two rectangles (0 when they touch or overlap)."""
        dx = max(0, o.x - self.x1, self.x - o.x1)
        dy = max(0, o.y - self.y1, self.y - o.y1)
        return max(dx, dy)


@dataclass(frozen=True)
class Obstacle:
    """Floor no booth may cover. Kinds: pillar, entrance, aisle (fixed), blocked (walls, stores).

    Pillars, entrances and fixed aisles are open floor a booth may front; blocked floor is not.
    """

    kind: str
    rect: Rect


@dataclass(frozen=True)
class Hall:
    code: str
    width: int
    depth: int
    obstacles: tuple[Obstacle, ...] = ()
    lane_depth: int = 9  # depth of one booth row; a double row is 2 * lane_depth
    aisle_width: int = 6  # width of the aisles the solver lays out between double rows

    @property
    def rect(self) -> Rect:
        return Rect(0, 0, self.width, self.depth)


@dataclass(frozen=True)
class Zone:
    """The part of a hall given to one exhibition area."""

    area: str
    hall: str
    rect: Rect


@dataclass(frozen=True)
class Application:
    id: int
    area: str
    m2: int
    booth_type: str = RAW  # "raw" or "standard"
    pavilion: str | None = None
    last_hall: str | None = None
    competitors: tuple[int, ...] = ()


@dataclass(frozen=True)
class Placement:
    app_id: int
    hall: str
    rect: Rect
    kind: str = RAW  # raw / standard / pavilion
    pinned: bool = False


@dataclass(frozen=True)
class Problem:
    halls: tuple[Hall, ...]
    zones: tuple[Zone, ...]
    applications: tuple[Application, ...]
    pinned: tuple[Placement, ...] = ()
    tolerance: float = 0.10
    min_aisle: int = 3  # a booth fronts an aisle: open floor this deep along one whole side
    competitor_gap: int = 8  # competitors' booths stay at least this far apart
    pavilion_gap: int = 6  # pavilion members chain within this distance (across one aisle)
    time_limit: float = 60.0
    workers: int = 2
    optimise: bool = True  # False: greedy only


@dataclass(frozen=True)
class Violation:
    code: str
    app_id: int | None
    detail: str


@dataclass(frozen=True)
class Solution:
    placements: tuple[Placement, ...]
    unplaced: tuple[tuple[int, str], ...]  # (application id, reason)
    method: str = "greedy"
    stats: dict = field(default_factory=dict, compare=False)


def area_bounds(app: Application, tolerance: float) -> tuple[int, int]:
    """The smallest and largest area (m²) the application may be granted."""
    lo = math.ceil(app.m2 * (1 - tolerance) - 1e-9)
    hi = math.floor(app.m2 * (1 + tolerance) + 1e-9)
    return lo, hi


def lengths(app: Application, depth: int, tolerance: float) -> tuple[int, int, int] | None:
    """(shortest, nominal, longest) frontage of a booth of this depth, or None if none fits.

    Standard booths use whole 3 m modules, so their frontage is a multiple of 3 and their
    area a multiple of 9 m².
    """
    return _lengths(app.m2, app.booth_type == STANDARD, depth, tolerance)


@functools.lru_cache(maxsize=65536)
def _lengths(m2: int, standard: bool, depth: int, tolerance: float) -> tuple[int, int, int] | None:
    lo = math.ceil(m2 * (1 - tolerance) - 1e-9)
    hi = math.floor(m2 * (1 + tolerance) + 1e-9)
    step = STD_MODULE if standard else 1
    if standard and depth % STD_MODULE:
        return None
    first = -(-lo // depth)  # the shortest frontage reaching `lo`
    first = -(-first // step) * step
    last = hi // depth
    last -= last % step
    if first > last or first <= 0:
        return None
    nominal = min(range(first, last + 1, step), key=lambda n: (abs(n * depth - m2), n))
    return first, nominal, last
