"""Reads of companies and participations shared by pages and the API."""

from __future__ import annotations

from django.db.models import Count, F, Q, QuerySet

from openexpo.core.models import Edition
from openexpo.exhibitors.models import Company, Participation, ParticipationTransition


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


def review_queue(
    *,
    edition: Edition | None = None,
    area: str = "",
    status: str = "",
    booth_type: str = "",
    country: str = "",
    ldc: bool | None = None,
    q: str = "",
) -> QuerySet[Participation]:
    """Applications for the organisers' queue, filtered; oldest submissions first."""
    qs = Participation.objects.select_related("company__country", "edition", "area", "pavilion")
    if edition is not None:
        qs = qs.filter(edition=edition)
    if area:
        qs = qs.filter(area__code=area)
    if status:
        qs = qs.filter(status=status)
    if booth_type:
        qs = qs.filter(booth_type=booth_type)
    if country:
        qs = qs.filter(company__country_id=country.upper())
    if ldc is not None:
        qs = qs.filter(company__country__is_ldc=ldc)
    if q:
        qs = qs.filter(
            Q(company__name_en__icontains=q)
            | Q(company__name_zh__icontains=q)
            | Q(company__email__icontains=q)
            | Q(plans_en__icontains=q)
            | Q(plans_zh__icontains=q)
        )
    return qs.order_by(F("submitted_at").asc(nulls_last=True), "company__name_en", "id")


def participation_history(part: Participation) -> QuerySet[ParticipationTransition]:
    """The application's status changes and messages, oldest first."""
    return ParticipationTransition.objects.filter(participation=part).select_related("actor")


def company_participations(company: Company) -> QuerySet[Participation]:
    return (
        Participation.objects.filter(company=company)
        .select_related("edition", "area", "pavilion")
        .order_by("-edition__number")
    )


def status_counts(edition: Edition) -> dict[str, int]:
    """How many applications of the edition are in each status."""
    rows = (
        Participation.objects.filter(edition=edition)
        .values_list("status")
        .annotate(n=Count("id"))
        .order_by()
    )
    found = dict(rows)
    return {value: found.get(value, 0) for value in Participation.Status.values}
