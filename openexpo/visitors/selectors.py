"""Reads shared by the visitors pages and API: badges, occupancy, conflicts."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.db.models.functions import ExtractHour, TruncMinute
from django.utils import timezone

from openexpo.core.models import Edition
from openexpo.visitors.models import Badge, Presence, Scan, ScanConflict, Visitor


def badge_list_own(*, user: Any) -> QuerySet[Badge]:
    """Badges the user holds or that belong to the user's visitor registrations."""
    if not (user and user.is_authenticated):
        return Badge.objects.none()
    return (
        Badge.objects.filter(Q(holder=user) | Q(visitor__user=user))
        .select_related("edition", "visitor__country")
        .order_by("-edition__number", "number")
    )


def visitor_for_user(*, edition: Edition, user: Any) -> Visitor | None:
    if not (user and user.is_authenticated):
        return None
    return Visitor.objects.filter(edition=edition, user=user).select_related("country").first()


def visitor_by_badge(*, edition: Edition, number: int) -> Visitor | None:
    """The approved visitor of `edition` whose active badge carries `number` (the "No." printed
    on the badge), or None."""
    return (
        Visitor.objects.filter(
            edition=edition,
            status=Visitor.Status.APPROVED,
            badges__edition=edition,
            badges__number=number,
            badges__status=Badge.Status.ACTIVE,
        )
        .select_related("delegation")
        .first()
    )


def visitor_badge_number(*, edition: Edition, user: Any) -> int | None:
    """The number on the user's own active visitor badge at `edition`, or None."""
    if not (user and user.is_authenticated):
        return None
    return (
        Badge.objects.filter(edition=edition, visitor__user=user, status=Badge.Status.ACTIVE)
        .values_list("number", flat=True)
        .first()
    )


def occupancy(*, edition: Edition, day: dt.date | None = None) -> dict[str, Any]:
    """People inside per zone (hall, or "" for the venue), entries per hour and the day's
    peak (minute resolution, assuming nobody is inside at the day's start)."""
    tz = zoneinfo.ZoneInfo(edition.time_zone)
    day = day or timezone.now().astimezone(tz).date()
    start = dt.datetime.combine(day, dt.time.min, tzinfo=tz)
    end = start + dt.timedelta(days=1)
    inside = dict(
        Presence.objects.filter(edition=edition, inside=True)
        .values_list("zone")
        .annotate(n=Count("id"))
    )
    day_scans = Scan.objects.filter(
        edition=edition, accepted=True, scanned_at__gte=start, scanned_at__lt=end
    )
    hours = dict(
        day_scans.filter(direction="in")
        .annotate(h=ExtractHour("scanned_at", tzinfo=tz))
        .values_list("h")
        .annotate(n=Count("id"))
        .order_by()
    )
    per_minute = (
        day_scans.annotate(m=TruncMinute("scanned_at", tzinfo=tz))
        .values("m", "direction")
        .annotate(n=Count("id"))
        .order_by("m")
    )
    running = peak = 0
    peak_at = None
    for row in per_minute:
        running += row["n"] if row["direction"] == "in" else -row["n"]
        if running > peak:
            peak, peak_at = running, row["m"]
    return {
        "day": day,
        "inside_total": sum(inside.values()),
        "inside_by_zone": sorted(inside.items()),
        "entries_by_hour": [(h, hours.get(h, 0)) for h in range(24)],
        "entries_today": sum(hours.values()),
        "peak": peak,
        "peak_at": peak_at,
        "conflicts_open": ScanConflict.objects.filter(edition=edition, resolved=False).count(),
    }


def conflict_list(*, edition: Edition) -> QuerySet[ScanConflict]:
    return (
        ScanConflict.objects.filter(edition=edition)
        .select_related("scan__gate", "other_scan__gate")
        .order_by("-detected_at")
    )
