"""Exhibitor-side writes on applications: apply, edit, submit, withdraw, reopen.

Every function checks permission through `openexpo.core.permissions`, owns its
transaction, records the status change (ParticipationTransition + audit trail) and
queues the e-mail to the company.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from openexpo.core import permissions
from openexpo.core.audit import audit_record
from openexpo.core.errors import DomainError, PermissionDenied
from openexpo.core.models import Country, Edition, ExhibitionArea
from openexpo.exhibitors.capacity import area_capacity_m2
from openexpo.exhibitors.models import Company, Participation, ParticipationTransition
from openexpo.exhibitors.notify import transition_notify
from openexpo.exhibitors.rules import EDITABLE, booth_area_error, transition_require

S = Participation.Status
APPLICATION_FIELDS = ("area", "booth_type", "area_requested_m2", "pavilion", "plans_en", "plans_zh")
PLANS_MAX = 5000


def search_sync(participation_ids: Iterable[int]) -> None:
    """Bring the public catalogue's search index in step with these participations, inside
    the caller's transaction: only approved participations (their company and exhibits) are
    public, and their area and company are search facets."""
    from openexpo.catalogue import search  # the catalogue builds on this app, not the reverse

    search.index_participations(participation_ids)


def transition_record(
    *,
    actor: Any,
    part: Participation,
    from_status: str,
    to_status: str,
    reason: str = "",
    action: str = "",
    notify: bool = True,
) -> ParticipationTransition:
    """Write the status change in the history and the audit trail; queue the e-mail; when the
    participation becomes or stops being approved, update the catalogue's search index."""
    change = ParticipationTransition.objects.create(
        participation=part,
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        from_status=from_status,
        to_status=to_status,
        reason=reason,
    )
    audit_record(
        actor=actor,
        action=action or f"participation.{to_status}",
        obj=part,
        before={"status": from_status} if from_status else None,
        after={"status": to_status},
        reason=reason,
    )
    if notify:
        transition_notify(change)
    if from_status != to_status and S.APPROVED in (from_status, to_status):
        search_sync([part.pk])
    return change


def application_validate(
    *,
    edition: Edition,
    area: ExhibitionArea | None,
    booth_type: str,
    area_requested_m2: int | None,
    pavilion: Country | None = None,
    plans_en: str = "",
    plans_zh: str = "",
) -> None:
    """Raise DomainError naming the first bad field of an application."""
    if area is None:
        raise DomainError(_("Choose an exhibition area."), "invalid", field="area")
    if area.edition_id != edition.pk:
        raise DomainError(
            _("The exhibition area %(code)s is not part of this edition.") % {"code": area.code},
            "invalid",
            field="area",
        )
    if booth_type not in Participation.BoothType.values:
        raise DomainError(
            booth_area_error(booth_type, area_requested_m2) or "", "invalid", field="booth_type"
        )
    problem = booth_area_error(booth_type, area_requested_m2)
    if problem:
        raise DomainError(problem, "invalid", field="area_requested_m2")
    capacity = area_capacity_m2(area)
    if capacity is not None and area_requested_m2 > capacity:
        raise DomainError(
            _("You asked for %(m2)d m², more than the zone of %(area)s can hold (%(cap)d m²).")
            % {"m2": area_requested_m2, "area": area.localized("name"), "cap": capacity},
            "zone_capacity",
            field="area_requested_m2",
        )
    for name, text in (("plans_en", plans_en), ("plans_zh", plans_zh)):
        if len(text or "") > PLANS_MAX:
            raise DomainError(
                _("At most %(n)d characters.") % {"n": PLANS_MAX}, "invalid", field=name
            )


def participation_apply(
    *,
    actor: Any,
    company: Company,
    edition: Edition,
    area: ExhibitionArea | None,
    booth_type: str,
    area_requested_m2: int | None,
    pavilion: Country | None = None,
    plans_en: str = "",
    plans_zh: str = "",
    submit: bool = True,
) -> Participation:
    """Create a company's application for an edition, as a draft or submitted."""
    if not permissions.can_create(actor, Participation, company=company):
        raise PermissionDenied(_("You may only apply for your own company."))
    application_validate(
        edition=edition,
        area=area,
        booth_type=booth_type,
        area_requested_m2=area_requested_m2,
        pavilion=pavilion,
        plans_en=plans_en,
        plans_zh=plans_zh,
    )
    status = S.SUBMITTED if submit else S.DRAFT
    try:
        with transaction.atomic():
            if Participation.objects.filter(company=company, edition=edition).exists():
                raise IntegrityError
            part = Participation.objects.create(
                company=company,
                edition=edition,
                area=area,
                booth_type=booth_type,
                area_requested_m2=area_requested_m2,
                pavilion=pavilion,
                plans_en=plans_en.strip(),
                plans_zh=plans_zh.strip(),
                status=status,
                submitted_at=timezone.now() if submit else None,
                consecutive_editions=_consecutive(company, edition),
            )
            transition_record(
                actor=actor,
                part=part,
                from_status="",
                to_status=status,
                action="participation.create",
                notify=submit,  # no e-mail for a draft
            )
    except IntegrityError:
        raise DomainError(
            _("%(company)s has already applied for %(edition)s.")
            % {"company": company.name_en, "edition": edition.name_en},
            "application_conflict",
            field="edition",
        )
    return part


def _consecutive(company: Company, edition: Edition) -> int:
    count, prev = 1, edition.previous
    while (
        prev is not None
        and Participation.objects.filter(company=company, edition=prev, status=S.APPROVED).exists()
    ):
        count += 1
        prev = prev.previous
    return count


def participation_update(
    *, actor: Any, part: Participation, changes: dict[str, Any]
) -> Participation:
    """Edit an application while it is a draft or submitted (not yet decided)."""
    unknown = set(changes) - set(APPLICATION_FIELDS)
    if unknown:
        name = sorted(unknown)[0]
        raise DomainError(
            _("Unknown or read-only field: %(f)s.") % {"f": name}, "invalid", field=name
        )
    permissions.require(actor, "change", part)
    with transaction.atomic():
        locked = (
            Participation.objects.select_for_update(of=("self",))
            .select_related("edition")
            .get(pk=part.pk)
        )
        if locked.status not in EDITABLE and not permissions.is_organiser(actor):
            raise DomainError(
                _("An application that is %(status)s can no longer be changed.")
                % {"status": locked.get_status_display()},
                "not_editable",
                field="status",
            )
        before = {k: _plain(getattr(locked, k)) for k in changes}
        merged = {k: getattr(locked, k) for k in APPLICATION_FIELDS} | changes
        application_validate(edition=locked.edition, **merged)
        for key, value in changes.items():
            setattr(locked, key, value)
        locked.save(update_fields=list(changes))
        audit_record(
            actor=actor,
            action="participation.update",
            obj=locked,
            before=before,
            after={k: _plain(v) for k, v in changes.items()},
        )
        if "area" in changes and locked.status == S.APPROVED:
            search_sync([locked.pk])  # the exhibition area is a search facet
    return locked


def _plain(value: Any) -> Any:
    return getattr(value, "pk", value)


def _move(
    *, actor: Any, part: Participation, to_status: str, verb: str, reason: str = ""
) -> Participation:
    permissions.require(actor, verb, part)
    with transaction.atomic():
        locked = Participation.objects.select_for_update().get(pk=part.pk)
        transition_require(locked, to_status)
        from_status = locked.status
        locked.status = to_status
        fields = ["status"]
        if to_status == S.SUBMITTED:
            locked.submitted_at = timezone.now()
            fields.append("submitted_at")
        if to_status in {S.WITHDRAWN, S.DRAFT} and locked.free_ldc_booth:
            locked.free_ldc_booth = False  # gives the free booth back to the quota
            fields.append("free_ldc_booth")
        locked.save(update_fields=fields)
        transition_record(
            actor=actor,
            part=locked,
            from_status=from_status,
            to_status=to_status,
            reason=reason,
            action=f"participation.{verb}",
        )
    return locked


def participation_submit(*, actor: Any, part: Participation) -> Participation:
    """Send a draft to the organiser."""
    return _move(actor=actor, part=part, to_status=S.SUBMITTED, verb="submit")


def participation_withdraw(*, actor: Any, part: Participation, reason: str = "") -> Participation:
    """The company withdraws its application (any time before it is rejected)."""
    return _move(actor=actor, part=part, to_status=S.WITHDRAWN, verb="withdraw", reason=reason)


def participation_reopen(*, actor: Any, part: Participation) -> Participation:
    """Turn a withdrawn application back into a draft the company may edit and submit."""
    return _move(actor=actor, part=part, to_status=S.DRAFT, verb="reopen")
