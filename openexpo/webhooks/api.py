"""REST endpoints for organisers: webhook subscriptions and their delivery log."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Router, Schema, Status
from ninja.pagination import PageNumberPagination, paginate

from openexpo.core import permissions
from openexpo.core.errors import PermissionDenied
from openexpo.webhooks import services
from openexpo.webhooks.models import Delivery, Subscription

router = Router(tags=["webhooks"])


class SubscriptionIn(Schema):
    url: str
    events: list[str]
    description: str = ""


class SubscriptionPatch(Schema):
    url: str | None = None
    events: list[str] | None = None
    active: bool | None = None
    description: str | None = None


class SubscriptionOut(Schema):
    id: int
    url: str
    events: list[str]
    active: bool
    description: str
    created: datetime


class SubscriptionCreatedOut(SubscriptionOut):
    secret: str  # shown once, at creation


class DeliveryOut(Schema):
    id: int
    subscription: int
    event: str
    payload: dict[str, Any]
    status: str
    attempts: int
    status_code: int | None
    last_error: str
    next_retry_at: datetime | None
    delivered_at: datetime | None
    created: datetime

    @staticmethod
    def resolve_subscription(obj: Delivery) -> int:
        return obj.subscription_id


def _organiser(request: HttpRequest) -> None:
    if not permissions.is_organiser(request.user):
        raise PermissionDenied("Only organisers manage webhooks.")


@router.get("/webhooks", response=list[SubscriptionOut])
@paginate(PageNumberPagination)
def subscriptions(request: HttpRequest):
    _organiser(request)
    return Subscription.objects.all()


@router.post("/webhooks", response={201: SubscriptionCreatedOut})
def subscription_create(request: HttpRequest, payload: SubscriptionIn):
    sub = services.subscription_create(actor=request.user, **payload.dict())
    return Status(201, sub)


@router.patch("/webhooks/{subscription_id}", response=SubscriptionOut)
def subscription_patch(request: HttpRequest, subscription_id: int, payload: SubscriptionPatch):
    _organiser(request)
    sub = get_object_or_404(Subscription, pk=subscription_id)
    return services.subscription_update(
        actor=request.user, subscription=sub, changes=payload.dict(exclude_unset=True)
    )


@router.delete("/webhooks/{subscription_id}", response={204: None})
def subscription_delete(request: HttpRequest, subscription_id: int):
    _organiser(request)
    services.subscription_delete(
        actor=request.user, subscription=get_object_or_404(Subscription, pk=subscription_id)
    )
    return Status(204, None)


@router.get("/webhook-deliveries", response=list[DeliveryOut])
@paginate(PageNumberPagination)
def deliveries(
    request: HttpRequest, subscription: int | None = None, status: str = "", event: str = ""
):
    """The delivery log, newest first; filter by subscription, status, event."""
    _organiser(request)
    qs = Delivery.objects.all()
    if subscription is not None:
        qs = qs.filter(subscription_id=subscription)
    if status:
        qs = qs.filter(status=status)
    if event:
        qs = qs.filter(event=event)
    return qs


@router.post("/webhook-deliveries/{delivery_id}/retry", response=DeliveryOut)
def delivery_retry(request: HttpRequest, delivery_id: int):
    _organiser(request)
    delivery = get_object_or_404(Delivery, pk=delivery_id)
    return services.delivery_retry_now(actor=request.user, delivery=delivery)
