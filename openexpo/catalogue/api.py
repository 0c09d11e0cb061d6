"""REST endpoints: catalogue search with facets, exhibits (public read; exhibitors write their
own), exhibit pictures, launch events."""

import datetime as dt

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import File, Router, Schema, Status
from ninja.files import UploadedFile
from ninja.pagination import PageNumberPagination, paginate

from openexpo.api.schemas import LocalTime
from openexpo.catalogue import selectors, services
from openexpo.catalogue.ics import launch_start
from openexpo.catalogue.models import Exhibit, ExhibitImage, LaunchEvent
from openexpo.catalogue.search import FACETS
from openexpo.core import permissions
from openexpo.core.errors import DomainError
from openexpo.core.selectors import edition_current, edition_get
from openexpo.exhibitors.models import Participation

router = Router(tags=["catalogue"])


class ExhibitOut(Schema):
    id: int
    name_en: str
    name_zh: str
    description_en: str
    description_zh: str
    company_id: int
    company: str
    edition: int
    category: str | None
    origin: str | None
    launch_type: str

    @staticmethod
    def resolve_company_id(obj: Exhibit) -> int:
        return obj.participation.company_id

    @staticmethod
    def resolve_company(obj: Exhibit) -> str:
        return obj.participation.company.name_en

    @staticmethod
    def resolve_edition(obj: Exhibit) -> int:
        return obj.participation.edition.number

    @staticmethod
    def resolve_category(obj: Exhibit) -> str | None:
        return obj.category.code if obj.category_id else None

    @staticmethod
    def resolve_origin(obj: Exhibit) -> str | None:
        return obj.origin_id


class ExhibitIn(Schema):
    participation_id: int
    name_en: str
    name_zh: str = ""
    description_en: str = ""
    description_zh: str = ""
    category_code: str = ""
    origin_code: str = ""
    launch_type: str = ""


class ExhibitPatch(Schema):
    name_en: str | None = None
    name_zh: str | None = None
    description_en: str | None = None
    description_zh: str | None = None
    category_code: str | None = None
    origin_code: str | None = None
    launch_type: str | None = None


class ImageOut(Schema):
    id: int
    image: str
    thumbnail: str
    width: int
    height: int


class LaunchIn(Schema):
    day: dt.date | None = None
    start_time: LocalTime | None = None
    duration_minutes: int = 30
    venue: str = "booth"
    stage_en: str = ""
    stage_zh: str = ""


class LaunchOut(Schema):
    id: int
    exhibit_id: int
    exhibit: str
    company_id: int
    company: str
    launch_type: str
    day: dt.date | None
    start_time: LocalTime | None
    starts_at: dt.datetime | None
    duration_minutes: int
    venue: str
    stage_en: str
    stage_zh: str
    booth: str | None

    @staticmethod
    def resolve_exhibit(obj: LaunchEvent) -> str:
        return obj.exhibit.localized("name")

    @staticmethod
    def resolve_company_id(obj: LaunchEvent) -> int:
        return obj.exhibit.participation.company_id

    @staticmethod
    def resolve_company(obj: LaunchEvent) -> str:
        return obj.exhibit.participation.company.localized("name")

    @staticmethod
    def resolve_launch_type(obj: LaunchEvent) -> str:
        return obj.exhibit.launch_type

    @staticmethod
    def resolve_starts_at(obj: LaunchEvent) -> dt.datetime | None:
        return launch_start(obj)

    @staticmethod
    def resolve_booth(obj: LaunchEvent) -> str | None:
        booth = selectors.booth_of(obj.exhibit.participation)
        return booth.code if booth else None


class FacetValueOut(Schema):
    value: str
    label: str
    count: int
    selected: bool


class SearchHit(Schema):
    id: int
    kind: str
    name: str
    company_id: int
    company: str
    country: str
    launch_type: str
    category: str | None
    booth: str | None


class SearchOut(Schema):
    total: int
    page: int
    pages: int
    corrected: str
    items: list[SearchHit]
    facets: dict[str, list[FacetValueOut]]


def _hit(kind: str, item) -> dict:
    participation = item if kind == "company" else item.participation
    booth = selectors.booth_of(participation)
    company = participation.company
    return {
        "id": item.pk,
        "kind": kind,
        "name": company.localized("name") if kind == "company" else item.localized("name"),
        "company_id": company.pk,
        "company": company.localized("name"),
        "country": company.country_id,
        "launch_type": "" if kind == "company" else item.launch_type,
        "category": None if kind == "company" or not item.category_id else item.category.code,
        "booth": booth.code if booth else None,
    }


@router.get("/search", response=SearchOut)
def search_catalogue(
    request: HttpRequest,
    q: str = "",
    kind: str = "exhibit",
    edition: int | None = None,
    page: int = 1,
    per_page: int = 20,
    country: str = "",
    region: str = "",
    area: str = "",
    section: str = "",
    chapter: str = "",
    heading: str = "",
    launch: str = "",
    size: str = "",
    ldc: str = "",
):
    """Full-text search of exhibits (`kind=exhibit`) or exhibitors (`kind=company`) with facets.

    Any text is accepted (English, Chinese, mixed, with punctuation); filters narrow the
    results and every facet comes with its counts. Participation ids are returned for companies.
    """
    if kind not in FACETS:
        raise DomainError("kind must be exhibit or company.", field="kind")
    ed = edition_get(edition) if edition else edition_current()
    filters = {
        "country": country,
        "region": region,
        "area": area,
        "section": section,
        "chapter": chapter,
        "heading": heading,
        "launch": launch,
        "size": size,
        "ldc": ldc,
    }
    result = selectors.catalogue_search(
        text=q[:200],
        kind=kind,
        edition=ed,
        filters=filters,
        page=max(1, min(page, 500)),
        per_page=max(1, min(per_page, 100)),
    )
    return {
        "total": result.total,
        "page": result.page,
        "pages": result.pages,
        "corrected": result.corrected,
        "items": [_hit(kind, item) for item in result.items],
        "facets": {name: [v.__dict__ for v in values] for name, values in result.facets.items()},
    }


@router.get("/exhibits", response=list[ExhibitOut])
@paginate(PageNumberPagination)
def exhibits(
    request: HttpRequest,
    edition: int | None = None,
    company: int | None = None,
    launch: str = "",
    chapter: str = "",
    q: str = "",
):
    if launch and launch not in {"global", "asia", "china"}:
        raise DomainError("launch must be global, asia or china.", field="launch")
    if chapter and not (len(chapter) == 2 and chapter.isdigit()):
        raise DomainError("chapter must be two digits, e.g. 30.", field="chapter")
    qs = selectors.exhibit_list(
        edition_number=edition, company_id=company, launch=launch, chapter=chapter, q=q[:200]
    )
    return permissions.scope(request.user, qs)


@router.get("/exhibits/{exhibit_id}", response=ExhibitOut)
def exhibit_detail(request: HttpRequest, exhibit_id: int):
    exhibit = get_object_or_404(selectors.exhibit_list(), pk=exhibit_id)
    permissions.require(request.user, "view", exhibit)
    return exhibit


def _load(exhibit_id: int) -> Exhibit:
    return get_object_or_404(selectors.exhibit_detail_qs(), pk=exhibit_id)


@router.post("/exhibits", response={201: ExhibitOut})
def exhibit_create(request: HttpRequest, payload: ExhibitIn):
    """Add an exhibit to one of your company's participations."""
    participation = get_object_or_404(
        Participation.objects.select_related("company"), pk=payload.participation_id
    )
    changes = payload.dict(exclude={"participation_id"})
    exhibit = services.exhibit_create(
        actor=request.user, participation=participation, changes=changes
    )
    return Status(201, _load(exhibit.pk))


@router.patch("/exhibits/{exhibit_id}", response=ExhibitOut)
def exhibit_update(request: HttpRequest, exhibit_id: int, payload: ExhibitPatch):
    changes = {k: v for k, v in payload.dict().items() if v is not None}
    services.exhibit_update(actor=request.user, exhibit=_load(exhibit_id), changes=changes)
    return _load(exhibit_id)


@router.delete("/exhibits/{exhibit_id}", response={204: None})
def exhibit_delete(request: HttpRequest, exhibit_id: int):
    services.exhibit_delete(actor=request.user, exhibit=_load(exhibit_id))
    return Status(204, None)


@router.post("/exhibits/{exhibit_id}/images", response={201: ImageOut})
def exhibit_image_add(request: HttpRequest, exhibit_id: int, image: UploadedFile = File(...)):  # noqa: B008
    """Upload a JPEG, PNG or WebP picture (≤ 5 MB, ≤ 6000 px a side, ≤ 24 megapixels)."""
    img = services.exhibit_image_add(actor=request.user, exhibit=_load(exhibit_id), upload=image)
    return Status(
        201,
        {
            "id": img.pk,
            "image": img.image.url,
            "thumbnail": img.thumbnail.url,
            "width": img.width,
            "height": img.height,
        },
    )


@router.delete("/exhibits/{exhibit_id}/images/{image_id}", response={204: None})
def exhibit_image_delete(request: HttpRequest, exhibit_id: int, image_id: int):
    """Remove one picture (and its thumbnail) of an exhibit of your company."""
    image = get_object_or_404(
        ExhibitImage.objects.select_related("exhibit__participation"),
        pk=image_id,
        exhibit_id=exhibit_id,
    )
    services.exhibit_image_delete(actor=request.user, image=image)
    return Status(204, None)


@router.put("/exhibits/{exhibit_id}/launch", response=LaunchOut)
def launch_set(request: HttpRequest, exhibit_id: int, payload: LaunchIn):
    event = services.launch_event_set(
        actor=request.user, exhibit=_load(exhibit_id), **payload.dict()
    )
    return selectors.launch_detail_qs().get(pk=event.pk)


@router.get("/launches", response=list[LaunchOut])
@paginate(PageNumberPagination, page_size=100)
def launches(
    request: HttpRequest,
    edition: int | None = None,
    day: dt.date | None = None,
    launch: str = "",
    chapter: str = "",
    area: str = "",
):
    ed = edition_get(edition) if edition else edition_current()
    return selectors.launch_list(
        edition=ed, day=day.isoformat() if day else "", launch=launch, chapter=chapter, area=area
    )


@router.get("/launches/{launch_id}", response=LaunchOut)
def launch_detail(request: HttpRequest, launch_id: int):
    event = get_object_or_404(selectors.launch_detail_qs(), pk=launch_id)
    if (
        event.exhibit.participation.status != Participation.Status.APPROVED
        or not event.exhibit.launch_type
    ):
        raise DomainError("Not found.", "not_found")
    return event
