"""Admin for matchmaking: needs, capability statements, meetings, setup, unavailable times."""

from django.contrib import admin

from openexpo.core.admin_base import ExpoModelAdmin
from openexpo.matchmaking.models import (
    CapabilityStatement,
    Dismissal,
    MatchmakingSetup,
    MeetingRequest,
    Need,
    Unavailability,
)


@admin.register(MatchmakingSetup)
class MatchmakingSetupAdmin(ExpoModelAdmin):
    list_display = [
        "edition",
        "tables",
        "slot_minutes",
        "morning_slots",
        "afternoon_slots",
        "cap_per_day",
    ]
    list_select_related = ["edition"]


@admin.register(Need)
class NeedAdmin(ExpoModelAdmin):
    list_display = ["title", "buyer", "edition", "status", "budget_max", "currency", "deadline"]
    list_filter = ["status", "edition"]
    list_select_related = ["buyer", "edition"]
    search_fields = ["title", "text_en", "text_zh"]
    raw_id_fields = ["buyer", "categories", "origins"]


@admin.register(CapabilityStatement)
class CapabilityStatementAdmin(ExpoModelAdmin):
    list_display = ["__str__", "participation"]
    list_select_related = ["participation__company", "participation__edition"]
    raw_id_fields = ["participation", "categories"]


@admin.register(MeetingRequest)
class MeetingRequestAdmin(ExpoModelAdmin):
    list_display = ["id", "buyer", "participation", "day", "status", "slot", "table", "published"]
    list_filter = ["status", "published", "day", "edition"]
    list_select_related = ["buyer", "participation__company", "participation__edition"]
    raw_id_fields = ["buyer", "participation", "need", "exhibit", "requested_by", "responded_by"]


@admin.register(Dismissal)
class DismissalAdmin(ExpoModelAdmin):
    list_display = ["side", "buyer", "participation", "exhibit", "created"]
    list_select_related = ["buyer", "participation__company", "participation__edition", "exhibit"]
    raw_id_fields = ["buyer", "participation", "exhibit"]


@admin.register(Unavailability)
class UnavailabilityAdmin(ExpoModelAdmin):
    list_display = ["__str__", "buyer", "participation", "starts_at", "ends_at"]
    list_select_related = ["buyer", "participation__company", "participation__edition"]
    raw_id_fields = ["buyer", "participation"]
