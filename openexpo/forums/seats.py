"""Seats: registration with capacity, the waiting list, invitation codes and attendance at the door.

Concurrency: every write to a session's seats first locks the session row
(`SELECT ... FOR NO KEY UPDATE`), then counts; the partial unique constraints
(one active registration per person, one person per seat number) are the backstop.
On SQLite the IMMEDIATE transaction mode serialises writers the same way.
"""

from __future__ import annotations

import logging
from functools import partial
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from openexpo.core import permissions
from openexpo.core.audit import audit_record
from openexpo.core.errors import PermissionDenied
from openexpo.forums.errors import ForumError
from openexpo.forums.models import AgendaItem, Attendance, Invitation, Registration, Session

log = logging.getLogger(__name__)
CONFIRMED, WAITLISTED, CANCELLED = (
    Registration.Status.CONFIRMED,
    Registration.Status.WAITLISTED,
    Registration.Status.CANCELLED,
)


def _lock_session(session: Session | int) -> Session:
    pk = session.pk if isinstance(session, Session) else session
    return Session.objects.select_for_update(no_key=True).get(pk=pk)


def _free_seats(session: Session, n: int) -> list[int]:
    """The `n` lowest free seat numbers (call with the session locked)."""
    taken = set(
        session.registrations.filter(seat_no__isnull=False).values_list("seat_no", flat=True)
    )
    free = [seat for seat in range(1, session.capacity + 1) if seat not in taken]
    return free[:n]


def _use_invitation(session: Session, code: str) -> Invitation:
    invitation = (
        Invitation.objects.select_for_update()
        .filter(session=session, code=(code or "").strip().upper())
        .first()
    )
    if invitation is None or invitation.revoked:
        raise ForumError(
            _("This invitation code is not valid for this session."),
            "invitation_invalid",
            field="invitation_code",
        )
    if invitation.used >= invitation.max_uses:
        raise ForumError(
            _("This invitation code has been used."), "invitation_used", field="invitation_code"
        )
    invitation.used += 1
    invitation.save(update_fields=["used"])
    return invitation


def registration_create(*, user: Any, session: Session, invitation_code: str = "") -> Registration:
    """Register `user`: a seat if one is free, else a place at the end of the waiting list."""
    if not (user and user.is_authenticated and user.is_active):
        raise PermissionDenied("Log in to register.", "unauthenticated")
    if session.access == Session.Access.OPEN:
        raise ForumError(
            _("This session is open: no registration is needed."), "registration_not_needed"
        )
    try:
        with transaction.atomic():
            locked = _lock_session(session)
            if (
                Registration.objects.filter(session=locked, user=user)
                .exclude(status=CANCELLED)
                .exists()
            ):
                raise ForumError(
                    _("You are already registered for this session."), "already_registered"
                )
            invitation = None
            if locked.access == Session.Access.INVITATION:
                if not invitation_code:
                    raise ForumError(
                        _("This session is by invitation only."),
                        "invitation_required",
                        field="invitation_code",
                    )
                invitation = _use_invitation(locked, invitation_code)
            seats = _free_seats(locked, 1)
            registration = Registration.objects.create(
                session=locked,
                user=user,
                invitation=invitation,
                status=CONFIRMED if seats else WAITLISTED,
                seat_no=seats[0] if seats else None,
            )
    except IntegrityError:  # the constraint backstop: a concurrent duplicate
        raise ForumError(_("You are already registered for this session."), "already_registered")
    return registration


def waitlist_promote(*, session: Session) -> list[Registration]:
    """Give free seats to the waiting list in order; notify each promoted person on commit.

    Call inside a transaction with the session locked.
    """
    waiting = list(
        session.registrations.filter(status=WAITLISTED).order_by("id")[: session.capacity]
    )
    seats = _free_seats(session, len(waiting))
    promoted = []
    now = timezone.now()
    for registration, seat in zip(waiting, seats, strict=False):
        registration.status, registration.seat_no, registration.promoted_at = CONFIRMED, seat, now
        registration.save(update_fields=["status", "seat_no", "promoted_at"])
        transaction.on_commit(partial(promotion_notify, registration_id=registration.pk))
        promoted.append(registration)
    return promoted


def registration_cancel(*, actor: Any, registration: Registration) -> list[Registration]:
    """Cancel a registration (its holder or an organiser); the next waiting person is promoted.

    Returns the registrations promoted from the waiting list.
    """
    if not permissions.can(actor, "cancel", registration):
        raise PermissionDenied("You may not cancel this registration.")
    with transaction.atomic():
        session = _lock_session(registration.session_id)
        locked = Registration.objects.select_for_update().get(pk=registration.pk)
        if locked.status == CANCELLED:
            raise ForumError(_("This registration is already cancelled."), "already_cancelled")
        before = {"status": locked.status, "seat_no": locked.seat_no}
        locked.status, locked.seat_no, locked.cancelled_at = CANCELLED, None, timezone.now()
        locked.save(update_fields=["status", "seat_no", "cancelled_at"])
        promoted = waitlist_promote(session=session)
        audit_record(
            actor=actor,
            action="forum.registration.cancel",
            obj=locked,
            before=before,
            after={"status": CANCELLED, "promoted": [r.pk for r in promoted]},
        )
    registration.refresh_from_db()
    return promoted


def promotion_notify(*, registration_id: int) -> None:
    """E-mail a person that they moved from the waiting list to a confirmed seat."""
    registration = Registration.objects.select_related("session__subforum", "user").get(
        pk=registration_id
    )
    user = registration.user
    if not user.email or registration.status != CONFIRMED:
        return
    with translation.override(user.preferred_language or settings.LANGUAGE_CODE):
        session = registration.session
        subject = _("You have a seat: %(title)s") % {"title": session.title}
        body = _(
            "Good news: a seat became free and you have moved up from the waiting list.\n\n"
            "%(title)s\n%(when)s, %(room)s\nSeat %(seat)d\n"
        ) % {
            "title": session.title,
            "when": timezone.localtime(session.starts_at).strftime("%Y-%m-%d %H:%M"),
            "room": session.room,
            "seat": registration.seat_no,
        }
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email], fail_silently=False)


def _badge_holder(session: Session, payload: str) -> tuple[Any, int]:
    """The user and badge number behind a signed badge (the visitors gate's verifier)."""
    from openexpo.forums.badgescan import badge_user

    edition = session.subforum.edition
    day = timezone.localtime(session.starts_at, ZoneInfo(edition.time_zone)).date()
    return badge_user(edition=edition, payload=payload, day=day)


def attendance_record(
    *,
    actor: Any,
    session: Session,
    user: Any = None,
    registration: Registration | None = None,
    badge_payload: str = "",
) -> tuple[Attendance, bool]:
    """Record that a person came in at the door (gate staff or organisers).

    Returns (attendance, created); a second scan of the same person is not an error.
    """
    if not permissions.is_gate_staff(actor):
        raise PermissionDenied("Only gate staff may record attendance.")
    badge_number = None
    if badge_payload:
        user, badge_number = _badge_holder(session, badge_payload)
    elif registration is not None:
        if registration.session_id != session.pk:
            raise ForumError(_("This registration is for another session."), "wrong_session")
        user = registration.user
    if user is None:
        raise ForumError(_("Scan a badge or name a registration."), "invalid")
    if session.access != Session.Access.OPEN:
        registration = (
            Registration.objects.filter(session=session, user=user)
            .exclude(status=CANCELLED)
            .first()
        )
        if registration is None:
            raise ForumError(_("Not registered for this session."), "not_registered")
        if registration.status == WAITLISTED:
            raise ForumError(_("Still on the waiting list: no seat."), "waitlisted")
    try:
        with transaction.atomic():
            attendance, created = Attendance.objects.get_or_create(
                session=session,
                user=user,
                defaults={
                    "registration": registration,
                    "scanned_by": actor,
                    "badge_number": badge_number,
                    "method": Attendance.Method.BADGE
                    if badge_payload
                    else Attendance.Method.MANUAL,
                },
            )
    except IntegrityError:  # two doors scanned the same person at once
        attendance, created = Attendance.objects.get(session=session, user=user), False
    return attendance, created


def agenda_item_toggle(*, user: Any, session: Session) -> bool:
    """Save a session to a person's agenda, or remove it; returns whether it is saved now."""
    if not (user and user.is_authenticated):
        raise PermissionDenied("Log in to keep an agenda.", "unauthenticated")
    deleted, _rows = AgendaItem.objects.filter(user=user, session=session).delete()
    if deleted:
        return False
    AgendaItem.objects.get_or_create(user=user, session=session)
    return True
