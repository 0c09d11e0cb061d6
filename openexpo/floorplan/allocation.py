"""Running the booth allocator for an edition: a background job from start to stored booths.

selector (`problem_for`) -> `solvers.booths.solve` -> `allocation_store` (replaces the
edition's unpinned booths, claims their cells). Pinned booths are kept as they are.
"""

from __future__ import annotations

import time
from collections import defaultdict
from typing import Any

from django.conf import settings
from django.db import transaction

from openexpo.core import permissions
from openexpo.core.audit import audit_record
from openexpo.core.errors import DomainError, PermissionDenied
from openexpo.core.models import BackgroundJob, Edition
from openexpo.exhibitors.models import Participation
from openexpo.floorplan.competitors import competitors_by_participation
from openexpo.floorplan.geometry import solver_hall
from openexpo.floorplan.models import Booth, FloorPlan, Hall, Zone
from openexpo.floorplan.services import cells_insert
from openexpo.solvers import booths as solver

JOB_KIND = "floorplan.allocate"


def problem_for(
    edition: Edition, *, time_limit: float = 60.0, optimise: bool = True, workers: int = 2
) -> solver.Problem:
    """The allocation problem of an edition: halls, zones, approved applications, pins."""
    halls = list(
        Hall.objects.filter(edition=edition).prefetch_related("obstacles").order_by("code")
    )
    zones = (
        Zone.objects.filter(hall__edition=edition)
        .select_related("hall")
        .order_by("hall__code", "x", "y")
    )
    parts = list(
        Participation.objects.filter(edition=edition, status=Participation.Status.APPROVED)
        .select_related("pavilion")
        .order_by("pk")
    )
    last_hall: dict[int, str] = {}
    if edition.previous_id:
        rows = Booth.objects.filter(
            hall__edition_id=edition.previous_id, participation__isnull=False
        ).values_list("participation__company_id", "hall__code")
        last_hall = dict(rows)
    pinned_rows = Booth.objects.filter(hall__edition=edition, pinned=True).select_related("hall")
    pinned, pinned_keys = [], set()
    for b in pinned_rows:
        key = b.participation_id if b.participation_id else -b.pk  # unassigned pins block floor
        pinned.append(
            solver.Placement(
                key, b.hall.code, solver.Rect(b.x, b.y, b.width, b.depth), b.kind, True
            )
        )
        pinned_keys.add(key)
    rivals = competitors_by_participation(edition)
    # Pinned applications stay in the problem (the solver leaves them where they are), so
    # their competitors keep away from them and the checker knows them.
    apps = [
        solver.Application(
            p.pk,
            str(p.area_id),
            p.area_requested_m2,
            solver.STANDARD if p.booth_type == Participation.BoothType.STANDARD else solver.RAW,
            p.pavilion.code if p.pavilion_id else None,
            last_hall.get(p.company_id),
            rivals.get(p.pk, ()),
        )
        for p in parts
    ]
    approved = {p.pk for p in parts}
    apps += [
        solver.Application(key, "__pinned__", max(1, pl.rect.area))
        for key, pl in ((pl.app_id, pl) for pl in pinned)
        if key not in approved
    ]
    return solver.Problem(
        halls=tuple(solver_hall(h) for h in halls),
        zones=tuple(
            solver.Zone(str(z.area_id), z.hall.code, solver.Rect(z.x, z.y, z.width, z.depth))
            for z in zones
        ),
        applications=tuple(apps),
        pinned=tuple(pinned),
        time_limit=time_limit,
        optimise=optimise,
        workers=workers,
    )


def allocation_start(
    *, actor: Any, edition: Edition, time_limit: float | None = None
) -> BackgroundJob:
    """Queue an allocation job for the edition (runs in-process when no broker is set)."""
    if not permissions.is_organiser(actor):
        raise PermissionDenied("Only organisers may allocate booths.")
    if not Hall.objects.filter(edition=edition).exists():
        raise DomainError(
            "This edition has no halls yet: import or generate a floor plan first.", "no_halls"
        )
    limit = (
        time_limit if time_limit is not None else getattr(settings, "FLOORPLAN_SOLVER_SECONDS", 60)
    )
    job = BackgroundJob.objects.create(
        kind=JOB_KIND,
        edition=edition,
        created_by=actor if actor.is_authenticated else None,
        params={"time_limit": limit},
        message="queued",
    )
    FloorPlan.objects.update_or_create(edition=edition, defaults={"last_job": job})
    audit_record(actor=actor, action="floorplan.allocate", obj=job, after={"time_limit": limit})
    from openexpo.core.jobs import job_dispatch
    from openexpo.floorplan.tasks import allocate_booths

    transaction.on_commit(lambda: job_dispatch(allocate_booths, job.pk))
    return job


def allocation_run(*, job_id: int) -> BackgroundJob:
    """Run a queued allocation job: solve, store, record figures. Safe to run twice."""
    job = BackgroundJob.objects.select_related("edition").get(pk=job_id)
    if job.status in (BackgroundJob.Status.DONE, BackgroundJob.Status.RUNNING):
        return job
    BackgroundJob.objects.filter(pk=job.pk).update(
        status=BackgroundJob.Status.RUNNING, progress=0.01, message="building the problem"
    )
    last = [0.0]

    def progress(fraction: float, message: str) -> None:
        now = time.monotonic()
        if now - last[0] >= 0.5:
            last[0] = now
            BackgroundJob.objects.filter(pk=job.pk).update(
                progress=round(min(0.95, fraction), 3), message=message
            )

    try:
        problem = problem_for(job.edition, time_limit=float(job.params.get("time_limit", 60)))
        solution = solver.solve(problem, progress=progress)
        stored = allocation_store(edition=job.edition, problem=problem, solution=solution)
    except Exception as exc:  # the job records the failure; the page shows it
        BackgroundJob.objects.filter(pk=job.pk).update(
            status=BackgroundJob.Status.FAILED, message=str(exc)[:500]
        )
        raise
    result = {
        **solution.stats,
        "method": solution.method,
        "stored": stored,
        "unplaced": [[a, r] for a, r in solution.unplaced if a > 0],
    }
    BackgroundJob.objects.filter(pk=job.pk).update(
        status=BackgroundJob.Status.DONE,
        progress=1.0,
        result=result,
        message=f"placed {solution.stats['placed']} of {solution.stats['applications']}",
    )
    job.refresh_from_db()
    return job


def booth_codes(
    placements: list[solver.Placement], taken: set[tuple[str, str]], period: dict[str, int]
) -> dict[int, str]:
    """Codes like 4.1H-A12: hall, a letter per double row (front to back), a number along it."""
    by_row: dict[tuple[str, int], list[solver.Placement]] = defaultdict(list)
    for p in placements:
        by_row[(p.hall, p.rect.y // period.get(p.hall, 24))].append(p)
    out: dict[int, str] = {}
    for (hall, row), ps in sorted(by_row.items()):
        letter = chr(ord("A") + row % 26) + ("" if row < 26 else str(row // 26))
        n = 0
        for p in sorted(ps, key=lambda p: (p.rect.x, p.rect.y)):
            n += 1
            code = f"{hall}-{letter}{n:02d}"
            while (hall, code) in taken:
                n += 1
                code = f"{hall}-{letter}{n:02d}"
            taken.add((hall, code))
            out[p.app_id] = code
    return out


def allocation_store(
    *, edition: Edition, problem: solver.Problem, solution: solver.Solution
) -> int:
    """Replace the edition's unpinned booths with the solution's (pinned ones stay)."""
    halls = {h.code: h for h in Hall.objects.filter(edition=edition)}
    period = {h.code: 2 * h.lane_depth_m + h.aisle_width_m for h in halls.values()}
    new = [p for p in solution.placements if not p.pinned and p.app_id > 0]
    with transaction.atomic():
        list(Hall.objects.select_for_update().filter(edition=edition).order_by("pk"))
        Booth.objects.filter(hall__edition=edition, pinned=False).delete()
        taken = set(Booth.objects.filter(hall__edition=edition).values_list("hall__code", "code"))
        codes = booth_codes(new, taken, period)
        booths = Booth.objects.bulk_create(
            [
                Booth(
                    hall=halls[p.hall],
                    code=codes[p.app_id],
                    kind=p.kind,
                    x=p.rect.x,
                    y=p.rect.y,
                    width=p.rect.w,
                    depth=p.rect.d,
                    participation_id=p.app_id,
                )
                for p in new
            ],
            batch_size=2000,
        )
        cells_insert(booths)
    return len(booths)


def plan_check(edition: Edition) -> list[dict[str, Any]]:
    """The independent checker run on the stored plan (hand-moved booths included): every
    violated rule with the booth, the company and what is wrong. Unassigned approved
    applications are not reported here (the allocation job lists them)."""
    problem = problem_for(edition)
    booths = list(
        Booth.objects.filter(hall__edition=edition).select_related("hall", "participation__company")
    )
    known = {a.id for a in problem.applications}
    placements = tuple(
        solver.Placement(
            b.participation_id or -b.pk,
            b.hall.code,
            solver.Rect(b.x, b.y, b.width, b.depth),
            b.kind,
            b.pinned,
        )
        for b in booths
    )
    placed = {p.app_id for p in placements}
    unplaced = tuple((a, "not_allocated") for a in sorted(known - placed))
    found = solver.check(problem, solver.Solution(placements, unplaced))
    by_key = {b.participation_id or -b.pk: b for b in booths}
    out = []
    for v in found:
        booth = by_key.get(v.app_id) if v.app_id is not None else None
        detail = v.detail
        if v.code == "competitors_near":
            other = by_key.get(int(detail.split()[1]))
            if other is not None and other.participation_id:
                detail = (
                    f"{other.participation.company.name_en} ({other.code}) is closer than "
                    f"{problem.competitor_gap} m"
                )
        if v.code == "unknown_application" and booth is not None:
            if not booth.participation_id:
                continue  # a free booth drawn by hand: nothing to check it against
            detail = "the booth's application is not approved"
        out.append(
            {
                "code": v.code,
                "booth": booth.code if booth else "",
                "booth_id": booth.pk if booth else None,
                "company": booth.participation.company.name_en
                if booth and booth.participation_id
                else "",
                "detail": detail,
            }
        )
    return out
