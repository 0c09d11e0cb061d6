"""Competitor pairs: companies the booth allocation keeps apart, per edition (writes and reads).

An organiser records that two companies must not be placed near each other; the allocation
(`allocation.problem_for`) turns each pair into `Application.competitors`, the solver keeps
their booths at least `Problem.competitor_gap` metres apart, and the checker
(`plan_check`) reports any pair that ends up closer, hand-moved booths included.
"""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import QuerySet

from openexpo.core import permissions
from openexpo.core.audit import audit_record
from openexpo.core.errors import DomainError, PermissionDenied
from openexpo.core.models import Edition
from openexpo.exhibitors.models import Company, Participation
from openexpo.floorplan.models import CompetitorPair


class CompetitorError(DomainError):
    """A competitor pair that cannot be recorded (code says why)."""


def _require_organiser(actor: Any) -> None:
    if not permissions.is_organiser(actor):
        raise PermissionDenied("Only organisers may manage competitor pairs.")


def competitor_pair_check(*, edition: Edition, company_a: Company, company_b: Company) -> None:
    """Raise CompetitorError unless the two are distinct companies that both applied."""
    if company_a.pk == company_b.pk:
        raise CompetitorError(
            f"{company_a.name_en} cannot be its own competitor.",
            "competitor_self",
            field="company_b",
        )
    applied = set(
        Participation.objects.filter(
            edition=edition, company_id__in=[company_a.pk, company_b.pk]
        ).values_list("company_id", flat=True)
    )
    for company, field in ((company_a, "company_a"), (company_b, "company_b")):
        if company.pk not in applied:
            raise CompetitorError(
                f"{company.name_en} has no application at edition {edition.number}.",
                "competitor_not_applied",
                field=field,
            )


def competitor_pair_add(
    *, actor: Any, edition: Edition, company_a: Company, company_b: Company, note: str = ""
) -> CompetitorPair:
    """Record that `company_a` and `company_b` are kept apart at `edition` (either order)."""
    _require_organiser(actor)
    competitor_pair_check(edition=edition, company_a=company_a, company_b=company_b)
    low, high = sorted((company_a, company_b), key=lambda c: c.pk)
    try:
        with transaction.atomic():
            pair = CompetitorPair.objects.create(
                edition=edition,
                company_a=low,
                company_b=high,
                note=note.strip()[:200],
                created_by=actor if actor.is_authenticated else None,
            )
    except IntegrityError:
        raise CompetitorError(
            f"{low.name_en} and {high.name_en} are already kept apart at edition {edition.number}.",
            "competitor_pair_conflict",
        )
    audit_record(
        actor=actor,
        action="competitor_pair.add",
        obj=pair,
        after={"companies": [low.pk, high.pk], "note": pair.note},
    )
    return pair


def competitor_pair_remove(*, actor: Any, pair: CompetitorPair) -> None:
    """Forget a competitor pair (the next allocation may place the two side by side)."""
    _require_organiser(actor)
    audit_record(
        actor=actor,
        action="competitor_pair.remove",
        obj=pair,
        before={"companies": [pair.company_a_id, pair.company_b_id], "note": pair.note},
    )
    pair.delete()


def competitor_pair_list(*, user: Any, edition: Edition) -> QuerySet[CompetitorPair]:
    """The edition's pairs with both companies (organisers only; others get none)."""
    qs = CompetitorPair.objects.filter(edition=edition).select_related(
        "company_a", "company_b", "created_by"
    )
    return permissions.scope(user, qs)


def competitors_by_participation(edition: Edition) -> dict[int, tuple[int, ...]]:
    """{participation id: participation ids of its competitors} for the edition's pairs,
    each pair listed from both sides (applications of any status)."""
    part_of = dict(Participation.objects.filter(edition=edition).values_list("company_id", "pk"))
    out: dict[int, set[int]] = {}
    for a, b in CompetitorPair.objects.filter(edition=edition).values_list(
        "company_a_id", "company_b_id"
    ):
        pa, pb = part_of.get(a), part_of.get(b)
        if pa is not None and pb is not None:
            out.setdefault(pa, set()).add(pb)
            out.setdefault(pb, set()).add(pa)
    return {k: tuple(sorted(v)) for k, v in out.items()}
