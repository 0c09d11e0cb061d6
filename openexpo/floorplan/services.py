"""Writes of the floor plan: drawing, moving and pinning booths, publishing the plan.

Double booking is impossible twice over: every booth owns its 1 m cells in `BoothCell`
(unique per hall and cell, a database constraint on SQLite and PostgreSQL alike), and each
edit locks its hall row first, so concurrent edits of one hall queue and the second one
sees the first one's booth and gets a clear error instead of an IntegrityError.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from openexpo.core import permissions
from openexpo.core.audit import audit_record
from openexpo.core.errors import DomainError, PermissionDenied
from openexpo.core.models import Edition
from openexpo.exhibitors.models import Participation
from openexpo.floorplan.geometry import solver_hall
from openexpo.floorplan.models import Booth, BoothCell, FloorPlan, Hall
from openexpo.solvers.booths import Placement, Rect, check_geometry
from openexpo.webhooks.services import emit as webhook_emit


class PlanError(DomainError):
    """A floor-plan edit that cannot be done (code says why)."""


def _require_organiser(actor: Any) -> None:
    if not permissions.is_organiser(actor):
        raise PermissionDenied("Only organisers may change the floor plan.")


def cells_insert(booths: Iterable[Booth]) -> int:
    """Claim the cells of `booths` (IntegrityError if any cell is taken)."""
    rows = [
        BoothCell(hall_id=b.hall_id, booth_id=b.pk, x=x, y=y)
        for b in booths
        for y in range(b.y, b.y + b.depth)
        for x in range(b.x, b.x + b.width)
    ]
    BoothCell.objects.bulk_create(rows, batch_size=5000)
    return len(rows)


def _lock_halls(*halls: Hall) -> dict[int, Hall]:
    """Lock the halls (in id order) and make sure every booth in them holds its cells:
    the demo bulk-loads booths without cells, which are claimed at the first edit."""
    ids = sorted({h.pk for h in halls})
    locked = Hall.objects.select_for_update().filter(pk__in=ids).order_by("pk")
    out = {h.pk: h for h in locked.prefetch_related("obstacles")}
    bare = Booth.objects.filter(hall_id__in=ids).exclude(
        pk__in=BoothCell.objects.values("booth_id")
    )
    cells_insert(list(bare))
    return out


def _validate(hall: Hall, rect: Rect, *, ignore: int | None) -> None:
    """Inside the hall's polygon, off obstacles, and not over another booth."""
    found = check_geometry({hall.code: solver_hall(hall)}, [Placement(0, hall.code, rect)])
    for v in found:
        code = "booth_outside_hall" if v.code == "outside_hall" else "booth_over_obstacle"
        if v.code == "over_obstacle" and "blocked" in v.detail:
            code, msg = (
                "booth_outside_hall",
                f"Booth {_fmt(rect)} lies outside the outline of hall {hall.code}.",
            )
        elif code == "booth_outside_hall":
            msg = f"Booth {_fmt(rect)} lies outside hall {hall.code} ({hall.width_m} x {hall.depth_m} m)."
        else:
            msg = f"Booth {_fmt(rect)} {v.detail.removeprefix('booth ')} in hall {hall.code}."
        raise PlanError(msg, code)
    others = Booth.objects.filter(
        hall=hall,
        x__lt=rect.x1,
        y__lt=rect.y1,
    ).exclude(pk=ignore)
    for b in others:
        if Rect(b.x, b.y, b.width, b.depth).intersects(rect):
            raise PlanError(
                f"Booth {_fmt(rect)} overlaps booth {b.code} in hall {hall.code}.",
                "booth_overlap_conflict",
            )


def booth_validate(
    *, hall: Hall, x: int, y: int, width: int, depth: int, ignore: int | None = None
) -> None:
    """Pre-check for forms (no lock): raise PlanError if the rectangle cannot be a booth of
    `hall`. The services check again under the hall's lock."""
    if width <= 0 or depth <= 0:
        raise PlanError("A booth needs a positive width and depth.", "invalid")
    _validate(hall, Rect(x, y, width, depth), ignore=ignore)


def _fmt(r: Rect) -> str:
    return f"{r.w} x {r.d} m at ({r.x}, {r.y})"


def _save_cells(booth: Booth) -> None:
    BoothCell.objects.filter(booth=booth).delete()
    try:
        with transaction.atomic():
            cells_insert([booth])
    except IntegrityError:
        raise PlanError(
            f"Booth {booth.code} would cover floor another booth holds.", "booth_overlap_conflict"
        )


def booth_create(
    *,
    actor: Any,
    hall: Hall,
    code: str,
    x: int,
    y: int,
    width: int,
    depth: int,
    kind: str = Booth.Kind.RAW_SPACE,
    participation: Participation | None = None,
) -> Booth:
    """Draw a booth by hand."""
    _require_organiser(actor)
    if width <= 0 or depth <= 0:
        raise PlanError("A booth needs a positive width and depth.", "invalid")
    if participation is not None and participation.edition_id != hall.edition_id:
        raise PlanError("The application belongs to another edition.", "invalid")
    with transaction.atomic():
        locked = _lock_halls(hall)[hall.pk]
        _validate(locked, Rect(x, y, width, depth), ignore=None)
        if Booth.objects.filter(hall=hall, code=code).exists():
            raise PlanError(f"Hall {hall.code} already has a booth {code}.", "booth_code_conflict")
        booth = Booth.objects.create(
            hall=hall,
            code=code,
            kind=kind,
            x=x,
            y=y,
            width=width,
            depth=depth,
            participation=participation,
            pinned=True,
        )
        _save_cells(booth)
        audit_record(
            actor=actor, action="booth.create", obj=booth, after={"rect": [x, y, width, depth]}
        )
    return booth


def booth_move(
    *,
    actor: Any,
    booth: Booth,
    x: int,
    y: int,
    width: int | None = None,
    depth: int | None = None,
    hall: Hall | None = None,
) -> Booth:
    """Move (and optionally resize or re-hall) a booth; a moved booth is pinned."""
    _require_organiser(actor)
    target = hall or booth.hall
    width = booth.width if width is None else width
    depth = booth.depth if depth is None else depth
    if width <= 0 or depth <= 0:
        raise PlanError("A booth needs a positive width and depth.", "invalid")
    if target.edition_id != booth.hall.edition_id:
        raise PlanError("A booth cannot move to another edition's hall.", "invalid")
    with transaction.atomic():
        halls = _lock_halls(booth.hall, target)
        fresh = Booth.objects.select_for_update().get(pk=booth.pk)
        _validate(halls[target.pk], Rect(x, y, width, depth), ignore=fresh.pk)
        before = [fresh.hall_id, fresh.x, fresh.y, fresh.width, fresh.depth]
        fresh.hall_id, fresh.x, fresh.y, fresh.width, fresh.depth = target.pk, x, y, width, depth
        fresh.pinned = True
        fresh.save(update_fields=["hall", "x", "y", "width", "depth", "pinned"])
        _save_cells(fresh)
        audit_record(
            actor=actor,
            action="booth.move",
            obj=fresh,
            before=before,
            after=[target.pk, x, y, width, depth],
        )
    return fresh


def booth_pin(*, actor: Any, booth: Booth, pinned: bool = True) -> Booth:
    """Pin a booth so that re-running the allocation keeps it (or unpin it)."""
    _require_organiser(actor)
    Booth.objects.filter(pk=booth.pk).update(pinned=pinned)
    booth.pinned = pinned
    audit_record(actor=actor, action="booth.pin" if pinned else "booth.unpin", obj=booth)
    return booth


def booth_delete(*, actor: Any, booth: Booth) -> None:
    _require_organiser(actor)
    audit_record(actor=actor, action="booth.delete", obj=booth, before={"code": booth.code})
    booth.delete()


def plan_publish(*, actor: Any, edition: Edition) -> FloorPlan:
    """Publish the plan: booths become public and each application's granted area is set."""
    _require_organiser(actor)
    with transaction.atomic():
        plan, _ = FloorPlan.objects.select_for_update().get_or_create(edition=edition)
        booths = Booth.objects.filter(hall__edition=edition, participation__isnull=False)
        granted: dict[int, int] = {}
        for pid, w, d in booths.values_list("participation_id", "width", "depth"):
            granted[pid] = granted.get(pid, 0) + w * d
        for pid, m2 in granted.items():
            Participation.objects.filter(pk=pid).update(area_granted_m2=m2)
        plan.published_at = timezone.now()
        plan.published_by = actor
        plan.save(update_fields=["published_at", "published_by"])
        audit_record(
            actor=actor, action="floorplan.publish", obj=plan, after={"booths": len(granted)}
        )
        webhook_emit(
            "booths.published", {"edition": edition.number, "applications": sorted(granted)}
        )
    return plan


def plan_unpublish(*, actor: Any, edition: Edition) -> FloorPlan:
    """Take the plan back to draft: booths are no longer public (granted areas stay)."""
    _require_organiser(actor)
    with transaction.atomic():
        plan, _ = FloorPlan.objects.select_for_update().get_or_create(edition=edition)
        before = plan.published_at
        plan.published_at = None
        plan.save(update_fields=["published_at"])
        audit_record(
            actor=actor, action="floorplan.unpublish", obj=plan, before={"published_at": before}
        )
    return plan
