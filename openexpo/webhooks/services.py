"""Webhook writes: emit an event (from a domain service), attempt a delivery, manage subscriptions.

`emit()` writes the deliveries inside the caller's transaction (they exist exactly when the
change does) and sends them after commit, as a background task. A failed attempt is retried
with exponential backoff (`backoff()`) until MAX_ATTEMPTS; `deliveries_retry_due()` (Celery beat
in production, `manage.py webhooks_retry` otherwise) sends those whose time has come.
"""

from __future__ import annotations

import datetime as dt
import json
import secrets
from collections.abc import Callable
from typing import Any

from django.core.cache import cache
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.utils import timezone

from openexpo.core import permissions
from openexpo.core.errors import DomainError, PermissionDenied
from openexpo.webhooks import signing
from openexpo.webhooks.models import EVENTS, Delivery, Subscription

MAX_ATTEMPTS = 8
BACKOFF_BASE_SECONDS = 30
BACKOFF_CAP_SECONDS = 6 * 3600
TIMEOUT_SECONDS = 5
LEASE_SECONDS = 60  # an attempt in progress hides its delivery from other workers this long
_EVENTS_CACHE = "webhooks:subscribed-events"

# (url, body, headers, timeout) -> HTTP status; raises OSError-like errors on network failure.
Transport = Callable[[str, bytes, dict[str, str], float], int]


class WebhookError(DomainError):
    """A subscription that cannot be saved (code says why)."""


def backoff(attempts: int) -> dt.timedelta:
    """Wait after the `attempts`-th failed attempt: 30 s, 1 min, 2 min, 4 min ... (6 h at most)."""
    return dt.timedelta(
        seconds=min(BACKOFF_BASE_SECONDS * 2 ** (attempts - 1), BACKOFF_CAP_SECONDS)
    )


# --- emitting -------------------------------------------------------------------------------


def _subscribed_events() -> frozenset[str]:
    found = cache.get(_EVENTS_CACHE)
    if found is None:
        found = frozenset(
            e
            for events in Subscription.objects.filter(active=True).values_list("events", flat=True)
            for e in events
        )
        cache.set(_EVENTS_CACHE, found, 60)
    return found


def emit(event: str, data: dict[str, Any]) -> list[int]:
    """Record `event` for every active subscription to it; send after the transaction commits.

    Costs no query when nobody subscribes to `event` (the set of subscribed events is cached)."""
    assert event in EVENTS, event
    if event not in _subscribed_events():
        return []
    now = timezone.now()
    rows = [  # subscriptions are few: their event lists are checked here, on any database
        Delivery(subscription=s, event=event, payload={}, next_retry_at=now)
        for s in Subscription.objects.filter(active=True)
        if event in s.events
    ]
    if not rows:
        return []
    Delivery.objects.bulk_create(rows)
    for row in rows:
        row.payload = {"id": row.pk, "event": event, "created": now.isoformat(), "data": data}
    Delivery.objects.bulk_update(rows, ["payload"])
    ids = [row.pk for row in rows]
    transaction.on_commit(lambda: _enqueue(ids))
    return ids


def _enqueue(ids: list[int]) -> None:
    from openexpo.webhooks.tasks import deliver

    for pk in ids:
        deliver.delay(pk)


# --- delivering -----------------------------------------------------------------------------


def http_transport(url: str, body: bytes, headers: dict[str, str], timeout: float) -> int:
    import requests

    return requests.post(
        url, data=body, headers=headers, timeout=timeout, allow_redirects=False
    ).status_code


def body_of(delivery: Delivery) -> bytes:
    return json.dumps(delivery.payload, cls=DjangoJSONEncoder, separators=(",", ":")).encode()


def delivery_attempt(
    *, delivery_id: int, now: dt.datetime | None = None, transport: Transport | None = None
) -> Delivery | None:
    """Send delivery `delivery_id` if it is pending and due; record the outcome.

    Safe to run twice: an attempt first claims the row (moves its next time past a lease), so
    a second worker finds it not due and leaves it. Returns None when there was nothing to do."""
    now = now or timezone.now()
    claimed = Delivery.objects.filter(
        pk=delivery_id, status=Delivery.Status.PENDING, next_retry_at__lte=now
    ).update(next_retry_at=now + dt.timedelta(seconds=LEASE_SECONDS))
    if not claimed:
        return None
    delivery = Delivery.objects.select_related("subscription").get(pk=delivery_id)
    body = body_of(delivery)
    headers = {
        "Content-Type": "application/json",
        "User-Agent": "OpenExpo-Webhooks/1",
        "X-OpenExpo-Event": delivery.event,
        "X-OpenExpo-Delivery": str(delivery.pk),
        signing.HEADER: signing.signature(delivery.subscription.secret, body, int(now.timestamp())),
    }
    status, error = None, ""
    try:
        status = (transport or http_transport)(
            delivery.subscription.url, body, headers, TIMEOUT_SECONDS
        )
    except Exception as exc:  # network errors of any transport: logged, retried
        error = f"{type(exc).__name__}: {exc}"[:300]
    delivery.attempts += 1
    delivery.status_code, delivery.last_error = status, error
    if status is not None and 200 <= status < 300:
        delivery.status, delivery.delivered_at, delivery.next_retry_at = (
            Delivery.Status.DELIVERED,
            now,
            None,
        )
    elif delivery.attempts >= MAX_ATTEMPTS:
        delivery.status, delivery.next_retry_at = Delivery.Status.FAILED, None
    else:
        delivery.next_retry_at = now + backoff(delivery.attempts)
    delivery.save(
        update_fields=[
            "attempts",
            "status_code",
            "last_error",
            "status",
            "delivered_at",
            "next_retry_at",
        ]
    )
    return delivery


def deliveries_retry_due(
    *, now: dt.datetime | None = None, transport: Transport | None = None
) -> int:
    """Attempt every pending delivery whose time has come; returns how many were attempted."""
    now = now or timezone.now()
    due = Delivery.objects.filter(
        status=Delivery.Status.PENDING, next_retry_at__lte=now
    ).values_list("pk", flat=True)
    return sum(
        delivery_attempt(delivery_id=pk, now=now, transport=transport) is not None
        for pk in list(due[:500])
    )


def delivery_retry_now(*, actor: Any, delivery: Delivery) -> Delivery:
    """An organiser sends a failed or pending delivery again now (attempts start afresh)."""
    _require_organiser(actor)
    if delivery.status == Delivery.Status.DELIVERED:
        raise WebhookError("This delivery has been delivered.", "already_delivered")
    Delivery.objects.filter(pk=delivery.pk).update(
        status=Delivery.Status.PENDING, attempts=0, next_retry_at=timezone.now()
    )
    transaction.on_commit(lambda: _enqueue([delivery.pk]))
    delivery.refresh_from_db()
    return delivery


# --- subscriptions --------------------------------------------------------------------------


def _require_organiser(actor: Any) -> None:
    if not permissions.is_organiser(actor):
        raise PermissionDenied("Only organisers manage webhooks.")


def _clean(url: str | None, events: list[str] | None) -> None:
    if url is not None and not url.lower().startswith(("https://", "http://")):
        raise WebhookError("The URL must start with https:// or http://.", "invalid", field="url")
    if events is not None:
        unknown = sorted(set(events) - set(EVENTS))
        if unknown or not events:
            raise WebhookError(
                f"Events must be some of {', '.join(EVENTS)}.", "invalid", field="events"
            )


def subscriptions_changed() -> None:
    """Forget the cached set of subscribed events (call after any subscription write)."""
    cache.delete(_EVENTS_CACHE)


def subscription_create(
    *, actor: Any, url: str, events: list[str], description: str = "", secret: str = ""
) -> Subscription:
    _require_organiser(actor)
    _clean(url, events)
    sub = Subscription.objects.create(
        url=url,
        events=sorted(set(events)),
        description=description,
        secret=secret or secrets.token_urlsafe(32),
        created_by=actor,
    )
    subscriptions_changed()
    return sub


def subscription_update(
    *, actor: Any, subscription: Subscription, changes: dict[str, Any]
) -> Subscription:
    _require_organiser(actor)
    _clean(changes.get("url"), changes.get("events"))
    for field in ("url", "events", "active", "description"):
        if field in changes and changes[field] is not None:
            setattr(
                subscription,
                field,
                sorted(set(changes[field])) if field == "events" else changes[field],
            )
    subscription.save()
    subscriptions_changed()
    return subscription


def subscription_delete(*, actor: Any, subscription: Subscription) -> None:
    _require_organiser(actor)
    subscription.delete()
    subscriptions_changed()
