"""Browser: an exhibitor records a deal, the buyer's delegation lead confirms it, and the
confirmed deal value on the front page changes."""

from __future__ import annotations

import pytest

from tests import browser_steps as steps
from tests.deals.conftest import DAY

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_exhibitor_records_buyer_confirms_front_page_changes(
    live_server, browser, rates, stand_a, delegation, exhibitor_a, lead
):
    base = live_server.url
    seller = steps.login(browser, base, "alice")
    before = steps.front_figure(seller, base)
    steps.deal_record(
        seller,
        base,
        exhibitor=stand_a.pk,
        buyer_organisation="Pudong Hospital Group",
        delegation=delegation.pk,
        amount="46000000",
        currency="EUR",
        signed_on=DAY.isoformat(),
    )
    assert "Pudong Hospital Group" in seller.content()
    assert steps.front_figure(seller, base) == before  # pending deals do not count

    buyer = steps.login(browser, base, "lead")
    assert "Confirmed" in steps.deal_confirm_first(buyer, base)
    after = steps.front_figure(buyer, base)
    assert after != before
    assert after == "50.0 m"  # 46,000,000 EUR at 0.92 per US$
