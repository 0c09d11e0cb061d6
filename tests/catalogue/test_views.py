"""Catalogue pages: search with facets, directory, exhibit/company/launch pages, ICS,
quality page, the exhibitor's own pages; query counts stay flat."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from icalendar import Calendar

from openexpo.catalogue import services
from openexpo.catalogue.models import Exhibit, LaunchEvent
from tests.factories import ExhibitFactory, ExhibitorStaffFactory, UserFactory


@pytest.fixture
def alice(catalogue):
    return ExhibitorStaffFactory(company=catalogue.alpha, user__username="alice").user


@pytest.fixture
def launches(catalogue, alice):
    services.launch_event_set(
        actor=alice,
        exhibit=catalogue.ex.pump,
        day=dt.date(2023, 11, 6),
        start_time=dt.time(10, 30),
        venue="stage",
        stage_en="Stage A",
        stage_zh="A舞台",
    )
    services.launch_event_set(
        actor=alice, exhibit=catalogue.ex.tablets, day=dt.date(2023, 11, 7), start_time=None
    )
    return LaunchEvent.objects.order_by("day")


def test_catalogue_search_page_lists_hits_and_facets(client, catalogue):
    response = client.get("/catalogue/", {"q": "insulin"})
    assert response.status_code == 200
    body = response.content.decode()
    assert body.index("Insulin Pump X2") < body.index("Smart Pen")
    assert f'href="/catalogue/companies/{catalogue.alpha.pk}/"' in body
    assert 'data-facet="chapter"' in body
    assert "2 results" in body


def test_catalogue_page_in_chinese(client, catalogue):
    response = client.get(
        "/catalogue/", {"q": "胰岛素", "chapter": "90"}, HTTP_ACCEPT_LANGUAGE="zh-hans"
    )
    body = response.content.decode()
    assert "胰岛素泵X2" in body
    assert "智能注射笔" in body
    assert "Insulin Pump X2" not in body


def test_typo_is_announced(client, catalogue):
    body = client.get("/catalogue/", {"q": "insullin"}).content.decode()
    assert "Showing results for" in body
    assert "Insulin Pump X2" in body


@pytest.mark.parametrize(
    "q", ['"', "*", ":", "-", "&", "()", "x" * 1000, "😀", "胰岛素 pump (", ""]
)
def test_search_page_never_errors(client, catalogue, q):
    assert (
        client.get("/catalogue/", {"q": q, "page": "abc", "area": "x", "ldc": "maybe"}).status_code
        == 200
    )
    assert client.get("/catalogue/exhibitors/", {"q": q}).status_code == 200


def test_directory_filters_by_least_developed_country(client, catalogue):
    body = client.get("/catalogue/exhibitors/", {"ldc": "1"}).content.decode()
    assert "Kaffa Highlands Coffee" in body
    assert "Alpha Medical GmbH" not in body


def test_search_page_query_count_is_flat(client, catalogue):
    client.get("/catalogue/")  # warm the per-process facet table
    with CaptureQueriesContext(connection) as few:
        client.get("/catalogue/", {"q": "coffee"})
    for i in range(15):
        ExhibitFactory(
            participation=catalogue.p_kaffa, name_en=f"Coffee Blend {i}", name_zh=f"咖啡{i}"
        )
    from openexpo.catalogue import search

    search.rebuild()
    client.get("/catalogue/")
    with CaptureQueriesContext(connection) as many:
        client.get("/catalogue/", {"q": "coffee"})
    assert len(many) == len(few)


def test_exhibit_and_company_pages(client, catalogue, launches):
    body = client.get(f"/catalogue/exhibits/{catalogue.ex.pump.pk}/").content.decode()
    assert "Insulin Pump X2" in body and "Alpha Medical GmbH" in body and "9018" in body
    assert f"/catalogue/launches/{launches[0].pk}/" in body
    body = client.get(f"/catalogue/companies/{catalogue.alpha.pk}/").content.decode()
    assert "Insulin Pump X2" in body and "Heart Tablets" in body
    assert client.get(f"/catalogue/exhibits/{catalogue.ex.secret.pk}/").status_code == 404
    assert client.get("/catalogue/companies/999999/").status_code == 404


def test_launch_calendar_by_day_and_hour(client, catalogue, launches):
    body = client.get("/catalogue/launches/").content.decode()
    assert "2 launches" in body
    assert body.index("Insulin Pump X2") < body.index("Heart Tablets")
    assert "10:00" in body and "Time to be announced" in body
    body = client.get("/catalogue/launches/", {"day": "2023-11-07"}).content.decode()
    assert "1 launch" in body and "Insulin Pump X2" not in body
    body = client.get(
        "/catalogue/launches/", {"launch": "global", "day": "garbage"}
    ).content.decode()
    assert "1 launch" in body and "Heart Tablets" not in body
    page = client.get(f"/catalogue/launches/{launches[0].pk}/").content.decode()
    assert "Stage A" in page and "Alpha Medical GmbH" in page


def test_ics_export_has_timed_launches_in_shanghai_time(client, catalogue, launches):
    response = client.get("/catalogue/launches.ics")
    assert response["Content-Type"].startswith("text/calendar")
    cal = Calendar.from_ical(response.content)
    events = [c for c in cal.walk("VEVENT")]
    assert len(events) == 1  # the untimed launch cannot be put in a calendar
    start = events[0].decoded("dtstart")
    assert start == dt.datetime(2023, 11, 6, 2, 30, tzinfo=dt.UTC)
    assert str(events[0]["location"]) == "Stage A"
    assert "Insulin Pump X2" in str(events[0]["summary"])


def test_quality_page_for_organisers_only(client, catalogue, organiser, launches):
    assert client.get("/catalogue/quality/").status_code == 302
    client.force_login(UserFactory(username="visitor"))
    assert client.get("/catalogue/quality/").status_code == 403
    client.force_login(organiser)
    response = client.get("/catalogue/quality/")
    body = response.content.decode()
    assert response.status_code == 200
    ctx = response.context
    assert ctx["counts"]["no_category"] == 1  # Gift Basket
    assert ctx["counts"]["untimed"] == 2  # tablets (no time), beans (no event)
    assert [e.name_en for e in ctx["no_category"]] == ["Gift Basket"]
    assert "Gift Basket" in body


def test_exhibitor_pages_create_edit_delete(client, catalogue, alice):
    client.force_login(alice)
    assert "Insulin Pump X2" in client.get("/catalogue/mine/").content.decode()
    response = client.post(
        f"/catalogue/mine/new/{catalogue.p_alpha.pk}/",
        {
            "name_en": "Dialysis Unit",
            "name_zh": "透析装置",
            "category_code": "9018",
            "launch_type": "",
        },
    )
    exhibit = Exhibit.objects.get(name_en="Dialysis Unit")
    assert response.status_code == 302
    response = client.post(
        f"/catalogue/mine/{exhibit.pk}/",
        {
            "action": "exhibit",
            "name_en": "Dialysis Unit",
            "category_code": "30",
            "launch_type": "china",
        },
    )
    assert "Unknown HS code." in response.content.decode()
    client.post(
        f"/catalogue/mine/{exhibit.pk}/",
        {
            "action": "exhibit",
            "name_en": "Dialysis Unit 2",
            "category_code": "9018",
            "launch_type": "china",
        },
    )
    client.post(
        f"/catalogue/mine/{exhibit.pk}/",
        {
            "action": "launch",
            "day": "2023-11-08",
            "start_time": "14:00",
            "duration_minutes": "45",
            "venue": "booth",
        },
    )
    event = LaunchEvent.objects.get(exhibit=exhibit)
    assert (event.day, event.start_time, event.duration_minutes) == (
        dt.date(2023, 11, 8),
        dt.time(14),
        45,
    )
    other = ExhibitorStaffFactory(company=catalogue.kaffa, user__username="bob").user
    client.force_login(other)
    assert client.get(f"/catalogue/mine/{exhibit.pk}/").status_code == 404
    assert client.post(f"/catalogue/mine/{exhibit.pk}/delete/").status_code == 404
    client.force_login(alice)
    client.post(f"/catalogue/mine/{exhibit.pk}/delete/")
    assert not Exhibit.objects.filter(pk=exhibit.pk).exists()


def test_image_upload_page_rejects_non_images(client, catalogue, alice, settings, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MEDIA_ROOT = tmp_path
    client.force_login(alice)
    response = client.post(
        f"/catalogue/mine/{catalogue.ex.pump.pk}/images/",
        {"image": SimpleUploadedFile("evil.png", b"<?php echo 1; ?>")},
        follow=True,
    )
    assert "The file is not a valid image." in response.content.decode()
    assert catalogue.ex.pump.images.count() == 0


def test_results_link_to_the_booth_on_the_floor_plan(client, catalogue):
    from django.utils import timezone

    from openexpo.floorplan.models import Booth, FloorPlan, Hall

    hall = Hall.objects.create(edition=catalogue.edition, code="H1", width_m=100, depth_m=50)
    Booth.objects.create(
        hall=hall, code="1.1A01", x=0, y=0, width=6, depth=9, participation=catalogue.p_alpha
    )
    link = f'href="/floorplan/hall/{hall.pk}/?q=1.1A01"'
    small_map = f'src="/floorplan/booth/{catalogue.p_alpha.pk}.svg"'
    company = f"/catalogue/companies/{catalogue.alpha.pk}/"
    exhibit = f"/catalogue/exhibits/{catalogue.ex.pump.pk}/"
    # not published yet: the public sees no booth anywhere
    assert link not in client.get("/catalogue/", {"q": "insulin"}).content.decode()
    assert link not in client.get(exhibit).content.decode()
    assert small_map not in client.get(company).content.decode()
    FloorPlan.objects.create(edition=catalogue.edition, published_at=timezone.now())
    assert link in client.get("/catalogue/", {"q": "insulin"}).content.decode()
    assert link in client.get(exhibit).content.decode()
    body = client.get(company).content.decode()
    assert link in body and small_map in body
    assert client.get(f"/floorplan/booth/{catalogue.p_alpha.pk}.svg").status_code == 200


def test_admin_edit_reindexes(client, catalogue, organiser):
    client.force_login(organiser)
    pump = catalogue.ex.pump
    response = client.post(
        f"/admin/catalogue/exhibit/{pump.pk}/change/",
        {
            "participation": pump.participation_id,
            "name_en": "Glucose Monitor",
            "name_zh": "血糖仪",
            "description_en": "",
            "description_zh": "",
            "category": pump.category_id,
            "origin": "",
            "launch_type": "global",
        },
    )
    assert response.status_code == 302
    assert client.get("/api/search", {"q": "血糖仪"}).json()["items"][0]["id"] == pump.pk
