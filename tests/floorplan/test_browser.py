"""End to end in Chromium: an exhibitor applies, an organiser approves and allocates,
the exhibitor finds its booth on the hall map."""

from __future__ import annotations

import pytest

from openexpo.exhibitors.models import Participation
from openexpo.floorplan.models import Booth, Obstacle
from tests import browser_steps as steps
from tests.factories import AreaFactory, ExhibitorStaffFactory, UserFactory, zoned_hall


@pytest.fixture
def page(browser):
    """A page of the shared Chromium (tests/conftest.py)."""
    pg = steps.new_page(browser, timeout_ms=30_000)
    yield pg
    pg.context.close()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_apply_approve_allocate_and_find_the_booth(live_server, page, edition, company_a):
    area = AreaFactory(edition=edition)
    hall = zoned_hall(edition=edition, area=area)
    Obstacle.objects.create(hall=hall, kind="pillar", x=30, y=27, width=1, depth=1)
    ExhibitorStaffFactory(company=company_a, user__username="alice")
    UserFactory(kind="organiser", is_staff=True, username="organiser")
    base = live_server.url

    # the exhibitor applies for 72 m² of raw space
    steps.login_page(page, base, "alice")
    page.goto(f"{base}/exhibitors/apply/")
    steps.application_submit(page, area=area.pk, m2=72)
    part = Participation.objects.get(company=company_a, edition=edition)
    assert part.status == "submitted"

    # the organiser approves, allocates and publishes
    steps.login_page(page, base, "organiser")
    steps.application_approve(page, base, part.pk)
    part.refresh_from_db()
    assert part.status == "approved"
    assert "Placed 1 of 1 applications" in steps.booths_allocate(page, base, edition.number)
    steps.booths_publish(page)
    booth = Booth.objects.get(participation=part)
    assert booth.area_m2 == 72 and booth.code.startswith("4.1H-")

    # the exhibitor searches the map and sees its booth highlighted
    steps.login_page(page, base, "alice")
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
