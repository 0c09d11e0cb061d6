"""Browser test (Playwright + Debian's Chromium): an exhibitor signs up and applies, an
organiser approves it from the review queue (htmx bulk action), the exhibitor sees
"Approved" and the e-mails went out."""

from __future__ import annotations

import pytest
from django.core import mail

from openexpo.exhibitors.models import Participation
from tests import browser_steps as steps
from tests.factories import AreaFactory, CountryFactory, EditionFactory, UserFactory


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_signup_apply_organiser_approves_exhibitor_sees_approved(
    live_server, browser, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    edition = EditionFactory(number=6)
    area = AreaFactory(edition=edition, code="medical")
    CountryFactory()  # Germany
    UserFactory(username="reviewer", kind="organiser", is_staff=True)

    base = live_server.url
    ex = steps.new_page(browser)
    steps.exhibitor_signup(ex, base)
    ex.click("text=Apply for")
    ex.wait_for_url("**/exhibitors/apply/**")
    steps.application_submit(
        ex, area=area.pk, m2=72, plans="A new ultrasound scanner, global premiere"
    )
    assert ex.locator("#application-status").inner_text() == "Submitted"
    part = Participation.objects.get()

    org = steps.login(browser, base, "reviewer", "/exhibitors/review/")
    row = org.locator(f"tr[data-id='{part.pk}']")
    assert "MedCo Diagnostics GmbH" in row.inner_text()
    row.locator("input[name=ids]").check()
    org.select_option("#bulk-form select[name=action]", "approve")
    org.fill("#bulk-form input[name=reason]", "Welcome to the expo")
    org.click("#bulk-form button[type=submit]")
    org.wait_for_selector("text=1 applications updated.")
    assert org.locator(f"tr[data-id='{part.pk}'] td.status").inner_text() == "Approved"

    ex.reload()
    assert ex.locator("#application-status").inner_text() == "Approved"
    assert "Welcome to the expo" in ex.locator("table.history").inner_text()
    part.refresh_from_db()
    assert part.status == "approved"
    assert [m.subject.rsplit(": ", 1)[-1] for m in mail.outbox] == ["Submitted", "Approved"]
