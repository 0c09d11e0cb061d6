"""Admin for trading delegations and professional visitors."""

from django.contrib import admin

from openexpo.core.admin_base import ExpoModelAdmin
from openexpo.visitors.models import Delegation, Visitor


@admin.register(Delegation)
class DelegationAdmin(ExpoModelAdmin):
    list_display = ["code", "name_en", "name_zh", "edition", "parent", "lead", "province"]
    list_filter = ["edition"]
    list_select_related = ["edition", "parent", "lead"]
    search_fields = ["code", "name_en", "name_zh"]
    raw_id_fields = ["parent", "lead"]


@admin.register(Visitor)
class VisitorAdmin(ExpoModelAdmin):
    list_display = ["full_name", "organisation", "country", "delegation", "edition", "status"]
    list_filter = ["edition", "status"]
    list_select_related = ["country", "delegation", "edition"]
    search_fields = ["full_name", "organisation"]
    raw_id_fields = ["user", "delegation", "country"]
