"""Programme services: sessions are refused when they clash, and nothing changes then."""

from __future__ import annotations

import datetime as dt

import pytest

from openexpo.core.errors import PermissionDenied
from openexpo.forums.conflicts import edition_conflicts
from openexpo.forums.errors import ForumError
from openexpo.forums.models import Room, Session, SessionSpeaker
from openexpo.forums.services import room_save, session_create, session_update
from tests.factories import ForumSessionFactory, SpeakerFactory, SubForumFactory
from tests.forums.conftest import at

pytestmark = pytest.mark.django_db


def _create(organiser, subforum, room, start, end, **kw):
    return session_create(
        actor=organiser,
        subforum=subforum,
        title_en=kw.pop("title_en", "Panel"),
        starts_at=start,
        ends_at=end,
        room=room,
        **kw,
    )


def test_session_create_fills_room_capacity_and_speakers(
    organiser, edition, subforum, hall, speaker
):
    moderator = SpeakerFactory(edition=edition, code="ann", name_en="Ann Moderator")
    session = _create(
        organiser,
        subforum,
        hall,
        at(edition, 0, 9),
        at(edition, 0, 10, 30),
        speakers=[(speaker, "keynote"), (moderator, "moderator")],
        title_zh="圆桌",
        access="invitation",
        language="en+zh",
    )
    assert session.capacity == 300
    assert session.room == "Hall A"
    links = list(
        SessionSpeaker.objects.filter(session=session).values_list("speaker__code", "role", "order")
    )
    assert links == [("li-wei", "keynote", 0), ("ann", "moderator", 1)]


@pytest.mark.parametrize(
    ("start", "end", "capacity", "code", "field"),
    [
        ((0, 11), (0, 10), None, "ends_before_start", "ends_at"),
        ((0, 10), (0, 10), None, "ends_before_start", "ends_at"),
        ((-1, 10), (-1, 11), None, "outside_edition", "starts_at"),
        ((5, 23), (6, 1), None, "outside_edition", "ends_at"),
        ((0, 9), (0, 10), 0, "capacity_invalid", "capacity"),
        ((0, 9), (0, 10), -5, "capacity_invalid", "capacity"),
        ((0, 9), (0, 10), 301, "capacity_exceeds_room", "capacity"),
    ],
)
def test_session_create_refuses_bad_values(
    organiser, edition, subforum, hall, start, end, capacity, code, field
):
    with pytest.raises(ForumError) as err:
        _create(
            organiser, subforum, hall, at(edition, *start), at(edition, *end), capacity=capacity
        )
    assert (err.value.code, err.value.field) == (code, field)
    assert Session.objects.count() == 0


def test_edition_days_are_in_shanghai_time(organiser, edition, subforum, hall):
    # 23:30 UTC the day before the opening is 07:30 on opening day in Shanghai: allowed.
    start = dt.datetime.combine(edition.start_date - dt.timedelta(days=1), dt.time(23, 30), dt.UTC)
    session = _create(organiser, subforum, hall, start, start + dt.timedelta(hours=1))
    assert session.pk is not None


def test_room_booked_twice_is_refused(organiser, edition, subforum, hall):
    first = _create(
        organiser, subforum, hall, at(edition, 0, 9), at(edition, 0, 11), title_en="First"
    )
    with pytest.raises(ForumError) as err:
        _create(organiser, subforum, hall, at(edition, 0, 10), at(edition, 0, 12))
    assert err.value.code == "room_conflict"
    assert "First" in err.value.message
    # back to back is fine
    _create(organiser, subforum, hall, at(edition, 0, 11), at(edition, 0, 12))
    assert list(Session.objects.order_by("starts_at").values_list("pk", flat=True))[0] == first.pk
    assert Session.objects.count() == 2


def test_speaker_in_two_places_is_refused(organiser, edition, subforum, hall, small_room, speaker):
    _create(
        organiser,
        subforum,
        hall,
        at(edition, 1, 14),
        at(edition, 1, 16),
        speakers=[(speaker, "speaker")],
    )
    with pytest.raises(ForumError) as err:
        _create(
            organiser,
            subforum,
            small_room,
            at(edition, 1, 15),
            at(edition, 1, 17),
            speakers=[(speaker, "moderator")],
        )
    assert err.value.code == "speaker_conflict"
    assert Session.objects.count() == 1
    assert SessionSpeaker.objects.count() == 1


def test_update_checks_the_same_rules_and_changes_nothing_on_refusal(
    organiser, edition, subforum, hall
):
    a = _create(organiser, subforum, hall, at(edition, 0, 9), at(edition, 0, 10))
    b = _create(organiser, subforum, hall, at(edition, 0, 10), at(edition, 0, 11))
    with pytest.raises(ForumError) as err:
        session_update(actor=organiser, session=b, changes={"starts_at": at(edition, 0, 9, 30)})
    assert err.value.code == "room_conflict"
    b.refresh_from_db()
    assert b.starts_at == at(edition, 0, 10)
    # moving itself within its own slot is not a conflict with itself
    session_update(actor=organiser, session=a, changes={"ends_at": at(edition, 0, 9, 45)})
    a.refresh_from_db()
    assert a.ends_at == at(edition, 0, 9, 45)


def test_only_organisers_schedule(visitors, edition, subforum, hall):
    with pytest.raises(PermissionDenied):
        _create(visitors[0], subforum, hall, at(edition, 0, 9), at(edition, 0, 10))
    assert Session.objects.count() == 0


def test_room_capacity_must_be_positive_and_hold_its_sessions(organiser, edition, subforum, hall):
    with pytest.raises(ForumError) as err:
        room_save(actor=organiser, edition=edition, code="x", name_en="X", capacity=0)
    assert err.value.code == "capacity_invalid"
    _create(organiser, subforum, hall, at(edition, 0, 9), at(edition, 0, 10), capacity=250)
    with pytest.raises(ForumError) as err:
        room_save(actor=organiser, edition=edition, code="hall-a", name_en="Hall A", capacity=200)
    assert err.value.code == "capacity_exceeds_room"
    assert Room.objects.get(code="hall-a").capacity == 300


def test_conflict_report_lists_every_remaining_conflict(edition, hall, speaker):
    # rows written behind the services' back (admin, raw import) are found by the report
    sub = SubForumFactory(edition=edition, code="digital")
    a = ForumSessionFactory(
        subforum=sub,
        room_ref=hall,
        title_en="A",
        starts_at=at(edition, 0, 9),
        ends_at=at(edition, 0, 11),
    )
    b = ForumSessionFactory(
        subforum=sub,
        room_ref=hall,
        title_en="B",
        starts_at=at(edition, 0, 10),
        ends_at=at(edition, 0, 12),
    )
    c = ForumSessionFactory(
        subforum=sub, title_en="C", starts_at=at(edition, 0, 10, 30), ends_at=at(edition, 0, 11, 30)
    )
    d = ForumSessionFactory(
        subforum=sub, title_en="D", starts_at=at(edition, 9, 9), ends_at=at(edition, 9, 10)
    )
    SessionSpeaker.objects.create(session=a, speaker=speaker)
    SessionSpeaker.objects.create(session=c, speaker=speaker)
    found = sorted((c_.code, c_.sessions) for c_ in edition_conflicts(edition=edition))
    assert found == [
        ("outside_edition", (d.pk,)),
        ("room_conflict", (a.pk, b.pk)),
        ("speaker_conflict", (a.pk, c.pk)),
    ]
