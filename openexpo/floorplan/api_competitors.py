"""REST endpoints of competitor pairs (organisers): list, add, remove."""

from __future__ import annotations

from datetime import datetime

from django.http import HttpRequest
from ninja import Router, Schema, Status

from openexpo.core import permissions
from openexpo.core.api import edition_or_404
from openexpo.core.errors import DomainError, PermissionDenied
from openexpo.exhibitors.models import Company
from openexpo.floorplan.competitors import (
    competitor_pair_add,
    competitor_pair_list,
    competitor_pair_remove,
)
from openexpo.floorplan.models import CompetitorPair

router = Router(tags=["floorplan"])


class PairIn(Schema):
    company_a: int
    company_b: int
    note: str = ""


class PairOut(Schema):
    id: int
    edition: int
    company_a: int
    company_a_name: str
    company_b: int
    company_b_name: str
    note: str
    created: datetime

    @staticmethod
    def resolve_edition(obj: CompetitorPair) -> int:
        return obj.edition.number

    @staticmethod
    def resolve_company_a(obj: CompetitorPair) -> int:
        return obj.company_a_id

    @staticmethod
    def resolve_company_b(obj: CompetitorPair) -> int:
        return obj.company_b_id

    @staticmethod
    def resolve_company_a_name(obj: CompetitorPair) -> str:
        return obj.company_a.name_en

    @staticmethod
    def resolve_company_b_name(obj: CompetitorPair) -> str:
        return obj.company_b.name_en


def _organiser(request: HttpRequest) -> None:
    if not permissions.is_organiser(request.user):
        raise PermissionDenied("Only organisers may manage competitor pairs.")


def _company(pk: int, field: str) -> Company:
    company = Company.objects.filter(pk=pk).first()
    if company is None:
        raise DomainError(f"No company {pk}.", "invalid", field=field)
    return company


@router.get("/editions/{number}/competitor-pairs", response=list[PairOut])
def pair_list(request: HttpRequest, number: int):
    """The edition's competitor pairs (organisers only)."""
    _organiser(request)
    edition = edition_or_404(request, number)
    return competitor_pair_list(user=request.user, edition=edition).select_related("edition")


@router.post("/editions/{number}/competitor-pairs", response={201: PairOut})
def pair_add(request: HttpRequest, number: int, payload: PairIn):
    """Keep two companies apart at this edition (either order; both must have applied)."""
    _organiser(request)
    edition = edition_or_404(request, number)
    pair = competitor_pair_add(
        actor=request.user,
        edition=edition,
        company_a=_company(payload.company_a, "company_a"),
        company_b=_company(payload.company_b, "company_b"),
        note=payload.note,
    )
    return Status(201, pair)


@router.delete("/competitor-pairs/{pair_id}", response={204: None})
def pair_remove(request: HttpRequest, pair_id: int):
    _organiser(request)
    pair = CompetitorPair.objects.get(pk=pair_id)
    competitor_pair_remove(actor=request.user, pair=pair)
    return Status(204, None)
