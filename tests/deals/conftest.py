"""Fixtures for the deals tests: an edition with rates, an exhibitor, a delegation and its lead;
the deal form's POST data."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from openexpo.deals.models import ExchangeRate
from tests.factories import DelegationFactory, ParticipationFactory, UserFactory

RATE_DAY = dt.date(2023, 10, 1)
DAY = dt.date(2023, 11, 6)


@pytest.fixture
def rates(edition):
    for code, per_usd in [("CNY", "7.1"), ("EUR", "0.92"), ("JPY", "150"), ("GBP", "0.8")]:
        ExchangeRate.objects.create(
            edition=edition, currency=code, valid_from=RATE_DAY, per_usd=Decimal(per_usd)
        )
    return edition


@pytest.fixture
def stand_a(edition, company_a):
    return ParticipationFactory(edition=edition, company=company_a)


@pytest.fixture
def stand_b(edition, company_b):
    return ParticipationFactory(edition=edition, company=company_b)


@pytest.fixture
def lead(db):
    return UserFactory(username="lead", kind="buyer")


@pytest.fixture
def delegation(edition, lead):
    return DelegationFactory(edition=edition, code="shanghai", name_en="Shanghai", lead=lead)


def deal_form(stand, delegation, **kw) -> dict:
    """The POST data of the /deals/new/ form: a deal of 920,000 EUR on DAY."""
    data = {
        "exhibitor": stand.pk,
        "buyer_organisation": "Pudong Hospital",
        "buyer_badge": "",
        "delegation": delegation.pk if delegation else "",
        "kind": "intended",
        "amount": "920000",
        "currency": "EUR",
        "signed_on": DAY.isoformat(),
        "products": "",
    }
    data.update(kw)
    return data
