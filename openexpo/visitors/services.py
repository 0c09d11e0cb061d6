"""Registration services: an individual signs up; a delegation lead imports members in bulk.

Identity numbers are validated by `idcheck` and stored only as HMAC + last 4 characters.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from openexpo.core.errors import DomainError
from openexpo.core.imports import FirstSeen, RowError, apply_all_or_nothing, bad_rows
from openexpo.core.models import Country, Edition, ProductCategory
from openexpo.visitors import idcheck
from openexpo.visitors.models import Delegation, Visitor, VisitorIdentity


class RegistrationError(DomainError):
    pass


@dataclass
class Applicant:
    """One person's registration data (from a form, the API or an import row)."""

    full_name: str
    country: str
    doc_type: str
    doc_number: str
    doc_country: str = ""
    organisation: str = ""
    role: str = ""
    email: str = ""
    languages: str = ""
    interests: list[str] = field(default_factory=list)
    consent: bool = False


@dataclass
class Checked:
    applicant: Applicant
    doc: idcheck.Document
    id_hash: str
    country: Country
    categories: list[int]


def _check(
    a: Applicant, *, countries: dict[str, Country], categories: dict[str, int], today: dt.date
) -> Checked:
    """Validate one applicant; raises RegistrationError with a code and a field."""
    if not a.full_name.strip():
        raise RegistrationError("The full name is required.", "required", field="full_name")
    if len(a.full_name) > 120:
        raise RegistrationError(
            "The full name is longer than 120 characters.", "too_long", field="full_name"
        )
    country = countries.get((a.country or "").strip().upper())
    if country is None:
        raise RegistrationError("Unknown country code.", "unknown_country", field="country")
    if not a.consent:
        raise RegistrationError(
            "Consent to data processing is required.", "consent_required", field="consent"
        )
    try:
        doc = idcheck.validate(a.doc_type, a.doc_number, a.doc_country, today=today)
    except idcheck.IdError as err:
        raise RegistrationError(err.message, f"id_{err.check}", field="doc_number")
    cats = []
    for code in a.interests:
        code = code.strip()
        if code and code not in categories:
            raise RegistrationError(
                f"Unknown product category {code}.", "unknown_category", field="interests"
            )
        if code:
            cats.append(categories[code])
    return Checked(a, doc, idcheck.id_hash(doc, settings.ID_HASH_KEY), country, cats)


def _lookups(applicants: list[Applicant]) -> tuple[dict[str, Country], dict[str, int]]:
    codes = {(a.country or "").strip().upper() for a in applicants}
    countries = {c.code: c for c in Country.objects.filter(code__in=codes)}
    wanted = {c.strip() for a in applicants for c in a.interests if c.strip()}
    cats = dict(ProductCategory.objects.filter(code__in=wanted).values_list("code", "pk"))
    return countries, cats


def _save(
    edition: Edition, c: Checked, *, user: Any, delegation: Delegation | None, now: dt.datetime
) -> Visitor:
    a = c.applicant
    status = (
        Visitor.Status.APPROVED
        if getattr(settings, "VISITOR_AUTO_APPROVE", True)
        else Visitor.Status.PENDING
    )
    visitor = Visitor.objects.create(
        edition=edition,
        user=user,
        full_name=a.full_name.strip(),
        organisation=a.organisation.strip()[:200],
        role=a.role.strip()[:120],
        country=c.country,
        delegation=delegation,
        status=status,
        registered_at=now,
    )
    ident = VisitorIdentity.objects.create(
        visitor=visitor,
        edition=edition,
        doc_type=c.doc.doc_type,
        doc_country=c.doc.country,
        id_hash=c.id_hash,
        id_last4=c.doc.last4,
        email=a.email.strip()[:254],
        languages=a.languages.strip()[:60],
        consent_at=now,
    )
    if c.categories:
        ident.interests.set(c.categories)
    return visitor


def visitor_register(*, edition: Edition, user: Any, applicant: Applicant) -> Visitor:
    """Register the logged-in user as a professional visitor of `edition`."""
    if user is not None and Visitor.objects.filter(edition=edition, user=user).exists():
        raise RegistrationError(
            "You are already registered for this edition.", "already_registered"
        )
    countries, cats = _lookups([applicant])
    checked = _check(applicant, countries=countries, categories=cats, today=timezone.localdate())
    if VisitorIdentity.objects.filter(edition=edition, id_hash=checked.id_hash).exists():
        raise RegistrationError(
            "This document is already registered for this edition.",
            "duplicate_document",
            field="doc_number",
        )
    try:
        with transaction.atomic():
            return _save(edition, checked, user=user, delegation=None, now=timezone.now())
    except IntegrityError:
        raise RegistrationError(
            "This document is already registered for this edition.",
            "duplicate_document",
            field="doc_number",
        )


@dataclass
class ImportReport:
    rows: int
    valid: int
    errors: list[RowError]
    created: int = 0
    dry_run: bool = True

    @property
    def ok(self) -> bool:
        return not self.errors


def delegation_members_import(
    *, delegation: Delegation, actor: Any, rows: list[tuple[int, Applicant]], dry_run: bool
) -> ImportReport:
    """Validate every row; write all of them or none. `rows` are (line number, applicant)."""
    edition = delegation.edition
    countries, cats = _lookups([a for _, a in rows])
    today = timezone.localdate()
    errors: list[RowError] = []
    checked: list[Checked] = []
    seen = FirstSeen()
    for line, a in rows:
        try:
            c = _check(a, countries=countries, categories=cats, today=today)
        except RegistrationError as err:
            errors.append(RowError(line, err.field or "", err.message, err.code))
            continue
        first = seen.earlier(c.id_hash, line)
        if first is not None:
            errors.append(
                RowError(
                    line,
                    "doc_number",
                    f"The same document is already on line {first}.",
                    "duplicate_in_file",
                )
            )
            continue
        checked.append(c)
    taken = set(
        VisitorIdentity.objects.filter(edition=edition, id_hash__in=list(seen)).values_list(
            "id_hash", flat=True
        )
    )
    for c in checked:
        if c.id_hash in taken:
            errors.append(
                RowError(
                    seen[c.id_hash],
                    "doc_number",
                    "This document is already registered for this edition.",
                    "duplicate_document",
                )
            )
    errors.sort(key=lambda e: e.line)
    report = ImportReport(
        rows=len(rows),
        valid=len(rows) - bad_rows(errors),
        errors=errors,
        dry_run=dry_run,
    )
    if errors or dry_run:
        return report
    now = timezone.now()

    def write() -> list[RowError]:
        for c in checked:
            _save(edition, c, user=None, delegation=delegation, now=now)
        return []

    try:
        apply_all_or_nothing(write, dry_run=False)
    except IntegrityError:
        raise RegistrationError(
            "Another registration took one of these documents meanwhile; nothing was imported.",
            "duplicate_conflict",
        )
    report.created = len(checked)
    from openexpo.core.audit import audit_record

    audit_record(
        actor=actor, action="delegation.import", obj=delegation, after={"created": report.created}
    )
    return report
