"""REST endpoints of matchmaking: needs, recommendations, dismissals, meeting requests,
unavailable times, schedules (JSON and ICS), and the organiser's scheduling runs."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Router, Schema, Status

from openexpo.catalogue.models import Exhibit
from openexpo.core import permissions
from openexpo.core.errors import DomainError
from openexpo.exhibitors.models import Participation
from openexpo.matchmaking import (
    recommendations,
    selectors,
    services,
)
from openexpo.matchmaking.models import Need
from openexpo.matchmaking.selectors import edition_for
from openexpo.visitors.models import Visitor

router = Router(tags=["matchmaking"])


class NeedIn(Schema):
    title: str
    text_en: str = ""
    text_zh: str = ""
    categories: list[str] = []
    origins: list[str] = []
    quantity: str = ""
    budget_min: Decimal | None = None
    budget_max: Decimal | None = None
    currency: str = ""
    deadline: dt.date | None = None
    buyer_id: int | None = None
    edition: int | None = None


class NeedPatch(Schema):
    title: str | None = None
    text_en: str | None = None
    text_zh: str | None = None
    categories: list[str] | None = None
    origins: list[str] | None = None
    quantity: str | None = None
    budget_min: Decimal | None = None
    budget_max: Decimal | None = None
    currency: str | None = None
    deadline: dt.date | None = None
    status: str | None = None


class NeedOut(Schema):
    id: int
    buyer_id: int
    title: str
    text_en: str
    text_zh: str
    categories: list[str]
    origins: list[str]
    quantity: str
    budget_min: Decimal | None
    budget_max: Decimal | None
    currency: str
    deadline: dt.date | None
    status: str

    @staticmethod
    def resolve_categories(obj: Need) -> list[str]:
        return [c.code for c in obj.categories.all()]

    @staticmethod
    def resolve_origins(obj: Need) -> list[str]:
        return [c.code for c in obj.origins.all()]


class ReasonOut(Schema):
    kind: str
    detail: str


class SuggestionOut(Schema):
    kind: str
    id: int
    participation_id: int | None
    buyer_id: int | None
    title: str
    company: str
    score: float
    reasons: list[ReasonOut]


class NeedRecommendationsOut(Schema):
    exhibits: list[SuggestionOut]
    exhibitors: list[SuggestionOut]


class DismissalIn(Schema):
    side: str
    buyer_id: int
    participation_id: int
    exhibit_id: int | None = None


class CapabilityIn(Schema):
    participation_id: int
    text_en: str = ""
    text_zh: str = ""
    categories: list[str] = []


# --- needs ------------------------------------------------------------------------------------


@router.get("/matchmaking/needs", response=list[NeedOut])
def need_list(request: HttpRequest, edition: int | None = None):
    return list(selectors.need_list(user=request.user, edition=edition_for(edition)))


@router.post("/matchmaking/needs", response={201: NeedOut})
def need_create(request: HttpRequest, payload: NeedIn):
    data = payload.dict(exclude={"buyer_id", "edition"})
    if payload.buyer_id:
        buyer = get_object_or_404(Visitor, pk=payload.buyer_id)
    else:
        buyer = selectors.buyer_for(request.user, edition_for(payload.edition))
        if buyer is None:
            raise DomainError("You are not registered as a buyer at this edition.", "no_buyer")
    return Status(201, services.need_create(actor=request.user, buyer=buyer, data=data))


def _need(request: HttpRequest, need_id: int, action: str = "view") -> Need:
    need = get_object_or_404(Need.objects.select_related("buyer", "edition"), pk=need_id)
    permissions.require(request.user, action, need)
    return need


@router.get("/matchmaking/needs/{need_id}", response=NeedOut)
def need_detail(request: HttpRequest, need_id: int):
    return _need(request, need_id)


@router.patch("/matchmaking/needs/{need_id}", response=NeedOut)
def need_patch(request: HttpRequest, need_id: int, payload: NeedPatch):
    return services.need_update(
        actor=request.user, need=_need(request, need_id), changes=payload.dict(exclude_unset=True)
    )


@router.delete("/matchmaking/needs/{need_id}", response={204: None})
def need_delete(request: HttpRequest, need_id: int):
    services.need_delete(actor=request.user, need=_need(request, need_id))
    return Status(204, None)


@router.get("/matchmaking/needs/{need_id}/recommendations", response=NeedRecommendationsOut)
def need_recommendations(request: HttpRequest, need_id: int, k: int = 10):
    need = _need(request, need_id, "change")
    return recommendations.recommend_for_need(need, k=max(1, min(k, 50)))


@router.get(
    "/matchmaking/participations/{participation_id}/recommendations", response=list[SuggestionOut]
)
def buyer_recommendations(request: HttpRequest, participation_id: int, k: int = 10):
    part = get_object_or_404(
        Participation.objects.select_related("company", "edition"), pk=participation_id
    )
    permissions.require(request.user, "change", part)
    return recommendations.recommend_buyers(part, k=max(1, min(k, 50)))


@router.post("/matchmaking/dismissals", response={201: dict})
def dismissal_create(request: HttpRequest, payload: DismissalIn):
    buyer = get_object_or_404(Visitor, pk=payload.buyer_id)
    part = get_object_or_404(Participation, pk=payload.participation_id)
    exhibit = get_object_or_404(Exhibit, pk=payload.exhibit_id) if payload.exhibit_id else None
    d = services.dismissal_create(
        actor=request.user, side=payload.side, buyer=buyer, participation=part, exhibit=exhibit
    )
    return Status(201, {"id": d.pk})


@router.post("/matchmaking/capabilities", response={201: dict})
def capability_create(request: HttpRequest, payload: CapabilityIn):
    part = get_object_or_404(Participation, pk=payload.participation_id)
    cap = services.capability_create(
        actor=request.user,
        participation=part,
        text_en=payload.text_en,
        text_zh=payload.text_zh,
        categories=payload.categories,
    )
    return Status(201, {"id": cap.pk})


def _mount_meetings() -> None:
    from openexpo.matchmaking.api_meetings import router as meetings

    router.add_router("", meetings)


_mount_meetings()
