"""Personal data: the organisers' export (audited) and the purge after the retention period."""

from __future__ import annotations

import csv
import datetime as dt
import io
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from openexpo.core import permissions
from openexpo.core.audit import audit_record
from openexpo.core.errors import DomainError, PermissionDenied
from openexpo.core.models import Edition
from openexpo.visitors.models import Badge, EditionStats, Scan, Visitor, VisitorIdentity

EXPORT_COLUMNS = [
    "id",
    "full_name",
    "organisation",
    "role",
    "country",
    "delegation",
    "status",
    "registered_at",
    "doc_type",
    "doc_last4",
    "email",
    "languages",
]


def personal_data_export(*, edition: Edition, actor: Any) -> str:
    """CSV of an edition's visitors (never the document number: only its last 4)."""
    if not permissions.is_organiser(actor):
        audit_record(actor=actor, action="visitors.export", obj=edition, succeeded=False)
        raise PermissionDenied("Only organisers may export personal data.")
    out = io.StringIO()
    w = csv.writer(out)
    w.writerow(EXPORT_COLUMNS)
    qs = (
        Visitor.objects.filter(edition=edition)
        .select_related("identity", "delegation")
        .order_by("pk")
    )
    n = 0
    for v in qs.iterator(chunk_size=5000):
        ident = getattr(v, "identity", None)
        w.writerow(
            [
                v.pk,
                v.full_name,
                v.organisation,
                v.role,
                v.country_id,
                v.delegation.code if v.delegation else "",
                v.status,
                v.registered_at.isoformat() if v.registered_at else "",
                ident.doc_type if ident else "",
                ident.id_last4 if ident else "",
                ident.email if ident else "",
                ident.languages if ident else "",
            ]
        )
        n += 1
    audit_record(actor=actor, action="visitors.export", obj=edition, after={"rows": n})
    return out.getvalue()


def retention_ends(edition: Edition) -> dt.date:
    return edition.end_date + dt.timedelta(
        days=int(getattr(settings, "VISITOR_DATA_RETENTION_DAYS", 180))
    )


def anonymous_figures(*, edition: Edition) -> dict[str, Any]:
    visitors = Visitor.objects.filter(edition=edition)
    scans = Scan.objects.filter(edition=edition, accepted=True, direction="in")
    return {
        "visitors": visitors.count(),
        "visitors_by_country": dict(
            visitors.values_list("country_id").annotate(n=Count("id")).order_by()
        ),
        "delegation_members": visitors.filter(delegation__isnull=False).count(),
        "badges": Badge.objects.filter(edition=edition).count(),
        "entries": scans.count(),
        "scans": Scan.objects.filter(edition=edition).count(),
    }


def personal_data_purge(
    *, edition: Edition, today: dt.date | None = None, force: bool = False, actor: Any = None
) -> dict[str, Any]:
    """Delete an edition's personal data once its retention period is over; keep counts."""
    today = today or timezone.localdate()
    if not force and today <= retention_ends(edition):
        raise DomainError(
            f"Retention lasts until {retention_ends(edition).isoformat()}.", "retention_running"
        )
    with transaction.atomic():
        figures = anonymous_figures(edition=edition)
        EditionStats.objects.update_or_create(
            edition=edition, defaults={"figures": figures, "purged_at": timezone.now()}
        )
        ids = VisitorIdentity.objects.filter(edition=edition)
        removed_ids = ids.count()
        ids.delete()
        Badge.objects.filter(edition=edition).update(visitor=None, holder=None, payload="")
        Scan.objects.filter(edition=edition).update(excerpt="")
        anonymised = Visitor.objects.filter(edition=edition).update(
            full_name="", organisation="", role="", user=None
        )
        audit_record(
            actor=actor,
            action="visitors.purge",
            obj=edition,
            after={"identities": removed_ids, "visitors": anonymised},
        )
    return {
        "identities_deleted": removed_ids,
        "visitors_anonymised": anonymised,
        "figures": figures,
    }
