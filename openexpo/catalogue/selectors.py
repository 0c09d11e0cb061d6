"""Reads of exhibits, exhibitors and launches shared by pages and the API."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Prefetch, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from openexpo.catalogue import search
from openexpo.catalogue.models import Exhibit, ExhibitImage, LaunchEvent
from openexpo.core.models import Country, Edition, ExhibitionArea, ProductCategory
from openexpo.exhibitors.models import Company, Participation

REGIONS = {
    "Africa": _("Africa"),
    "Americas": _("Americas"),
    "Asia": _("Asia"),
    "Europe": _("Europe"),
    "Oceania": _("Oceania"),
}
FACET_TITLES = {
    "country": _("Country or region"),
    "region": _("World region"),
    "area": _("Exhibition area"),
    "section": _("HS section"),
    "chapter": _("HS chapter"),
    "heading": _("HS heading"),
    "launch": _("Launch"),
    "size": _("Company size"),
    "ldc": _("Least-developed country"),
}


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


def exhibit_detail_qs() -> QuerySet[Exhibit]:
    return Exhibit.objects.select_related(
        "participation__company__country",
        "participation__edition",
        "participation__area",
        "category",
        "origin",
        "launch_event",
    ).prefetch_related(
        Prefetch("images", queryset=ExhibitImage.objects.order_by("position", "id")),
        Prefetch("participation__booths"),
    )


def booth_of(participation: Participation) -> Any:
    """The participation's first booth, if the floor plan assigned one (prefetched)."""
    booths = list(participation.booths.all())
    return booths[0] if booths else None


@dataclass
class FacetValue:
    value: str
    label: str
    count: int
    selected: bool


@dataclass
class CataloguePage:
    """One page of search results with labelled facets, ready for a template or the API."""

    kind: str
    items: list[Any]
    total: int
    page: int
    pages: int
    facets: dict[str, list[FacetValue]] = field(default_factory=dict)
    corrected: str = ""


def _labels(name: str, values: list[str]) -> dict[str, str]:
    if name == "country":
        return {c.code: c.localized("name") for c in Country.objects.filter(code__in=values)}
    if name == "region":
        return {v: str(REGIONS.get(v, v)) for v in values}
    if name == "area":
        ids = [int(v) for v in values if v.isdigit()]
        return {str(a.pk): a.localized("name") for a in ExhibitionArea.objects.filter(pk__in=ids)}
    if name == "section":
        nodes = ProductCategory.objects.filter(
            level=ProductCategory.Level.SECTION, section__in=values
        )
        return {n.section: f"{n.section} {n.localized('name')[:50]}" for n in nodes}
    if name == "chapter":
        nodes = ProductCategory.objects.filter(
            level=ProductCategory.Level.CHAPTER, chapter__in=values
        )
        return {n.chapter: f"{n.chapter} {n.localized('name')[:50]}" for n in nodes}
    if name == "heading":
        nodes = ProductCategory.objects.filter(level=ProductCategory.Level.HEADING, code__in=values)
        return {n.code: f"{n.code} {n.localized('name')[:50]}" for n in nodes}
    if name == "launch":
        return {k: str(v) for k, v in Exhibit.Launch.choices}
    if name == "size":
        return {k: str(v) for k, v in Company.Size.choices}
    if name == "ldc":
        return {"1": str(_("Yes"))}
    return {}


def _order(ids: list[int], objects: QuerySet) -> list[Any]:
    by_id = {o.pk: o for o in objects}
    return [by_id[i] for i in ids if i in by_id]


def catalogue_search(
    *,
    text: str = "",
    kind: str = "exhibit",
    edition: Edition | None,
    filters: dict[str, str],
    page: int = 1,
    per_page: int = 20,
) -> CataloguePage:
    """Search exhibits or exhibitors of an edition, with facets labelled in the viewer's language."""
    result = search.search(
        search.SearchQuery(
            text=text,
            kind=kind,
            edition_id=edition.pk if edition else None,
            filters=filters,
            page=page,
            per_page=per_page,
        )
    )
    if kind == "company":
        qs = Participation.objects.select_related("company__country", "area").prefetch_related(
            "booths"
        )
    else:
        qs = Exhibit.objects.select_related(
            "participation__company__country",
            "participation__area",
            "category",
            "launch_event",
        ).prefetch_related("participation__booths", "images")
    items = _order(result.ids, qs.filter(pk__in=result.ids))
    selected = search.clean_filters(kind if kind in search.FACETS else "exhibit", filters)
    facets = {}
    for name, values in result.facets.items():
        labels = _labels(name, [v for v, _n in values])
        chosen = str(selected.get(name, "")).replace("True", "1")
        facets[name] = [
            FacetValue(value=v, label=labels.get(v, v), count=n, selected=v == chosen)
            for v, n in values
        ]
    pages = max(1, math.ceil(result.total / max(1, per_page)))
    return CataloguePage(
        kind=kind,
        items=items,
        total=result.total,
        page=page,
        pages=pages,
        facets=facets,
        corrected=result.corrected,
    )


def company_public(company_id: int) -> Company | None:
    return Company.objects.select_related("country").filter(pk=company_id).first()


def company_participation(company: Company, edition: Edition | None) -> Participation | None:
    if edition is None:
        return None
    return (
        Participation.objects.select_related("area", "edition")
        .prefetch_related("booths")
        .filter(company=company, edition=edition, status=Participation.Status.APPROVED)
        .first()
    )


def company_exhibits(participation: Participation | None) -> QuerySet[Exhibit]:
    if participation is None:
        return Exhibit.objects.none()
    return (
        Exhibit.objects.filter(participation=participation)
        .select_related("category", "launch_event")
        .prefetch_related("images")
        .order_by("name_en", "id")
    )


def launch_list(
    *,
    edition: Edition | None,
    day: str = "",
    launch: str = "",
    chapter: str = "",
    area: str = "",
) -> QuerySet[LaunchEvent]:
    """Scheduled launches of public exhibits of an edition, by day and time."""
    qs = (
        LaunchEvent.objects.select_related(
            "exhibit__participation__company__country",
            "exhibit__participation__area",
            "exhibit__participation__edition",
            "exhibit__category",
        )
        .prefetch_related("exhibit__participation__booths")
        .filter(
            exhibit__participation__status=Participation.Status.APPROVED,
        )
        .exclude(exhibit__launch_type="")
    )
    if edition is not None:
        qs = qs.filter(exhibit__participation__edition=edition)
    if day:
        qs = qs.filter(day=day)
    if launch in Exhibit.Launch.values and launch:
        qs = qs.filter(exhibit__launch_type=launch)
    if chapter:
        qs = qs.filter(exhibit__category__chapter=chapter[:2])
    if area.isdigit():
        qs = qs.filter(exhibit__participation__area_id=int(area))
    return qs.order_by("day", "start_time", "exhibit__name_en", "id")


def launch_detail_qs() -> QuerySet[LaunchEvent]:
    return LaunchEvent.objects.select_related(
        "exhibit__participation__company__country",
        "exhibit__participation__area",
        "exhibit__participation__edition",
        "exhibit__category",
    ).prefetch_related("exhibit__participation__booths")


def my_participations(user: Any) -> QuerySet[Participation]:
    from openexpo.core import permissions

    return (
        Participation.objects.filter(company_id__in=permissions.company_ids(user))
        .select_related("company", "edition")
        .order_by("-edition__number")
    )


def quality_report(edition: Edition | None) -> dict[str, Any]:
    """Gaps organisers chase: missing Chinese texts, exhibits without category, untimed launches."""
    if edition is None:
        return {
            "companies": [],
            "exhibits_no_zh": [],
            "no_category": [],
            "untimed": [],
            "counts": {},
        }
    parts = Participation.objects.filter(edition=edition, status=Participation.Status.APPROVED)
    companies = (
        Company.objects.filter(participations__in=parts)
        .filter(Q(name_zh="") | Q(description_zh=""))
        .select_related("country")
        .order_by("name_en", "id")
        .distinct()
    )
    exhibits = Exhibit.objects.filter(participation__in=parts).select_related(
        "participation__company"
    )
    no_zh = exhibits.filter(Q(name_zh="") | Q(description_zh="")).order_by("name_en", "id")
    no_category = exhibits.filter(category__isnull=True).order_by("name_en", "id")
    untimed = (
        exhibits.exclude(launch_type="")
        .filter(Q(launch_event__isnull=True) | Q(launch_event__start_time__isnull=True))
        .select_related("launch_event")
        .order_by("name_en", "id")
    )
    return {
        "counts": {
            "companies": companies.count(),
            "exhibits_no_zh": no_zh.count(),
            "no_category": no_category.count(),
            "untimed": untimed.count(),
        },
        "companies": companies[:200],
        "exhibits_no_zh": no_zh[:200],
        "no_category": no_category[:200],
        "untimed": untimed[:200],
    }
