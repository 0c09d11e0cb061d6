"""Bulk import of companies and their applications from a sheet: a dry run that reports
every bad row with its line number, then an all-or-nothing import; and the export."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email
from django.utils import timezone
from django.utils.translation import gettext as _

from openexpo.core import permissions
from openexpo.core.audit import audit_record
from openexpo.core.errors import DomainError, PermissionDenied
from openexpo.core.imports import (
    FirstSeen,
    ImportRejected,
    RowError,
    apply_all_or_nothing,
    bad_rows,
)
from openexpo.core.models import Country, Edition
from openexpo.exhibitors.applications import search_sync
from openexpo.exhibitors.capacity import area_capacity_m2
from openexpo.exhibitors.models import Company, Participation, ParticipationTransition
from openexpo.exhibitors.rules import booth_area_error
from openexpo.exhibitors.tabular import COLUMNS, Row, write_csv, write_xlsx

WEB_ADDRESS = URLValidator(schemes=["http", "https"])
YES = {"yes", "y", "true", "1", "是"}
NO = {"", "no", "n", "false", "0", "否"}


@dataclass
class Plan:
    """What an import would do: new companies, applications, and every bad row."""

    new_companies: int = 0
    existing_companies: int = 0
    applications: list[dict[str, Any]] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    def as_dict(self, preview: int = 50) -> dict[str, Any]:
        return {
            "rows": len(self.applications) + bad_rows(self.errors),
            "new_companies": self.new_companies,
            "existing_companies": self.existing_companies,
            "applications": len(self.applications),
            "preview": [_public(a) for a in self.applications[:preview]],
            "errors": _errors(self.errors),
        }


def _errors(errors: list[RowError]) -> list[dict[str, Any]]:
    return [{"line": e.line, "column": e.field, "message": e.message} for e in errors]


def _public(app: dict[str, Any]) -> dict[str, Any]:
    return {
        "line": app["line"],
        "name_en": app["name_en"],
        "country": app["country"].code,
        "area": app["area"].code,
        "booth_type": app["booth_type"],
        "area_m2": app["area_m2"],
        "status": app["status"],
        "new_company": app["company"] is None,
    }


class ImportInvalid(ImportRejected):
    """The file has bad rows; nothing was imported."""

    def __init__(self, plan: Plan) -> None:
        super().__init__(plan.errors)
        self.plan = plan

    def as_dict(self) -> dict:
        return super().as_dict() | {"errors": _errors(self.errors)}


def _key(name: str, country: str) -> tuple[str, str]:
    return (re.sub(r"\s+", " ", name).strip().casefold(), country)


def import_plan(*, edition: Edition, rows: list[Row]) -> Plan:
    """Check every row against the database; never writes."""
    countries = {c.code: c for c in Country.objects.all()}
    areas = {a.code: a for a in edition.areas.all()}
    capacity = {code: area_capacity_m2(a) for code, a in areas.items()}
    existing = {
        _key(c.name_en, c.country_id): c
        for c in Company.objects.only("id", "name_en", "country_id")
    }
    applied = set(
        Participation.objects.filter(edition=edition).values_list("company_id", flat=True)
    )
    ldc_free = Participation.objects.filter(edition=edition, free_ldc_booth=True).count()
    plan, seen = Plan(), FirstSeen()
    for line, row in rows:
        errs = list(_row_errors(line, row, countries, areas, capacity))
        country = countries.get(row.get("country", "").upper())
        key = _key(row.get("name_en", ""), country.code if country else "")
        first = seen.earlier(key, line)
        if row.get("name_en") and first is not None:
            errs.append(
                RowError(
                    line,
                    "name_en",
                    _("Duplicate company in this file (first on line %(n)d).") % {"n": first},
                )
            )
        company = existing.get(key)
        if company is not None and company.pk in applied:
            errs.append(
                RowError(
                    line,
                    "name_en",
                    _("%(name)s has already applied for this edition.") % {"name": company.name_en},
                )
            )
        free = row.get("free_ldc_booth", "").lower() in YES
        if not errs and free:
            ldc_free += 1
            if ldc_free > edition.ldc_free_booth_quota:
                errs.append(
                    RowError(
                        line,
                        "free_ldc_booth",
                        _(
                            "Over the edition's quota of %(q)d free booths for least-developed countries."
                        )
                        % {"q": edition.ldc_free_booth_quota},
                    )
                )
        if errs:
            plan.errors.extend(errs)
            continue
        plan.new_companies += company is None
        plan.existing_companies += company is not None
        plan.applications.append(
            {
                "line": line,
                "company": company,
                "name_en": row["name_en"].strip(),
                "name_zh": row.get("name_zh", ""),
                "country": country,
                "size_class": row.get("size_class") or Company.Size.SME,
                "email": row["email"],
                "website": row.get("website", ""),
                "area": areas[row["area"]],
                "booth_type": row["booth_type"],
                "area_m2": int(row["area_m2"]),
                "pavilion": countries.get(row.get("pavilion", "").upper())
                if row.get("pavilion")
                else None,
                "plans_en": row.get("plans_en", ""),
                "plans_zh": row.get("plans_zh", ""),
                "status": row.get("status") or Participation.Status.SUBMITTED,
                "free_ldc_booth": free,
            }
        )
    return plan


def _row_errors(
    line: int, row: dict[str, str], countries: dict, areas: dict, capacity: dict
) -> Iterator[RowError]:
    if not row.get("name_en"):
        yield RowError(line, "name_en", _("The company's English name is missing."))
    elif len(row["name_en"]) > 200 or len(row.get("name_zh", "")) > 200:
        yield RowError(line, "name_en", _("Names may be at most 200 characters."))
    code = row.get("country", "").upper()
    if not code:
        yield RowError(line, "country", _("The country code is missing."))
    elif code not in countries:
        yield RowError(line, "country", _("Unknown country code: %(c)s.") % {"c": row["country"]})
    try:
        validate_email(row.get("email", ""))
    except ValidationError:
        yield RowError(
            line,
            "email",
            _("Not a valid e-mail address: %(e)s.") % {"e": row.get("email", "") or "-"},
        )
    if row.get("website"):
        try:
            WEB_ADDRESS(row["website"])
        except ValidationError:
            yield RowError(
                line, "website", _("Not a valid web address: %(w)s.") % {"w": row["website"]}
            )
    if (row.get("size_class") or Company.Size.SME) not in Company.Size.values:
        yield RowError(
            line, "size_class", _("Unknown company size: %(s)s.") % {"s": row["size_class"]}
        )
    area = areas.get(row.get("area", ""))
    if area is None:
        yield RowError(
            line, "area", _("Unknown area code: %(a)s.") % {"a": row.get("area", "") or "-"}
        )
    m2_text = row.get("area_m2", "")
    m2 = int(m2_text) if m2_text.isdigit() else None
    booth = row.get("booth_type", "")
    if booth not in Participation.BoothType.values:
        yield RowError(
            line,
            "booth_type",
            _("Bad booth type: %(b)s (use raw or standard).") % {"b": booth or "-"},
        )
    elif m2 is None:
        yield RowError(
            line,
            "area_m2",
            _("The area must be a whole number of m²: %(v)s.") % {"v": m2_text or "-"},
        )
    else:
        problem = booth_area_error(booth, m2)
        if problem:
            yield RowError(line, "area_m2", problem)
        elif area is not None and capacity.get(area.code) is not None and m2 > capacity[area.code]:
            yield RowError(
                line,
                "area_m2",
                _("%(m2)d m² is more than the zone of %(a)s can hold (%(cap)d m²).")
                % {"m2": m2, "a": area.code, "cap": capacity[area.code]},
            )
    if row.get("pavilion") and row["pavilion"].upper() not in countries:
        yield RowError(
            line, "pavilion", _("Unknown pavilion country code: %(c)s.") % {"c": row["pavilion"]}
        )
    status = row.get("status") or Participation.Status.SUBMITTED
    if status not in Participation.Status.values:
        yield RowError(line, "status", _("Unknown status: %(s)s.") % {"s": status})
    free = row.get("free_ldc_booth", "").lower()
    if free not in YES | NO:
        yield RowError(line, "free_ldc_booth", _("Write yes or no."))
    elif free in YES:
        country = countries.get(code)
        if country is not None and not country.is_ldc:
            yield RowError(
                line, "free_ldc_booth", _("Free booths are for least-developed countries only.")
            )
        if booth != Participation.BoothType.STANDARD:
            yield RowError(line, "free_ldc_booth", _("Free booths are standard booths only."))
        if status != Participation.Status.APPROVED:
            yield RowError(
                line, "free_ldc_booth", _("Only approved applications hold a free booth.")
            )
    for name in ("plans_en", "plans_zh"):
        if len(row.get(name, "")) > 5000:
            yield RowError(line, name, _("At most 5000 characters."))


def applications_import(*, actor: Any, edition: Edition, rows: list[Row], source: str = "") -> Plan:
    """Import all rows in one transaction, or none: raises ImportInvalid listing bad rows."""
    if not permissions.is_organiser(actor):
        raise PermissionDenied(_("Only organisers may import applications."))
    plan = Plan()

    def write() -> list[RowError]:
        nonlocal plan
        locked = Edition.objects.select_for_update().get(pk=edition.pk)  # LDC quota, re-runs
        plan = import_plan(edition=locked, rows=rows)
        if plan.ok:
            _write(actor, locked, plan, source)
        return plan.errors

    if not apply_all_or_nothing(write, dry_run=False):
        raise ImportInvalid(plan)
    return plan


def _write(actor: Any, locked: Edition, plan: Plan, source: str) -> None:
    """Create the new companies, the applications, their first transitions and the audit."""
    fresh = [a for a in plan.applications if a["company"] is None]
    made = Company.objects.bulk_create(
        [
            Company(
                name_en=a["name_en"],
                name_zh=a["name_zh"],
                country=a["country"],
                size_class=a["size_class"],
                email=a["email"],
                website=a["website"],
            )
            for a in fresh
        ],
        batch_size=1000,
    )
    for a, company in zip(fresh, made, strict=True):
        a["company"] = company
    now = timezone.now()
    parts = Participation.objects.bulk_create(
        [
            Participation(
                company=a["company"],
                edition=locked,
                area=a["area"],
                booth_type=a["booth_type"],
                area_requested_m2=a["area_m2"],
                pavilion=a["pavilion"],
                plans_en=a["plans_en"],
                plans_zh=a["plans_zh"],
                status=a["status"],
                free_ldc_booth=a["free_ldc_booth"],
                submitted_at=None if a["status"] == "draft" else now,
            )
            for a in plan.applications
        ],
        batch_size=1000,
    )
    why = _("Imported from %(file)s.") % {"file": source or _("a file")}
    user = actor if actor.is_authenticated else None
    ParticipationTransition.objects.bulk_create(
        [
            ParticipationTransition(
                participation=p, actor=user, from_status="", to_status=p.status, reason=why
            )
            for p in parts
        ],
        batch_size=1000,
    )
    search_sync([p.pk for p in parts if p.status == Participation.Status.APPROVED])
    audit_record(
        actor=actor,
        action="participation.import",
        obj=locked,
        reason=why,
        after={
            "applications": len(parts),
            "new_companies": len(made),
            "participation_ids": [p.pk for p in parts],
        },
    )


def export_rows(edition: Edition) -> Iterator[list[str]]:
    qs = (
        Participation.objects.filter(edition=edition)
        .select_related("company", "area")
        .order_by("company__name_en", "id")
    )
    for p in qs.iterator(chunk_size=2000):
        c = p.company
        yield [
            c.name_en,
            c.name_zh,
            c.country_id,
            c.size_class,
            c.email,
            c.website,
            p.area.code,
            p.booth_type,
            str(p.area_requested_m2),
            p.pavilion_id or "",
            p.plans_en,
            p.plans_zh,
            p.status,
            "yes" if p.free_ldc_booth else "",
        ]


def applications_export(*, actor: Any, edition: Edition, fmt: str) -> bytes:
    """The edition's companies and applications in the import format (csv or xlsx)."""
    if not permissions.is_organiser(actor):
        raise PermissionDenied(_("Only organisers may export applications."))
    if fmt not in {"csv", "xlsx"}:
        raise DomainError(_("Format must be csv or xlsx."), "invalid", field="format")
    rows = export_rows(edition)
    return write_csv(rows) if fmt == "csv" else write_xlsx(rows)


__all__ = [
    "COLUMNS",
    "ImportInvalid",
    "Plan",
    "applications_export",
    "applications_import",
    "import_plan",
]
