"""Writes to companies: sign-up, profile and logo. Application writes live in
`applications.py` (exhibitor side) and `review.py` (organiser side), re-exported here."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.validators import URLValidator, validate_email
from django.db import transaction
from django.utils.translation import gettext as _

from openexpo.core import permissions
from openexpo.core.audit import audit_record
from openexpo.core.errors import DomainError
from openexpo.core.models import Country, User
from openexpo.exhibitors.applications import (  # noqa: F401  (re-exported)
    participation_apply,
    participation_reopen,
    participation_submit,
    participation_update,
    participation_withdraw,
)
from openexpo.exhibitors.logos import logo_check
from openexpo.exhibitors.models import Company, ExhibitorStaff
from openexpo.exhibitors.review import (  # noqa: F401  (re-exported)
    edition_ldc_quota_set,
    participation_approve,
    participation_bulk_decide,
    participation_ldc_grant,
    participation_message,
    participation_reject,
    participation_waitlist,
)

COMPANY_EDITABLE = {"name_en", "name_zh", "description_en", "description_zh", "website", "email"}
# fields in the catalogue's search documents (of the company and of its exhibits)
COMPANY_SEARCHED = {"name_en", "name_zh", "description_en", "description_zh"}


def company_update(*, actor: Any, company: Company, changes: dict[str, Any]) -> Company:
    """Change a company's profile fields; exhibitor staff only their own company."""
    unknown = set(changes) - COMPANY_EDITABLE
    if unknown:
        raise DomainError(
            f"Unknown or read-only field: {sorted(unknown)[0]}.",
            "invalid",
            field=sorted(unknown)[0],
        )
    permissions.require(actor, "change", company)
    if "name_en" in changes and not str(changes["name_en"]).strip():
        raise DomainError("The English name may not be empty.", "invalid", field="name_en")
    with transaction.atomic():
        locked = Company.objects.select_for_update().get(pk=company.pk)
        before = {k: getattr(locked, k) for k in changes}
        for key, value in changes.items():
            setattr(locked, key, value)
        locked.full_clean(exclude=["logo", "country"])
        locked.save(update_fields=list(changes))
        audit_record(actor=actor, action="company.update", obj=locked, before=before, after=changes)
        if set(changes) & COMPANY_SEARCHED:
            from openexpo.catalogue import search  # the catalogue builds on this app

            search.index_company(locked.pk)
    return locked


def company_logo_set(*, actor: Any, company: Company, upload: UploadedFile) -> Company:
    """Replace the company's logo after checking its real type and size."""
    permissions.require(actor, "change", company)
    checked = logo_check(upload)
    with transaction.atomic():
        locked = Company.objects.select_for_update().get(pk=company.pk)
        old = locked.logo.name
        locked.logo.save(checked.name, checked, save=False)
        locked.save(update_fields=["logo"])
        audit_record(
            actor=actor,
            action="company.logo",
            obj=locked,
            before={"logo": old},
            after={"logo": locked.logo.name},
        )
    return locked


def _profile_check(*, name_en: str, email: str, website: str) -> None:
    if not name_en.strip():
        raise DomainError(_("The company's English name is required."), "invalid", field="name_en")
    try:
        validate_email(email)
    except ValidationError:
        raise DomainError(_("Enter a valid e-mail address."), "invalid", field="email")
    if website:
        try:
            URLValidator(schemes=["http", "https"])(website)
        except ValidationError:
            raise DomainError(
                _("Enter a valid web address (http or https)."), "invalid", field="website"
            )


def company_signup(
    *,
    username: str,
    email: str,
    password: str,
    name_en: str,
    name_zh: str = "",
    country: Country | None,
    size_class: str = Company.Size.SME,
    website: str = "",
    description_en: str = "",
    description_zh: str = "",
    logo: UploadedFile | None = None,
    preferred_language: str = "",
) -> ExhibitorStaff:
    """Create an exhibitor user, its company and the staff link binding them."""
    username = username.strip()
    if not username:
        raise DomainError(_("Choose a user name."), "invalid", field="username")
    if User.objects.filter(username__iexact=username).exists():
        raise DomainError(_("This user name is taken."), "username_taken", field="username")
    _profile_check(name_en=name_en, email=email, website=website)
    if country is None:
        raise DomainError(_("Choose the company's country or region."), "invalid", field="country")
    if size_class not in Company.Size.values:
        raise DomainError(_("Unknown company size."), "invalid", field="size_class")
    try:
        validate_password(password, User(username=username, email=email))
    except ValidationError as exc:
        raise DomainError(" ".join(exc.messages), "invalid", field="password")
    checked = logo_check(logo) if logo else None
    with transaction.atomic():
        user = User.objects.create_user(
            username=username,
            email=email,
            password=password,
            kind=User.Kind.EXHIBITOR,
            preferred_language=preferred_language,
        )
        company = Company(
            name_en=name_en.strip(),
            name_zh=name_zh.strip(),
            country=country,
            size_class=size_class,
            website=website,
            email=email,
            description_en=description_en.strip(),
            description_zh=description_zh.strip(),
        )
        if checked is not None:
            company.logo.save(checked.name, checked, save=False)
        company.save()
        staff = ExhibitorStaff.objects.create(user=user, company=company, is_admin=True)
        audit_record(
            actor=user,
            action="company.signup",
            obj=company,
            after={"name_en": company.name_en, "country": country.code, "user": username},
        )
    return staff
