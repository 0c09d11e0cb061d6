"""Browser: an exhibitor records a deal, the buyer's delegation lead confirms it, and the
confirmed deal value on the front page changes."""

from __future__ import annotations

import pytest

from tests.deals.conftest import DAY

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def login(browser, base, username):
    page = browser.new_context().new_page()
    page.goto(f"{base}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", "pass-word-123")
    page.click("form.stack button[type=submit]")
    page.wait_for_load_state()
    return page


def deal_figure(page, base):
    page.goto(f"{base}/")
    return page.locator(".figure", has_text="Intended deals").locator(".value").inner_text()


def test_exhibitor_records_buyer_confirms_front_page_changes(
    live_server, browser, rates, stand_a, delegation, exhibitor_a, lead
):
    base = live_server.url
    seller = login(browser, base, "alice")
    before = deal_figure(seller, base)
    seller.goto(f"{base}/deals/new/")
    seller.select_option("select[name=exhibitor]", str(stand_a.pk))
    seller.fill("input[name=buyer_organisation]", "Pudong Hospital Group")
    seller.select_option("select[name=delegation]", str(delegation.pk))
    seller.fill("input[name=amount]", "46000000")
    seller.fill("input[name=currency]", "EUR")
    seller.fill("input[name=signed_on]", DAY.isoformat())
    seller.click("#save-deal")
    seller.wait_for_url(f"{base}/deals/")
    assert "Pudong Hospital Group" in seller.content()
    assert deal_figure(seller, base) == before  # pending deals do not count

    buyer = login(browser, base, "lead")
    buyer.goto(f"{base}/deals/")
    buyer.click("button.confirm")
    buyer.wait_for_load_state()
    assert "Confirmed" in buyer.locator("td.status").first.inner_text()
    after = deal_figure(buyer, base)
    assert after != before
    assert after == "50.0 m"  # 46,000,000 EUR at 0.92 per US$
