"""Browser test (Playwright + Debian's Chromium): a buyer posts a need and sees suggestions,
requests a meeting; the exhibitor accepts; the organiser schedules and publishes; both
sides see the slot and the table."""

from __future__ import annotations

import zoneinfo

import pytest

from openexpo.matchmaking.models import MeetingRequest
from openexpo.solvers.recommend_text import tokens


def _login(browser, live_server, username: str):
    page = browser.new_context().new_page()
    page.set_default_timeout(90_000)
    page.goto(f"{live_server.url}/accounts/login/?next=/matchmaking/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", "pass-word-123")
    page.click("form button[type=submit], form input[type=submit]")
    page.wait_for_url(f"{live_server.url}/matchmaking/")
    return page


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_need_to_meeting_at_a_table(
    live_server, browser, buyer, seller_user, meat_part, robot_part, organiser, cats, countries
):
    tokens("", "牛肉")  # load jieba's dictionary now, not inside the first page request
    buyer_page = _login(browser, live_server, "buyer")
    buyer_page.fill("#id_title", "Chilled beef for Chengdu")
    buyer_page.fill("#id_text_en", "Chilled boneless beef for retail")
    buyer_page.fill("#id_categories", "0201")
    buyer_page.fill("#id_origins", "AU")
    buyer_page.click("#need-form button[type=submit]")
    buyer_page.wait_for_selector("#exhibitors .suggestion")
    first = buyer_page.locator("#exhibitors .suggestion").first
    assert first.locator(".company").inner_text() == "Outback Meats"
    assert "Shared category" in first.inner_text()
    first.locator("button", has_text="Request meeting").click()
    buyer_page.wait_for_selector(".messages li.success")
    req = MeetingRequest.objects.get()
    assert (req.status, req.participation_id) == ("pending", meat_part.pk)

    seller_page = _login(browser, live_server, "seller")
    seller_page.locator(f"#request-{req.pk} button", has_text="Accept").click()
    seller_page.wait_for_selector(f"#request-{req.pk} .status:text('Accepted')")

    org_page = _login(browser, live_server, "organiser")
    org_page.goto(f"{live_server.url}/matchmaking/organiser/")
    org_page.click("button[value=run]")
    org_page.wait_for_selector("#job .job-status:text('Done')")
    org_page.click("button[value=publish]")
    org_page.wait_for_selector(".messages li.success:text('1 meetings published.')")
    req.refresh_from_db()
    assert req.published and req.table == 1

    for page in (buyer_page, seller_page):
        page.goto(f"{live_server.url}/matchmaking/")
        row = page.locator("#schedule tr.meeting")
        assert row.count() == 1
        assert row.locator(".table-no").inner_text() == "Table 1"
    buyer_when = buyer_page.locator("#schedule tr.meeting td").first.inner_text()
    seller_when = seller_page.locator("#schedule tr.meeting td").first.inner_text()
    # Same meeting, each in its own time zone: Berlin is 7 hours behind Shanghai in November.
    berlin = req.starts_at.astimezone(zoneinfo.ZoneInfo("Europe/Berlin"))
    shanghai = req.starts_at.astimezone(zoneinfo.ZoneInfo("Asia/Shanghai"))
    assert f"{berlin:%H:%M}–" in buyer_when
    assert f"{shanghai:%H:%M}–" in seller_when
    assert buyer_when != seller_when
