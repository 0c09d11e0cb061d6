"""The audit trail: record who did what to which object, with before and after values."""

from __future__ import annotations

import json
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Model

from openexpo.core.models import AuditEntry


def _jsonable(value: Any) -> Any:
    return json.loads(json.dumps(value, cls=DjangoJSONEncoder)) if value is not None else None


def audit_record(
    *,
    actor: Any,
    action: str,
    obj: Model | None = None,
    object_type: str = "",
    object_id: str = "",
    before: Any = None,
    after: Any = None,
    reason: str = "",
    succeeded: bool = True,
) -> AuditEntry:
    """Write one audit entry; `obj` or (`object_type`, `object_id`) names the object."""
    return AuditEntry.objects.create(
        actor=actor if actor is not None and getattr(actor, "is_authenticated", False) else None,
        action=action,
        object_type=obj._meta.label if obj is not None else object_type,
        object_id=str(obj.pk) if obj is not None else object_id,
        before=_jsonable(before),
        after=_jsonable(after),
        reason=reason,
        succeeded=succeeded,
    )
