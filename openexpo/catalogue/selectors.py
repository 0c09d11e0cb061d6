"""Reads of exhibits shared by pages and the API."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from openexpo.catalogue.models import Exhibit


def exhibit_list(
    *,
    edition_number: int | None = None,
    company_id: int | None = None,
    launch: str = "",
    chapter: str = "",
    q: str = "",
) -> QuerySet[Exhibit]:
    qs = Exhibit.objects.select_related(
        "participation__company", "participation__edition", "category"
    )
    if edition_number is not None:
        qs = qs.filter(participation__edition__number=edition_number)
    if company_id is not None:
        qs = qs.filter(participation__company_id=company_id)
    if launch:
        qs = qs.filter(launch_type=launch)
    if chapter:
        qs = qs.filter(category__chapter=chapter)
    if q:
        qs = qs.filter(Q(name_en__icontains=q) | Q(name_zh__icontains=q))
    return qs.order_by("id")
