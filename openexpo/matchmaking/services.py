"""Writes of matchmaking: needs, capability statements, dismissals, meeting requests and
their answers, unavailable times. Each service checks permission, owns its transaction and
raises a coded DomainError; nothing is changed when it raises."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from openexpo.catalogue.models import Exhibit
from openexpo.core import permissions
from openexpo.core.audit import audit_record
from openexpo.core.errors import DomainError, PermissionDenied
from openexpo.core.models import Country, Edition, ProductCategory
from openexpo.exhibitors.models import ExhibitorStaff, Participation
from openexpo.matchmaking.models import (
    CapabilityStatement,
    Dismissal,
    MatchmakingSetup,
    MeetingRequest,
    Need,
    Unavailability,
)
from openexpo.visitors.models import Visitor

ISO_4217 = frozenset(
    [
        "AED",
        "ARS",
        "AUD",
        "BDT",
        "BRL",
        "CAD",
        "CHF",
        "CLP",
        "CNY",
        "COP",
        "CZK",
        "DKK",
        "EGP",
        "EUR",
        "GBP",
        "HKD",
        "HUF",
        "IDR",
        "ILS",
        "INR",
        "JPY",
        "KES",
        "KRW",
        "KZT",
        "LKR",
        "MAD",
        "MOP",
        "MXN",
        "MYR",
        "NGN",
        "NOK",
        "NZD",
        "PEN",
        "PHP",
        "PKR",
        "PLN",
        "QAR",
        "RUB",
        "SAR",
        "SEK",
        "SGD",
        "THB",
        "TRY",
        "TWD",
        "UAH",
        "USD",
        "UZS",
        "VND",
        "ZAR",
    ]
)
NEED_FIELDS = {
    "title",
    "text_en",
    "text_zh",
    "quantity",
    "budget_min",
    "budget_max",
    "currency",
    "deadline",
    "status",
    "categories",
    "origins",
}


class MatchmakingError(DomainError):
    """A matchmaking rule was broken; `code` says which."""


def setup_for(edition: Edition) -> MatchmakingSetup:
    """The edition's matchmaking setup, created with defaults on first use."""
    setup, _ = MatchmakingSetup.objects.get_or_create(edition=edition)
    return setup


# --- needs ---------------------------------------------------------------------------------


def _clean_need(
    data: dict[str, Any],
) -> tuple[dict[str, Any], list[ProductCategory] | None, list[Country] | None]:
    unknown = set(data) - NEED_FIELDS
    if unknown:
        name = sorted(unknown)[0]
        raise MatchmakingError(f"Unknown field: {name}.", "invalid", field=name)
    fields = {k: v for k, v in data.items() if k not in {"categories", "origins"}}
    for key in ("budget_min", "budget_max"):
        if fields.get(key) not in (None, ""):
            try:
                fields[key] = Decimal(str(fields[key]))
            except InvalidOperation:
                raise MatchmakingError("The budget must be a number.", "invalid_budget", field=key)
            if fields[key] < 0:
                raise MatchmakingError(
                    "The budget may not be negative.", "invalid_budget", field=key
                )
        elif key in fields:
            fields[key] = None
    if "currency" in fields:
        fields["currency"] = (fields["currency"] or "").upper()
        if fields["currency"] and fields["currency"] not in ISO_4217:
            raise MatchmakingError(
                "Unknown ISO 4217 currency code.", "invalid_currency", field="currency"
            )
    if "status" in fields and fields["status"] not in Need.Status.values:
        raise MatchmakingError("Unknown status.", "invalid", field="status")
    cats = origins = None
    if "categories" in data:
        codes = list(dict.fromkeys(data["categories"] or []))
        cats = list(ProductCategory.objects.filter(code__in=codes))
        if len(cats) != len(codes):
            missing = sorted(set(codes) - {c.code for c in cats})[0]
            raise MatchmakingError(
                f"Unknown HS code {missing}.", "unknown_category", field="categories"
            )
    if "origins" in data:
        codes = list(dict.fromkeys(c.upper() for c in data["origins"] or []))
        origins = list(Country.objects.filter(code__in=codes))
        if len(origins) != len(codes):
            missing = sorted(set(codes) - {c.code for c in origins})[0]
            raise MatchmakingError(
                f"Unknown country {missing}.", "unknown_country", field="origins"
            )
    return fields, cats, origins


def _check_need(need: Need) -> None:
    if not (need.title or "").strip():
        raise MatchmakingError("A need needs a title.", "invalid", field="title")
    if (
        need.budget_min is not None
        and need.budget_max is not None
        and need.budget_max < need.budget_min
    ):
        raise MatchmakingError(
            "The budget's upper bound is below its lower bound.",
            "invalid_budget",
            field="budget_max",
        )
    if (need.budget_min is not None or need.budget_max is not None) and not need.currency:
        raise MatchmakingError("A budget needs its currency.", "invalid_currency", field="currency")


def need_create(*, actor: Any, buyer: Visitor, data: dict[str, Any]) -> Need:
    """Post a need for `buyer` (the buyer itself, its delegation lead or an organiser)."""
    if not permissions.can(actor, "change", buyer):
        raise PermissionDenied("You may not post needs for this buyer.")
    fields, cats, origins = _clean_need(data)
    need = Need(edition_id=buyer.edition_id, buyer=buyer, **fields)
    _check_need(need)
    with transaction.atomic():
        need.save()
        if cats is not None:
            need.categories.set(cats)
        if origins is not None:
            need.origins.set(origins)
        audit_record(actor=actor, action="need.create", obj=need, after={"title": need.title})
    return need


def need_update(*, actor: Any, need: Need, changes: dict[str, Any]) -> Need:
    permissions.require(actor, "change", need)
    fields, cats, origins = _clean_need(changes)
    with transaction.atomic():
        locked = Need.objects.select_for_update().get(pk=need.pk)
        for key, value in fields.items():
            setattr(locked, key, value)
        _check_need(locked)
        locked.save()
        if cats is not None:
            locked.categories.set(cats)
        if origins is not None:
            locked.origins.set(origins)
        audit_record(actor=actor, action="need.update", obj=locked, after=sorted(changes))
    return locked


def need_delete(*, actor: Any, need: Need) -> None:
    permissions.require(actor, "delete", need)
    with transaction.atomic():
        audit_record(actor=actor, action="need.delete", obj=need)
        need.delete()


def capability_create(
    *,
    actor: Any,
    participation: Participation,
    text_en: str = "",
    text_zh: str = "",
    categories: list[str] | None = None,
) -> CapabilityStatement:
    """An exhibitor states an offer beyond its exhibits."""
    if not permissions.can(actor, "change", participation):
        raise PermissionDenied("You may not add capabilities for this exhibitor.")
    if not (text_en.strip() or text_zh.strip()):
        raise MatchmakingError(
            "Say what you offer, in English or Chinese.", "invalid", field="text_en"
        )
    cats = list(ProductCategory.objects.filter(code__in=categories or []))
    with transaction.atomic():
        cap = CapabilityStatement.objects.create(
            participation=participation, text_en=text_en, text_zh=text_zh
        )
        cap.categories.set(cats)
    return cap


# --- dismissals ----------------------------------------------------------------------------


def dismissal_create(
    *,
    actor: Any,
    side: str,
    buyer: Visitor,
    participation: Participation,
    exhibit: Exhibit | None = None,
) -> Dismissal:
    """Dismiss a suggestion for good; dismissing twice is harmless."""
    if buyer.edition_id != participation.edition_id:
        raise MatchmakingError("Buyer and exhibitor are at different editions.", "edition_mismatch")
    if side == Dismissal.Side.BUYER:
        if not permissions.can(actor, "change", buyer):
            raise PermissionDenied("You may only dismiss suggestions for yourself.")
    elif side == Dismissal.Side.EXHIBITOR:
        exhibit = None
        if not permissions.can(actor, "change", participation):
            raise PermissionDenied("You may only dismiss suggestions for your company.")
    else:
        raise MatchmakingError("side must be buyer or exhibitor.", "invalid", field="side")
    if exhibit is not None and exhibit.participation_id != participation.pk:
        raise MatchmakingError("That exhibit is not this exhibitor's.", "invalid", field="exhibit")
    found = Dismissal.objects.filter(
        side=side, buyer=buyer, participation=participation, exhibit=exhibit
    ).first()
    if found:
        return found
    return Dismissal.objects.create(
        side=side, buyer=buyer, participation=participation, exhibit=exhibit
    )


# --- meeting requests ----------------------------------------------------------------------


def _accepted_on_day(
    *, day: dt.date, buyer: Visitor | None = None, participation: Participation | None = None
) -> int:
    qs = MeetingRequest.objects.filter(status=MeetingRequest.Status.ACCEPTED, day=day)
    return (
        qs.filter(buyer=buyer).count() if buyer else qs.filter(participation=participation).count()
    )


def _side_of(actor: Any, buyer: Visitor, participation: Participation) -> str | None:
    if permissions.can(actor, "change", buyer):
        return MeetingRequest.Side.BUYER
    if permissions.can(actor, "change", participation):
        return MeetingRequest.Side.EXHIBITOR
    return None


def meeting_request_create(
    *,
    actor: Any,
    buyer: Visitor,
    participation: Participation,
    day: dt.date,
    session: str = "any",
    message: str = "",
    need: Need | None = None,
    exhibit: Exhibit | None = None,
) -> MeetingRequest:
    """One side asks the other for a meeting on `day`; the other side answers."""
    if buyer.edition_id != participation.edition_id:
        raise MatchmakingError("Buyer and exhibitor are at different editions.", "edition_mismatch")
    edition = participation.edition
    if permissions.is_organiser(actor):
        side = MeetingRequest.Side.BUYER
    else:
        side = _side_of(actor, buyer, participation)
        if side is None:
            raise PermissionDenied("You may request meetings only for yourself or your company.")
        if side == MeetingRequest.Side.BUYER and permissions.can(actor, "change", participation):
            raise MatchmakingError("You cannot request a meeting with yourself.", "self_request")
    if (
        buyer.user_id is not None
        and ExhibitorStaff.objects.filter(
            user_id=buyer.user_id, company_id=participation.company_id
        ).exists()
    ):
        raise MatchmakingError("You cannot request a meeting with yourself.", "self_request")
    if day not in edition.days:
        raise MatchmakingError("The day is not a day of this edition.", "invalid_day", field="day")
    if session not in MeetingRequest.Session.values:
        raise MatchmakingError("Unknown session.", "invalid", field="session")
    if need is not None and need.buyer_id != buyer.pk:
        raise MatchmakingError("That need is not this buyer's.", "invalid", field="need")
    if exhibit is not None and exhibit.participation_id != participation.pk:
        raise MatchmakingError("That exhibit is not this exhibitor's.", "invalid", field="exhibit")
    if participation.status != Participation.Status.APPROVED:
        raise MatchmakingError("This exhibitor is not taking part.", "not_participating")
    cap = setup_for(edition).cap_per_day
    mine = (
        {"buyer": buyer} if side == MeetingRequest.Side.BUYER else {"participation": participation}
    )
    if _accepted_on_day(day=day, **mine) >= cap:
        raise MatchmakingError(f"You already have {cap} meetings that day.", "cap_reached")
    try:
        with transaction.atomic():
            req = MeetingRequest.objects.create(
                edition=edition,
                buyer=buyer,
                participation=participation,
                initiated_by=side,
                requested_by=actor if getattr(actor, "is_authenticated", False) else None,
                need=need,
                exhibit=exhibit,
                message=message[:2000],
                day=day,
                session=session,
            )
            audit_record(actor=actor, action="meeting.request", obj=req)
    except IntegrityError:
        raise MatchmakingError(
            "There is already an open request between you that day.", "duplicate_conflict"
        )
    return req


def _respond(*, actor: Any, request: MeetingRequest, status: str) -> MeetingRequest:
    with transaction.atomic():
        req = (
            MeetingRequest.objects.select_for_update()
            .select_related("buyer", "participation", "edition")
            .get(pk=request.pk)
        )
        addressed = (
            req.participation if req.initiated_by == MeetingRequest.Side.BUYER else req.buyer
        )
        if not (permissions.is_organiser(actor) or permissions.can(actor, "change", addressed)):
            raise PermissionDenied("This request is not addressed to you.", "not_addressed")
        if req.status != MeetingRequest.Status.PENDING:
            raise MatchmakingError(f"The request is already {req.status}.", "not_pending")
        if status == MeetingRequest.Status.ACCEPTED:
            cap = setup_for(req.edition).cap_per_day
            if (
                _accepted_on_day(day=req.day, buyer=req.buyer) >= cap
                or _accepted_on_day(day=req.day, participation=req.participation) >= cap
            ):
                raise MatchmakingError(
                    f"A side already has {cap} meetings that day.", "cap_reached"
                )
        req.status = status
        req.responded_by = actor if getattr(actor, "is_authenticated", False) else None
        req.responded_at = timezone.now()
        req.save(update_fields=["status", "responded_by", "responded_at"])
        audit_record(actor=actor, action=f"meeting.{status}", obj=req)
    return req


def meeting_request_accept(*, actor: Any, request: MeetingRequest) -> MeetingRequest:
    return _respond(actor=actor, request=request, status=MeetingRequest.Status.ACCEPTED)


def meeting_request_decline(*, actor: Any, request: MeetingRequest) -> MeetingRequest:
    return _respond(actor=actor, request=request, status=MeetingRequest.Status.DECLINED)


def meeting_request_cancel(*, actor: Any, request: MeetingRequest) -> MeetingRequest:
    """Either side (or an organiser) cancels a pending or accepted meeting; frees its slot."""
    with transaction.atomic():
        req = (
            MeetingRequest.objects.select_for_update()
            .select_related("buyer", "participation")
            .get(pk=request.pk)
        )
        if _side_of(actor, req.buyer, req.participation) is None and not permissions.is_organiser(
            actor
        ):
            raise PermissionDenied("This meeting is not yours.")
        if req.status not in (MeetingRequest.Status.PENDING, MeetingRequest.Status.ACCEPTED):
            raise MatchmakingError(f"The request is already {req.status}.", "not_open")
        req.status = MeetingRequest.Status.CANCELLED
        req.slot = req.table = req.starts_at = req.ends_at = None
        req.published = False
        req.save()
        audit_record(actor=actor, action="meeting.cancel", obj=req)
    return req


def unavailability_add(
    *,
    actor: Any,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    buyer: Visitor | None = None,
    participation: Participation | None = None,
    note: str = "",
) -> Unavailability:
    """Mark a time when a participant cannot meet."""
    owner = buyer or participation
    if owner is None or (buyer and participation):
        raise MatchmakingError("Name either the buyer or the exhibitor.", "invalid")
    permissions.require(actor, "change", owner)
    if ends_at <= starts_at:
        raise MatchmakingError(
            "The end must come after the start.", "invalid_time", field="ends_at"
        )
    return Unavailability.objects.create(
        edition_id=owner.edition_id,
        buyer=buyer,
        participation=participation,
        starts_at=starts_at,
        ends_at=ends_at,
        note=note[:200],
    )
