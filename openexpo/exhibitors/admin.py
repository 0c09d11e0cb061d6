"""Admin for companies, their staff and their participations."""

from django.contrib import admin

from openexpo.core.admin_base import ExpoModelAdmin
from openexpo.exhibitors.models import Company, ExhibitorStaff, Participation


@admin.register(Company)
class CompanyAdmin(ExpoModelAdmin):
    list_display = ["name_en", "name_zh", "country", "size_class"]
    list_filter = ["size_class", "country__is_ldc", "country__un_region"]
    list_select_related = ["country"]
    search_fields = ["name_en", "name_zh"]
    autocomplete_fields = ["country"]


@admin.register(ExhibitorStaff)
class ExhibitorStaffAdmin(ExpoModelAdmin):
    list_display = ["user", "company", "is_admin"]
    list_select_related = ["user", "company"]
    search_fields = ["user__username", "company__name_en"]
    raw_id_fields = ["user", "company"]


@admin.register(Participation)
class ParticipationAdmin(ExpoModelAdmin):
    list_display = [
        "company", "edition", "area", "booth_type", "area_requested_m2", "area_granted_m2",
        "status", "consecutive_editions",
    ]
    list_filter = ["edition", "status", "booth_type", "area__kind", "free_ldc_booth"]
    list_select_related = ["company", "edition", "area__edition"]
    search_fields = ["company__name_en", "company__name_zh"]
    raw_id_fields = ["company", "area", "pavilion"]
