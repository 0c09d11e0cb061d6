"""Browser test (Playwright + Debian's Chromium): an exhibitor signs up and applies, an
organiser approves it from the review queue (htmx bulk action), the exhibitor sees
"Approved" and the e-mails went out."""

from __future__ import annotations

import pytest
from django.core import mail

from openexpo.exhibitors.models import Participation
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

    ex = browser.new_context().new_page()
    ex.goto(f"{live_server.url}/exhibitors/signup/")
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
    ex.click("text=Apply for")
    ex.wait_for_url("**/exhibitors/apply/**")
    ex.select_option("select[name=area]", str(area.pk))
    ex.select_option("select[name=booth_type]", "raw")
    ex.fill("input[name=area_requested_m2]", "72")
    ex.fill("textarea[name=plans_en]", "A new ultrasound scanner, global premiere")
    ex.click("button[name=submit_application]")
    ex.wait_for_url("**/exhibitors/applications/*/")
    assert ex.locator("#application-status").inner_text() == "Submitted"
    part = Participation.objects.get()

    org = browser.new_context().new_page()
    org.goto(f"{live_server.url}/accounts/login/?next=/exhibitors/review/")
    org.fill("input[name=username]", "reviewer")
    org.fill("input[name=password]", "pass-word-123")
    org.click("form.stack button[type=submit]")
    org.wait_for_url("**/exhibitors/review/")
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
