"""Demo step of the floor plan: an NECC-like venue sized to the edition, booths allocated.

Halls (1.1H ... 8.2H, 174 m deep with pillars every 24 m in the aisles and three entrances)
are sized so that the booth rows hold the approved area with ~12% slack; each exhibition
area gets zones (slices of halls); ~30 pairs of rival companies are kept apart. The
allocator (greedy start, then CP-SAT) places every approved application and its result is
stored; organisers can re-run it from the plan desk as a background job.
"""

from __future__ import annotations

import time
from collections import defaultdict

from django.db.models import F
from django.utils import timezone

from openexpo.core.demo.context import DemoContext
from openexpo.core.models import ExhibitionArea
from openexpo.exhibitors.models import Participation
from openexpo.floorplan.allocation import booth_codes
from openexpo.floorplan.models import Booth, CompetitorPair, FloorPlan, Hall, Obstacle, Zone
from openexpo.solvers import booths as solver
from openexpo.solvers.booth_venue import effective_demand, largest_of, make_venue

# The demo stores the solver's (CP-SAT) allocation. At full scale the greedy start already
# places all 3,400 applications and the search ends early, finding nothing better (measured
# 2026-11-29: 5.7 s for edition 6 against 1.2 s greedy alone, load 8); this caps it.
SOLVER_SECONDS = 15.0
COMPETITOR_PAIRS = 30  # at full scale


def _applications(ctx: DemoContext) -> list[solver.Application]:
    last_hall: dict[int, str] = {}
    if ctx.previous is not None:
        last_hall = dict(
            Booth.objects.filter(
                hall__edition=ctx.previous, participation__isnull=False
            ).values_list("participation__company_id", "hall__code")
        )
    rows = (
        Participation.objects.filter(edition=ctx.edition, status=Participation.Status.APPROVED)
        .order_by("pk")
        .values_list(
            "pk", "company_id", "area_id", "area_requested_m2", "booth_type", "pavilion__code"
        )
    )
    rows = list(rows)
    rivals = _competitor_pairs(ctx, rows)
    return [
        solver.Application(
            pk,
            str(area_id),
            m2,
            solver.STANDARD if booth_type == Participation.BoothType.STANDARD else solver.RAW,
            pavilion,
            last_hall.get(company_id),
            tuple(sorted(rivals.get(pk, ()))),
        )
        for pk, company_id, area_id, m2, booth_type, pavilion in rows
    ]


def _competitor_pairs(ctx: DemoContext, rows: list[tuple]) -> dict[int, set[int]]:
    """~30 pairs of rival companies (same exhibition area, no pavilion), stored as
    CompetitorPair rows; returns {participation id: its rivals' participation ids}."""
    rng = ctx.rng("floorplan.competitors")
    by_area: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for pk, company_id, area_id, _m2, _bt, pavilion in rows:
        if not pavilion:
            by_area[area_id].append((pk, company_id))
    areas = sorted(a for a, items in by_area.items() if len(items) >= 2)
    pairs: set[tuple[tuple[int, int], tuple[int, int]]] = set()
    for _ in range(ctx.n(COMPETITOR_PAIRS) if areas else 0):
        one, two = sorted(rng.sample(by_area[rng.choice(areas)], 2), key=lambda x: x[1])
        pairs.add((one, two))
    CompetitorPair.objects.bulk_create(
        [
            CompetitorPair(edition=ctx.edition, company_a_id=a[1], company_b_id=b[1])
            for a, b in pairs
        ]
    )
    out: dict[int, set[int]] = defaultdict(set)
    for a, b in pairs:
        out[a[0]].add(b[0])
        out[b[0]].add(a[0])
    return out


def build(ctx: DemoContext) -> None:
    started = time.perf_counter()
    apps = _applications(ctx)
    if not apps:
        return
    order = list(
        ExhibitionArea.objects.filter(edition=ctx.edition)
        .order_by("sort_order", "code")
        .values_list("pk", flat=True)
    )
    acc: dict[str, tuple[int, int]] = {str(pk): (0, 0) for pk in order}
    for a in apps:
        raw, std = acc[a.area]
        acc[a.area] = (raw + a.m2, std) if a.booth_type == solver.RAW else (raw, std + a.m2)
    halls, zones = make_venue(effective_demand(acc), slack=1.12, largest=largest_of(apps))
    hall_rows = Hall.objects.bulk_create(
        [
            Hall(
                edition=ctx.edition,
                code=h.code,
                name_en=f"Hall {h.code.rstrip('H')}",
                name_zh=f"{h.code.rstrip('H')}号馆",
                width_m=h.width,
                depth_m=h.depth,
                outline=[[0, 0], [h.width, 0], [h.width, h.depth], [0, h.depth]],
                lane_depth_m=h.lane_depth,
                aisle_width_m=h.aisle_width,
            )
            for h in halls
        ]
    )
    hall_id = {h.code: h.pk for h in hall_rows}
    ctx.insert(
        Obstacle,
        ["hall_id", "kind", "x", "y", "width", "depth"],
        (
            (hall_id[h.code], o.kind, o.rect.x, o.rect.y, o.rect.w, o.rect.d)
            for h in halls
            for o in h.obstacles
        ),
    )
    ctx.insert(
        Zone,
        ["hall_id", "area_id", "x", "y", "width", "depth"],
        ((hall_id[z.hall], int(z.area), z.rect.x, z.rect.y, z.rect.w, z.rect.d) for z in zones),
    )
    problem = solver.Problem(
        tuple(halls),
        tuple(zones),
        tuple(apps),
        time_limit=SOLVER_SECONDS,
        workers=1,  # one CP-SAT worker: the same seed gives the same booths
        optimise=True,
    )
    solution = solver.solve(problem)
    placements = list(solution.placements)
    codes = booth_codes(
        placements, set(), {h.code: 2 * h.lane_depth + h.aisle_width for h in halls}
    )
    ctx.insert(
        Booth,
        ["hall_id", "code", "kind", "x", "y", "width", "depth", "participation_id", "pinned"],
        (
            (
                hall_id[p.hall],
                codes[p.app_id],
                p.kind,
                p.rect.x,
                p.rect.y,
                p.rect.w,
                p.rect.d,
                p.app_id,
                False,
            )
            for p in placements
        ),
    )
    # Cells (BoothCell) are claimed hall by hall at the first edit (services._lock_halls):
    # inserting ~365,000 of them here would take most of the demo's time budget.
    FloorPlan.objects.update_or_create(
        edition=ctx.edition, defaults={"published_at": timezone.now()}
    )
    asked = {a.id: a.m2 for a in apps}
    granted = defaultdict(list)
    for p in placements:
        granted[p.rect.area].append(p.app_id)
    Participation.objects.filter(pk__in=[p.app_id for p in placements]).update(
        area_granted_m2=F("area_requested_m2")
    )
    for m2, pks in granted.items():  # the few booths that differ from the request
        differ = [pk for pk in pks if asked[pk] != m2]
        if differ:
            Participation.objects.filter(pk__in=differ).update(area_granted_m2=m2)
    ctx.shared["floorplan"] = {
        "halls": len(halls),
        "placed": len(placements),
        "unplaced": len(solution.unplaced),
        "method": solution.method,
        "seconds": round(time.perf_counter() - started, 1),
    }
