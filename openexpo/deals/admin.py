"""Admin for deals."""

from django.contrib import admin

from openexpo.core.admin_base import ExpoModelAdmin
from openexpo.deals.models import Deal


@admin.register(Deal)
class DealAdmin(ExpoModelAdmin):
    list_display = ["id", "buyer_organisation", "exhibitor", "amount", "currency", "amount_usd", "status", "kind", "signed_on"]
    list_filter = ["edition", "status", "kind", "currency"]
    list_select_related = ["exhibitor__company", "exhibitor__edition"]
    search_fields = ["buyer_organisation", "exhibitor__company__name_en"]
    raw_id_fields = ["exhibitor", "delegation"]
