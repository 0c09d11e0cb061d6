"""REST endpoints: exhibits (public read)."""

from __future__ import annotations

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Router, Schema
from ninja.pagination import PageNumberPagination, paginate

from openexpo.catalogue.models import Exhibit
from openexpo.catalogue.selectors import exhibit_list
from openexpo.core import permissions
from openexpo.core.errors import DomainError

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
    qs = exhibit_list(
        edition_number=edition, company_id=company, launch=launch, chapter=chapter, q=q[:200]
    )
    return permissions.scope(request.user, qs)


@router.get("/exhibits/{exhibit_id}", response=ExhibitOut)
def exhibit_detail(request: HttpRequest, exhibit_id: int):
    exhibit = get_object_or_404(exhibit_list(), pk=exhibit_id)
    permissions.require(request.user, "view", exhibit)
    return exhibit
