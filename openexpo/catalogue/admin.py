"""Admin for exhibits and launch events; saves and deletes keep the search index current."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from openexpo.catalogue import search
from openexpo.catalogue.models import Exhibit, LaunchEvent
from openexpo.core.admin_base import ExpoModelAdmin


@admin.register(Exhibit)
class ExhibitAdmin(ExpoModelAdmin):
    list_display = ["name_en", "name_zh", "participation", "category", "launch_type"]
    list_filter = ["launch_type", "participation__edition"]
    list_select_related = ["participation__company", "participation__edition", "category"]
    search_fields = ["name_en", "name_zh"]
    raw_id_fields = ["participation", "category", "origin"]

    def save_model(self, request: HttpRequest, obj: Exhibit, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        search.index_exhibits([obj.pk])
        search.index_participations([obj.participation_id], with_exhibits=False)

    def delete_model(self, request: HttpRequest, obj: Exhibit) -> None:
        pk, participation_id = obj.pk, obj.participation_id
        super().delete_model(request, obj)
        search.index_exhibits([pk])
        search.index_participations([participation_id], with_exhibits=False)

    def delete_queryset(self, request: HttpRequest, queryset: Any) -> None:
        rows = list(queryset.values_list("pk", "participation_id"))
        super().delete_queryset(request, queryset)
        search.index_exhibits([pk for pk, _p in rows])
        search.index_participations([p for _pk, p in rows], with_exhibits=False)


@admin.register(LaunchEvent)
class LaunchEventAdmin(ExpoModelAdmin):
    list_display = ["exhibit", "day", "start_time", "venue", "stage_en"]
    list_filter = ["day", "venue"]
    list_select_related = ["exhibit"]
    raw_id_fields = ["exhibit"]
