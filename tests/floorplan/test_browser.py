"""End to end in Chromium: an exhibitor applies, an organiser approves and allocates,
the exhibitor finds its booth on the hall map."""

from __future__ import annotations

import pytest

from openexpo.exhibitors.models import Participation
from openexpo.floorplan.models import Booth, Hall, Obstacle, Zone
from tests.factories import AreaFactory, ExhibitorStaffFactory, UserFactory


@pytest.fixture
def page(browser):
    """A page of the shared Chromium (tests/conftest.py)."""
    pg = browser.new_context().new_page()
    pg.set_default_timeout(30_000)
    yield pg
    pg.context.close()


def login(page, base: str, username: str) -> None:
    page.context.clear_cookies()
    page.goto(f"{base}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", "pass-word-123")
    page.click("form [type=submit]")
    page.wait_for_load_state()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_apply_approve_allocate_and_find_the_booth(live_server, page, edition, company_a):
    area = AreaFactory(edition=edition)
    hall = Hall.objects.create(
        edition=edition,
        code="4.1H",
        name_en="Hall 4.1",
        width_m=60,
        depth_m=54,
        outline=[[0, 0], [60, 0], [60, 54], [0, 54]],
    )
    Obstacle.objects.create(hall=hall, kind="pillar", x=30, y=27, width=1, depth=1)
    Zone.objects.create(hall=hall, area=area, x=0, y=0, width=60, depth=54)
    ExhibitorStaffFactory(company=company_a, user__username="alice")
    UserFactory(kind="organiser", is_staff=True, username="organiser")
    base = live_server.url

    # the exhibitor applies for 72 m² of raw space
    login(page, base, "alice")
    page.goto(f"{base}/exhibitors/apply/")
    page.select_option("#id_area", str(area.pk))
    page.select_option("#id_booth_type", "raw")
    page.fill("#id_area_requested_m2", "72")
    page.click("button[name=submit_application]")
    page.wait_for_load_state()
    part = Participation.objects.get(company=company_a, edition=edition)
    assert part.status == "submitted"

    # the organiser approves, allocates and publishes
    login(page, base, "organiser")
    page.goto(f"{base}/exhibitors/review/{part.pk}/")
    page.click("#decision-form button[value=approve]")
    page.wait_for_load_state()
    part.refresh_from_db()
    assert part.status == "approved"
    page.goto(f"{base}/floorplan/{edition.number}/plan/")
    page.fill("input[name=time_limit]", "2")
    page.click("#allocate")
    page.wait_for_selector("#job[data-status=done]")
    assert "Placed 1 of 1 applications" in page.inner_text("#job")
    page.click("#publish")
    page.wait_for_load_state()
    booth = Booth.objects.get(participation=part)
    assert booth.area_m2 == 72 and booth.code.startswith("4.1H-")

    # the exhibitor searches the map and sees its booth highlighted
    login(page, base, "alice")
    page.goto(f"{base}/floorplan/hall/{hall.pk}/")
    page.fill("input[name=q]", "Alpha Medical")
    page.click("form[role=search] button")
    page.wait_for_selector("#search-result")
    hit = page.locator("g.booth.highlight")
    assert hit.count() == 1
    assert hit.get_attribute("data-booth") == booth.code
    assert hit.get_attribute("data-company") == "Alpha Medical GmbH"
    assert booth.code in page.inner_text("#search-result")
    before = page.get_attribute("#hall-map", "viewBox")
    page.click("[data-zoom='1.4']")
    zoomed = page.get_attribute("#hall-map", "viewBox")
    assert zoomed != before
    # pan: dragging the map moves the view by the same width and height
    box = page.locator("#map-wrap").bounding_box()
    cx, cy = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    page.mouse.move(cx, cy)
    page.mouse.down()
    page.mouse.move(cx - 80, cy - 40, steps=4)
    page.mouse.up()
    panned = page.get_attribute("#hall-map", "viewBox").split()
    assert panned[2:] == zoomed.split()[2:] and panned[:2] != zoomed.split()[:2]

    # ... and on its application page, the booth code and the small map
    page.goto(f"{base}/exhibitors/applications/{part.pk}/")
    assert booth.code in page.inner_text("#booth")
    small = page.locator("#booth figure.booth-map img")
    small.scroll_into_view_if_needed()
    page.wait_for_function("document.querySelector('#booth img').naturalWidth > 0")
    svg = page.goto(f"{base}{small.get_attribute('src')}")
    assert svg.status == 200 and booth.code in svg.text()
