"""Organiser decisions on applications: approve, waitlist, reject, message, bulk actions,
and the per-edition quota of free standard booths for least-developed countries."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from openexpo.core import permissions
from openexpo.core.audit import audit_record
from openexpo.core.errors import DomainError, PermissionDenied
from openexpo.core.models import Edition
from openexpo.exhibitors.applications import transition_record
from openexpo.exhibitors.capacity import area_approved_m2, area_capacity_m2, capacity_memo
from openexpo.exhibitors.models import Participation
from openexpo.exhibitors.rules import transition_require
from openexpo.webhooks.services import emit as webhook_emit

S = Participation.Status
REASON_MAX = 2000


def _require_organiser(actor: Any) -> None:
    if not permissions.is_organiser(actor):
        raise PermissionDenied(_("Only organisers may review applications."))


def ldc_quota_used(edition: Edition) -> int:
    """Free standard booths already granted in the edition."""
    return Participation.objects.filter(edition=edition, free_ldc_booth=True).count()


def _grant_ldc(part: Participation) -> None:
    """Check and take one free booth from the edition's quota (caller holds the lock)."""
    if not part.company.country.is_ldc:
        raise DomainError(
            _("%(company)s is not from a least-developed country.")
            % {"company": part.company.name_en},
            "not_ldc",
            field="free_ldc_booth",
        )
    if part.booth_type != Participation.BoothType.STANDARD:
        raise DomainError(
            _("Free booths are standard booths only."), "not_standard", field="free_ldc_booth"
        )
    edition = Edition.objects.select_for_update().get(pk=part.edition_id)
    used = ldc_quota_used(edition)
    if used >= edition.ldc_free_booth_quota:
        raise DomainError(
            _(
                "The quota of free booths for least-developed countries is used up (%(used)d of "
                "%(quota)d)."
            )
            % {"used": used, "quota": edition.ldc_free_booth_quota},
            "quota_exceeded",
            field="free_ldc_booth",
        )


def _decide(
    *,
    actor: Any,
    part: Participation,
    to_status: str,
    reason: str = "",
    free_ldc_booth: bool | None = None,
) -> Participation:
    _require_organiser(actor)
    reason = (reason or "").strip()
    if len(reason) > REASON_MAX:
        raise DomainError(
            _("At most %(n)d characters.") % {"n": REASON_MAX}, "invalid", field="reason"
        )
    if to_status == S.REJECTED and not reason:
        raise DomainError(_("Give a reason for the rejection."), "reason_required", field="reason")
    with transaction.atomic():
        locked = (
            Participation.objects.select_for_update(of=("self",))
            .select_related("company__country", "edition", "area")
            .get(pk=part.pk)
        )
        transition_require(locked, to_status)
        fields = ["status"]
        if to_status == S.APPROVED:
            _check_zone_room(locked)
            if free_ldc_booth and not locked.free_ldc_booth:
                _grant_ldc(locked)
                locked.free_ldc_booth = True
                fields.append("free_ldc_booth")
        if to_status != S.APPROVED and locked.free_ldc_booth:
            locked.free_ldc_booth = False  # back to the quota
            fields.append("free_ldc_booth")
        from_status = locked.status
        locked.status = to_status
        locked.save(update_fields=fields)
        transition_record(
            actor=actor, part=locked, from_status=from_status, to_status=to_status, reason=reason
        )
        decided = {"application": locked.pk, "company": locked.company_id, "status": to_status}
        webhook_emit("application.decided", decided | {"edition": locked.edition.number})
    return locked


def _check_zone_room(part: Participation) -> None:
    capacity = area_capacity_m2(part.area)
    if capacity is None:
        return
    taken = area_approved_m2(part.area, exclude_pk=part.pk)
    if taken + part.area_requested_m2 > capacity:
        raise DomainError(
            _(
                "The zone of %(area)s cannot hold this application: %(taken)d m² of %(cap)d m² "
                "are already approved and it asks for %(m2)d m²."
            )
            % {
                "area": part.area.localized("name"),
                "taken": taken,
                "cap": capacity,
                "m2": part.area_requested_m2,
            },
            "zone_capacity",
            field="area_requested_m2",
        )


def participation_approve(
    *, actor: Any, part: Participation, reason: str = "", free_ldc_booth: bool = False
) -> Participation:
    """Approve; optionally grant a free standard booth from the LDC quota."""
    return _decide(
        actor=actor, part=part, to_status=S.APPROVED, reason=reason, free_ldc_booth=free_ldc_booth
    )


def participation_waitlist(*, actor: Any, part: Participation, reason: str = "") -> Participation:
    return _decide(actor=actor, part=part, to_status=S.WAITLISTED, reason=reason)


def participation_reject(*, actor: Any, part: Participation, reason: str) -> Participation:
    """Reject; a reason is required and is sent to the company."""
    return _decide(actor=actor, part=part, to_status=S.REJECTED, reason=reason)


def participation_ldc_grant(*, actor: Any, part: Participation) -> Participation:
    """Grant a free standard booth to an approved LDC application, within the quota."""
    _require_organiser(actor)
    with transaction.atomic():
        locked = (
            Participation.objects.select_for_update(of=("self",))
            .select_related("company__country", "edition", "area")
            .get(pk=part.pk)
        )
        if locked.free_ldc_booth:
            return locked
        if locked.status != S.APPROVED:
            raise DomainError(
                _("Approve the application before granting a free booth."),
                "not_approved",
                field="status",
            )
        _grant_ldc(locked)
        locked.free_ldc_booth = True
        locked.save(update_fields=["free_ldc_booth"])
        audit_record(
            actor=actor,
            action="participation.ldc_grant",
            obj=locked,
            before={"free_ldc_booth": False},
            after={"free_ldc_booth": True},
        )
    return locked


def participation_message(*, actor: Any, part: Participation, text: str) -> Participation:
    """Send the company a message about its application (the status does not change)."""
    _require_organiser(actor)
    text = (text or "").strip()
    if not text:
        raise DomainError(_("Write a message."), "invalid", field="reason")
    if len(text) > REASON_MAX:
        raise DomainError(
            _("At most %(n)d characters.") % {"n": REASON_MAX}, "invalid", field="reason"
        )
    with transaction.atomic():
        transition_record(
            actor=actor,
            part=part,
            from_status=part.status,
            to_status=part.status,
            reason=text,
            action="participation.message",
        )
    return part


def edition_ldc_quota_set(*, actor: Any, edition: Edition, quota: int) -> Edition:
    """Set the number of free standard booths for LDC companies; never below what is used."""
    _require_organiser(actor)
    if quota < 0:
        raise DomainError(_("The quota cannot be negative."), "invalid", field="quota")
    with transaction.atomic():
        locked = Edition.objects.select_for_update().get(pk=edition.pk)
        used = ldc_quota_used(locked)
        if quota < used:
            raise DomainError(
                _("%(used)d free booths are already granted; the quota cannot be lower.")
                % {"used": used},
                "invalid",
                field="quota",
            )
        before = locked.ldc_free_booth_quota
        locked.ldc_free_booth_quota = quota
        locked.save(update_fields=["ldc_free_booth_quota"])
        audit_record(
            actor=actor,
            action="edition.ldc_quota",
            obj=locked,
            before={"ldc_free_booth_quota": before},
            after={"ldc_free_booth_quota": quota},
        )
    return locked


@dataclass(frozen=True)
class BulkResult:
    """What a bulk action did to each application."""

    done: list[int]
    failed: list[tuple[int, str]]


BULK_ACTIONS = {
    "approve": participation_approve,
    "waitlist": participation_waitlist,
    "reject": participation_reject,
}


def participation_bulk_decide(
    *, actor: Any, ids: Iterable[int], action: str, reason: str = ""
) -> BulkResult:
    """Apply one decision to many applications, each in its own transaction; report each."""
    _require_organiser(actor)
    if action not in BULK_ACTIONS:
        raise DomainError(_("Unknown action: %(a)s.") % {"a": action}, "invalid", field="action")
    if action == "reject" and not (reason or "").strip():
        raise DomainError(_("Give a reason for the rejection."), "reason_required", field="reason")
    wanted = sorted({int(i) for i in ids})
    if not wanted:
        raise DomainError(_("Select at least one application."), "invalid", field="ids")
    parts = Participation.objects.in_bulk(wanted)
    done: list[int] = []
    failed: list[tuple[int, str]] = []
    with capacity_memo():
        for pk in wanted:
            part = parts.get(pk)
            if part is None:
                failed.append((pk, _("No such application.")))
                continue
            try:
                BULK_ACTIONS[action](actor=actor, part=part, reason=reason)
                done.append(pk)
            except DomainError as exc:
                failed.append((pk, exc.message))
    return BulkResult(done=done, failed=failed)
