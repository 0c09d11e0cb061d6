"""Writes to companies and participations; each owns its transaction and checks permission."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from openexpo.core import permissions
from openexpo.core.audit import audit_record
from openexpo.core.errors import DomainError
from openexpo.exhibitors.models import Company

COMPANY_EDITABLE = {"name_en", "name_zh", "description_en", "description_zh", "website", "email"}


def company_update(*, actor: Any, company: Company, changes: dict[str, Any]) -> Company:
    """Change a company's profile fields; exhibitor staff only their own company."""
    unknown = set(changes) - COMPANY_EDITABLE
    if unknown:
        raise DomainError(f"Unknown or read-only field: {sorted(unknown)[0]}.", "invalid", field=sorted(unknown)[0])
    permissions.require(actor, "change", company)
    if "name_en" in changes and not str(changes["name_en"]).strip():
        raise DomainError("The English name may not be empty.", "invalid", field="name_en")
    with transaction.atomic():
        locked = Company.objects.select_for_update().get(pk=company.pk)
        before = {k: getattr(locked, k) for k in changes}
        for key, value in changes.items():
            setattr(locked, key, value)
        locked.full_clean(exclude=["logo", "country"])
        locked.save(update_fields=list(changes))
        audit_record(actor=actor, action="company.update", obj=locked, before=before, after=changes)
    return locked
