"""Organiser back office for webhook subscriptions and their delivery log."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from openexpo.core.admin_base import ExpoModelAdmin
from openexpo.webhooks.models import Delivery, Subscription
from openexpo.webhooks.services import subscriptions_changed


class DeliveryInline(admin.TabularInline):
    model = Delivery
    fields = ["event", "status", "attempts", "status_code", "next_retry_at", "delivered_at"]
    readonly_fields = fields
    extra = 0
    max_num = 0
    show_change_link = True
    ordering = ["-pk"]


@admin.register(Subscription)
class SubscriptionAdmin(ExpoModelAdmin):
    list_display = ["url", "events", "active", "created"]
    list_filter = ["active"]
    inlines = [DeliveryInline]

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        subscriptions_changed()

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        super().delete_model(request, obj)
        subscriptions_changed()


@admin.register(Delivery)
class DeliveryAdmin(ExpoModelAdmin):
    list_display = [
        "pk",
        "event",
        "subscription",
        "status",
        "attempts",
        "status_code",
        "next_retry_at",
        "delivered_at",
    ]
    list_filter = ["status", "event"]
    list_select_related = ["subscription"]
    readonly_fields = [f.name for f in Delivery._meta.fields]

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return False
