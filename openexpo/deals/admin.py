"""Admin for deals and exchange rates: read-only lists, because every write goes through the
services (audit trail, rate recomputation); organisers use the deals pages and the API."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from openexpo.core.admin_base import ExpoModelAdmin
from openexpo.deals.models import Deal, ExchangeRate


class ReadOnlyAdmin(ExpoModelAdmin):
    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Deal)
class DealAdmin(ReadOnlyAdmin):
    list_display = [
        "id",
        "buyer_organisation",
        "exhibitor",
        "amount",
        "currency",
        "amount_usd",
        "status",
        "kind",
        "signed_on",
    ]
    list_filter = ["edition", "status", "kind", "currency"]
    list_select_related = ["exhibitor__company", "exhibitor__edition"]
    search_fields = ["buyer_organisation", "exhibitor__company__name_en"]
    raw_id_fields = ["exhibitor", "delegation", "buyer_visitor"]


@admin.register(ExchangeRate)
class ExchangeRateAdmin(ReadOnlyAdmin):
    list_display = ["edition", "currency", "valid_from", "per_usd", "set_by", "set_at"]
    list_filter = ["edition", "currency"]
