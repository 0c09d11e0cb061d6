"""Drawing and removing booths by hand on the plan desk, in the admin and by the API:
the same checks everywhere, a clear error, and nothing changed on bad input."""

from __future__ import annotations

import json

import pytest

from openexpo.core.models import AuditEntry
from openexpo.floorplan import services
from openexpo.floorplan.models import Booth, BoothCell


@pytest.fixture
def a01(organiser, hall):
    return services.booth_create(
        actor=organiser, hall=hall, code="1.1H-A01", x=0, y=0, width=8, depth=9
    )


def _messages(response) -> list[str]:
    return [str(m) for m in response.context["messages"]] if response.context else []


def test_desk_draws_a_pinned_booth_for_an_application(client, organiser, hall, approved):
    client.force_login(organiser)
    r = client.post(
        "/floorplan/6/plan/booths/",
        {
            "hall": "1.1H",
            "code": "1.1H-B01",
            "x": 10,
            "y": 0,
            "width": 8,
            "depth": 9,
            "kind": "raw",
            "participation": f"#{approved[0].pk}",
        },
        follow=True,
    )
    assert _messages(r) == ["Booth 1.1H-B01 drawn and pinned."]
    booth = Booth.objects.get(code="1.1H-B01")
    assert (booth.x, booth.width, booth.pinned, booth.participation) == (10, 8, True, approved[0])
    assert BoothCell.objects.filter(booth=booth).count() == 72
    html = r.content.decode()
    assert 'id="draw-form"' in html and 'id="desk-map"' in html
    assert '<g class="booth" data-booth="1.1H-B01" data-company="Alpha Medical GmbH">' in html


@pytest.mark.parametrize(
    "x, y, w, d, words",
    [
        (4, 0, 8, 9, "overlaps booth 1.1H-A01 in hall 1.1H"),
        (26, 22, 8, 9, "covers a pillar"),
        (55, 0, 8, 9, "lies outside hall 1.1H (60 x 54 m)"),
        (20, 0, 0, 9, "A booth needs a positive width and depth."),
    ],
)
def test_desk_refuses_a_bad_booth_and_changes_nothing(
    client, organiser, hall, a01, x, y, w, d, words
):
    client.force_login(organiser)
    r = client.post(
        "/floorplan/6/plan/booths/",
        {"hall": "1.1H", "code": "1.1H-B01", "x": x, "y": y, "width": w, "depth": d},
        follow=True,
    )
    assert len(_messages(r)) == 1 and words in _messages(r)[0]
    assert list(Booth.objects.values_list("code", flat=True)) == ["1.1H-A01"]
    assert BoothCell.objects.count() == 72


def test_desk_removes_a_booth_and_only_organisers_may(client, organiser, exhibitor_a, hall, a01):
    client.force_login(exhibitor_a)
    r = client.post(f"/floorplan/booths/{a01.pk}/edit/", {"action": "delete"})
    assert r.status_code == 404
    r = client.post(
        "/floorplan/6/plan/booths/",
        {"hall": "1.1H", "code": "X", "x": 20, "y": 0, "width": 8, "depth": 9},
    )
    assert r.status_code == 404 and list(Booth.objects.values_list("code", flat=True)) == [
        "1.1H-A01"
    ]
    client.force_login(organiser)
    r = client.post(f"/floorplan/booths/{a01.pk}/edit/", {"action": "delete"}, follow=True)
    assert _messages(r) == ["Booth 1.1H-A01 removed."]
    assert Booth.objects.count() == 0 and BoothCell.objects.count() == 0
    assert AuditEntry.objects.filter(action="booth.delete").count() == 1


def test_admin_add_goes_through_the_checks(client, organiser, hall, a01):
    client.force_login(organiser)
    base = {"hall": hall.pk, "kind": "raw", "y": 0, "width": 8, "depth": 9}
    r = client.post("/admin/floorplan/booth/add/", {**base, "code": "B1", "x": 4})
    assert r.status_code == 200 and "overlaps booth 1.1H-A01" in r.content.decode()
    assert Booth.objects.count() == 1
    r = client.post("/admin/floorplan/booth/add/", {**base, "code": "B1", "x": 20})
    assert r.status_code == 302
    booth = Booth.objects.get(code="B1")
    assert booth.pinned and BoothCell.objects.filter(booth=booth).count() == 72
    assert AuditEntry.objects.filter(action="booth.create", object_id=str(booth.pk)).exists()


def test_admin_cannot_move_a_booth(client, organiser, hall, a01):
    client.force_login(organiser)
    r = client.post(
        f"/admin/floorplan/booth/{a01.pk}/change/",
        {"code": "1.1H-A01", "kind": "standard", "x": 50, "y": 40, "width": 3, "depth": 3},
    )
    assert r.status_code == 302
    a01.refresh_from_db()
    assert (a01.x, a01.y, a01.width, a01.depth, a01.kind) == (0, 0, 8, 9, "standard")


def test_api_draws_and_removes(client, organiser, exhibitor_a, hall, a01, approved):
    def draw(**kw):
        body = {"hall": "1.1H", "code": "1.1H-B01", "x": 20, "y": 0, "width": 8, "depth": 9, **kw}
        return client.post(
            "/api/editions/6/booths", json.dumps(body), content_type="application/json"
        )

    client.force_login(exhibitor_a)
    assert draw().status_code == 403 and Booth.objects.count() == 1
    assert client.delete(f"/api/booths/{a01.pk}").status_code == 403
    client.force_login(organiser)
    r = draw(x=4)
    assert r.status_code == 409 and r.json()["code"] == "booth_overlap_conflict"
    r = draw(hall="9.9H")
    assert r.status_code == 404 and r.json()["field"] == "hall"
    r = draw(kind="tent")
    assert r.status_code == 400 and r.json()["field"] == "kind"
    assert Booth.objects.count() == 1
    r = draw(participation_id=approved[1].pk)
    assert r.status_code == 201
    assert (r.json()["code"], r.json()["pinned"], r.json()["company"]) == (
        "1.1H-B01",
        True,
        "Beta Foods Ltd",
    )
    assert client.delete(f"/api/booths/{r.json()['id']}").status_code == 204
    assert list(Booth.objects.values_list("code", flat=True)) == ["1.1H-A01"]
