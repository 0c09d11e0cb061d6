"""Admin for the forum: sub-forums, rooms, speakers, sessions, seats and attendance."""

from django.contrib import admin

from openexpo.core.admin_base import OrganiserOnlyAdmin
from openexpo.forums.models import (
    Attendance,
    Invitation,
    Registration,
    Room,
    Session,
    SessionSpeaker,
    Speaker,
    SubForum,
)


@admin.register(SubForum)
class SubForumAdmin(OrganiserOnlyAdmin):
    list_display = ["code", "name_en", "name_zh", "edition", "topic"]
    list_filter = ["edition", "topic"]
    list_select_related = ["edition"]
    search_fields = ["name_en", "name_zh"]


@admin.register(Room)
class RoomAdmin(OrganiserOnlyAdmin):
    list_display = ["code", "name_en", "name_zh", "capacity", "edition"]
    list_filter = ["edition"]
    list_select_related = ["edition"]


@admin.register(Speaker)
class SpeakerAdmin(OrganiserOnlyAdmin):
    list_display = ["code", "name_en", "name_zh", "affiliation_en", "edition"]
    list_filter = ["edition"]
    list_select_related = ["edition"]
    search_fields = ["name_en", "name_zh", "code"]


class SessionSpeakerInline(admin.TabularInline):
    model = SessionSpeaker
    extra = 0
    autocomplete_fields = ["speaker"]


@admin.register(Session)
class SessionAdmin(OrganiserOnlyAdmin):
    list_display = ["title_en", "subforum", "starts_at", "ends_at", "room_ref", "capacity", "access"]
    list_filter = ["subforum__edition", "access"]
    list_select_related = ["subforum__edition", "room_ref"]
    search_fields = ["title_en", "title_zh"]
    inlines = [SessionSpeakerInline]


@admin.register(Registration)
class RegistrationAdmin(OrganiserOnlyAdmin):
    list_display = ["session", "user", "status", "seat_no", "created", "promoted_at"]
    list_filter = ["status"]
    list_select_related = ["session", "user"]
    raw_id_fields = ["session", "user", "invitation"]


@admin.register(Invitation)
class InvitationAdmin(OrganiserOnlyAdmin):
    list_display = ["code", "session", "used", "max_uses", "revoked"]
    list_select_related = ["session"]
    raw_id_fields = ["session"]


@admin.register(Attendance)
class AttendanceAdmin(OrganiserOnlyAdmin):
    list_display = ["session", "user", "method", "at"]
    list_select_related = ["session", "user"]
    raw_id_fields = ["session", "user", "registration", "scanned_by"]
