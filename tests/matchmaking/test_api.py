"""The matchmaking API end to end, and its refusals."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from openexpo.matchmaking.models import MeetingRequest, Need
from tests.factories import ParticipationFactory
from tests.matchmaking.conftest import DAY

pytestmark = pytest.mark.django_db


def _client(user) -> Client:
    c = Client()
    c.force_login(user)
    return c


def _post(c: Client, url: str, body: dict | None = None):
    return c.post(url, data=json.dumps(body or {}), content_type="application/json")


def test_need_to_published_schedule(
    buyer_user,
    buyer,
    seller_user,
    meat_part,
    robot_part,
    organiser,
    cats,
    countries,
    django_capture_on_commit_callbacks,
):
    b, s, o = _client(buyer_user), _client(seller_user), _client(organiser)
    r = _post(
        b,
        "/api/matchmaking/needs",
        {
            "title": "Beef",
            "text_en": "chilled beef",
            "categories": ["0201"],
            "origins": ["AU"],
            "budget_min": "10",
            "budget_max": "20",
            "currency": "EUR",
        },
    )
    assert r.status_code == 201, r.content
    need = r.json()
    assert (need["categories"], need["origins"], need["currency"]) == (["0201"], ["AU"], "EUR")
    recs = b.get(f"/api/matchmaking/needs/{need['id']}/recommendations").json()
    assert recs["exhibitors"][0]["participation_id"] == meat_part.pk
    assert {r["kind"] for r in recs["exhibitors"][0]["reasons"]} >= {"category", "words", "origin"}
    # The exhibitor sees the buyer; a stranger's need list stays empty.
    buyers = s.get(f"/api/matchmaking/participations/{meat_part.pk}/recommendations").json()
    assert [x["buyer_id"] for x in buyers] == [buyer.pk]
    r = _post(
        b,
        "/api/matchmaking/requests",
        {"participation_id": meat_part.pk, "day": DAY.isoformat(), "need_id": need["id"]},
    )
    assert r.status_code == 201, r.content
    req = r.json()
    assert (req["status"], req["initiated_by"], req["buyer_id"]) == ("pending", "buyer", buyer.pk)
    r = _post(b, f"/api/matchmaking/requests/{req['id']}/accept")
    assert (r.status_code, r.json()["code"]) == (403, "not_addressed")
    r = _post(s, f"/api/matchmaking/requests/{req['id']}/accept")
    assert r.json()["status"] == "accepted"
    with django_capture_on_commit_callbacks(execute=True):
        r = _post(o, "/api/matchmaking/editions/6/schedule-jobs", {"time_limit": 5})
    assert r.status_code == 202
    job = o.get(f"/api/matchmaking/jobs/{r.json()['id']}").json()
    assert (job["status"], job["progress"], job["result"]["placed"]) == ("done", 1.0, 1)
    assert b.get("/api/matchmaking/schedule").json() == []  # not published yet
    grid = o.get(f"/api/matchmaking/editions/6/grid?day={DAY.isoformat()}").json()
    assert [c["meeting_id"] for c in grid["cells"]] == [req["id"]]
    assert _post(o, "/api/matchmaking/editions/6/publish").json() == {"published": 1}
    mine = b.get("/api/matchmaking/schedule").json()
    theirs = s.get("/api/matchmaking/schedule").json()
    assert [m["id"] for m in mine] == [m["id"] for m in theirs] == [req["id"]]
    assert mine[0]["table"] == theirs[0]["table"] == grid["cells"][0]["table"]
    assert mine[0]["starts_at"].endswith("+01:00")  # the buyer's own time zone (Berlin)
    assert theirs[0]["starts_at"].endswith("+08:00")
    ics = b.get("/api/matchmaking/schedule.ics")
    assert ics["Content-Type"].startswith("text/calendar")
    assert b"Matchmaking table" in ics.content


def test_refusals_change_nothing(
    buyer_user, buyer, seller_user, meat_part, other_edition, robot_user
):
    b = _client(buyer_user)
    other = ParticipationFactory(edition=other_edition, company=meat_part.company)
    r = _post(
        b,
        "/api/matchmaking/requests",
        {"participation_id": other.pk, "buyer_id": buyer.pk, "day": DAY.isoformat()},
    )
    assert (r.status_code, r.json()["code"]) == (400, "edition_mismatch")
    r = _post(
        b,
        "/api/matchmaking/needs",
        {"title": "x", "budget_min": "5", "budget_max": "1", "currency": "EUR", "edition": 6},
    )
    assert (r.status_code, r.json()["code"]) == (400, "invalid_budget")
    r = _post(b, "/api/matchmaking/needs", {"title": "x", "currency": "EURO", "edition": 6})
    assert r.status_code == 400
    assert Need.objects.count() == 0
    req = _post(
        b,
        "/api/matchmaking/requests",
        {"participation_id": meat_part.pk, "day": DAY.isoformat(), "edition": 6},
    ).json()
    r = _post(_client(robot_user), f"/api/matchmaking/requests/{req['id']}/accept")
    assert (r.status_code, r.json()["code"]) == (404, "not_found")
    assert MeetingRequest.objects.get().status == "pending"
    r = _post(b, "/api/matchmaking/editions/6/schedule-jobs", {})
    assert r.status_code == 403
    assert b.get(f"/api/matchmaking/editions/6/grid?day={DAY.isoformat()}").status_code == 403


def test_pages_render_for_each_side(
    buyer_user, buyer, seller_user, meat_part, organiser, cats, countries
):
    b = _client(buyer_user)
    r = b.post(
        "/matchmaking/",
        {
            "title": "Beef please",
            "text_en": "chilled beef",
            "categories": "0201",
            "origins": "AU",
            "currency": "",
        },
    )
    need = Need.objects.get()
    assert r.status_code == 302 and r["Location"] == f"/matchmaking/needs/{need.pk}/"
    page = b.get(f"/matchmaking/needs/{need.pk}/").content.decode()
    assert "Outback Meats" in page and "Shared category" in page
    page = _client(seller_user).get("/matchmaking/").content.decode()
    assert "Beef please" in page and "Sichuan delegation" in page
    assert (
        _client(organiser).get(f"/matchmaking/organiser/?day={DAY.isoformat()}").status_code == 200
    )
    assert b.get("/matchmaking/organiser/").status_code == 404
    # another user's need: a clean 403 page (the service's refusal), never a 500
    assert _client(seller_user).get(f"/matchmaking/needs/{need.pk}/").status_code == 403


@pytest.mark.parametrize("n", [1, 3])
def test_request_list_query_count_is_flat(n, buyer_user, buyer, edition, django_assert_num_queries):
    for _ in range(n):
        MeetingRequest.objects.create(
            edition=edition,
            buyer=buyer,
            initiated_by="buyer",
            day=DAY,
            participation=ParticipationFactory(edition=edition),
        )
    c = _client(buyer_user)
    with django_assert_num_queries(6):  # session, user, edition, companies, delegations, list
        r = c.get("/api/matchmaking/requests?edition=6")
    assert len(r.json()) == n
