"""Maps, the booth SVG, the plan desk and the API: permissions and exact content."""

from __future__ import annotations

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from openexpo.floorplan import services
from openexpo.floorplan.models import Booth
from tests.factories import CompanyFactory, ExhibitFactory, ParticipationFactory


@pytest.fixture
def booths(organiser, hall, approved):
    out = []
    for i, part in enumerate(approved):
        out.append(
            services.booth_create(
                actor=organiser,
                hall=hall,
                code=f"1.1H-A0{i + 1}",
                x=12 * i,
                y=6,
                width=8,
                depth=9,
                participation=part,
            )
        )
    return out


def test_map_hides_exhibitors_until_published(client, organiser, hall, booths):
    page = client.get(f"/floorplan/hall/{hall.pk}/")
    assert page.status_code == 200
    html = page.content.decode()
    assert 'data-booth="1.1H-A01"' in html and "Alpha Medical GmbH" not in html
    services.plan_publish(actor=organiser, edition=hall.edition)
    html = client.get(f"/floorplan/hall/{hall.pk}/").content.decode()
    assert 'data-company="Alpha Medical GmbH"' in html and 'class="obstacle pillar"' in html


def test_search_by_company_or_product_highlights_the_booth(
    client, organiser, hall, booths, approved
):
    services.plan_publish(actor=organiser, edition=hall.edition)
    ExhibitFactory(participation=approved[1], name_en="Oat milk")
    html = client.get(f"/floorplan/hall/{hall.pk}/", {"q": "alpha"}).content.decode()
    assert '<g class="booth highlight" data-booth="1.1H-A01"' in html
    assert html.count("booth highlight") == 1
    html = client.get(f"/floorplan/hall/{hall.pk}/", {"q": "oat milk"}).content.decode()
    assert '<g class="booth highlight" data-booth="1.1H-A02"' in html
    assert "1 booth found" in html


def test_map_query_count_is_flat(client, organiser, hall, booths, area):
    services.plan_publish(actor=organiser, edition=hall.edition)
    with CaptureQueriesContext(connection) as few:
        client.get(f"/floorplan/hall/{hall.pk}/")
    for i in range(3):
        part = ParticipationFactory(company=CompanyFactory(), edition=hall.edition, area=area)
        services.booth_create(
            actor=organiser,
            hall=hall,
            code=f"1.1H-B0{i}",
            x=12 * i,
            y=30,
            width=8,
            depth=9,
            participation=part,
        )
    with CaptureQueriesContext(connection) as more:
        client.get(f"/floorplan/hall/{hall.pk}/")
    assert len(more) == len(few)


def test_booth_svg_for_exhibitor_page(client, organiser, hall, booths, approved, exhibitor_a):
    url = f"/floorplan/booth/{approved[0].pk}.svg"
    assert client.get(url).status_code == 404  # not published, anonymous
    client.force_login(exhibitor_a)
    own = client.get(url)
    assert own.status_code == 200 and own["Content-Type"] == "image/svg+xml"
    body = own.content.decode()
    assert '<g class="booth highlight" data-booth="1.1H-A01"' in body and "1.1H 1.1H-A01" in body


def test_plan_desk_is_for_organisers(client, organiser, exhibitor_a, hall, booths):
    assert client.get("/floorplan/6/plan/").status_code == 404
    client.force_login(exhibitor_a)
    assert client.get("/floorplan/6/plan/").status_code == 404
    client.force_login(organiser)
    page = client.get("/floorplan/6/plan/")
    assert page.status_code == 200 and "1.1H-A02" in page.content.decode()


def test_desk_move_refused_with_message(client, organiser, hall, booths):
    client.force_login(organiser)
    page = client.post(
        f"/floorplan/booths/{booths[0].pk}/edit/",
        {"action": "move", "x": "14", "y": "6"},
        follow=True,
    )
    assert "overlaps booth 1.1H-A02" in page.content.decode()
    assert Booth.objects.get(pk=booths[0].pk).x == 0


def test_api_booths_filters_and_publication(client, organiser, hall, booths, approved, company_a):
    url = "/api/editions/6/booths"
    assert client.get(url).json()["items"] == []
    services.plan_publish(actor=organiser, edition=hall.edition)
    items = client.get(url, {"company": company_a.pk}).json()["items"]
    assert [(b["code"], b["company"], b["area_m2"], b["hall"]) for b in items] == [
        ("1.1H-A01", "Alpha Medical GmbH", 72, "1.1H")
    ]
    assert client.get(url, {"hall": "9.9H"}).json()["code"] == "not_found"
    halls = client.get("/api/editions/6/halls").json()
    assert [(h["code"], h["width_m"]) for h in halls] == [("1.1H", 60)]


def test_api_organiser_actions(client, organiser, exhibitor_a, hall, booths):
    client.force_login(exhibitor_a)
    assert client.get("/api/editions/6/plan").status_code == 403
    r = client.post(
        f"/api/booths/{booths[0].pk}/move",
        json.dumps({"x": 30, "y": 6}),
        content_type="application/json",
    )
    assert r.status_code == 403 and Booth.objects.get(pk=booths[0].pk).x == 0
    client.force_login(organiser)
    plan = client.get("/api/editions/6/plan").json()
    assert [b["code"] for b in plan["halls"][0]["booths"]] == ["1.1H-A01", "1.1H-A02"]
    r = client.post(
        f"/api/booths/{booths[0].pk}/move",
        json.dumps({"x": 40, "y": 30}),
        content_type="application/json",
    )
    assert r.status_code == 200 and (r.json()["x"], r.json()["y"]) == (40, 30)
    r = client.post(
        f"/api/booths/{booths[0].pk}/move",
        json.dumps({"x": 26, "y": 20}),
        content_type="application/json",
    )
    assert r.status_code == 400 and r.json()["code"] == "booth_over_obstacle"
    r = client.post(
        f"/api/booths/{booths[1].pk}/move",
        json.dumps({"x": 36, "y": 30}),
        content_type="application/json",
    )
    assert r.status_code == 409 and r.json()["code"] == "booth_overlap_conflict"
    r = client.post(
        f"/api/booths/{booths[1].pk}/pin",
        json.dumps({"pinned": False}),
        content_type="application/json",
    )
    assert r.json()["pinned"] is False
    bad = client.put(
        "/api/editions/6/plan",
        json.dumps({"version": 1, "halls": []}),
        content_type="application/json",
    )
    assert (
        bad.status_code == 400
        and bad.json()["detail"] == "The plan is not valid: halls: must be a non-empty list"
    )


def test_api_allocate_runs_the_job(
    client, organiser, hall, approved, django_capture_on_commit_callbacks
):
    client.force_login(organiser)
    with django_capture_on_commit_callbacks(execute=True):
        r = client.post(
            "/api/editions/6/allocations",
            json.dumps({"time_limit": 2}),
            content_type="application/json",
        )
    assert r.status_code == 202
    job = client.get(f"/api/floorplan/jobs/{r.json()['id']}").json()
    assert job["status"] == "done" and job["result"]["placed"] == 2


def test_application_page_shows_the_booth_once_published(
    client, organiser, exhibitor_a, hall, booths, approved
):
    client.force_login(exhibitor_a)
    url = f"/exhibitors/applications/{approved[0].pk}/"
    html = client.get(url).content.decode()
    assert 'id="booth"' not in html and "booth-map" not in html
    services.plan_publish(actor=organiser, edition=hall.edition)
    html = client.get(url).content.decode()
    assert f'<a href="/floorplan/hall/{hall.pk}/?q=1.1H-A01">1.1H-A01</a> · 72 m²' in html
    assert f'src="/floorplan/booth/{approved[0].pk}.svg"' in html
    svg = client.get(f"/floorplan/booth/{approved[0].pk}.svg")
    assert (
        svg.status_code == 200
        and 'class="booth highlight" data-booth="1.1H-A01"' in svg.content.decode()
    )


@pytest.fixture
def hall_b(edition, area):
    from openexpo.floorplan.models import Hall, Zone

    h = Hall.objects.create(
        edition=edition,
        code="2.1H",
        outline=[[0, 0], [60, 0], [60, 54], [0, 54]],
        width_m=60,
        depth_m=54,
    )
    Zone.objects.create(hall=h, area=area, x=0, y=0, width=60, depth=54)
    return h


def test_search_finds_the_exhibitor_in_every_hall(client, organiser, hall, hall_b, approved):
    services.booth_create(
        actor=organiser,
        hall=hall_b,
        code="2.1H-A01",
        x=0,
        y=0,
        width=8,
        depth=9,
        participation=approved[0],
    )
    services.booth_create(
        actor=organiser,
        hall=hall,
        code="1.1H-A01",
        x=0,
        y=0,
        width=12,
        depth=9,
        participation=approved[1],
    )
    unpublished = client.get("/floorplan/6/", {"q": "alpha"})
    assert (
        unpublished.status_code == 200 and 'id="search-result"' not in unpublished.content.decode()
    )
    services.plan_publish(actor=organiser, edition=hall.edition)
    html = client.get(f"/floorplan/hall/{hall.pk}/", {"q": "alpha"}).content.decode()
    assert "0 booths found" in html
    assert f'Also found in <a href="/floorplan/hall/{hall_b.pk}/?q=alpha">2.1H</a> (1)' in html
    r = client.get("/floorplan/6/", {"q": "alpha"})
    assert r.status_code == 302 and r.url == f"/floorplan/hall/{hall_b.pk}/?q=alpha"
    services.booth_create(
        actor=organiser,
        hall=hall,
        code="1.1H-A02",
        x=20,
        y=0,
        width=8,
        depth=9,
        participation=ParticipationFactory(
            company=CompanyFactory(name_en="Alphabet Pumps"),
            edition=hall.edition,
            area=approved[0].area,
        ),
    )
    html = client.get("/floorplan/6/", {"q": "alpha"}).content.decode()
    assert (
        f'Found in <a href="/floorplan/hall/{hall.pk}/?q=alpha">1.1H</a> (1), '
        f'<a href="/floorplan/hall/{hall_b.pk}/?q=alpha">2.1H</a> (1)'
    ) in html
    html = client.get("/floorplan/6/", {"q": "nobody"}).content.decode()
    assert "No booth found." in html
