"""Admin for editions, areas, countries, HS categories, users and the audit trail."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from openexpo.core.admin_base import OrganiserOnlyAdmin
from openexpo.core.models import (
    ApiToken,
    AuditEntry,
    BackgroundJob,
    Country,
    Edition,
    ExhibitionArea,
    ProductCategory,
    User,
)


@admin.register(User)
class ExpoUserAdmin(UserAdmin):
    list_display = ["username", "email", "kind", "is_staff", "is_active", "last_login"]
    list_filter = ["kind", "is_staff", "is_active"]
    fieldsets = [
        *UserAdmin.fieldsets,
        ("OpenExpo", {"fields": ["kind", "preferred_language", "time_zone"]}),
    ]

    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_organiser

    has_view_permission = has_change_permission = has_add_permission = has_delete_permission = (
        lambda self, request, obj=None: request.user.is_active and request.user.is_organiser
    )


class AreaInline(admin.TabularInline):
    model = ExhibitionArea
    extra = 0


@admin.register(Edition)
class EditionAdmin(OrganiserOnlyAdmin):
    list_display = ["number", "name_en", "name_zh", "start_date", "end_date", "previous"]
    list_select_related = ["previous"]
    search_fields = ["name_en", "name_zh"]
    inlines = [AreaInline]


@admin.register(ExhibitionArea)
class ExhibitionAreaAdmin(OrganiserOnlyAdmin):
    list_display = ["code", "name_en", "name_zh", "kind", "edition"]
    list_filter = ["edition", "kind"]
    list_select_related = ["edition"]
    search_fields = ["code", "name_en", "name_zh"]


@admin.register(Country)
class CountryAdmin(OrganiserOnlyAdmin):
    list_display = ["code", "name_en", "name_zh", "kind", "un_region", "is_ldc"]
    list_filter = ["kind", "un_region", "is_ldc"]
    search_fields = ["code", "alpha3", "name_en", "name_zh"]


@admin.register(ProductCategory)
class ProductCategoryAdmin(OrganiserOnlyAdmin):
    list_display = ["code", "level", "name_en", "name_zh", "section", "chapter"]
    list_filter = ["level", "section"]
    search_fields = ["code", "name_en", "name_zh"]
    raw_id_fields = ["parent"]


@admin.register(AuditEntry)
class AuditEntryAdmin(OrganiserOnlyAdmin):
    list_display = ["at", "actor", "action", "object_type", "object_id", "succeeded"]
    list_filter = ["action", "object_type", "succeeded"]
    list_select_related = ["actor"]
    search_fields = ["object_id", "reason", "actor__username"]
    readonly_fields = [f.name for f in AuditEntry._meta.fields]


@admin.register(ApiToken)
class ApiTokenAdmin(OrganiserOnlyAdmin):
    list_display = ["user", "name", "role", "company", "delegation", "created", "last_used"]
    list_filter = ["role"]
    list_select_related = ["user", "company", "delegation"]
    raw_id_fields = ["user", "company", "delegation"]
    readonly_fields = ["key_hash"]


@admin.register(BackgroundJob)
class BackgroundJobAdmin(OrganiserOnlyAdmin):
    list_display = ["id", "kind", "edition", "status", "progress", "created"]
    list_filter = ["kind", "status"]
    list_select_related = ["edition"]
