"""Writes to deals: record, change, confirm, dispute, decide. Each owns its transaction,
checks who is asking, converts the money with the edition's rates and leaves an audit
entry (failed attempts too, with `succeeded=False`)."""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Sequence
from datetime import date
from decimal import Decimal
from typing import Any, TypeVar

from django.db import transaction
from django.db.models import Model
from django.utils import timezone

from openexpo.core import permissions
from openexpo.core.audit import audit_record
from openexpo.core.errors import DomainError, PermissionDenied
from openexpo.core.models import Edition, ProductCategory
from openexpo.deals.models import Deal
from openexpo.deals.money import DealError, amount_check, currency_check
from openexpo.deals.rates import rate_book
from openexpo.deals.rollup import rollup_add, rollup_apply, rollup_delta
from openexpo.exhibitors.models import Participation
from openexpo.visitors.models import Delegation, Visitor
from openexpo.visitors.selectors import visitor_by_badge
from openexpo.webhooks.services import emit as webhook_emit

F = TypeVar("F", bound=Callable[..., Any])
EDITABLE = {
    "buyer_organisation",
    "delegation",
    "buyer_visitor",
    "kind",
    "amount",
    "currency",
    "signed_on",
    "products",
    "source_kind",
    "source_id",
}
LOCKED = {Deal.Status.CONFIRMED, Deal.Status.REJECTED}


def snapshot(deal: Deal, products: Iterable[str] | None = None) -> dict[str, Any]:
    """The audited view of a deal (before/after values)."""
    return {
        "status": deal.status,
        "kind": deal.kind,
        "amount": deal.amount,
        "currency": deal.currency,
        "amount_usd": deal.amount_usd,
        "amount_cny": deal.amount_cny,
        "signed_on": deal.signed_on,
        "exhibitor_id": deal.exhibitor_id,
        "buyer_organisation": deal.buyer_organisation,
        "delegation_id": deal.delegation_id,
        "buyer_visitor_id": deal.buyer_visitor_id,
        "source_kind": deal.source_kind,
        "source_id": deal.source_id,
        "products": sorted(products)
        if products is not None
        else sorted(deal.products.values_list("code", flat=True))
        if deal.pk
        else [],
    }


def _audited(action: str) -> Callable[[F], F]:
    """Write a failed-attempt audit entry for any DomainError the service raises."""

    def wrap(fn: F) -> F:
        @functools.wraps(fn)
        def inner(*, actor: Any, **kwargs: Any) -> Any:
            try:
                return fn(actor=actor, **kwargs)
            except DomainError as exc:
                deal = kwargs.get("deal")
                audit_record(
                    actor=actor,
                    action=action,
                    object_type="deals.Deal",
                    object_id=str(deal.pk) if deal is not None else "",
                    before=snapshot(deal) if deal is not None and deal.pk else None,
                    after={k: _plain(v) for k, v in kwargs.items() if k != "deal"},
                    reason=f"{exc.code}: {exc.message}",
                    succeeded=False,
                )
                raise

        return inner  # type: ignore[return-value]

    return wrap


def _plain(value: Any) -> Any:
    """Input values as JSON-friendly data: model instances by their primary key."""
    if isinstance(value, Model):
        return value.pk
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set):
        return [_plain(v) for v in value]
    if value is None or isinstance(value, str | int | float | date | Decimal):
        return value
    return str(value)


def side_of(
    actor: Any,
    *,
    exhibitor: Participation | None,
    delegation: Delegation | None,
    buyer_visitor: Visitor | None,
) -> str | None:
    """Which party of a deal `actor` speaks for: exhibitor, buyer, organiser, or None."""
    if permissions.is_organiser(actor):
        return Deal.Side.ORGANISER
    if exhibitor is not None and exhibitor.company_id in permissions.company_ids(actor):
        return Deal.Side.EXHIBITOR
    if delegation is not None and delegation.pk in permissions.led_delegation_ids(actor):
        return Deal.Side.BUYER
    if buyer_visitor is not None and actor.is_authenticated and buyer_visitor.user_id == actor.pk:
        return Deal.Side.BUYER
    return None


def _deal_side(actor: Any, deal: Deal) -> str | None:
    return side_of(
        actor,
        exhibitor=deal.exhibitor,
        delegation=deal.delegation,
        buyer_visitor=deal.buyer_visitor,
    )


def _check_parties(
    edition: Edition,
    exhibitor: Participation,
    delegation: Delegation | None,
    buyer_visitor: Visitor | None,
) -> None:
    if exhibitor.edition_id != edition.pk or exhibitor.status != Participation.Status.APPROVED:
        raise DealError(
            "This company is not an exhibitor at this edition.", "not_at_edition", field="exhibitor"
        )
    if delegation is not None and delegation.edition_id != edition.pk:
        raise DealError(
            "This delegation is not at this edition.", "not_at_edition", field="delegation"
        )
    if buyer_visitor is not None and buyer_visitor.edition_id != edition.pk:
        raise DealError(
            "This buyer is not registered at this edition.", "not_at_edition", field="buyer_visitor"
        )
    if (
        delegation is not None
        and buyer_visitor is not None
        and buyer_visitor.delegation_id is not None
        and buyer_visitor.delegation_id != delegation.pk
    ):
        raise DealError(
            "This buyer belongs to another delegation.",
            "buyer_not_in_delegation",
            field="delegation",
        )


def _buyer(
    edition: Edition, buyer_visitor: Visitor | None, buyer_badge: int | None
) -> Visitor | None:
    """The individual buyer named by a visitor record or by the number on their badge (both
    must agree when both are given); only approved registrations may be named."""
    if buyer_badge is not None:
        found = visitor_by_badge(edition=edition, number=buyer_badge)
        if found is None:
            raise DealError(
                f"No registered buyer of this edition holds badge No. {buyer_badge}.",
                "unknown_buyer",
                field="buyer_badge",
            )
        if buyer_visitor is not None and buyer_visitor.pk != found.pk:
            raise DealError(
                "The badge number names another buyer.", "buyer_mismatch", field="buyer_badge"
            )
        return found
    if buyer_visitor is not None and buyer_visitor.status != Visitor.Status.APPROVED:
        raise DealError(
            "This buyer's registration is not approved.",
            "buyer_not_approved",
            field="buyer_visitor",
        )
    return buyer_visitor


def _products(codes: Iterable[str]) -> list[ProductCategory]:
    codes = [str(c).strip() for c in codes if str(c).strip()]
    found = {p.code: p for p in ProductCategory.objects.filter(code__in=codes)}
    missing = [c for c in codes if c not in found]
    if missing:
        raise DealError(f"Unknown HS code {missing[0]}.", "invalid_product", field="products")
    return [found[c] for c in codes]


def _apply_money(deal: Deal) -> None:
    deal.currency = currency_check(deal.currency)
    deal.amount = amount_check(deal.amount, deal.currency)
    deal.amount_usd, deal.amount_cny = rate_book(deal.edition_id).convert(
        deal.amount, deal.currency, deal.signed_on
    )


def _set_products(deal: Deal, products: list[ProductCategory]) -> None:
    deal.hs_section = products[0].section if products else ""
    deal.hs_chapter = (products[0].chapter or "") if products else ""


@_audited("deal.record")
def deal_record(
    *,
    actor: Any,
    edition: Edition,
    exhibitor: Participation | None,
    buyer_organisation: str,
    amount: Any,
    currency: str,
    signed_on: date,
    kind: str = Deal.Kind.INTENDED,
    delegation: Delegation | None = None,
    buyer_visitor: Visitor | None = None,
    buyer_badge: int | None = None,
    products: Iterable[str] = (),
    source_kind: str = "",
    source_id: int | None = None,
    unknown: Sequence[str] = (),
) -> Deal:
    """Record a deal for one side; it waits for the other side's confirmation.

    Permission comes first: who speaks for none of the parties is refused whatever the rest
    says. `unknown` names the parties the caller gave an id for that names nothing (passed as
    None); they are refused after the permission check, a missing exhibitor being nobody's."""
    try:  # the buyer named by a badge may be the actor: needed for the permission check
        buyer_visitor, buyer_error = _buyer(edition, buyer_visitor, buyer_badge), None
    except DealError as exc:
        buyer_error = exc
    side = side_of(actor, exhibitor=exhibitor, delegation=delegation, buyer_visitor=buyer_visitor)
    if side is None:
        raise PermissionDenied("You may record deals only for your own company or delegation.")
    if buyer_error is not None:
        raise buyer_error
    for field in unknown:
        raise DealError(f"No such {field}.", "not_at_edition", field=field)
    if exhibitor is None:
        raise DealError("Name the exhibitor.", "not_at_edition", field="exhibitor")
    _check_parties(edition, exhibitor, delegation, buyer_visitor)
    if not buyer_organisation.strip():
        raise DealError("Name the buyer organisation.", "invalid", field="buyer_organisation")
    if kind not in Deal.Kind.values:
        raise DealError("Unknown kind of deal.", "invalid", field="kind")
    if source_kind not in Deal.Source.values:
        raise DealError("Unknown origin.", "invalid", field="source_kind")
    cats = _products(products)
    now = timezone.now()
    deal = Deal(
        edition=edition,
        exhibitor=exhibitor,
        buyer_organisation=buyer_organisation.strip(),
        delegation=delegation,
        buyer_visitor=buyer_visitor,
        kind=kind,
        amount=amount,
        currency=currency,
        signed_on=signed_on,
        source_kind=source_kind,
        source_id=source_id,
        recorded_side=side,
        recorded_by=actor if actor.is_authenticated else None,
        status=Deal.Status.PENDING,
        created_at=now,
        updated_at=now,
    )
    _apply_money(deal)
    _set_products(deal, cats)
    with transaction.atomic():
        deal.save()
        deal.products.set(cats)
        audit_record(
            actor=actor,
            action="deal.record",
            obj=deal,
            before=None,
            after=snapshot(deal, [c.code for c in cats]),
        )
    return deal


# Fields a change may set to null (no delegation, no individual buyer, no origin record).
NULLABLE = {"delegation", "buyer_visitor", "source_id"}


@_audited("deal.change")
def deal_change(*, actor: Any, deal: Deal, changes: dict[str, Any]) -> Deal:
    """Change a deal. Parties may change it while pending or disputed (a change re-opens a
    dispute); once confirmed or rejected only organisers may."""
    changes = dict(changes)
    badge = changes.pop("buyer_badge", None)
    unknown = set(changes) - EDITABLE
    if unknown:
        field = sorted(unknown)[0]
        raise DealError(f"Unknown or read-only field: {field}.", "invalid", field=field)
    with transaction.atomic():
        locked = (
            Deal.objects.select_for_update(of=("self",))
            .select_related("exhibitor", "delegation", "buyer_visitor")
            .get(pk=deal.pk)
        )
        side = _deal_side(actor, locked)
        if side is None:
            raise PermissionDenied("This is not your deal.")
        if locked.status in LOCKED and side != Deal.Side.ORGANISER:
            raise DealError(
                "A confirmed or rejected deal can be changed only by organisers.", "locked"
            )
        for field in sorted(changes):
            if changes[field] is None and field not in NULLABLE:
                raise DealError(f"{field} may not be null.", "invalid", field=field)
        before = snapshot(locked)
        leaving = rollup_delta(locked, -1)  # a confirmed deal's figures move with the change
        if badge is not None or "buyer_visitor" in changes:
            changes["buyer_visitor"] = _buyer(locked.edition, changes.get("buyer_visitor"), badge)
        cats = None
        for key, value in changes.items():
            if key == "products":
                cats = _products(value)
            else:
                setattr(locked, key, value.strip() if isinstance(value, str) else value)
        if locked.kind not in Deal.Kind.values:
            raise DealError("Unknown kind of deal.", "invalid", field="kind")
        _check_parties(locked.edition, locked.exhibitor, locked.delegation, locked.buyer_visitor)
        if side != Deal.Side.ORGANISER and _deal_side(actor, locked) != side:
            raise DealError("A change may not take the deal away from your side.", "forbidden")
        _apply_money(locked)
        if cats is not None:
            _set_products(locked, cats)
        if locked.status == Deal.Status.DISPUTED and side != Deal.Side.ORGANISER:
            locked.status = Deal.Status.PENDING
            locked.recorded_side = side
        locked.updated_at = timezone.now()
        locked.save()
        if cats is not None:
            locked.products.set(cats)
        rollup_apply(leaving + rollup_delta(locked))
        after = snapshot(locked)
        audit_record(actor=actor, action="deal.change", obj=locked, before=before, after=after)
    return locked


def _answer(actor: Any, deal: Deal) -> tuple[Deal, dict[str, Any]]:
    locked = (
        Deal.objects.select_for_update(of=("self",))
        .select_related("exhibitor", "delegation", "buyer_visitor")
        .get(pk=deal.pk)
    )
    side = _deal_side(actor, locked)
    if side is None:
        raise PermissionDenied("This is not your deal.")
    if locked.status != Deal.Status.PENDING:
        raise DealError(f"This deal is {locked.status}, not awaiting confirmation.", "bad_state")
    if side == locked.recorded_side:
        raise DealError("The other side must answer a deal you recorded.", "own_deal")
    return locked, snapshot(locked)


@_audited("deal.confirm")
def deal_confirm(*, actor: Any, deal: Deal) -> Deal:
    """The other side (or an organiser) confirms a pending deal; it now counts."""
    with transaction.atomic():
        locked, before = _answer(actor, deal)
        locked.status = Deal.Status.CONFIRMED
        locked.answered_by, locked.answered_at = actor, timezone.now()
        locked.updated_at = locked.answered_at
        locked.save(update_fields=["status", "answered_by", "answered_at", "updated_at"])
        rollup_add(locked)
        audit_record(
            actor=actor, action="deal.confirm", obj=locked, before=before, after=snapshot(locked)
        )
        webhook_emit("deal.confirmed", {"deal": locked.pk, "exhibitor": locked.exhibitor_id})
    return locked


@_audited("deal.dispute")
def deal_dispute(*, actor: Any, deal: Deal, reason: str) -> Deal:
    """The other side disputes a pending deal; organisers will decide."""
    if not (reason or "").strip():
        raise DealError("Say why you dispute this deal.", "reason_required", field="reason")
    with transaction.atomic():
        locked, before = _answer(actor, deal)
        locked.status = Deal.Status.DISPUTED
        locked.dispute_reason = reason.strip()
        locked.answered_by, locked.answered_at = actor, timezone.now()
        locked.updated_at = locked.answered_at
        locked.save(
            update_fields=["status", "dispute_reason", "answered_by", "answered_at", "updated_at"]
        )
        audit_record(
            actor=actor,
            action="deal.dispute",
            obj=locked,
            before=before,
            after=snapshot(locked),
            reason=locked.dispute_reason,
        )
    return locked


@_audited("deal.decide")
def deal_decide(*, actor: Any, deal: Deal, status: str, note: str = "") -> Deal:
    """Organisers settle a disputed (or pending) deal: confirmed or rejected."""
    if not permissions.is_organiser(actor):
        raise PermissionDenied("Only organisers decide disputes.")
    if status not in {Deal.Status.CONFIRMED, Deal.Status.REJECTED}:
        raise DealError("Decide confirmed or rejected.", "invalid", field="status")
    with transaction.atomic():
        locked = Deal.objects.select_for_update().get(pk=deal.pk)
        if locked.status not in {Deal.Status.PENDING, Deal.Status.DISPUTED}:
            raise DealError(f"This deal is already {locked.status}.", "bad_state")
        before = snapshot(locked)
        locked.status, locked.decision_note = status, (note or "").strip()
        locked.decided_by, locked.updated_at = actor, timezone.now()
        locked.save(update_fields=["status", "decision_note", "decided_by", "updated_at"])
        rollup_add(locked)
        audit_record(
            actor=actor,
            action="deal.decide",
            obj=locked,
            before=before,
            after=snapshot(locked),
            reason=locked.decision_note,
        )
    return locked
