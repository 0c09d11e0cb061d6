"""End-to-end browser journey (Playwright + Debian's Chromium) through the whole expo.

An exhibitor signs up and applies; an organiser approves, allocates and publishes the floor
plan; the exhibitor finds its booth and lists an exhibit; a buyer registers as a visitor and
gets a badge; a gate scans the badge; the buyer posts a need and requests a meeting; the
exhibitor accepts; the organiser schedules and publishes; the exhibitor records a deal with
that same buyer (named by her badge number), she confirms it, and the front page figure
changes. One person is the visitor, the scanned badge, the meeting's buyer and the deal's buyer.

Every step goes through the real pages (the steps shared with the per-app browser tests live
in tests/browser_steps.py), each actor in their own browser context, logged in through the
login page (the exhibitor and the buyer through sign-up and registration). A full-page
screenshot of each step is saved to OPENEXPO_TEST_ARTEFACTS (default
var/test-artefacts/journey/NN-step.png). Only set-up data (the edition, a hall, categories,
exchange rates, a gate, the organiser and gate-staff accounts) is made directly.
"""

from __future__ import annotations

import datetime as dt
import os
import time
from decimal import Decimal
from pathlib import Path

import pytest

from openexpo.deals.models import Deal, ExchangeRate
from openexpo.exhibitors.models import Participation
from openexpo.floorplan.models import Booth
from openexpo.matchmaking import recommendations
from openexpo.matchmaking.models import MeetingRequest
from openexpo.visitors.models import Badge, Gate, Scan, Visitor
from tests import browser_steps as steps
from tests.factories import (
    AreaFactory,
    CategoryFactory,
    CountryFactory,
    EditionFactory,
    UserFactory,
    zoned_hall,
)

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def artefacts() -> Path:
    """The screenshot directory, emptied of earlier runs' pictures."""
    out = Path(os.environ.get("OPENEXPO_TEST_ARTEFACTS") or ROOT / "var/test-artefacts/journey")
    out.mkdir(parents=True, exist_ok=True)
    for old in out.glob("*.png"):
        old.unlink()
    return out


@pytest.fixture
def expo(db):
    """An edition running today (the gate checks the badge's day), with one hall zoned for
    the medical area, two HS codes, exchange rates, a gate, and the accounts that are not
    created through pages: the organiser and gate staff."""
    from openexpo.visitors import checkin

    checkin.reset_caches()
    recommendations.cache_clear()
    today = dt.date.today()
    edition = EditionFactory(
        number=7, start_date=today - dt.timedelta(days=1), end_date=today + dt.timedelta(days=3)
    )
    area = AreaFactory(edition=edition, code="medical")
    hall = zoned_hall(edition=edition, area=area)
    CountryFactory()  # Germany
    CountryFactory(code="CN", alpha3="CHN", name_en="China", name_zh="中国", un_region="Asia")
    heading = CategoryFactory(
        code="9018", level=4, section="XVIII", chapter="90", name_en="Medical instruments"
    )
    CategoryFactory(
        code="901812",
        level=6,
        section="XVIII",
        chapter="90",
        name_en="Ultrasonic scanning apparatus",
        name_zh="超声波扫描诊断仪",
        parent=heading,
    )
    for code, per_usd in [("CNY", "7.1"), ("EUR", "0.92")]:
        ExchangeRate.objects.create(
            edition=edition,
            currency=code,
            valid_from=edition.start_date - dt.timedelta(days=30),
            per_usd=Decimal(per_usd),
        )
    Gate.objects.create(edition=edition, code="north-1")
    UserFactory(username="organiser", kind="organiser", is_staff=True)
    UserFactory(username="gatekeeper", kind="gate")
    return {"edition": edition, "area": area, "hall": hall}


class Journey:
    """Numbered full-page screenshots, each checked to be a non-empty PNG."""

    def __init__(self, out: Path) -> None:
        self.out, self.n, self.shots = out, 0, []
        self.t = time.monotonic()

    def shot(self, page, name: str) -> None:
        self.n += 1
        path = self.out / f"{self.n:02d}-{name}.png"
        page.screenshot(path=str(path), full_page=True)
        assert path.stat().st_size > 0 and path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
        self.shots.append(path)
        now = time.monotonic()
        print(f"{path.name}: {now - self.t:.1f} s")
        self.t = now


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_whole_expo_journey(live_server, browser, expo, artefacts, settings, tmp_path):
    from openexpo.solvers.recommend_text import tokens

    settings.MEDIA_ROOT = tmp_path
    tokens("", "超声")  # load jieba's dictionary now, not inside a page request
    base, edition, n = live_server.url, expo["edition"], expo["edition"].number
    journey = Journey(artefacts)

    # 1. The exhibitor signs up and applies for 36 m² of raw space.
    ex = steps.new_page(browser)
    steps.exhibitor_signup(ex, base)
    ex.goto(f"{base}/exhibitors/apply/")
    steps.application_submit(
        ex, area=expo["area"].pk, m2=36, plans="A portable ultrasound scanner, China premiere"
    )
    assert ex.locator("#application-status").inner_text() == "Submitted"
    part = Participation.objects.get(edition=edition)
    journey.shot(ex, "exhibitor-applied")

    # 2. The organiser approves the application from its review page ...
    org = steps.login(browser, base, "organiser", f"/exhibitors/review/{part.pk}/")
    assert "MedCo Diagnostics GmbH" in org.inner_text("body")
    steps.application_approve(org, base, part.pk)
    assert org.locator("#application-status").inner_text() == "Approved"
    journey.shot(org, "organiser-approved")

    # 3. ... allocates the hall and publishes the plan.
    assert "Placed 1 of 1 applications" in steps.booths_allocate(org, base, n)
    journey.shot(org, "organiser-allocated")
    steps.booths_publish(org)
    booth = Booth.objects.get(participation=part)
    assert booth.area_m2 == 36 and booth.code.startswith("4.1H-")
    journey.shot(org, "organiser-published-plan")

    # 4. The exhibitor sees "Approved" and its booth, then finds it on the hall map.
    ex.goto(f"{base}/exhibitors/applications/{part.pk}/")
    assert ex.locator("#application-status").inner_text() == "Approved"
    assert booth.code in ex.inner_text("#booth")
    ex.click("#booth a")
    ex.wait_for_url(f"**/floorplan/hall/{expo['hall'].pk}/**")
    ex.wait_for_selector("g.booth.highlight")
    assert ex.locator("g.booth.highlight").get_attribute("data-booth") == booth.code
    journey.shot(ex, "exhibitor-booth-on-map")

    # 5. The exhibitor lists an exhibit in the catalogue (what the buyer's need will match).
    ex.goto(f"{base}/catalogue/mine/new/{part.pk}/")
    ex.fill("input[name=name_en]", "Portable ultrasound scanner")
    ex.fill("input[name=name_zh]", "便携式超声扫描仪")
    ex.fill("textarea[name=description_en]", "Handheld ultrasonic scanning apparatus for clinics")
    ex.fill("input[name=category_code]", "901812")
    ex.fill("input[name=origin_code]", "DE")
    ex.click("form.stacked button[type=submit]")
    ex.wait_for_url("**/catalogue/mine/*/")
    assert "Exhibit added." in ex.inner_text(".messages")
    journey.shot(ex, "exhibitor-exhibit-listed")

    # 6. A buyer registers as a visitor (creating her account on the way) and gets a badge.
    # From here on she is the buyer of the whole chain: scan, meeting, deal, confirmation.
    buyer = steps.new_page(browser)
    payload = steps.visitor_register(
        buyer,
        base,
        n,
        username="wangfang",
        full_name="Wang Fang",
        organisation="Pudong Hospital Group",
    )
    assert payload.startswith("OX1:")
    assert "Wang Fang" in buyer.inner_text("main")
    visitor = Visitor.objects.get(edition=edition, user__username="wangfang")
    badge_no = steps.badge_number(buyer)
    assert Badge.objects.get(visitor=visitor, status="active").number == badge_no
    journey.shot(buyer, "visitor-badge")

    # 7. At the north gate, staff scan the badge: entered.
    gate = steps.gate_open(browser, base, n, "north-1")
    steps.gate_scan(gate, payload)
    assert steps.gate_result(gate, "entered") == "entered"
    assert gate.locator("#result .code").inner_text().lower() == "entered"
    assert list(Scan.objects.values_list("code", "accepted", "badge_number")) == [
        ("entered", True, badge_no)
    ]
    journey.shot(gate, "gate-scan-entered")

    # 8. The buyer posts a need, sees the exhibit suggested and requests a meeting.
    first = steps.need_post(
        buyer,
        base,
        title="Ultrasound for district clinics",
        text="Portable ultrasound scanners for 40 district clinics",
        categories="9018",
        origins="DE",
    )
    assert first.locator(".company").inner_text() == "MedCo Diagnostics GmbH"
    journey.shot(buyer, "buyer-need-suggestions")
    steps.meeting_request(buyer, first)
    req = MeetingRequest.objects.get()
    assert (req.status, req.buyer_id, req.participation_id) == ("pending", visitor.pk, part.pk)
    journey.shot(buyer, "buyer-requested-meeting")

    # 9. The exhibitor accepts the request on its matchmaking desk.
    ex.goto(f"{base}/matchmaking/")
    assert "Wang Fang" in ex.inner_text(f"#request-{req.pk}")
    steps.meeting_accept(ex, base, req.pk)
    journey.shot(ex, "exhibitor-accepted-meeting")

    # 10. The organiser runs the scheduler and publishes the meetings.
    steps.meetings_schedule(org, base)
    journey.shot(org, "organiser-scheduled")
    steps.meetings_publish(org, 1)
    req.refresh_from_db()
    assert req.published and req.table == 1
    journey.shot(org, "organiser-published-meetings")

    # 11. Both sides see the meeting, at table 1, on their schedule.
    for who, page in (("buyer", buyer), ("exhibitor", ex)):
        row = steps.schedule_rows(page, base)
        assert row.count() == 1
        assert row.locator(".table-no").inner_text() == "Table 1"
        journey.shot(page, f"{who}-schedule")

    # 12. At the meeting the buyer gives her badge number; the exhibitor records the deal
    # with her as the individual buyer.
    before = steps.front_figure(ex, base)
    steps.deal_record(
        ex,
        base,
        exhibitor=part.pk,
        buyer_organisation="Pudong Hospital Group",
        buyer_badge=badge_no,
        amount="46000000",
        currency="EUR",
        signed_on=req.day.isoformat(),
        products="901812",
    )
    assert "Pudong Hospital Group" in ex.inner_text("main")
    deal = Deal.objects.get()
    assert (deal.status, deal.buyer_visitor_id, deal.delegation_id) == ("pending", visitor.pk, None)
    journey.shot(ex, "exhibitor-recorded-deal")
    assert steps.front_figure(ex, base) == before  # a pending deal does not count yet

    # 13. The buyer confirms it herself.
    assert "Confirmed" in steps.deal_confirm_first(buyer, base)
    deal.refresh_from_db()
    assert (deal.status, deal.answered_by.username) == ("confirmed", "wangfang")
    journey.shot(buyer, "buyer-confirmed-deal")

    # 14. Anyone opening the front page sees the confirmed deal value change.
    public = steps.new_page(browser)
    after = steps.front_figure(public, base)
    assert after != before
    assert after == "50.0 m"  # 46,000,000 EUR at 0.92 per US$
    assert steps.front_figure(public, base, "Exhibition area") == "36"  # the allocated booth
    assert steps.front_figure(public, base, "Registered professional visitors") == "1"
    journey.shot(public, "front-page-figure")

    assert [p.name for p in sorted(artefacts.glob("*.png"))] == [p.name for p in journey.shots]
    assert len(journey.shots) == 18
