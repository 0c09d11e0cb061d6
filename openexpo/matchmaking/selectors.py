"""Reads of matchmaking shared by pages and the API: who the user is on each side, needs,
requests, a participant's schedule, and the organiser's slot × table grid with conflicts."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q, QuerySet

from openexpo.core import permissions
from openexpo.core.errors import DomainError
from openexpo.core.models import Edition
from openexpo.core.selectors import edition_current, edition_get
from openexpo.exhibitors.models import Participation
from openexpo.matchmaking.models import MeetingRequest, Need
from openexpo.visitors.models import Visitor


def edition_for(number: int | None) -> Edition:
    """The edition numbered `number`, or the current one; DomainError("not_found") if none."""
    edition = edition_get(number) if number else edition_current()
    if edition is None:
        raise DomainError("No such edition.", "not_found")
    return edition


def buyer_for(user: Any, edition: Edition) -> Visitor | None:
    """The user's own buyer registration at the edition."""
    if not (user and user.is_authenticated):
        return None
    return Visitor.objects.filter(edition=edition, user=user).select_related("delegation").first()


def participation_for(user: Any, edition: Edition) -> Participation | None:
    """The participation of the company the user works for, at the edition."""
    ids = permissions.company_ids(user)
    if not ids:
        return None
    return (
        Participation.objects.filter(edition=edition, company_id__in=ids)
        .select_related("company", "edition")
        .first()
    )


def need_list(*, user: Any, edition: Edition, mine: bool = True) -> QuerySet[Need]:
    qs = (
        Need.objects.filter(edition=edition)
        .select_related("buyer")
        .prefetch_related("categories", "origins")
    )
    if mine and not (user and user.is_authenticated):
        return qs.none()  # an anonymous caller has no needs (filtering by it would crash)
    if mine and not permissions.is_organiser(user):
        qs = qs.filter(
            Q(buyer__user=user) | Q(buyer__delegation_id__in=permissions.led_delegation_ids(user))
        )
    return permissions.scope(user, qs, "view")


def request_list(*, user: Any, edition: Edition, status: str = "") -> QuerySet[MeetingRequest]:
    qs = MeetingRequest.objects.filter(edition=edition).select_related(
        "buyer", "buyer__delegation", "participation__company", "exhibit", "need"
    )
    if status:
        qs = qs.filter(status=status)
    return permissions.scope(user, qs, "view").order_by("day", "slot", "-created", "id")


def schedule_of(
    *, user: Any, edition: Edition, include_unpublished: bool = False
) -> QuerySet[MeetingRequest]:
    """The user's scheduled meetings (published only, unless organiser asks otherwise)."""
    qs = request_list(user=user, edition=edition, status=MeetingRequest.Status.ACCEPTED).filter(
        slot__isnull=False
    )
    if not include_unpublished:
        qs = qs.filter(published=True)
    return qs.order_by("starts_at", "table")


@dataclass
class GridCell:
    meeting: MeetingRequest
    conflicts: list[str] = field(default_factory=list)


@dataclass
class Grid:
    day: dt.date
    times: list[dt.datetime]
    tables: int
    rows: list[list[GridCell | None]]
    unplaced: list[MeetingRequest]
    conflicts: int

    @property
    def lines(self) -> list[tuple[dt.datetime, list[GridCell | None]]]:
        return list(zip(self.times, self.rows, strict=True))

    @property
    def table_numbers(self) -> range:
        return range(1, self.tables + 1)


def schedule_grid(*, edition: Edition, day: dt.date) -> Grid:
    """Slots × tables of one day, each cell flagged with its conflicts (participant busy,
    double-booked, table out of range), and the accepted meetings left unplaced."""
    from openexpo.matchmaking.scheduling import busy_intervals, slot_grid
    from openexpo.matchmaking.services import setup_for

    setup = setup_for(edition)
    grid = slot_grid(setup, day)
    meetings = list(
        MeetingRequest.objects.filter(
            edition=edition,
            day=day,
            status=MeetingRequest.Status.ACCEPTED,
        )
        .select_related("buyer", "participation__company")
        .order_by("slot", "table", "id")
    )
    placed = [m for m in meetings if m.slot is not None]
    used_tables = max([setup.tables] + [m.table or 0 for m in placed])
    rows: list[list[GridCell | None]] = [[None] * used_tables for _ in grid.starts]
    busy = busy_intervals(edition, placed)
    seen: dict[tuple[int, str], int] = defaultdict(int)
    for m in placed:
        for pid in (f"b{m.buyer_id}", f"e{m.participation_id}"):
            seen[(m.slot, pid)] += 1
    count = 0
    for m in placed:
        cell = GridCell(m)
        if m.slot >= len(grid.starts):
            continue
        start, end = grid.interval(m.slot)
        for pid, label in ((f"b{m.buyer_id}", "buyer"), (f"e{m.participation_id}", "exhibitor")):
            if any(a < end and start < b for a, b in busy.get(pid, ())):
                cell.conflicts.append(f"{label} busy")
            if seen[(m.slot, pid)] > 1:
                cell.conflicts.append(f"{label} double-booked")
        if not m.table or m.table > setup.tables:
            cell.conflicts.append("no such table")
        count += bool(cell.conflicts)
        if m.table and m.table <= used_tables:
            rows[m.slot][m.table - 1] = cell
    return Grid(
        day=day,
        times=list(grid.starts),
        tables=used_tables,
        rows=rows,
        unplaced=[m for m in meetings if m.slot is None],
        conflicts=count,
    )
