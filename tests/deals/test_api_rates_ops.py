"""DELETE /api/editions/{n}/rates/{currency}/{valid_from} and POST /api/editions/{n}/deals/recompute:
organisers only; a refusal changes nothing; bad input names the field."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from openexpo.deals.models import Deal, ExchangeRate
from openexpo.deals.services import deal_record
from tests.api_auth import bearer
from tests.deals.conftest import DAY, RATE_DAY

pytestmark = pytest.mark.django_db


def eur_deal(organiser, edition, stand) -> Deal:
    return deal_record(
        actor=organiser,
        edition=edition,
        exhibitor=stand,
        buyer_organisation="B",
        amount=Decimal("920"),
        currency="EUR",
        signed_on=DAY,
    )


def test_organiser_deletes_a_later_rate_and_deals_fall_back(client, rates, stand_a, organiser):
    ExchangeRate.objects.create(
        edition=rates, currency="EUR", valid_from=dt.date(2023, 11, 1), per_usd=Decimal("0.8")
    )
    deal = eur_deal(organiser, rates, stand_a)
    assert deal.amount_usd == Decimal("1150.00")
    url = f"/api/editions/{rates.number}/rates/eur/2023-11-01"
    response = client.delete(url, **bearer(organiser))
    deal.refresh_from_db()
    assert (response.status_code, response.json()) == (200, {"deals_recomputed": 1})
    assert deal.amount_usd == Decimal("1000.00")  # 920 / 0.92
    assert ExchangeRate.objects.filter(currency="EUR").count() == 1


def test_exhibitor_cannot_delete_a_rate(client, rates, exhibitor_a):
    url = f"/api/editions/{rates.number}/rates/EUR/{RATE_DAY.isoformat()}"
    response = client.delete(url, **bearer(exhibitor_a))
    assert (response.status_code, response.json()["code"]) == (403, "forbidden")
    missing = client.delete(
        f"/api/editions/{rates.number}/rates/EUR/2020-01-01", **bearer(exhibitor_a)
    )
    assert missing.status_code == 403  # no hint whether a rate exists
    assert ExchangeRate.objects.filter(edition=rates).count() == 4


def test_rate_delete_bad_input(client, rates, stand_a, organiser):
    eur_deal(organiser, rates, stand_a)
    bad_day = client.delete(f"/api/editions/{rates.number}/rates/EUR/1-11", **bearer(organiser))
    assert (bad_day.status_code, bad_day.json()["field"]) == (422, "valid_from")
    unknown = client.delete(
        f"/api/editions/{rates.number}/rates/EUR/2020-01-01", **bearer(organiser)
    )
    assert (unknown.status_code, unknown.json()["code"], unknown.json()["field"]) == (
        404,
        "not_found",
        "currency",
    )
    # the only EUR rate: the deal would be left without one
    last = client.delete(
        f"/api/editions/{rates.number}/rates/EUR/{RATE_DAY.isoformat()}", **bearer(organiser)
    )
    assert (last.status_code, last.json()["code"]) == (400, "missing_rate")
    assert ExchangeRate.objects.filter(edition=rates).count() == 4


def test_organiser_recomputes_the_deals(client, rates, stand_a, organiser):
    deal = eur_deal(organiser, rates, stand_a)
    ExchangeRate.objects.filter(currency="EUR").update(per_usd=Decimal("0.8"))  # bulk-loaded
    response = client.post(f"/api/editions/{rates.number}/deals/recompute", **bearer(organiser))
    deal.refresh_from_db()
    assert (response.status_code, response.json(), deal.amount_usd) == (
        200,
        {"deals_recomputed": 1},
        Decimal("1150.00"),
    )


def test_exhibitor_cannot_recompute_and_nothing_changes(
    client, rates, stand_a, organiser, exhibitor_a
):
    deal = eur_deal(organiser, rates, stand_a)
    ExchangeRate.objects.filter(currency="EUR").update(per_usd=Decimal("0.8"))
    response = client.post(f"/api/editions/{rates.number}/deals/recompute", **bearer(exhibitor_a))
    deal.refresh_from_db()
    assert (response.status_code, response.json()["code"], deal.amount_usd) == (
        403,
        "forbidden",
        Decimal("1000.00"),
    )


def test_recompute_bad_edition_names_the_field(client, rates, organiser):
    response = client.post("/api/editions/nine/deals/recompute", **bearer(organiser))
    assert (response.status_code, response.json()["field"]) == (422, "number")
    unknown = client.post("/api/editions/99/deals/recompute", **bearer(organiser))
    assert (unknown.status_code, unknown.json()["field"]) == (404, "number")
