"""Webhook background tasks (thin: ids in, services do the work; safe to run twice)."""

from __future__ import annotations

from celery import shared_task


@shared_task(name="webhooks.deliver")
def deliver(delivery_id: int) -> bool:
    """Attempt one delivery now (a no-op if it is delivered, given up, or not due)."""
    from openexpo.webhooks.services import delivery_attempt

    return delivery_attempt(delivery_id=delivery_id) is not None


@shared_task(name="webhooks.retry_due")
def retry_due() -> int:
    """Attempt every delivery whose retry time has come (Celery beat runs this each minute)."""
    from openexpo.webhooks.services import deliveries_retry_due

    return deliveries_retry_due()
