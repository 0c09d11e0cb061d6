"""REST endpoints: companies (public profile, private fields for their own staff; sign-up and
logo) and participations (own only)."""

from __future__ import annotations

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import File, Router, Schema, Status
from ninja.files import UploadedFile
from ninja.pagination import PageNumberPagination, paginate

from openexpo.core import permissions
from openexpo.core.errors import DomainError
from openexpo.core.models import Country
from openexpo.exhibitors import services
from openexpo.exhibitors.models import Company, Participation
from openexpo.exhibitors.selectors import company_list, participation_list

router = Router(tags=["exhibitors"])


class CompanyOut(Schema):
    id: int
    name_en: str
    name_zh: str
    country: str
    size_class: str
    website: str
    description_en: str
    description_zh: str

    @staticmethod
    def resolve_country(obj: Company) -> str:
        return obj.country_id


class CompanyPrivateOut(CompanyOut):
    """Contact data appear only for the company's own staff and organisers (else null)."""

    email: str | None = None


class CompanyPatch(Schema):
    name_en: str | None = None
    name_zh: str | None = None
    description_en: str | None = None
    description_zh: str | None = None
    website: str | None = None
    email: str | None = None


class SignupIn(Schema):
    username: str
    email: str
    password: str
    name_en: str
    name_zh: str = ""
    country: str
    size_class: str = Company.Size.SME
    website: str = ""
    description_en: str = ""
    description_zh: str = ""


class SignupOut(Schema):
    company_id: int
    user_id: int
    username: str


class LogoOut(Schema):
    company_id: int
    logo: str


class ParticipationBase(Schema):
    """What every participation answer holds (also the applications API's); the edition by
    its number and the area by its code."""

    id: int
    company_id: int
    edition: int
    area: str
    booth_type: str
    area_requested_m2: int
    area_granted_m2: int | None
    status: str

    @staticmethod
    def resolve_edition(obj: Participation) -> int:
        return obj.edition.number

    @staticmethod
    def resolve_area(obj: Participation) -> str:
        return obj.area.code


class ParticipationOut(ParticipationBase):
    consecutive_editions: int


@router.get("/companies", response=list[CompanyOut])
@paginate(PageNumberPagination)
def companies(request: HttpRequest, q: str = "", country: str = "", size: str = ""):
    if size and size not in Company.Size.values:
        raise DomainError(f"size must be one of {', '.join(Company.Size.values)}.", field="size")
    return permissions.scope(request.user, company_list(q=q[:200], country=country[:8], size=size))


@router.get("/companies/{company_id}", response=CompanyPrivateOut)
def company_detail(request: HttpRequest, company_id: int):
    company = get_object_or_404(Company.objects.select_related("country"), pk=company_id)
    permissions.require(request.user, "view", company)
    if not permissions.can(request.user, "view_private", company):
        company.email = None
    return company


@router.patch("/companies/{company_id}", response=CompanyPrivateOut)
def company_patch(request: HttpRequest, company_id: int, payload: CompanyPatch):
    company = get_object_or_404(Company.objects.select_related("country"), pk=company_id)
    changes = payload.dict(exclude_unset=True)
    return services.company_update(actor=request.user, company=company, changes=changes)


@router.post("/companies", response={201: SignupOut})
def company_signup(request: HttpRequest, payload: SignupIn):
    """Register a company and its first staff user (who then logs in or asks for a token)."""
    data = payload.dict()
    code = data.pop("country").strip().upper()
    country = Country.objects.filter(code=code).first() if code else None
    language = getattr(request, "LANGUAGE_CODE", "")  # from Accept-Language
    staff = services.company_signup(country=country, preferred_language=language, **data)
    return Status(
        201,
        {"company_id": staff.company_id, "user_id": staff.user_id, "username": staff.user.username},
    )


@router.post("/companies/{company_id}/logo", response=LogoOut)
def company_logo(request: HttpRequest, company_id: int, logo: UploadedFile = File(...)):  # noqa: B008
    """Replace your company's logo: a real PNG, JPEG or WebP image of at most 2 MB."""
    company = get_object_or_404(Company, pk=company_id)
    company = services.company_logo_set(actor=request.user, company=company, upload=logo)
    return {"company_id": company.pk, "logo": company.logo.url}


@router.get("/participations", response=list[ParticipationOut])
@paginate(PageNumberPagination)
def participations(request: HttpRequest, edition: int | None = None):
    return permissions.scope(request.user, participation_list(edition_number=edition))


@router.get("/participations/{participation_id}", response=ParticipationOut)
def participation_detail(request: HttpRequest, participation_id: int):
    part = get_object_or_404(participation_list(), pk=participation_id)
    permissions.require(request.user, "view", part)
    return part


def _mount_applications() -> None:
    """Application endpoints (create, submit, withdraw, decisions, import) live in their own
    module; they share this router's mount point."""
    from openexpo.exhibitors.api_applications import router as applications

    router.add_router("", applications)


_mount_applications()
