"""Seats: capacity, the waiting list and its promotion e-mail, invitations, attendance, no-shows."""

from __future__ import annotations

import pytest
from django.core import mail
from django.db import IntegrityError, transaction

from openexpo.core.errors import PermissionDenied
from openexpo.forums.errors import ForumError
from openexpo.forums.models import Attendance, Invitation, Registration, Session
from openexpo.forums.seats import attendance_record, registration_cancel, registration_create
from openexpo.forums.services import invitations_create, session_update
from tests.factories import ForumSessionFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def full_session(subforum, visitors):
    session = ForumSessionFactory(subforum=subforum, capacity=2)
    for user in visitors[:2]:
        registration_create(user=user, session=session)
    return session


def _states(session):
    return list(
        session.registrations.order_by("id").values_list("user__username", "status", "seat_no")
    )


def test_seats_then_waiting_list(full_session, visitors):
    third = registration_create(user=visitors[2], session=full_session)
    fourth = registration_create(user=visitors[3], session=full_session)
    assert (third.status, third.seat_no, fourth.status) == ("waitlisted", None, "waitlisted")
    assert _states(full_session) == [
        ("visitor0", "confirmed", 1),
        ("visitor1", "confirmed", 2),
        ("visitor2", "waitlisted", None),
        ("visitor3", "waitlisted", None),
    ]


def test_cancel_promotes_the_first_waiting_and_emails_them(
    full_session, visitors, django_capture_on_commit_callbacks
):
    registration_create(user=visitors[2], session=full_session)
    registration_create(user=visitors[3], session=full_session)
    first = Registration.objects.get(session=full_session, user=visitors[0])
    with django_capture_on_commit_callbacks(execute=True):
        promoted = registration_cancel(actor=visitors[0], registration=first)
    assert [r.user.username for r in promoted] == ["visitor2"]
    assert _states(full_session) == [
        ("visitor0", "cancelled", None),
        ("visitor1", "confirmed", 2),
        ("visitor2", "confirmed", 1),
        ("visitor3", "waitlisted", None),
    ]
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["visitor2@example.org"]
    assert "Seat 1" in mail.outbox[0].body


def test_registering_twice_is_refused(full_session, visitors):
    with pytest.raises(ForumError) as err:
        registration_create(user=visitors[0], session=full_session)
    assert err.value.code == "already_registered"
    assert full_session.registrations.count() == 2


def test_database_refuses_a_second_active_registration_and_a_shared_seat(full_session, visitors):
    with pytest.raises(IntegrityError), transaction.atomic():
        Registration.objects.create(session=full_session, user=visitors[0], status="waitlisted")
    with pytest.raises(IntegrityError), transaction.atomic():
        Registration.objects.create(
            session=full_session, user=visitors[2], status="confirmed", seat_no=1
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        Registration.objects.create(
            session=full_session, user=visitors[2], status="waitlisted", seat_no=3
        )
    assert full_session.registrations.count() == 2


def test_cancelling_someone_elses_seat_is_refused(full_session, visitors):
    theirs = Registration.objects.get(session=full_session, user=visitors[0])
    with pytest.raises(PermissionDenied):
        registration_cancel(actor=visitors[1], registration=theirs)
    theirs.refresh_from_db()
    assert (theirs.status, theirs.seat_no) == ("confirmed", 1)


def test_organiser_cancels_anyone_and_cancel_twice_is_refused(full_session, visitors, organiser):
    theirs = Registration.objects.get(session=full_session, user=visitors[0])
    registration_cancel(actor=organiser, registration=theirs)
    with pytest.raises(ForumError) as err:
        registration_cancel(actor=visitors[0], registration=theirs)
    assert err.value.code == "already_cancelled"


def test_register_again_after_cancelling(full_session, visitors):
    registration_cancel(actor=visitors[0], registration=Registration.objects.get(user=visitors[0]))
    again = registration_create(user=visitors[0], session=full_session)
    assert (again.status, again.seat_no) == ("confirmed", 1)


def test_more_seats_promote_the_waiting_list(full_session, visitors, organiser):
    registration_create(user=visitors[2], session=full_session)
    session_update(actor=organiser, session=full_session, changes={"capacity": 3})
    assert _states(full_session)[2] == ("visitor2", "confirmed", 3)
    with pytest.raises(ForumError) as err:
        session_update(actor=organiser, session=full_session, changes={"capacity": 2})
    assert err.value.code == "capacity_below_confirmed"


def test_open_session_needs_no_registration(subforum, visitors):
    session = ForumSessionFactory(subforum=subforum, access=Session.Access.OPEN)
    with pytest.raises(ForumError) as err:
        registration_create(user=visitors[0], session=session)
    assert err.value.code == "registration_not_needed"


def test_invitation_only(subforum, visitors, organiser):
    session = ForumSessionFactory(subforum=subforum, access=Session.Access.INVITATION, capacity=5)
    [invitation] = invitations_create(actor=organiser, session=session, max_uses=1)
    for code, expected in [("", "invitation_required"), ("NOPE", "invitation_invalid")]:
        with pytest.raises(ForumError) as err:
            registration_create(user=visitors[0], session=session, invitation_code=code)
        assert err.value.code == expected
    registration = registration_create(
        user=visitors[0], session=session, invitation_code=invitation.code.lower()
    )
    assert (registration.status, registration.invitation_id) == ("confirmed", invitation.pk)
    with pytest.raises(ForumError) as err:
        registration_create(user=visitors[1], session=session, invitation_code=invitation.code)
    assert err.value.code == "invitation_used"
    assert Invitation.objects.get(pk=invitation.pk).used == 1


def test_attendance_at_the_door(full_session, visitors, organiser):
    gate = UserFactory(username="door", kind="gate")
    registration_create(user=visitors[2], session=full_session)
    mine = Registration.objects.get(user=visitors[0])
    attendance, created = attendance_record(actor=gate, session=full_session, registration=mine)
    assert (attendance.user_id, attendance.method, created) == (visitors[0].pk, "manual", True)
    _again, created = attendance_record(actor=gate, session=full_session, user=visitors[0])
    assert created is False
    for user, code in [(visitors[2], "waitlisted"), (visitors[3], "not_registered")]:
        with pytest.raises(ForumError) as err:
            attendance_record(actor=gate, session=full_session, user=user)
        assert err.value.code == code
    with pytest.raises(PermissionDenied):
        attendance_record(actor=visitors[1], session=full_session, user=visitors[1])
    assert Attendance.objects.count() == 1


def test_attendance_by_badge_scan(full_session, visitors):
    from openexpo.forums.models import Attendance
    from openexpo.visitors.badges import badge_issue, badge_revoke
    from tests.factories import VisitorFactory

    edition = full_session.subforum.edition
    gate = UserFactory(username="door", kind="gate")
    visitor = VisitorFactory(edition=edition, user=visitors[0])
    badge = badge_issue(edition=edition, visitor=visitor)
    attendance, created = attendance_record(
        actor=gate, session=full_session, badge_payload=badge.payload
    )
    assert (attendance.user_id, attendance.method, attendance.badge_number, created) == (
        visitors[0].pk,
        "badge",
        badge.number,
        True,
    )
    for payload, code in [(badge.payload[:-4] + "AAAA", "tampered"), ("garbage", None)]:
        with pytest.raises(ForumError) as err:
            attendance_record(actor=gate, session=full_session, badge_payload=payload)
        if code:
            assert err.value.code == code
    stranger = VisitorFactory(edition=edition, user=visitors[3])
    other = badge_issue(edition=edition, visitor=stranger)
    with pytest.raises(ForumError) as err:
        attendance_record(actor=gate, session=full_session, badge_payload=other.payload)
    assert err.value.code == "not_registered"
    badge_revoke(badge=other, actor=gate, reason="lost")
    with pytest.raises(ForumError) as err:
        attendance_record(actor=gate, session=full_session, badge_payload=other.payload)
    assert err.value.code == "revoked"
    assert Attendance.objects.count() == 1
