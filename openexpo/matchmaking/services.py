"""Writes of matchmaking: needs, capability statements, dismissals, meeting requests and
their answers, unavailable times. Each service checks permission, owns its transaction and
raises a coded DomainError; nothing is changed when it raises."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

import pycountry
from django.db import transaction

from openexpo.catalogue.models import Exhibit
from openexpo.core import permissions
from openexpo.core.audit import audit_record
from openexpo.core.errors import DomainError, PermissionDenied
from openexpo.core.models import Country, Edition, ProductCategory
from openexpo.exhibitors.models import Participation
from openexpo.matchmaking import recommendations
from openexpo.matchmaking.models import (
    CapabilityStatement,
    Dismissal,
    MatchmakingSetup,
    Need,
)
from openexpo.visitors.models import Visitor

ISO_4217 = frozenset(c.alpha_3 for c in pycountry.currencies)
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
    recommendations.cache_recheck()
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
    recommendations.cache_recheck()
    return locked


def need_delete(*, actor: Any, need: Need) -> None:
    permissions.require(actor, "delete", need)
    with transaction.atomic():
        audit_record(actor=actor, action="need.delete", obj=need)
        need.delete()
    recommendations.cache_recheck()


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
    recommendations.cache_recheck()
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
    """Dismiss a suggestion for good; dismissing twice is harmless.

    Permission first (for yourself as the buyer, for your company as the exhibitor; with an
    unknown side, for either): a caller who may not act learns nothing about the rest."""
    may_buyer = permissions.can(actor, "change", buyer)
    may_exhibitor = permissions.can(actor, "change", participation)
    if side == Dismissal.Side.BUYER and not may_buyer:
        raise PermissionDenied("You may only dismiss suggestions for yourself.")
    if side == Dismissal.Side.EXHIBITOR and not may_exhibitor:
        raise PermissionDenied("You may only dismiss suggestions for your company.")
    if not (may_buyer or may_exhibitor):
        raise PermissionDenied("You may only dismiss suggestions for yourself or your company.")
    if side not in Dismissal.Side.values:
        raise MatchmakingError("side must be buyer or exhibitor.", "invalid", field="side")
    if side == Dismissal.Side.EXHIBITOR:
        exhibit = None
    if buyer.edition_id != participation.edition_id:
        raise MatchmakingError("Buyer and exhibitor are at different editions.", "edition_mismatch")
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
