"""Reads of deals shared by the pages and the API: only what the user may see."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from openexpo.core import permissions
from openexpo.core.errors import DomainError
from openexpo.core.models import AuditEntry, Edition
from openexpo.deals.models import Deal


def deal_list(
    *,
    user: Any,
    edition: Edition | None = None,
    status: str | None = None,
) -> QuerySet[Deal]:
    """Deals `user` may see (own company's, led delegations', own as buyer; all for
    organisers), newest first, with what list pages show already joined."""
    qs = (
        Deal.objects.select_related("edition", "exhibitor__company", "delegation", "buyer_visitor")
        .prefetch_related("products")
        .order_by("-id")
    )
    if edition is not None:
        qs = qs.filter(edition=edition)
    if status:
        qs = qs.filter(status=status)
    return permissions.scope(user, qs, "view")


def deal_get(*, user: Any, pk: int) -> Deal:
    """One deal the user may see, or DomainError('not_found') (never reveals that it exists)."""
    deal = deal_list(user=user).filter(pk=pk).first()
    if deal is None:
        raise DomainError("No such deal.", "not_found")
    return deal


def deal_audit(*, user: Any, deal: Deal) -> QuerySet[AuditEntry]:
    """The audit trail of a deal, failed attempts included (organisers only)."""
    if not permissions.is_organiser(user):
        raise permissions.PermissionDenied("Only organisers read the audit trail.")
    return (
        AuditEntry.objects.filter(object_type="deals.Deal", object_id=str(deal.pk))
        .select_related("actor")
        .order_by("at", "id")
    )
