"""Admin for halls and booths."""

from django.contrib import admin

from openexpo.core.admin_base import OrganiserOnlyAdmin
from openexpo.floorplan.models import Booth, Hall


@admin.register(Hall)
class HallAdmin(OrganiserOnlyAdmin):
    list_display = ["code", "name_en", "edition", "width_m", "depth_m"]
    list_filter = ["edition"]
    list_select_related = ["edition"]
    search_fields = ["code", "name_en"]


@admin.register(Booth)
class BoothAdmin(OrganiserOnlyAdmin):
    list_display = ["code", "hall", "kind", "x", "y", "width", "depth", "participation"]
    list_filter = ["kind", "hall__edition"]
    list_select_related = ["hall", "participation__company", "participation__edition"]
    search_fields = ["code", "participation__company__name_en"]
    raw_id_fields = ["participation"]
