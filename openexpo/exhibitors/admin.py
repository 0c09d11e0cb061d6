"""Admin for companies, their staff and their participations."""

from django.contrib import admin

from openexpo.core import permissions
from openexpo.core.admin_base import ExpoModelAdmin
from openexpo.exhibitors.models import (
    AreaCapacity,
    Company,
    ExhibitorStaff,
    Participation,
    ParticipationTransition,
)


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

    def get_readonly_fields(self, request, obj=None) -> list[str]:
        # Status and free booths change only through the review services (history, e-mail,
        # quota lock); an exhibitor's staff may never decide its own application here.
        if permissions.is_organiser(request.user):
            return ["status", "free_ldc_booth"]
        return ["status", "free_ldc_booth", "area_granted_m2", "edition", "company", "submitted_at"]


@admin.register(ParticipationTransition)
class ParticipationTransitionAdmin(ExpoModelAdmin):
    """Read-only history: transitions are written by the services, never by hand."""

    list_display = ["participation", "at", "from_status", "to_status", "actor"]
    list_filter = ["to_status", "participation__edition"]
    list_select_related = ["participation__company", "participation__edition", "actor"]
    search_fields = ["participation__company__name_en", "reason"]
    readonly_fields = ["participation", "at", "actor", "from_status", "to_status", "reason"]

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(AreaCapacity)
class AreaCapacityAdmin(ExpoModelAdmin):
    list_display = ["area", "capacity_m2"]
    list_select_related = ["area__edition"]
    list_filter = ["area__edition"]
