"""Browser test (Playwright + Debian's Chromium): a visitor registers and downloads the
badge; a gate scans it; a second entry is refused by anti-passback; an exit re-allows
entry; then the gate works offline (WebCrypto Ed25519) and uploads its queued scan."""

from __future__ import annotations

import datetime as dt

import pytest
from playwright.sync_api import expect

from openexpo.visitors.models import Gate, Scan
from tests import browser_steps as steps
from tests.factories import CountryFactory, EditionFactory, UserFactory


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

    base = live_server.url
    visitor = steps.new_page(browser, accept_downloads=True)
    payload = steps.visitor_register(
        visitor,
        base,
        7,
        username="liwei",
        password="a-long-pass-9",
        full_name="Li Wei",
        organisation="Acme Trading",
    )
    assert payload.startswith("OX1:") and len(payload) == 132
    with visitor.expect_download() as dl:
        visitor.click("#badge-pdf")
    pdf = tmp_path / "badge.pdf"
    dl.value.save_as(pdf)
    assert pdf.read_bytes()[:5] == b"%PDF-"

    gate = steps.gate_open(browser, base, 7, "north-1")

    steps.gate_scan(gate, payload)
    assert steps.gate_result(gate, "entered") == "entered"
    steps.gate_scan(gate, payload)
    assert steps.gate_result(gate, "already_inside") == "already_inside"
    assert "anti-passback" in gate.locator("#result .reason").inner_text()
    steps.gate_scan(gate, payload, "out")
    assert steps.gate_result(gate, "exited") == "exited"
    steps.gate_scan(gate, payload)
    assert steps.gate_result(gate, "entered") == "entered"
    assert list(Scan.objects.order_by("pk").values_list("code", flat=True)) == [
        "entered",
        "already_inside",
        "exited",
        "entered",
    ]

    # Offline: the gate decides by itself (signature checked in the browser), queues, uploads.
    gate.check("#force-offline")
    steps.gate_scan(gate, payload, "out")
    assert steps.gate_result(gate, "exited") == "exited"
    assert "(offline)" in gate.locator("#result .code").inner_text().lower()
    steps.gate_scan(gate, payload[:-1] + ("0" if payload[-1] != "0" else "1"), "out")
    assert steps.gate_result(gate, "tampered") == "tampered"
    assert gate.locator("#queue-count").inner_text() == "2"
    gate.uncheck("#force-offline")
    expect(gate.locator("#queue-count")).to_have_text("0", timeout=15_000)
    offline = list(
        Scan.objects.filter(offline=True).order_by("scanned_at").values_list("code", "accepted")
    )
    assert offline == [("exited", True), ("tampered", False)]
