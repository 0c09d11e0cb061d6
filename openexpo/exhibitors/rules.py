"""Booth-size rules and allowed status changes of an application (no database access)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from openexpo.core.errors import DomainError
from openexpo.exhibitors.models import Participation

RAW_SPACE_MIN_M2 = 36
STANDARD_BOOTH_M2 = 9
MAX_REQUEST_M2 = 100_000

S = Participation.Status

# status -> statuses it may move to
ALLOWED: dict[str, frozenset[str]] = {
    S.DRAFT: frozenset({S.SUBMITTED, S.WITHDRAWN}),
    S.SUBMITTED: frozenset({S.APPROVED, S.WAITLISTED, S.REJECTED, S.WITHDRAWN}),
    S.WAITLISTED: frozenset({S.APPROVED, S.REJECTED, S.WITHDRAWN}),
    S.APPROVED: frozenset({S.WAITLISTED, S.WITHDRAWN}),
    S.REJECTED: frozenset(),
    S.WITHDRAWN: frozenset({S.DRAFT}),
}
# statuses an exhibitor may still edit its application in
EDITABLE = frozenset({S.DRAFT, S.SUBMITTED})
# organiser decisions
DECISIONS = frozenset({S.APPROVED, S.WAITLISTED, S.REJECTED})
# statuses that hold (or wait for) space
ACTIVE = frozenset({S.SUBMITTED, S.WAITLISTED, S.APPROVED})


def booth_area_error(booth_type: str, area_m2: int | None) -> str | None:
    """Why `area_m2` is not a valid request for `booth_type`, or None if it is."""
    if booth_type not in Participation.BoothType.values:
        return _("Booth type must be one of: %(types)s.") % {
            "types": ", ".join(Participation.BoothType.values)
        }
    if area_m2 is None or area_m2 <= 0:
        return _("The area wanted must be a positive whole number of m².")
    if area_m2 > MAX_REQUEST_M2:
        return _("The area wanted may not exceed %(max)d m².") % {"max": MAX_REQUEST_M2}
    if booth_type == Participation.BoothType.RAW_SPACE and area_m2 < RAW_SPACE_MIN_M2:
        return _("Raw space is at least %(min)d m² (asked: %(m2)d m²).") % {
            "min": RAW_SPACE_MIN_M2,
            "m2": area_m2,
        }
    if booth_type == Participation.BoothType.STANDARD and area_m2 % STANDARD_BOOTH_M2:
        return _(
            "Standard booths are %(size)d m² each: the area must be a multiple of %(size)d m² "
            "(asked: %(m2)d m²)."
        ) % {"size": STANDARD_BOOTH_M2, "m2": area_m2}
    return None


def transition_allowed(from_status: str, to_status: str) -> bool:
    return to_status in ALLOWED.get(from_status, frozenset())


def transition_require(part: Participation, to_status: str) -> None:
    """DomainError("bad_transition", field "status") unless `part` may become `to_status`."""
    if not transition_allowed(part.status, to_status):
        raise DomainError(
            _("An application that is %(from)s cannot become %(to)s.")
            % {"from": part.get_status_display(), "to": Participation.Status(to_status).label},
            "bad_transition",
            field="status",
        )
