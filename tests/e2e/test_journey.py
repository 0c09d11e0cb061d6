"""End-to-end browser journey (Playwright + Debian's Chromium) through the whole expo.

An exhibitor signs up and applies; an organiser approves, allocates and publishes the floor
plan; the exhibitor finds its booth and lists an exhibit; a buyer registers as a visitor and
gets a badge; a gate scans the badge; the buyer posts a need and requests a meeting; the
exhibitor accepts; the organiser schedules and publishes; the exhibitor records a deal, the
buyer (the lead of a trading delegation) confirms it, and the front page figure changes.

Every step goes through the real pages, each actor in their own browser context, logged in
through the login page (the exhibitor and the buyer through sign-up and registration). A
full-page screenshot of each step is saved to OPENEXPO_TEST_ARTEFACTS (default
var/test-artefacts/journey/NN-step.png). Only set-up data (the edition, a hall, categories,
exchange rates, a gate, the organiser, gate-staff and delegation-lead accounts) is made
directly.
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
from openexpo.floorplan.models import Booth, Hall, Zone
from openexpo.matchmaking import recommendations
from openexpo.matchmaking.models import MeetingRequest
from openexpo.visitors.models import Gate, Scan, Visitor
from tests.factories import (
    AreaFactory,
    CategoryFactory,
    CountryFactory,
    DelegationFactory,
    EditionFactory,
    UserFactory,
)

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "pass-word-123"  # tests.factories.UserFactory's


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
    created through pages: the organiser, gate staff, and a trading delegation's lead."""
    from openexpo.visitors import checkin

    checkin.reset_caches()
    recommendations.cache_clear()
    today = dt.date.today()
    edition = EditionFactory(
        number=7, start_date=today - dt.timedelta(days=1), end_date=today + dt.timedelta(days=3)
    )
    area = AreaFactory(edition=edition, code="medical")
    hall = Hall.objects.create(
        edition=edition,
        code="4.1H",
        name_en="Hall 4.1",
        width_m=60,
        depth_m=54,
        outline=[[0, 0], [60, 0], [60, 54], [0, 54]],
    )
    Zone.objects.create(hall=hall, area=area, x=0, y=0, width=60, depth=54)
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
    lead = UserFactory(username="wangfang", kind="buyer")
    delegation = DelegationFactory(
        edition=edition, code="shanghai", name_en="Shanghai trading delegation", lead=lead
    )
    return {"edition": edition, "area": area, "hall": hall, "delegation": delegation}


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


def _page(browser, **kwargs):
    page = browser.new_context(locale="en-GB", **kwargs).new_page()
    page.set_default_timeout(60_000)
    return page


def _login(browser, base: str, username: str, then: str):
    page = _page(browser)
    page.goto(f"{base}/accounts/login/?next={then}")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("form.stack button[type=submit]")
    page.wait_for_url(f"{base}{then}")
    return page


def _front_figure(page, base: str) -> str:
    page.goto(f"{base}/")
    return page.locator(".figure", has_text="Intended deals").locator(".value").inner_text()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_whole_expo_journey(live_server, browser, expo, artefacts, settings, tmp_path):
    from playwright.sync_api import expect

    from openexpo.solvers.recommend_text import tokens

    settings.MEDIA_ROOT = tmp_path
    tokens("", "超声")  # load jieba's dictionary now, not inside a page request
    base, edition, n = live_server.url, expo["edition"], expo["edition"].number
    journey = Journey(artefacts)

    # 1. The exhibitor signs up and applies for 36 m² of raw space.
    ex = _page(browser)
    ex.goto(f"{base}/exhibitors/signup/")
    ex.fill("input[name=username]", "medco")
    ex.fill("input[name=email]", "boss@medco.example")
    ex.fill("input[name=password1]", "a-Long-pass-123")
    ex.fill("input[name=password2]", "a-Long-pass-123")
    ex.fill("input[name=name_en]", "MedCo Diagnostics GmbH")
    ex.fill("input[name=name_zh]", "医诊公司")
    ex.select_option("select[name=country]", "DE")
    ex.select_option("select[name=size_class]", "sme")
    ex.click("#signup-form button[type=submit]")
    ex.wait_for_url("**/exhibitors/my/")
    ex.goto(f"{base}/exhibitors/apply/")
    ex.select_option("select[name=area]", str(expo["area"].pk))
    ex.select_option("select[name=booth_type]", "raw")
    ex.fill("input[name=area_requested_m2]", "36")
    ex.fill("textarea[name=plans_en]", "A portable ultrasound scanner, China premiere")
    ex.click("button[name=submit_application]")
    ex.wait_for_url("**/exhibitors/applications/*/")
    assert ex.locator("#application-status").inner_text() == "Submitted"
    part = Participation.objects.get(edition=edition)
    journey.shot(ex, "exhibitor-applied")

    # 2. The organiser approves the application from its review page ...
    org = _login(browser, base, "organiser", f"/exhibitors/review/{part.pk}/")
    assert "MedCo Diagnostics GmbH" in org.inner_text("body")
    org.click("#decision-form button[value=approve]")
    org.wait_for_load_state()
    assert org.locator("#application-status").inner_text() == "Approved"
    journey.shot(org, "organiser-approved")

    # 3. ... allocates the hall and publishes the plan.
    org.goto(f"{base}/floorplan/{n}/plan/")
    org.fill("input[name=time_limit]", "2")
    org.click("#allocate")
    org.wait_for_selector("#job[data-status=done]")
    assert "Placed 1 of 1 applications" in org.inner_text("#job")
    journey.shot(org, "organiser-allocated")
    org.click("#publish")
    org.wait_for_load_state()
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

    # 6. The buyer (lead of the Shanghai delegation) registers as a visitor, gets a badge.
    buyer = _login(browser, base, "wangfang", f"/visitors/register/{n}/")
    buyer.fill("input[name=full_name]", "Wang Fang")
    buyer.fill("input[name=organisation]", "Pudong Hospital Group")
    buyer.select_option("select[name=country]", "CN")
    buyer.select_option("select[name=doc_type]", "prc_id")
    buyer.fill("input[name=doc_number]", "11010519491231002X")
    buyer.check("input[name=consent]")
    buyer.click("#register-submit")
    buyer.wait_for_url("**/visitors/badge/")
    payload = buyer.locator("section.credential").get_attribute("data-payload")
    assert payload.startswith("OX1:")
    assert "Wang Fang" in buyer.inner_text("main")
    visitor = Visitor.objects.get(edition=edition, user__username="wangfang")
    journey.shot(buyer, "visitor-badge")

    # 7. At the north gate, staff scan the badge: entered.
    gate = _login(browser, base, "gatekeeper", f"/visitors/gate/{n}/north-1/")
    # (selector waits, not wait_for_function: the site's CSP forbids the eval that needs)
    expect(gate.locator("#revoked-count")).not_to_have_text("?")
    gate.check("input[name=direction][value=in]")
    gate.fill("#scan-input", payload)
    gate.press("#scan-input", "Enter")
    gate.wait_for_selector("#result[data-code=entered]")
    assert gate.locator("#result .code").inner_text().lower() == "entered"
    assert list(Scan.objects.values_list("code", "accepted")) == [("entered", True)]
    journey.shot(gate, "gate-scan-entered")

    # 8. The buyer posts a need, sees the exhibit suggested and requests a meeting.
    buyer.goto(f"{base}/matchmaking/")
    buyer.fill("#id_title", "Ultrasound for district clinics")
    buyer.fill("#id_text_en", "Portable ultrasound scanners for 40 district clinics")
    buyer.fill("#id_categories", "9018")
    buyer.fill("#id_origins", "DE")
    buyer.click("#need-form button[type=submit]")
    buyer.wait_for_selector("#exhibitors .suggestion")
    first = buyer.locator("#exhibitors .suggestion").first
    assert first.locator(".company").inner_text() == "MedCo Diagnostics GmbH"
    journey.shot(buyer, "buyer-need-suggestions")
    first.locator("button", has_text="Request meeting").click()
    buyer.wait_for_selector(".messages li.success")
    req = MeetingRequest.objects.get()
    assert (req.status, req.buyer_id, req.participation_id) == ("pending", visitor.pk, part.pk)
    journey.shot(buyer, "buyer-requested-meeting")

    # 9. The exhibitor accepts the request on its matchmaking desk.
    ex.goto(f"{base}/matchmaking/")
    assert "Wang Fang" in ex.inner_text(f"#request-{req.pk}")
    ex.locator(f"#request-{req.pk} button", has_text="Accept").click()
    ex.wait_for_selector(f"#request-{req.pk} .status:text('Accepted')")
    journey.shot(ex, "exhibitor-accepted-meeting")

    # 10. The organiser runs the scheduler and publishes the meetings.
    org.goto(f"{base}/matchmaking/organiser/")
    org.click("button[value=run]")
    org.wait_for_selector("#job .job-status:text('Done')")
    journey.shot(org, "organiser-scheduled")
    org.click("button[value=publish]")
    org.wait_for_selector(".messages li.success:text('1 meetings published.')")
    req.refresh_from_db()
    assert req.published and req.table == 1
    journey.shot(org, "organiser-published-meetings")

    # 11. Both sides see the meeting, at table 1, on their schedule.
    for who, page in (("buyer", buyer), ("exhibitor", ex)):
        page.goto(f"{base}/matchmaking/")
        row = page.locator("#schedule tr.meeting")
        assert row.count() == 1
        assert row.locator(".table-no").inner_text() == "Table 1"
        journey.shot(page, f"{who}-schedule")

    # 12. The exhibitor records the intended deal with the buyer's delegation.
    before = _front_figure(ex, base)
    ex.goto(f"{base}/deals/new/")
    ex.select_option("select[name=exhibitor]", str(part.pk))
    ex.fill("input[name=buyer_organisation]", "Pudong Hospital Group")
    ex.select_option("select[name=delegation]", str(expo["delegation"].pk))
    ex.fill("input[name=amount]", "46000000")
    ex.fill("input[name=currency]", "EUR")
    ex.fill("input[name=signed_on]", req.day.isoformat())
    ex.fill("input[name=products]", "901812")
    ex.click("#save-deal")
    ex.wait_for_url(f"{base}/deals/")
    assert "Pudong Hospital Group" in ex.inner_text("main")
    assert Deal.objects.get().status == "pending"
    journey.shot(ex, "exhibitor-recorded-deal")
    assert _front_figure(ex, base) == before  # a pending deal does not count yet

    # 13. The buyer, as the delegation's lead, confirms it.
    buyer.goto(f"{base}/deals/")
    buyer.click("button.confirm")
    buyer.wait_for_load_state()
    assert "Confirmed" in buyer.locator("td.status").first.inner_text()
    assert Deal.objects.get().status == "confirmed"
    journey.shot(buyer, "buyer-confirmed-deal")

    # 14. Anyone opening the front page sees the confirmed deal value change.
    public = _page(browser)
    after = _front_figure(public, base)
    assert after != before
    assert after == "50.0 m"  # 46,000,000 EUR at 0.92 per US$

    def figure(label: str) -> str:
        return public.locator(".figure", has_text=label).locator(".value").inner_text()

    assert figure("Exhibition area") == "36"  # the allocated booth
    assert figure("Registered professional visitors") == "1"
    journey.shot(public, "front-page-figure")

    assert [p.name for p in sorted(artefacts.glob("*.png"))] == [p.name for p in journey.shots]
    assert len(journey.shots) == 18
