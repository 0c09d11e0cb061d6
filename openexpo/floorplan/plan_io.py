"""The whole floor plan of an edition as JSON: export, validate, import (all or nothing).

Schema (version 1)::

    {"version": 1, "edition": 6,
     "halls": [{"code": "4.1H", "name_en": "Hall 4.1", "name_zh": "4.1号馆",
                "outline": [[0, 0], [200, 0], [200, 150], [0, 150]],   # polygon, metres
                "lane_depth_m": 9, "aisle_width_m": 6,
                "obstacles": [{"kind": "pillar|entrance|aisle|blocked",
                               "x": 13, "y": 3, "width": 1, "depth": 1}],
                "zones": [{"area": "<area code>", "x": 0, "y": 0, "width": 100, "depth": 150}],
                "booths": [{"code": "4.1H-A01", "kind": "raw|standard|pavilion",
                            "x": 0, "y": 6, "width": 8, "depth": 9,
                            "participation": 123 | null, "pinned": false}]}]}

Coordinates are whole metres from the hall's top-left corner. On import every problem is
collected with its path (``halls[1].booths[4].x: ...``) and nothing changes unless there
is none; a valid import replaces the edition's halls, zones, obstacles and booths.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction

from openexpo.core import permissions
from openexpo.core.errors import DomainError, PermissionDenied
from openexpo.core.models import Edition, ExhibitionArea
from openexpo.exhibitors.models import Participation
from openexpo.floorplan.geometry import bounding_box, outside_rects
from openexpo.floorplan.models import Booth, Hall, Obstacle, Zone
from openexpo.floorplan.services import cells_insert
from openexpo.solvers.booths import Hall as SolverHall
from openexpo.solvers.booths import Obstacle as SolverObstacle
from openexpo.solvers.booths import Placement, Rect, check_geometry

RECT_KEYS = ("x", "y", "width", "depth")
MAX_ERRORS = 25


def plan_export(*, edition: Edition) -> dict[str, Any]:
    """The edition's plan as a JSON-ready dict (schema above)."""
    halls = (
        Hall.objects.filter(edition=edition)
        .prefetch_related("obstacles", "zones__area", "booths")
        .order_by("code")
    )
    out = []
    for h in halls:
        out.append(
            {
                "code": h.code,
                "name_en": h.name_en,
                "name_zh": h.name_zh,
                "outline": h.outline,
                "lane_depth_m": h.lane_depth_m,
                "aisle_width_m": h.aisle_width_m,
                "obstacles": [
                    {"kind": o.kind, "x": o.x, "y": o.y, "width": o.width, "depth": o.depth}
                    for o in h.obstacles.all()
                ],
                "zones": [
                    {"area": z.area.code, "x": z.x, "y": z.y, "width": z.width, "depth": z.depth}
                    for z in h.zones.all()
                ],
                "booths": [
                    {
                        "code": b.code,
                        "kind": b.kind,
                        "x": b.x,
                        "y": b.y,
                        "width": b.width,
                        "depth": b.depth,
                        "participation": b.participation_id,
                        "pinned": b.pinned,
                    }
                    for b in sorted(h.booths.all(), key=lambda b: b.code)
                ],
            }
        )
    return {"version": 1, "edition": edition.number, "halls": out}


class _Errors(list):
    def add(self, path: str, msg: str) -> None:
        self.append(f"{path}: {msg}")


def _int(errors: _Errors, path: str, obj: dict, key: str, minimum: int) -> int:
    value = obj.get(key)
    if not isinstance(value, int) or isinstance(value, bool):
        errors.add(f"{path}.{key}", "must be a whole number of metres")
        return minimum
    if value < minimum:
        errors.add(f"{path}.{key}", f"must be at least {minimum}")
    return value


def _rect(errors: _Errors, path: str, obj: Any) -> Rect | None:
    if not isinstance(obj, dict):
        errors.add(path, "must be an object")
        return None
    before = len(errors)
    x, y = _int(errors, path, obj, "x", 0), _int(errors, path, obj, "y", 0)
    w, d = _int(errors, path, obj, "width", 1), _int(errors, path, obj, "depth", 1)
    return Rect(x, y, w, d) if len(errors) == before else None


def _outline(errors: _Errors, path: str, value: Any) -> list[list[int]] | None:
    ok = (
        isinstance(value, list)
        and len(value) >= 3
        and all(
            isinstance(p, list)
            and len(p) == 2
            and all(isinstance(c, int) and not isinstance(c, bool) and c >= 0 for c in p)
            for p in value
        )
    )
    if not ok:
        errors.add(path, "must be a list of at least 3 [x, y] points in whole metres >= 0")
        return None
    return value


def plan_validate(*, edition: Edition, data: Any) -> list[str]:
    """Every problem of `data` as a plan of `edition`, each naming where it is."""
    errors = _Errors()
    if not isinstance(data, dict):
        return ["plan: must be a JSON object"]
    if data.get("version") != 1:
        errors.add("version", "must be 1")
    halls = data.get("halls")
    if not isinstance(halls, list) or not halls:
        errors.add("halls", "must be a non-empty list")
        return errors
    areas = set(ExhibitionArea.objects.filter(edition=edition).values_list("code", flat=True))
    parts = set(Participation.objects.filter(edition=edition).values_list("id", flat=True))
    codes, booth_codes, used_parts = set(), set(), set()
    for hi, h in enumerate(halls):
        path = f"halls[{hi}]"
        if not isinstance(h, dict):
            errors.add(path, "must be an object")
            continue
        code = h.get("code")
        if not isinstance(code, str) or not 1 <= len(code) <= 16:
            errors.add(f"{path}.code", "must be a text of 1 to 16 characters")
        elif code in codes:
            errors.add(f"{path}.code", f"hall {code} appears twice")
        codes.add(code)
        outline = _outline(errors, f"{path}.outline", h.get("outline"))
        for key in ("lane_depth_m", "aisle_width_m"):
            if key in h:
                _int(errors, path, h, key, 3)
        if outline is None:
            continue
        width, depth = bounding_box(outline)
        obstacles = []
        for oi, o in enumerate(h.get("obstacles") or []):
            r = _rect(errors, f"{path}.obstacles[{oi}]", o)
            if r and o.get("kind") not in Obstacle.Kind.values:
                errors.add(
                    f"{path}.obstacles[{oi}].kind",
                    f"must be one of {', '.join(Obstacle.Kind.values)}",
                )
            elif r:
                obstacles.append(SolverObstacle(o["kind"], r))
        blocked = [SolverObstacle("blocked", r) for r in outside_rects(outline)]
        shall = SolverHall(str(code), width, depth, tuple(obstacles + blocked))
        zone_rects = []
        for zi, z in enumerate(h.get("zones") or []):
            r = _rect(errors, f"{path}.zones[{zi}]", z)
            if r is None:
                continue
            if z.get("area") not in areas:
                errors.add(
                    f"{path}.zones[{zi}].area",
                    f"no exhibition area {z.get('area')!r} in this edition",
                )
            if not shall.rect.contains(r):
                errors.add(f"{path}.zones[{zi}]", "lies outside the hall")
            if any(r.intersects(o) for o in zone_rects):
                errors.add(f"{path}.zones[{zi}]", "overlaps another zone")
            zone_rects.append(r)
        placements, names, labels = [], {}, {}
        for bi, b in enumerate(h.get("booths") or []):
            bpath = f"{path}.booths[{bi}]"
            r = _rect(errors, bpath, b)
            if r is None:
                continue
            bcode = b.get("code")
            if not isinstance(bcode, str) or not 1 <= len(bcode) <= 24:
                errors.add(f"{bpath}.code", "must be a text of 1 to 24 characters")
            elif (code, bcode) in booth_codes:
                errors.add(f"{bpath}.code", f"booth {bcode} appears twice")
            booth_codes.add((code, bcode))
            if b.get("kind", "raw") not in Booth.Kind.values:
                errors.add(f"{bpath}.kind", f"must be one of {', '.join(Booth.Kind.values)}")
            part = b.get("participation")
            if part is not None and part not in parts:
                errors.add(f"{bpath}.participation", f"no application {part!r} in this edition")
            elif part is not None and part in used_parts:
                errors.add(f"{bpath}.participation", f"application {part} already has a booth")
            if part is not None:
                used_parts.add(part)
            placements.append(Placement(bi, str(code), r))
            names[bi] = f"{bpath} ({bcode})"
            labels[bi] = str(bcode)
        for v in check_geometry({str(code): shall}, placements):
            detail = v.detail
            if v.code == "overlap":
                other = int(detail.rsplit(" ", 1)[1])
                detail = f"booth overlaps booth {labels.get(other, other)}"
            errors.add(names.get(v.app_id, path), detail)
        if len(errors) > MAX_ERRORS:
            break
    return errors[:MAX_ERRORS]


def plan_import(*, actor: Any, edition: Edition, data: Any) -> dict[str, int]:
    """Replace the edition's plan with `data` (all or nothing)."""
    if not permissions.is_organiser(actor):
        raise PermissionDenied("Only organisers may import a floor plan.")
    errors = plan_validate(edition=edition, data=data)
    if errors:
        raise DomainError("The plan is not valid: " + "; ".join(errors), "invalid_plan")
    areas = dict(ExhibitionArea.objects.filter(edition=edition).values_list("code", "id"))
    counts = {"halls": 0, "zones": 0, "obstacles": 0, "booths": 0}
    with transaction.atomic():
        Hall.objects.filter(edition=edition).delete()
        for h in data["halls"]:
            width, depth = bounding_box(h["outline"])
            hall = Hall.objects.create(
                edition=edition,
                code=h["code"],
                name_en=h.get("name_en", ""),
                name_zh=h.get("name_zh", ""),
                outline=h["outline"],
                width_m=width,
                depth_m=depth,
                lane_depth_m=h.get("lane_depth_m", 9),
                aisle_width_m=h.get("aisle_width_m", 6),
            )
            Obstacle.objects.bulk_create(
                [
                    Obstacle(hall=hall, kind=o["kind"], **{k: o[k] for k in RECT_KEYS})
                    for o in h.get("obstacles") or []
                ]
            )
            Zone.objects.bulk_create(
                [
                    Zone(hall=hall, area_id=areas[z["area"]], **{k: z[k] for k in RECT_KEYS})
                    for z in h.get("zones") or []
                ]
            )
            booths = Booth.objects.bulk_create(
                [
                    Booth(
                        hall=hall,
                        code=b["code"],
                        kind=b.get("kind", "raw"),
                        participation_id=b.get("participation"),
                        pinned=bool(b.get("pinned")),
                        **{k: b[k] for k in RECT_KEYS},
                    )
                    for b in h.get("booths") or []
                ]
            )
            cells_insert(booths)
            counts["halls"] += 1
            counts["zones"] += len(h.get("zones") or [])
            counts["obstacles"] += len(h.get("obstacles") or [])
            counts["booths"] += len(booths)
    return counts
