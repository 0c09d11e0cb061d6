"""Pages, ICS files and the API: what each person may see and do, with exact values."""

from __future__ import annotations

import base64
import json

import pytest
from icalendar import Calendar

from openexpo.forums.models import Registration, Session, SessionSpeaker
from openexpo.forums.seats import registration_create
from tests.factories import ForumSessionFactory, UserFactory
from tests.forums.conftest import at

pytestmark = pytest.mark.django_db


@pytest.fixture
def programme(edition, subforum, hall, small_room, speaker):
    a = ForumSessionFactory(
        subforum=subforum,
        room_ref=hall,
        title_en="Green finance",
        title_zh="绿色金融",
        starts_at=at(edition, 0, 9),
        ends_at=at(edition, 0, 10),
        capacity=1,
    )
    b = ForumSessionFactory(
        subforum=subforum,
        room_ref=small_room,
        title_en="Carbon markets",
        starts_at=at(edition, 1, 14),
        ends_at=at(edition, 1, 15),
        access=Session.Access.OPEN,
    )
    SessionSpeaker.objects.create(session=a, speaker=speaker, role="keynote")
    return a, b


def _events(body: bytes) -> list[tuple[str, str]]:
    cal = Calendar.from_ical(body)
    return [(str(e["summary"]), e.decoded("dtstart").isoformat()) for e in cal.walk("VEVENT")]


def test_timetable_by_day_room_and_topic(client, programme):
    a, b = programme
    assert client.get("/forum/").content.count(b'id="session-') == 2
    day1 = client.get(f"/forum/day/{a.starts_at.date().isoformat()}/")
    assert b"Green finance" in day1.content and b"Carbon markets" not in day1.content
    room = client.get("/forum/room/room-1/")
    assert b"Carbon markets" in room.content and b"Green finance" not in room.content
    assert client.get("/forum/topic/green/").content.count(b'id="session-') == 2
    assert client.get("/forum/topic/nothing/").content.count(b'id="session-') == 0


def test_session_speaker_and_subforum_pages(client, programme):
    a, _b = programme
    page = client.get(f"/forum/sessions/{a.pk}/")
    assert b"Li Wei" in page.content and b"Keynote speaker" in page.content
    assert b"Green finance" in client.get("/forum/speakers/li-wei/").content
    assert client.get("/forum/speakers/nobody/").status_code == 404
    assert client.get("/forum/subforums/green/").content.count(b'id="session-') == 2
    zh = client.get(f"/forum/sessions/{a.pk}/", HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert "绿色金融" in zh.content.decode()


def test_ics_of_a_session_a_subforum_and_an_agenda(client, programme, visitors):
    a, b = programme
    assert _events(client.get(f"/forum/sessions/{a.pk}/session.ics").content) == [
        ("Green finance", "2023-11-05T01:00:00+00:00")
    ]
    assert [s for s, _t in _events(client.get("/forum/subforums/green/subforum.ics").content)] == [
        "Green finance",
        "Carbon markets",
    ]
    registration_create(user=visitors[0], session=a)
    client.force_login(visitors[0])
    client.post(f"/forum/sessions/{b.pk}/agenda/")
    assert [s for s, _t in _events(client.get("/forum/agenda/agenda.ics").content)] == [
        "Green finance",
        "Carbon markets",
    ]
    feed = client.get("/forum/agenda/").context["feed"]
    client.logout()
    assert len(_events(client.get(feed.replace("http://testserver", "")).content)) == 2
    assert client.get("/forum/agenda/feed/forged.ics").status_code == 404


def test_register_page_flow_waitlist_and_cancel(client, programme, visitors):
    a, _b = programme
    client.force_login(visitors[0])
    client.post(f"/forum/sessions/{a.pk}/register/")
    client.force_login(visitors[1])
    client.post(f"/forum/sessions/{a.pk}/register/")
    page = client.get(f"/forum/sessions/{a.pk}/")
    assert b'data-status="waitlisted"' in page.content and b"position 1" in page.content
    theirs = Registration.objects.get(user=visitors[0])
    client.post(f"/forum/registrations/{theirs.pk}/cancel/")  # not theirs to cancel
    theirs.refresh_from_db()
    assert theirs.status == "confirmed"


def test_api_programme_is_public(client, programme, edition):
    a, _b = programme
    data = client.get(f"/api/forum/{edition.number}/sessions").json()
    assert [(s["title_en"], s["room"], s["access"]) for s in data] == [
        ("Green finance", "hall-a", "registration"),
        ("Carbon markets", "room-1", "open"),
    ]
    assert data[0]["speakers"] == [
        {"code": "li-wei", "name_en": "Li Wei", "name_zh": "李伟", "role": "keynote", "order": 0}
    ]
    assert len(client.get(f"/api/forum/{edition.number}/sessions?day=2023-11-06").json()) == 1


def test_api_registration_permissions(client, programme, visitors, organiser):
    a, _b = programme
    assert (
        client.post(
            f"/api/forum/sessions/{a.pk}/registrations", {}, content_type="application/json"
        ).status_code
        == 403
    )
    client.force_login(visitors[0])
    first = client.post(
        f"/api/forum/sessions/{a.pk}/registrations", {}, content_type="application/json"
    )
    assert (first.status_code, first.json()["status"], first.json()["seat_no"]) == (
        201,
        "confirmed",
        1,
    )
    twice = client.post(
        f"/api/forum/sessions/{a.pk}/registrations", {}, content_type="application/json"
    )
    assert (twice.status_code, twice.json()["code"]) == (400, "already_registered")
    client.force_login(visitors[1])
    second = client.post(
        f"/api/forum/sessions/{a.pk}/registrations", {}, content_type="application/json"
    ).json()
    assert second["status"] == "waitlisted"
    rid = first.json()["id"]
    assert client.get(f"/api/forum/registrations/{rid}").status_code == 403
    denied = client.post(f"/api/forum/registrations/{rid}/cancel")
    assert (denied.status_code, Registration.objects.get(pk=rid).status) == (403, "confirmed")
    assert client.get(f"/api/forum/sessions/{a.pk}/registrations").status_code == 403
    client.force_login(visitors[0])
    done = client.post(f"/api/forum/registrations/{rid}/cancel").json()
    assert done["cancelled"]["status"] == "cancelled"
    assert [(p["id"], p["status"], p["seat_no"]) for p in done["promoted"]] == [
        (second["id"], "confirmed", 1)
    ]
    client.force_login(organiser)
    assert len(client.get(f"/api/forum/sessions/{a.pk}/registrations").json()) == 2


def test_api_attendance_and_noshows(client, programme, visitors, organiser, edition):
    a, _b = programme
    registration = registration_create(user=visitors[0], session=a)
    client.force_login(visitors[1])
    url = f"/api/forum/sessions/{a.pk}/attendance"
    assert (
        client.post(
            url, {"registration_id": registration.pk}, content_type="application/json"
        ).status_code
        == 403
    )
    client.force_login(UserFactory(username="door", kind="gate"))
    done = client.post(
        url, {"registration_id": registration.pk}, content_type="application/json"
    ).json()
    assert (done["user_id"], done["created"]) == (visitors[0].pk, True)
    client.force_login(organiser)
    stats = client.get(f"/api/forum/{edition.number}/no-shows").json()
    assert (stats["confirmed"], stats["attended"], stats["no_shows"]) == (1, 1, 0)


PROGRAMME = {
    "rooms": [{"code": "r1", "name_en": "Room One", "capacity": 50}],
    "speakers": [{"code": "ada", "name_en": "Ada", "bio_en": "Economist", "bio_zh": "经济学家"}],
    "subforums": [{"code": "ai", "name_en": "AI", "topic": "digital"}],
    "sessions": [
        {
            "code": "s1",
            "subforum": "ai",
            "title_en": "One",
            "starts_at": "2023-11-06T09:00",
            "ends_at": "2023-11-06T10:00",
            "room": "r1",
            "speakers": "ada:keynote",
        },
        {
            "code": "s2",
            "subforum": "ai",
            "title_en": "Two",
            "starts_at": "2023-11-06T11:00",
            "ends_at": "2023-11-06T12:00",
            "room": "r1",
            "capacity": 30,
            "access": "invitation",
        },
    ],
}


def _import(client, edition, doc, **kw):
    body = {"content_base64": base64.b64encode(json.dumps(doc).encode()).decode(), **kw}
    return client.post(f"/api/forum/{edition.number}/import", body, content_type="application/json")


def test_import_dry_run_then_apply(client, organiser, edition):
    client.force_login(organiser)
    dry = _import(client, edition, PROGRAMME)
    assert (dry.status_code, dry.json()["applied"], dry.json()["counts"]["sessions"]) == (
        200,
        False,
        2,
    )
    assert Session.objects.count() == 0
    done = _import(client, edition, PROGRAMME, dry_run=False).json()
    assert done["applied"] is True
    s1 = Session.objects.get(code="s1")
    assert (s1.capacity, s1.room_ref.code, s1.starts_at.isoformat()) == (
        50,
        "r1",
        "2023-11-06T01:00:00+00:00",
    )
    assert list(s1.speaker_links.values_list("speaker__code", "role")) == [("ada", "keynote")]
    again = _import(client, edition, PROGRAMME, dry_run=False).json()  # upsert by code
    assert (again["applied"], Session.objects.count()) == (True, 2)


def test_malformed_import_names_rows_and_changes_nothing(client, organiser, edition):
    client.force_login(organiser)
    bad = json.loads(json.dumps(PROGRAMME))
    bad["sessions"][0]["ends_at"] = "2023-11-06T08:00"
    bad["sessions"][1]["room"] = "nowhere"
    bad["rooms"].append({"code": "r2", "name_en": "Two", "capacity": 0})
    response = _import(client, edition, bad, dry_run=False)
    assert response.status_code == 400
    assert [(e["sheet"], e["row"], e["field"]) for e in response.json()["errors"]] == [
        ("rooms", 2, "capacity"),
        ("sessions", 1, "ends_at"),
        ("sessions", 2, "room"),
    ]
    assert (Session.objects.count(), edition.forum_rooms.count()) == (0, 0)
    clash = json.loads(json.dumps(PROGRAMME))
    clash["sessions"][1]["starts_at"] = "2023-11-06T09:30"
    response = _import(client, edition, clash, dry_run=False)
    assert [(e["row"], e["field"]) for e in response.json()["errors"]] == [(1, "room")]
    assert Session.objects.count() == 0
    kept = _import(client, edition, clash, dry_run=False, allow_conflicts=True).json()
    assert kept["applied"] is True
    assert [c["code"] for c in client.get(f"/api/forum/{edition.number}/conflicts").json()] == [
        "room_conflict"
    ]
    unreadable = client.post(
        f"/api/forum/{edition.number}/import",
        {"content_base64": "e30x"},
        content_type="application/json",
    )
    assert unreadable.json()["code"] == "import_unreadable"


@pytest.mark.parametrize("content", ["e30x", "not base64!", base64.b64encode(b"{}").decode()])
def test_import_refuses_non_organisers_before_reading_the_body(client, edition, content):
    client.force_login(UserFactory(kind="exhibitor"))
    response = client.post(
        f"/api/forum/{edition.number}/import",
        {"content_base64": content},
        content_type="application/json",
    )
    assert (response.status_code, response.json()["code"]) == (403, "forbidden")


def test_refused_import_is_the_error_envelope_with_the_report(client, organiser, edition):
    client.force_login(organiser)
    bad = json.loads(json.dumps(PROGRAMME))
    bad["sessions"][1]["room"] = "nowhere"
    body = _import(client, edition, bad, dry_run=False).json()
    assert (body["code"], body["field"], body["applied"], body["detail"]) == (
        "import_invalid",
        "room",
        False,
        "1 error(s); first: sessions row 2, room: unknown room “nowhere”",
    )
    assert body["errors"] == [
        {"sheet": "sessions", "row": 2, "field": "room", "message": "unknown room “nowhere”"}
    ]


def test_import_xlsx_and_organiser_pages(client, organiser, edition, visitors):
    from io import BytesIO

    from openpyxl import Workbook

    wb = Workbook()
    wb.remove(wb.active)
    for sheet, rows in PROGRAMME.items():
        ws = wb.create_sheet(sheet)
        header = sorted({k for r in rows for k in r})
        ws.append(header)
        for r in rows:
            ws.append([r.get(k) for k in header])
    buffer = BytesIO()
    wb.save(buffer)
    buffer.seek(0)
    buffer.name = "programme.xlsx"
    client.force_login(visitors[0])
    assert client.get("/forum/organiser/conflicts/").status_code == 403
    client.force_login(organiser)
    page = client.post("/forum/organiser/import/", {"file": buffer, "apply": "1"})
    assert page.status_code == 200
    assert Session.objects.count() == 2
    assert b'id="conflict-count">0 conflicts remain' in page.content
    assert client.get("/forum/organiser/no-shows/").status_code == 200


def test_timetable_and_api_query_counts_stay_flat(client, edition, subforum, speaker, visitors):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(visitors[0])

    def count(url: str) -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    first = ForumSessionFactory(
        subforum=subforum, starts_at=at(edition, 0, 9), ends_at=at(edition, 0, 10)
    )
    SessionSpeaker.objects.create(session=first, speaker=speaker)
    registration_create(user=visitors[0], session=first)
    urls = ["/forum/", f"/api/forum/{edition.number}/sessions", "/forum/agenda/"]
    one = [count(u) for u in urls]
    for hour in (11, 14):
        more = ForumSessionFactory(
            subforum=subforum, starts_at=at(edition, 1, hour), ends_at=at(edition, 1, hour + 1)
        )
        SessionSpeaker.objects.create(session=more, speaker=speaker)
        registration_create(user=visitors[0], session=more)
    assert [count(u) for u in urls] == one
