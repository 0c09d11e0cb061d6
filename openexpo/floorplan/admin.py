"""Admin for halls, booths and competitor pairs."""

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django import forms
from django.contrib import admin
from django.db.models import Model, QuerySet
from django.http import HttpRequest

from openexpo.core.admin_base import OrganiserOnlyAdmin
from openexpo.core.errors import DomainError
from openexpo.floorplan.competitors import (
    competitor_pair_add,
    competitor_pair_check,
    competitor_pair_remove,
)
from openexpo.floorplan.models import Booth, CompetitorPair, Hall
from openexpo.floorplan.services import booth_create, booth_delete, booth_validate


@contextmanager
def service_check() -> Iterator[None]:
    """A service's refusal (a DomainError) becomes the admin form's error, code and all."""
    try:
        yield
    except DomainError as exc:
        raise forms.ValidationError(exc.message, code=exc.code)


class ServiceWriteAdmin(OrganiserOnlyAdmin):
    """Adds and deletes go through the app's services (validated, audited), never plain ORM.

    Subclasses name the two services; an edit of an existing row (where allowed) saves as usual.
    """

    def service_add(self, request: HttpRequest, obj: Any) -> Model:
        raise NotImplementedError

    def service_delete(self, request: HttpRequest, obj: Any) -> None:
        raise NotImplementedError

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        if change:
            super().save_model(request, obj, form, change)
            return
        obj.pk = self.service_add(request, obj).pk

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        self.service_delete(request, obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet) -> None:
        for obj in queryset:
            self.service_delete(request, obj)


@admin.register(Hall)
class HallAdmin(OrganiserOnlyAdmin):
    list_display = ["code", "name_en", "edition", "width_m", "depth_m"]
    list_filter = ["edition"]
    list_select_related = ["edition"]
    search_fields = ["code", "name_en"]


class BoothForm(forms.ModelForm):
    """A booth drawn in the admin is checked like one drawn on the plan desk."""

    class Meta:
        model = Booth
        fields = ["hall", "code", "kind", "x", "y", "width", "depth", "participation", "pinned"]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if self.instance.pk is None and all(
            data.get(k) is not None for k in ("hall", "x", "y", "width", "depth")
        ):
            with service_check():
                booth_validate(
                    hall=data["hall"],
                    x=data["x"],
                    y=data["y"],
                    width=data["width"],
                    depth=data["depth"],
                )
        part = data.get("participation")
        hall = data.get("hall") or getattr(self.instance, "hall", None)
        if part is not None and hall is not None and part.edition_id != hall.edition_id:
            raise forms.ValidationError("The application belongs to another edition.")
        return data


@admin.register(Booth)
class BoothAdmin(ServiceWriteAdmin):
    """New booths go through `booth_create` (validated, cells claimed, audited); an existing
    booth's place and size change only on the plan desk or by the API (`booth_move`), so
    the admin can never double-book floor."""

    form = BoothForm
    list_display = ["code", "hall", "kind", "x", "y", "width", "depth", "participation", "pinned"]
    list_filter = ["kind", "pinned", "hall__edition"]
    list_select_related = ["hall", "participation__company", "participation__edition"]
    search_fields = ["code", "participation__company__name_en"]
    raw_id_fields = ["participation"]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        return ["hall", "x", "y", "width", "depth"] if obj is not None else []

    def service_add(self, request: HttpRequest, obj: Booth) -> Booth:
        return booth_create(
            actor=request.user,
            hall=obj.hall,
            code=obj.code,
            x=obj.x,
            y=obj.y,
            width=obj.width,
            depth=obj.depth,
            kind=obj.kind,
            participation=obj.participation,
        )

    def service_delete(self, request: HttpRequest, obj: Booth) -> None:
        booth_delete(actor=request.user, booth=obj)


class CompetitorPairForm(forms.ModelForm):
    """Either order is accepted; the pair is stored with the smaller company id first."""

    class Meta:
        model = CompetitorPair
        fields = ["edition", "company_a", "company_b", "note"]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        edition, a, b = data.get("edition"), data.get("company_a"), data.get("company_b")
        if edition and a and b:
            with service_check():
                competitor_pair_check(edition=edition, company_a=a, company_b=b)
            if a.pk > b.pk:
                data["company_a"], data["company_b"] = b, a
        return data


@admin.register(CompetitorPair)
class CompetitorPairAdmin(ServiceWriteAdmin):
    """Pairs are added or removed (through the services, audited), never edited in place."""

    form = CompetitorPairForm
    list_display = ["company_a", "company_b", "edition", "note", "created_by", "created"]
    list_filter = ["edition"]
    list_select_related = ["company_a", "company_b", "edition", "created_by"]
    search_fields = ["company_a__name_en", "company_b__name_en", "note"]
    autocomplete_fields = ["company_a", "company_b"]

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return obj is None and super().has_change_permission(request, obj)

    def service_add(self, request: HttpRequest, obj: CompetitorPair) -> CompetitorPair:
        return competitor_pair_add(
            actor=request.user,
            edition=obj.edition,
            company_a=obj.company_a,
            company_b=obj.company_b,
            note=obj.note,
        )

    def service_delete(self, request: HttpRequest, obj: CompetitorPair) -> None:
        competitor_pair_remove(actor=request.user, pair=obj)
