"""Deal pages: record through the form, confirm, dispute; audit trail for organisers only."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from openexpo.deals.models import Deal
from openexpo.deals.services import deal_record
from tests.deals.conftest import DAY, deal_form

pytestmark = pytest.mark.django_db


def test_record_and_confirm_through_pages(client, rates, stand_a, delegation, exhibitor_a, lead):
    client.force_login(exhibitor_a)
    r = client.post("/deals/new/", deal_form(stand_a, delegation))
    assert r.status_code == 302
    deal = Deal.objects.get()
    assert (deal.amount_usd, deal.recorded_by) == (Decimal("1000000.00"), exhibitor_a)
    page = client.get("/deals/").content.decode()
    assert "Pudong Hospital" in page and 'class="confirm"' not in page
    client.force_login(lead)
    page = client.get("/deals/").content.decode()
    assert 'class="confirm"' in page
    client.post(f"/deals/{deal.pk}/confirm/")
    deal.refresh_from_db()
    assert deal.status == "confirmed"


def test_form_shows_service_errors(client, rates, stand_a, delegation, exhibitor_a):
    client.force_login(exhibitor_a)
    r = client.post("/deals/new/", deal_form(stand_a, delegation, amount="-5"))
    assert r.status_code == 200
    assert "invalid_amount" in r.content.decode()
    r = client.post("/deals/new/", deal_form(stand_a, delegation, currency="AUD"))
    assert "missing_rate" in r.content.decode()
    assert Deal.objects.count() == 0


def test_dispute_and_audit_trail_for_organisers(
    client, rates, stand_a, delegation, exhibitor_a, lead, organiser
):
    deal = deal_record(
        actor=exhibitor_a,
        edition=rates,
        exhibitor=stand_a,
        buyer_organisation="B",
        delegation=delegation,
        amount=Decimal("5"),
        currency="USD",
        signed_on=DAY,
    )
    client.force_login(exhibitor_a)
    client.post(f"/deals/{deal.pk}/confirm/")  # own deal: refused, audited
    client.force_login(lead)
    client.post(f"/deals/{deal.pk}/dispute/", {"reason": "never agreed"})
    assert Deal.objects.get().status == "disputed"
    assert "Audit trail" not in client.get(f"/deals/{deal.pk}/").content.decode()
    client.force_login(organiser)
    page = client.get(f"/deals/{deal.pk}/").content.decode()
    assert "deal.record" in page and "deal.dispute" in page and "own_deal" in page
    client.post(f"/deals/{deal.pk}/decide/", {"status": "confirmed", "note": "ok"})
    assert Deal.objects.get().status == "confirmed"


def test_list_query_count_is_fixed(client, rates, stand_a, delegation, exhibitor_a):
    client.force_login(exhibitor_a)

    def queries():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get("/deals/").status_code == 200
        return len(ctx.captured_queries)

    deal_record(
        actor=exhibitor_a,
        edition=rates,
        exhibitor=stand_a,
        buyer_organisation="B",
        delegation=delegation,
        amount=Decimal("5"),
        currency="USD",
        signed_on=DAY,
    )
    one = queries()
    for i in range(5):
        deal_record(
            actor=exhibitor_a,
            edition=rates,
            exhibitor=stand_a,
            buyer_organisation=f"B{i}",
            delegation=delegation,
            amount=Decimal("5"),
            currency="USD",
            signed_on=DAY,
        )
    assert queries() == one


def test_rates_page_for_organisers_only(client, rates, exhibitor_a, organiser):
    client.force_login(exhibitor_a)
    assert client.get("/deals/rates/").status_code == 404
    client.force_login(organiser)
    assert "0.92" in client.get("/deals/rates/").content.decode()
    r = client.post(
        "/deals/rates/", {"currency": "AUD", "valid_from": "2023-10-01", "per_usd": "1.5"}
    )
    assert r.status_code == 302
    assert "AUD" in client.get("/deals/rates/").content.decode()
