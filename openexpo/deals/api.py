"""REST endpoints of the deals app: record, change, confirm, dispute and decide deals (own
only), the exchange-rate table (organisers set it) and the deal statistics tables."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.http import HttpRequest
from ninja import Field, Router, Schema
from ninja.pagination import PageNumberPagination, paginate
from ninja.responses import Status

from openexpo.core import permissions
from openexpo.core.api import edition_or_404
from openexpo.core.dbrouter import reads_from_replica
from openexpo.core.errors import DomainError, PermissionDenied
from openexpo.deals import rates, selectors, services
from openexpo.deals.models import Deal, ExchangeRate
from openexpo.exhibitors.models import Participation
from openexpo.reports.stats import KINDS, TABLES, StatsSource, table_build, visible_tables
from openexpo.visitors.models import Delegation, Visitor

router = Router(tags=["deals"])
BADGE_MAX = 2**31 - 1  # badge numbers are 32-bit (PositiveIntegerField)


class DealIn(Schema):
    edition: int
    exhibitor: int
    buyer_organisation: str
    amount: Decimal
    currency: str
    signed_on: date
    kind: str = "intended"
    delegation: int | None = None
    buyer_visitor: int | None = None
    # an individual buyer, by the number printed on their badge
    buyer_badge: int | None = Field(None, ge=1, le=BADGE_MAX)
    products: list[str] = []
    source_kind: str = ""
    source_id: int | None = None


class DealPatch(Schema):
    buyer_organisation: str | None = None
    amount: Decimal | None = None
    currency: str | None = None
    signed_on: date | None = None
    kind: str | None = None
    delegation: int | None = None
    buyer_visitor: int | None = None
    buyer_badge: int | None = Field(None, ge=1, le=BADGE_MAX)
    products: list[str] | None = None
    source_kind: str | None = None
    source_id: int | None = None


class DealOut(Schema):
    id: int
    edition: int
    exhibitor: int
    company: str
    buyer_organisation: str
    delegation: int | None
    buyer_visitor: int | None
    kind: str
    status: str
    amount: str
    currency: str
    amount_usd: str
    amount_cny: str
    signed_on: date
    products: list[str]
    hs_section: str
    hs_chapter: str
    source_kind: str
    source_id: int | None
    recorded_side: str
    dispute_reason: str
    decision_note: str

    @staticmethod
    def resolve_edition(obj: Deal) -> int:
        return obj.edition.number

    @staticmethod
    def resolve_exhibitor(obj: Deal) -> int:
        return obj.exhibitor_id

    @staticmethod
    def resolve_company(obj: Deal) -> str:
        return obj.exhibitor.company.name_en

    @staticmethod
    def resolve_delegation(obj: Deal) -> int | None:
        return obj.delegation_id

    @staticmethod
    def resolve_buyer_visitor(obj: Deal) -> int | None:
        return obj.buyer_visitor_id

    @staticmethod
    def resolve_products(obj: Deal) -> list[str]:
        return sorted(p.code for p in obj.products.all())

    @staticmethod
    def resolve_amount(obj: Deal) -> str:
        return str(obj.amount)

    @staticmethod
    def resolve_amount_usd(obj: Deal) -> str:
        return str(obj.amount_usd)

    @staticmethod
    def resolve_amount_cny(obj: Deal) -> str:
        return str(obj.amount_cny)


class ReasonIn(Schema):
    reason: str


class DecideIn(Schema):
    status: str
    note: str = ""


class AuditOut(Schema):
    at: datetime
    actor: str | None
    action: str
    succeeded: bool
    reason: str
    before: Any = None
    after: Any = None


class RateIn(Schema):
    currency: str
    valid_from: date
    per_usd: Decimal


class RateOut(Schema):
    currency: str
    valid_from: date
    per_usd: str
    deals_recomputed: int | None = None


def _fresh(request: HttpRequest, pk: int) -> Deal:
    return selectors.deal_get(user=request.user, pk=pk)


def _get(model: Any, pk: int | None, field: str) -> Any:
    if pk is None:
        return None
    obj = model.objects.filter(pk=pk).first()
    if obj is None:
        raise DomainError(f"No such {field}.", "not_at_edition", field=field)
    return obj


def _find(model: Any, pk: int | None, field: str, unknown: list[str]) -> Any:
    """The object, or None; a given id that names nothing is added to `unknown`."""
    obj = None if pk is None else model.objects.filter(pk=pk).first()
    if pk is not None and obj is None:
        unknown.append(field)
    return obj


@router.post("/deals", response={201: DealOut})
def deal_record(request: HttpRequest, payload: DealIn):
    edition = edition_or_404(request, payload.edition)
    unknown: list[str] = []
    deal = services.deal_record(
        actor=request.user,
        edition=edition,
        exhibitor=_find(Participation, payload.exhibitor, "exhibitor", unknown),
        buyer_organisation=payload.buyer_organisation,
        amount=payload.amount,
        currency=payload.currency,
        signed_on=payload.signed_on,
        kind=payload.kind,
        delegation=_find(Delegation, payload.delegation, "delegation", unknown),
        buyer_visitor=_find(Visitor, payload.buyer_visitor, "buyer_visitor", unknown),
        buyer_badge=payload.buyer_badge,
        unknown=unknown,
        products=payload.products,
        source_kind=payload.source_kind,
        source_id=payload.source_id,
    )
    return Status(201, _fresh(request, deal.pk))


@router.get("/deals", response=list[DealOut])
@paginate(PageNumberPagination, page_size=50)
def deal_list(request: HttpRequest, edition: int | None = None, status: str | None = None):
    ed = edition_or_404(request, edition) if edition is not None else None
    return selectors.deal_list(user=request.user, edition=ed, status=status)


@router.get("/deals/{deal_id}", response=DealOut)
def deal_detail(request: HttpRequest, deal_id: int):
    return _fresh(request, deal_id)


@router.patch("/deals/{deal_id}", response=DealOut)
def deal_change(request: HttpRequest, deal_id: int, payload: DealPatch):
    deal = selectors.deal_get(user=request.user, pk=deal_id)
    changes = payload.dict(exclude_unset=True)
    if "delegation" in changes:
        changes["delegation"] = _get(Delegation, changes["delegation"], "delegation")
    if "buyer_visitor" in changes:
        changes["buyer_visitor"] = _get(Visitor, changes["buyer_visitor"], "buyer_visitor")
    services.deal_change(actor=request.user, deal=deal, changes=changes)
    return _fresh(request, deal_id)


@router.post("/deals/{deal_id}/confirm", response=DealOut)
def deal_confirm(request: HttpRequest, deal_id: int):
    deal = selectors.deal_get(user=request.user, pk=deal_id)
    services.deal_confirm(actor=request.user, deal=deal)
    return _fresh(request, deal_id)


@router.post("/deals/{deal_id}/dispute", response=DealOut)
def deal_dispute(request: HttpRequest, deal_id: int, payload: ReasonIn):
    deal = selectors.deal_get(user=request.user, pk=deal_id)
    services.deal_dispute(actor=request.user, deal=deal, reason=payload.reason)
    return _fresh(request, deal_id)


@router.post("/deals/{deal_id}/decide", response=DealOut)
def deal_decide(request: HttpRequest, deal_id: int, payload: DecideIn):
    deal = selectors.deal_get(user=request.user, pk=deal_id)
    services.deal_decide(actor=request.user, deal=deal, status=payload.status, note=payload.note)
    return _fresh(request, deal_id)


@router.get("/deals/{deal_id}/audit", response=list[AuditOut])
def deal_audit(request: HttpRequest, deal_id: int):
    deal = selectors.deal_get(user=request.user, pk=deal_id)
    return [
        {
            "at": e.at,
            "actor": e.actor.username if e.actor else None,
            "action": e.action,
            "succeeded": e.succeeded,
            "reason": e.reason,
            "before": e.before,
            "after": e.after,
        }
        for e in selectors.deal_audit(user=request.user, deal=deal)
    ]


@router.get("/editions/{number}/rates", response=list[RateOut])
def rate_list(request: HttpRequest, number: int):
    edition = edition_or_404(request, number)
    return [
        {"currency": r.currency, "valid_from": r.valid_from, "per_usd": str(r.per_usd)}
        for r in rates.rate_list(edition=edition)
    ]


@router.put("/editions/{number}/rates", response=RateOut)
def rate_set(request: HttpRequest, number: int, payload: RateIn):
    edition = edition_or_404(request, number)
    rate, changed = rates.rate_set(
        actor=request.user,
        edition=edition,
        currency=payload.currency,
        valid_from=payload.valid_from,
        per_usd=payload.per_usd,
    )
    return {
        "currency": rate.currency,
        "valid_from": rate.valid_from,
        "per_usd": str(rate.per_usd),
        "deals_recomputed": changed,
    }


class RecomputeOut(Schema):
    deals_recomputed: int


@router.delete("/editions/{number}/rates/{currency}/{valid_from}", response=RecomputeOut)
def rate_delete(request: HttpRequest, number: int, currency: str, valid_from: date):
    """Remove one rate (organisers); refused (missing_rate) if a deal would be left without one."""
    edition = edition_or_404(request, number)
    rate = ExchangeRate.objects.filter(
        edition=edition, currency=currency.upper()[:3], valid_from=valid_from
    ).first()
    if rate is None:
        if not permissions.is_organiser(request.user):
            raise PermissionDenied("Only organisers set exchange rates.")
        raise DomainError(f"No {currency} rate from {valid_from}.", "not_found", field="currency")
    return {"deals_recomputed": rates.rate_delete(actor=request.user, rate=rate)}


@router.post("/editions/{number}/deals/recompute", response=RecomputeOut)
def deals_recompute(request: HttpRequest, number: int):
    """Recompute every deal's US$ and CNY figures from the rate table (organisers)."""
    edition = edition_or_404(request, number)
    return {"deals_recomputed": rates.edition_deals_recompute(actor=request.user, edition=edition)}


class StatsRowOut(Schema):
    key: str
    label_en: str
    label_zh: str
    deals: int | None
    usd: Decimal | None
    cny: Decimal | None
    previous_deals: int | None
    previous_usd: Decimal | None
    change: float | None
    suppressed: bool


class StatsOut(Schema):
    table: str
    title: str
    edition: int
    previous_edition: int | None
    kind: str
    public: bool
    rows: list[StatsRowOut]
    total: StatsRowOut


@router.get("/editions/{number}/deal-stats", response=list[str])
def stats_tables(request: HttpRequest, number: int):
    with reads_from_replica():
        edition_or_404(request, number)
    return visible_tables(organiser=permissions.is_organiser(request.user))


@router.get("/editions/{number}/deal-stats/{table}", response=StatsOut)
def stats_table(
    request: HttpRequest, number: int, table: str, kind: str = "intended", top: int | None = None
):
    with reads_from_replica():  # like the statistics pages (ReportsReplicaMiddleware)
        edition = edition_or_404(request, number)
    organiser = permissions.is_organiser(request.user)
    if table not in TABLES or table not in visible_tables(organiser=organiser):
        raise DomainError(f"No statistics table {table!r}.", "not_found", field="table")
    if kind not in KINDS:
        raise DomainError("kind is intended, signed or all.", "invalid", field="kind")
    if top is not None and not 1 <= top <= 500:
        raise DomainError("top is between 1 and 500.", "invalid", field="top")
    with reads_from_replica():
        stats = table_build(StatsSource(edition, kind), table, public=not organiser, limit=top)
    return stats.as_dict()
