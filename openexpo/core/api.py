"""REST endpoints: editions, exhibition areas, countries and HS categories."""

from __future__ import annotations

from datetime import date

from django.http import HttpRequest
from ninja import Field, Router, Schema
from ninja.pagination import PageNumberPagination, paginate

from openexpo.core import permissions
from openexpo.core.errors import DomainError
from openexpo.core.models import Country, Edition, ExhibitionArea, ProductCategory
from openexpo.core.selectors import area_list, category_list, edition_get, edition_list

router = Router(tags=["editions"])


class EditionOut(Schema):
    number: int
    name_en: str
    name_zh: str
    start_date: date
    end_date: date
    venue_en: str
    venue_zh: str
    time_zone: str
    previous_number: int | None = Field(None, alias="previous.number")


class AreaOut(Schema):
    id: int
    code: str
    kind: str
    name_en: str
    name_zh: str


class CountryOut(Schema):
    code: str
    alpha3: str
    kind: str
    name_en: str
    name_zh: str
    un_region: str
    is_ldc: bool


class CategoryOut(Schema):
    code: str
    level: int
    section: str
    chapter: str
    name_en: str
    name_zh: str


def edition_or_404(request: HttpRequest, number: int) -> Edition:
    edition = edition_get(number)
    if edition is None:
        raise DomainError(f"No edition number {number}.", "not_found", field="number")
    permissions.require(request.user, "view", edition)
    return edition


@router.get("/editions", response=list[EditionOut])
@paginate(PageNumberPagination)
def editions(request: HttpRequest):
    return permissions.scope(request.user, edition_list())


@router.get("/editions/{number}", response=EditionOut)
def edition_detail(request: HttpRequest, number: int):
    return edition_or_404(request, number)


@router.get("/editions/{number}/areas", response=list[AreaOut])
@paginate(PageNumberPagination)
def areas(request: HttpRequest, number: int):
    edition = edition_or_404(request, number)
    return permissions.scope(request.user, area_list(edition=edition))


@router.get("/countries", response=list[CountryOut])
@paginate(PageNumberPagination, page_size=50)
def countries(request: HttpRequest, ldc: bool | None = None, region: str | None = None):
    qs = permissions.scope(request.user, Country.objects.all())
    if ldc is not None:
        qs = qs.filter(is_ldc=ldc)
    if region:
        qs = qs.filter(un_region__iexact=region)
    return qs


@router.get("/categories", response=list[CategoryOut])
@paginate(PageNumberPagination, page_size=100)
def categories(request: HttpRequest, level: int | None = None, parent: str | None = None):
    if level is not None and level not in ProductCategory.Level.values:
        raise DomainError("level must be one of 1, 2, 4, 6.", "invalid", field="level")
    return permissions.scope(request.user, category_list(level=level, parent_code=parent))


__all__ = ["router", "ExhibitionArea"]
