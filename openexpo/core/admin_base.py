"""Admin base class: every admin list and object goes through the permission module."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import Model, QuerySet
from django.http import HttpRequest

from openexpo.core import permissions


class ExpoModelAdmin(admin.ModelAdmin):
    """Organisers see everything; other staff users see only what `permissions` allows."""

    list_per_page = 50
    show_full_result_count = False

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        qs = super().get_queryset(request)
        return permissions.scope(request.user, qs, "change")

    def has_module_permission(self, request: HttpRequest) -> bool:
        return request.user.is_active and request.user.is_staff

    def has_view_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        if obj is None:
            return self.has_module_permission(request)
        return permissions.can(request.user, "change", obj) or permissions.can(
            request.user, "view_private", obj
        )

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        if obj is None:
            return self.has_module_permission(request)
        return permissions.can(request.user, "change", obj)

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return permissions.is_organiser(request.user)

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return permissions.is_organiser(request.user)


class OrganiserOnlyAdmin(ExpoModelAdmin):
    """Reference data and back-office tables only organisers touch."""

    def has_module_permission(self, request: HttpRequest) -> bool:
        return permissions.is_organiser(request.user)

    def has_view_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return permissions.is_organiser(request.user)

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return permissions.is_organiser(request.user)
