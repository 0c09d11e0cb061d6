"""Admin for trading delegations and professional visitors."""

from django.contrib import admin

from openexpo.core.admin_base import ExpoModelAdmin
from openexpo.visitors.models import Badge, Delegation, Gate, Scan, ScanConflict, Visitor


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


@admin.register(Gate)
class GateAdmin(ExpoModelAdmin):
    list_display = ["code", "name", "zone", "directions", "antipassback", "edition"]
    list_filter = ["edition", "directions", "antipassback"]


@admin.register(Badge)
class BadgeAdmin(ExpoModelAdmin):
    list_display = ["number", "category", "revision", "status", "visitor", "edition", "issued_at"]
    list_filter = ["edition", "category", "status"]
    list_select_related = ["visitor", "edition"]
    search_fields = ["=number"]
    raw_id_fields = ["visitor", "holder"]
    readonly_fields = [
        "payload",
        "revision",
        "number",
        "first_day",
        "day_mask",
        "issued_at",
        "revoked_at",
    ]


@admin.register(Scan)
class ScanAdmin(ExpoModelAdmin):
    list_display = [
        "scanned_at",
        "gate",
        "badge_number",
        "direction",
        "accepted",
        "code",
        "offline",
    ]
    list_filter = ["edition", "accepted", "code", "offline", "direction"]
    list_select_related = ["gate"]
    search_fields = ["=badge_number"]

    def has_change_permission(self, request, obj=None) -> bool:
        return False  # the scan log is evidence: read only


@admin.register(ScanConflict)
class ScanConflictAdmin(ExpoModelAdmin):
    list_display = ["detected_at", "badge_number", "kind", "scan", "other_scan", "resolved"]
    list_filter = ["edition", "kind", "resolved"]
    raw_id_fields = ["scan", "other_scan"]
