"""Badge scans at a forum room door, reusing the visitors gate's Ed25519 badge verification."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils.translation import gettext as _

from openexpo.core.models import Edition
from openexpo.forums.errors import ForumError
from openexpo.solvers.badgecodec import CodecError, Credential
from openexpo.visitors.keys import verifier_for
from openexpo.visitors.models import Badge


def _verify(edition: Edition, payload: str) -> Credential:
    try:
        return verifier_for(edition_id=edition.pk).verify(payload, edition=edition.number)
    except CodecError as err:
        if err.code != "forged":
            raise
        # a key made a moment ago by another process: look again, once
        return verifier_for(edition_id=edition.pk, refresh=True).verify(
            payload, edition=edition.number
        )


def badge_user(*, edition: Edition, payload: str, day: dt.date) -> tuple[Any, int]:
    """The account behind a signed badge valid on `day`: (user, badge number), or ForumError
    with the gate's rejection code (forged, tampered, wrong_edition, revoked, not_valid_today...)."""
    try:
        cred = _verify(edition, payload.strip())
    except CodecError as err:
        raise ForumError(err.message, err.code)
    if not cred.valid_on(day.toordinal()):
        raise ForumError(_("This badge is not valid on the day of the session."), "not_valid_today")
    badge = (
        Badge.objects.select_related("visitor__user", "holder")
        .filter(edition=edition, number=cred.badge_id)
        .first()
    )
    if badge is None:
        raise ForumError(_("Unknown badge."), "unknown_badge")
    if badge.status == Badge.Status.REVOKED or cred.revision < badge.revision:
        raise ForumError(_("This badge has been revoked or replaced."), "revoked")
    user = badge.holder or (badge.visitor.user if badge.visitor_id else None)
    if user is None:
        raise ForumError(
            _("This badge has no account to match a registration."), "badge_without_account"
        )
    return user, badge.number
