"""A generated venue (NECC-like halls with pillars and entrances) and synthetic applications.

Used by the demo (halls sized to hold the edition's requested area) and by the benchmark
(a deterministic full-scale problem without a database).
"""

from __future__ import annotations

import math
import random

from openexpo.solvers.booth_model import (
    RAW,
    STANDARD,
    Application,
    Hall,
    Obstacle,
    Rect,
    Zone,
)

HALL_CODES = [
    "1.1H",
    "1.2H",
    "2.1H",
    "2.2H",
    "3.1H",
    "4.1H",
    "4.2H",
    "5.1H",
    "5.2H",
    "6.1H",
    "6.2H",
    "7.1H",
    "8.2H",
]
LANE, AISLE = 9, 6
PERIOD = 2 * LANE + AISLE
ROWS = 7  # double rows per hall: depth = ROWS * PERIOD + AISLE = 174 m
HALL_CAPACITY = 30_000  # m² of booth rows a hall is aimed at
MIN_ZONE = 24  # narrowest zone (m)


def effective_demand(apps_m2: dict[str, tuple[int, int]]) -> dict[str, int]:
    """Floor of booth rows an area needs: raw m² + 1.6 x standard m² (3 m lanes waste some)."""
    return {k: raw + math.ceil(std * 1.6) for k, (raw, std) in apps_m2.items()}


def make_venue(
    demand: dict[str, int], slack: float = 1.15, largest: dict[str, int] | None = None
) -> tuple[list[Hall], list[Zone]]:
    """Halls and zones holding `demand` (area code -> m² of booth rows) times `slack`.

    Areas fill halls in the given order; an area may span several halls or share one
    (zones are full-depth slices of a hall along its width). `largest` (area -> m² of its
    largest booth) widens zones so that booth fits as an island."""
    need = {k: v * slack for k, v in demand.items() if v > 0}
    total = sum(need.values())
    n_halls = max(1, min(len(HALL_CODES), math.ceil(total / HALL_CAPACITY)))
    per_metre = ROWS * 2 * LANE  # m² of lanes per metre of hall width
    widest = {k: math.ceil(m2 * 1.1 / (2 * LANE)) + 6 for k, m2 in (largest or {}).items()}
    metres_of = {
        k: max(MIN_ZONE, widest.get(k, 0), math.ceil(v / per_metre)) for k, v in need.items()
    }
    width = max(
        60,
        max(widest.values(), default=0) + 6,
        math.ceil(sum(metres_of.values()) / n_halls / 3) * 3 + 2 * MIN_ZONE,
    )
    depth = ROWS * PERIOD + AISLE
    halls: list[Hall] = []
    for i in range(n_halls):
        obstacles = [
            Obstacle("pillar", Rect(x, y, 1, 1))
            for y in range(3, depth, PERIOD)
            for x in range(13, width - 1, 27)
        ]
        for x in (width // 4, width // 2, 3 * width // 4):
            obstacles.append(Obstacle("entrance", Rect(x - 4, 0, 8, 3)))
        halls.append(Hall(HALL_CODES[i], width, depth, tuple(obstacles), LANE, AISLE))
    zones: list[Zone] = []
    hall_i, x = 0, 0
    areas = list(need)
    for n, area in enumerate(areas):
        metres = metres_of[area]
        last = n == len(areas) - 1
        while metres > 0 and hall_i < n_halls:
            take = width - x if last else min(metres, width - x)
            if width - x - take < MIN_ZONE:  # no sliver at the end of a hall
                take = width - x
            zones.append(Zone(area, halls[hall_i].code, Rect(x, 0, take, depth)))
            metres -= take
            if 0 < metres < max(MIN_ZONE, widest.get(area, 0)):
                metres = max(MIN_ZONE, widest.get(area, 0))
            x += take
            if x >= width:
                hall_i, x = hall_i + 1, 0
    return halls, zones


AREAS = [
    ("food", 0.30),
    ("consumer", 0.20),
    ("medical", 0.14),
    ("tech", 0.14),
    ("auto", 0.08),
    ("services", 0.09),
    ("innovation", 0.05),
]


def make_applications(
    n: int, seed: int = 6, pavilions: int = 40, ldc: int = 24, competitor_pairs: int = 30
) -> list[Application]:
    """`n` synthetic applications: ~95% of the area raw space (36-900 m², log-normal around
    77 m²), standard booths of 9-36 m², national pavilions and free LDC standard booths."""
    rng = random.Random(seed)
    apps: list[Application] = []
    weights = [w for _, w in AREAS]
    names = [a for a, _ in AREAS]
    pav_members = 0
    for i in range(n):
        area = rng.choices(names, weights)[0]
        if area == "innovation" or rng.random() < 0.04:
            m2, kind = 9 * rng.choice([1, 2, 2, 3, 4]), STANDARD
        else:
            m2 = int(min(900, max(36, rng.lognormvariate(math.log(77), 0.9))))
            kind = RAW
        apps.append(Application(i + 1, area, m2, kind))
    # national pavilions: groups of small raw booths (mostly food and consumer goods)
    pool = [
        a for a in apps if a.booth_type == RAW and a.m2 <= 120 and a.area in {"food", "consumer"}
    ]
    rng.shuffle(pool)
    by_id = {a.id: a for a in apps}
    for p in range(pavilions):
        size = rng.randint(4, 24)
        members, pool = pool[:size], pool[size:]
        area = members[0].area if members else "food"
        for a in members:
            by_id[a.id] = Application(a.id, area, a.m2, RAW, f"P{p:02d}")
            pav_members += 1
    # least-developed-country companies: one free 9 m² standard booth each
    ldc_ids = rng.sample([a.id for a in apps if by_id[a.id].pavilion is None], ldc)
    for aid in ldc_ids:
        a = by_id[aid]
        by_id[aid] = Application(aid, a.area, 9, STANDARD)
    out = [by_id[a.id] for a in apps]
    big = [a for a in out if a.booth_type == RAW and not a.pavilion and a.m2 >= 150]
    rivals: dict[int, list[int]] = {}
    for _ in range(competitor_pairs):
        a, b = rng.sample(big, 2)
        if a.area == b.area:
            rivals.setdefault(a.id, []).append(b.id)
    return [
        Application(
            a.id, a.area, a.m2, a.booth_type, a.pavilion, a.last_hall, tuple(rivals.get(a.id, ()))
        )
        for a in out
    ]


def with_last_halls(
    apps: list[Application], zones: list[Zone], seed: int = 7, share: float = 0.6
) -> list[Application]:
    """Give `share` of the applications a hall from last edition (mostly one of their area's)."""
    rng = random.Random(seed)
    halls_of: dict[str, list[str]] = {}
    for z in zones:
        halls_of.setdefault(z.area, []).append(z.hall)
    every = sorted({z.hall for z in zones})
    out = []
    for a in apps:
        last = None
        if rng.random() < share and every:
            last = (
                rng.choice(halls_of.get(a.area) or every)
                if rng.random() < 0.85
                else rng.choice(every)
            )
        out.append(Application(a.id, a.area, a.m2, a.booth_type, a.pavilion, last, a.competitors))
    return out


def largest_of(apps: list[Application]) -> dict[str, int]:
    out: dict[str, int] = {}
    for a in apps:
        out[a.area] = max(out.get(a.area, 0), a.m2)
    return out


def demand_of(apps: list[Application]) -> dict[str, int]:
    acc: dict[str, tuple[int, int]] = {}
    for a in apps:
        raw, std = acc.get(a.area, (0, 0))
        acc[a.area] = (raw + a.m2, std) if a.booth_type == RAW else (raw, std + a.m2)
    return effective_demand(acc)
