"""Reads of editions, areas, countries and HS categories shared by pages and the API."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db.models import QuerySet

from openexpo.core.models import ApiToken, Country, Edition, ExhibitionArea, ProductCategory


def edition_current() -> Edition | None:
    """The edition the public site shows: OPENEXPO_CURRENT_EDITION, else the newest."""
    qs = Edition.objects.select_related("previous")
    if settings.CURRENT_EDITION:
        return qs.filter(number=settings.CURRENT_EDITION).first()
    return qs.order_by("-number").first()


def edition_for_request(request: object) -> Edition | None:
    """`edition_current()`, looked up once per request."""
    if not hasattr(request, "_openexpo_edition"):
        request._openexpo_edition = edition_current()
    return request._openexpo_edition


def edition_get(number: int) -> Edition | None:
    return Edition.objects.select_related("previous").filter(number=number).first()


def edition_list() -> QuerySet[Edition]:
    return Edition.objects.select_related("previous").order_by("-number")


def area_list(*, edition: Edition) -> QuerySet[ExhibitionArea]:
    return ExhibitionArea.objects.filter(edition=edition).select_related("edition")


def country_list() -> QuerySet[Country]:
    return Country.objects.all()


def category_list(
    *, level: int | None = None, parent_code: str | None = None
) -> QuerySet[ProductCategory]:
    qs = ProductCategory.objects.all()
    if level is not None:
        qs = qs.filter(level=level)
    if parent_code is not None:
        qs = qs.filter(parent__code=parent_code)
    return qs


def token_list(*, actor: Any, role: str = "", user_id: int | None = None) -> QuerySet[ApiToken]:
    """API tokens `actor` may manage (see api.auth.token_manageable), newest first."""
    from openexpo.core import permissions

    qs = ApiToken.objects.select_related("user").order_by("-created", "-pk")
    if not permissions.is_organiser(actor):
        qs = qs.filter(user=actor)
        cap = permissions.token_cap(actor)
        if cap is not None:
            qs = qs.filter(
                role=cap.role, company_id=cap.company_id, delegation_id=cap.delegation_id
            )
    if role:
        qs = qs.filter(role=role)
    if user_id is not None:
        qs = qs.filter(user_id=user_id)
    return qs
