"""Reads of companies and participations shared by pages and the API."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from openexpo.exhibitors.models import Company, Participation


def company_list(*, q: str = "", country: str = "", size: str = "") -> QuerySet[Company]:
    qs = Company.objects.select_related("country")
    if q:
        qs = qs.filter(Q(name_en__icontains=q) | Q(name_zh__icontains=q))
    if country:
        qs = qs.filter(country_id=country.upper())
    if size:
        qs = qs.filter(size_class=size)
    return qs.order_by("name_en", "id")


def participation_list(*, edition_number: int | None = None) -> QuerySet[Participation]:
    qs = Participation.objects.select_related("company__country", "edition", "area", "pavilion")
    if edition_number is not None:
        qs = qs.filter(edition__number=edition_number)
    return qs.order_by("edition__number", "company__name_en", "id")
