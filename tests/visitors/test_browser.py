"""Browser test (Playwright + Debian's Chromium): a visitor registers and downloads the
badge; a gate scans it; a second entry is refused by anti-passback; an exit re-allows
entry; then the gate works offline (WebCrypto Ed25519) and uploads its queued scan."""

from __future__ import annotations

import datetime as dt

import pytest
from playwright.sync_api import expect

from openexpo.visitors.models import Gate, Scan
from tests.factories import CountryFactory, EditionFactory, UserFactory


def _result(page, expected: str) -> str:
    # locator waits, not wait_for_function: the site's CSP forbids evaluating strings
    expect(page.locator("#result")).to_have_attribute("data-code", expected, timeout=10_000)
    return page.locator("#result").get_attribute("data-code")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_register_badge_gate_passback_exit_offline(live_server, browser, tmp_path):
    from openexpo.visitors import checkin

    checkin.reset_caches()
    today = dt.date.today()
    edition = EditionFactory(
        number=7, start_date=today - dt.timedelta(days=1), end_date=today + dt.timedelta(days=3)
    )
    CountryFactory(code="CN", alpha3="CHN", name_en="China", name_zh="中国")
    Gate.objects.create(edition=edition, code="north-1")
    Gate.objects.create(edition=edition, code="south-1", zone="H2")
    UserFactory(username="gatekeeper", kind="gate")

    visitor = browser.new_context(accept_downloads=True).new_page()
    visitor.goto(f"{live_server.url}/visitors/register/7/")
    visitor.fill("input[name=username]", "liwei")
    visitor.fill("input[name=password]", "a-long-pass-9")
    visitor.fill("input[name=full_name]", "Li Wei")
    visitor.fill("input[name=organisation]", "Acme Trading")
    visitor.select_option("select[name=country]", "CN")
    visitor.select_option("select[name=doc_type]", "prc_id")
    visitor.fill("input[name=doc_number]", "11010519491231002X")
    visitor.check("input[name=consent]")
    visitor.click("#register-submit")
    visitor.wait_for_url("**/visitors/badge/")
    payload = visitor.locator("section.credential").get_attribute("data-payload")
    assert payload.startswith("OX1:") and len(payload) == 132
    with visitor.expect_download() as dl:
        visitor.click("#badge-pdf")
    pdf = tmp_path / "badge.pdf"
    dl.value.save_as(pdf)
    assert pdf.read_bytes()[:5] == b"%PDF-"

    gate = browser.new_context().new_page()
    gate.goto(f"{live_server.url}/accounts/login/?next=/visitors/gate/7/north-1/")
    gate.fill("input[name=username]", "gatekeeper")
    gate.fill("input[name=password]", "pass-word-123")
    gate.click("form [type=submit]")
    gate.wait_for_url("**/visitors/gate/7/north-1/")
    expect(gate.locator("#revoked-count")).not_to_have_text("?")

    def scan(direction: str = "in") -> None:
        gate.evaluate("document.getElementById('result').dataset.code = ''")
        gate.check(f"input[name=direction][value={direction}]")
        gate.fill("#scan-input", payload)
        gate.press("#scan-input", "Enter")

    scan()
    assert _result(gate, "entered") == "entered"
    scan()
    assert _result(gate, "already_inside") == "already_inside"
    assert "anti-passback" in gate.locator("#result .reason").inner_text()
    scan("out")
    assert _result(gate, "exited") == "exited"
    scan()
    assert _result(gate, "entered") == "entered"
    assert list(Scan.objects.order_by("pk").values_list("code", flat=True)) == [
        "entered",
        "already_inside",
        "exited",
        "entered",
    ]

    # Offline: the gate decides by itself (signature checked in the browser), queues, uploads.
    gate.check("#force-offline")
    scan("out")
    assert _result(gate, "exited") == "exited"
    assert "(offline)" in gate.locator("#result .code").inner_text().lower()
    gate.evaluate("document.getElementById('result').dataset.code = ''")
    gate.fill("#scan-input", payload[:-1] + ("0" if payload[-1] != "0" else "1"))
    gate.press("#scan-input", "Enter")
    assert _result(gate, "tampered") == "tampered"
    assert gate.locator("#queue-count").inner_text() == "2"
    gate.uncheck("#force-offline")
    expect(gate.locator("#queue-count")).to_have_text("0", timeout=15_000)
    offline = list(
        Scan.objects.filter(offline=True).order_by("scanned_at").values_list("code", "accepted")
    )
    assert offline == [("exited", True), ("tampered", False)]
