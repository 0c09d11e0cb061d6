"""Admin for sub-forums and sessions."""

from django.contrib import admin

from openexpo.core.admin_base import OrganiserOnlyAdmin
from openexpo.forums.models import Session, SubForum


@admin.register(SubForum)
class SubForumAdmin(OrganiserOnlyAdmin):
    list_display = ["code", "name_en", "name_zh", "edition", "topic"]
    list_filter = ["edition", "topic"]
    list_select_related = ["edition"]
    search_fields = ["name_en", "name_zh"]


@admin.register(Session)
class SessionAdmin(OrganiserOnlyAdmin):
    list_display = ["title_en", "subforum", "starts_at", "ends_at", "room", "capacity"]
    list_filter = ["subforum__edition"]
    list_select_related = ["subforum__edition"]
    search_fields = ["title_en", "title_zh"]
