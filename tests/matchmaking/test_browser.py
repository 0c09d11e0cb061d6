"""Browser test (Playwright + Debian's Chromium): a buyer posts a need and sees suggestions,
requests a meeting; the exhibitor accepts; the organiser schedules and publishes; both
sides see the slot and the table."""

from __future__ import annotations

import zoneinfo

import pytest

from openexpo.matchmaking.models import MeetingRequest
from openexpo.solvers.recommend_text import tokens
from tests import browser_steps as steps


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_need_to_meeting_at_a_table(
    live_server, browser, buyer, seller_user, meat_part, robot_part, organiser, cats, countries
):
    tokens("", "牛肉")  # load jieba's dictionary now, not inside the first page request
    base = live_server.url
    buyer_page = steps.login(browser, base, "buyer", "/matchmaking/")
    first = steps.need_post(
        buyer_page,
        base,
        title="Chilled beef for Chengdu",
        text="Chilled boneless beef for retail",
        categories="0201",
        origins="AU",
    )
    assert first.locator(".company").inner_text() == "Outback Meats"
    assert "Shared category" in first.inner_text()
    steps.meeting_request(buyer_page, first)
    req = MeetingRequest.objects.get()
    assert (req.status, req.participation_id) == ("pending", meat_part.pk)

    seller_page = steps.login(browser, base, "seller", "/matchmaking/")
    steps.meeting_accept(seller_page, base, req.pk)

    org_page = steps.login(browser, base, "organiser", "/matchmaking/")
    steps.meetings_schedule(org_page, base)
    steps.meetings_publish(org_page, 1)
    req.refresh_from_db()
    assert req.published and req.table == 1

    for page in (buyer_page, seller_page):
        row = steps.schedule_rows(page, base)
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
