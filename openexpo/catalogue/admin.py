"""Admin for exhibits."""

from django.contrib import admin

from openexpo.catalogue.models import Exhibit
from openexpo.core.admin_base import ExpoModelAdmin


@admin.register(Exhibit)
class ExhibitAdmin(ExpoModelAdmin):
    list_display = ["name_en", "name_zh", "participation", "category", "launch_type"]
    list_filter = ["launch_type", "participation__edition"]
    list_select_related = ["participation__company", "participation__edition", "category"]
    search_fields = ["name_en", "name_zh"]
    raw_id_fields = ["participation", "category", "origin"]
