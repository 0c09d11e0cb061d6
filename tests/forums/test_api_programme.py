"""Writing the forum programme over the API (organisers): rooms, speakers, sub-forums, sessions,
the timetable proposal; and a person's own agenda. Refusals change nothing; bad input names
the field."""

from __future__ import annotations

import pytest

from openexpo.core.models import AuditEntry
from openexpo.forums.models import AgendaItem, Room, Session, Speaker, SubForum
from tests.api_auth import bearer
from tests.factories import ForumSessionFactory
from tests.forums.conftest import at

pytestmark = pytest.mark.django_db


def put(client, url, body, user):
    return client.put(url, body, content_type="application/json", **bearer(user))


def test_organiser_saves_room_speaker_and_subforum_by_code(client, organiser, edition):
    n = edition.number
    room = put(
        client, f"/api/forum/{n}/rooms/hall-b", {"name_en": "Hall B", "capacity": 120}, organiser
    )
    assert (room.status_code, room.json()) == (
        200,
        {"code": "hall-b", "name_en": "Hall B", "name_zh": "", "capacity": 120},
    )
    again = put(
        client, f"/api/forum/{n}/rooms/hall-b", {"name_en": "Hall B2", "capacity": 90}, organiser
    )
    assert again.json()["capacity"] == 90 and Room.objects.get().name_en == "Hall B2"
    speaker = put(
        client,
        f"/api/forum/{n}/speakers/ana",
        {"name_en": "Ana Ruiz", "bio_en": "Trader."},
        organiser,
    )
    assert (speaker.status_code, speaker.json()["bio_en"]) == (200, "Trader.")
    sub = put(
        client, f"/api/forum/{n}/subforums/trade", {"name_en": "Trade", "topic": "trade"}, organiser
    )
    assert (sub.status_code, sub.json()) == (
        200,
        {"code": "trade", "name_en": "Trade", "name_zh": "", "topic": "trade"},
    )
    audited = AuditEntry.objects.exclude(action="token.issue").order_by("pk")
    assert list(audited.values_list("action", flat=True)) == [
        "forum.room.save",
        "forum.room.save",
        "forum.speaker.save",
        "forum.subforum.save",
    ]


def test_exhibitor_cannot_write_the_programme(client, exhibitor_a, edition, subforum, hall):
    n = edition.number
    for url, body in [
        (f"/api/forum/{n}/rooms/hall-a", {"name_en": "Mine", "capacity": 5}),
        (f"/api/forum/{n}/speakers/me", {"name_en": "Me"}),
        (f"/api/forum/{n}/subforums/green", {"name_en": "Mine"}),
    ]:
        response = put(client, url, body, exhibitor_a)
        assert (response.status_code, response.json()["code"]) == (403, "forbidden"), url
    created = client.post(
        f"/api/forum/{n}/sessions",
        {
            "subforum": "green",
            "title_en": "X",
            "starts_at": at(edition, 0, 9).isoformat(),
            "ends_at": at(edition, 0, 10).isoformat(),
        },
        content_type="application/json",
        **bearer(exhibitor_a),
    )
    assert created.status_code == 403
    assert (
        Room.objects.get().name_en,
        Speaker.objects.count(),
        SubForum.objects.get().name_en,
    ) == (
        "Hall A",
        0,
        "Green development",
    )
    assert Session.objects.count() == 0


@pytest.mark.parametrize(
    ("url", "body", "status", "field"),
    [
        ("rooms/hall-c", {"name_en": "C", "capacity": 0}, 400, "capacity"),
        ("rooms/hall-c", {"name_en": "C", "capacity": "many"}, 422, "capacity"),
        ("rooms/bad%20code", {"name_en": "C", "capacity": 5}, 422, "code"),
        ("speakers/x", {"name_en": " "}, 400, "name_en"),
        ("subforums/x", {"name_en": "y" * 201}, 422, "name_en"),
    ],
)
def test_programme_bad_input_names_the_field(client, organiser, edition, url, body, status, field):
    response = put(client, f"/api/forum/{edition.number}/{url}", body, organiser)
    assert (response.status_code, response.json()["field"]) == (status, field)
    assert (Room.objects.count(), Speaker.objects.count(), SubForum.objects.count()) == (0, 0, 0)


def session_body(edition, **kw) -> dict:
    return {
        "subforum": "green",
        "title_en": "Green trade",
        "starts_at": at(edition, 0, 9).isoformat(),
        "ends_at": at(edition, 0, 10, 30).isoformat(),
        "room": "hall-a",
        "speakers": [{"code": "li-wei", "role": "keynote"}],
    } | kw


def test_organiser_creates_and_changes_a_session(
    client, organiser, edition, subforum, hall, small_room, speaker
):
    created = client.post(
        f"/api/forum/{edition.number}/sessions",
        session_body(edition),
        content_type="application/json",
        **bearer(organiser),
    )
    assert created.status_code == 201, created.content
    data = created.json()
    assert (
        data["room"],
        data["capacity"],
        data["speakers"][0]["code"],
        data["speakers"][0]["role"],
    ) == (
        "hall-a",
        300,
        "li-wei",
        "keynote",
    )
    changed = client.patch(
        f"/api/forum/sessions/{data['id']}",
        {"room": "room-1", "capacity": 30, "title_zh": "绿色贸易"},
        content_type="application/json",
        **bearer(organiser),
    )
    assert changed.status_code == 200, changed.content
    assert (changed.json()["room"], changed.json()["capacity"], changed.json()["title_zh"]) == (
        "room-1",
        30,
        "绿色贸易",
    )


def test_session_rules_name_the_field_and_save_nothing(
    client, organiser, edition, subforum, hall, speaker
):
    ForumSessionFactory(subforum=subforum, room_ref=hall, code="s1")
    cases = [
        ({"subforum": "nope"}, 400, "subforum"),
        ({"room": "nowhere"}, 400, "room"),
        ({"speakers": [{"code": "ghost"}]}, 400, "speakers"),
        ({"code": "s1", "room": ""}, 409, "code"),
        ({"starts_at": "tomorrow"}, 422, "starts_at"),
        ({"capacity": 0}, 422, "capacity"),
        ({"access": "vip"}, 400, "access"),
    ]
    for change, status, field in cases:
        response = client.post(
            f"/api/forum/{edition.number}/sessions",
            session_body(edition, **change),
            content_type="application/json",
            **bearer(organiser),
        )
        assert (response.status_code, response.json().get("field")) == (status, field), change
    assert Session.objects.count() == 1


def test_exhibitor_cannot_change_a_session(client, exhibitor_a, subforum, hall):
    session = ForumSessionFactory(subforum=subforum, room_ref=hall, capacity=100)
    response = client.patch(
        f"/api/forum/sessions/{session.pk}",
        {"capacity": 1},
        content_type="application/json",
        **bearer(exhibitor_a),
    )
    session.refresh_from_db()
    assert (response.status_code, session.capacity) == (403, 100)


def test_timetable_proposal_is_organisers_only_and_saves_nothing(
    client, organiser, exhibitor_a, edition, subforum, hall
):
    session = ForumSessionFactory(subforum=subforum, room_ref=hall)
    url = f"/api/forum/{edition.number}/timetable-proposal"
    refused = client.post(url, {}, content_type="application/json", **bearer(exhibitor_a))
    assert refused.status_code == 403
    bad = client.post(
        url, {"time_limit": 600}, content_type="application/json", **bearer(organiser)
    )
    assert (bad.status_code, bad.json()["field"]) == (422, "time_limit")
    proposal = client.post(
        url, {"time_limit": 5}, content_type="application/json", **bearer(organiser)
    )
    assert proposal.status_code == 200
    (only,) = proposal.json()["proposals"]
    assert (only["session_id"], only["room"], proposal.json()["penalty"]) == (
        session.pk,
        "hall-a",
        0,
    )
    before = session.starts_at
    session.refresh_from_db()
    assert session.starts_at == before


def test_agenda_toggle_is_per_person(client, visitors, subforum, hall):
    session = ForumSessionFactory(subforum=subforum, room_ref=hall)
    url = f"/api/forum/sessions/{session.pk}/agenda"
    first = client.post(url, **bearer(visitors[0]))
    assert (first.status_code, first.json()) == (200, {"session_id": session.pk, "saved": True})
    assert client.post(url, **bearer(visitors[1])).json()["saved"] is True
    assert client.post(url, **bearer(visitors[0])).json()["saved"] is False
    assert list(AgendaItem.objects.values_list("user__username", flat=True)) == ["visitor1"]
    anonymous = client.post(url)
    assert (anonymous.status_code, anonymous.json()["code"]) == (403, "unauthenticated")
    bad = client.post("/api/forum/sessions/one/agenda", **bearer(visitors[0]))
    assert (bad.status_code, bad.json()["field"]) == (422, "session_id")
    assert AgendaItem.objects.count() == 1
