"""Exchange rates: organisers only; a change recomputes every affected deal in bulk."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from openexpo.core.errors import DomainError
from openexpo.core.models import AuditEntry
from openexpo.deals.models import Deal, ExchangeRate
from openexpo.deals.rates import rate_delete, rate_set
from openexpo.deals.services import deal_record
from tests.deals.conftest import DAY, RATE_DAY

pytestmark = pytest.mark.django_db


def make(actor, edition, stand, amount, currency, on=DAY):
    return deal_record(
        actor=actor,
        edition=edition,
        exhibitor=stand,
        buyer_organisation="B",
        amount=Decimal(amount),
        currency=currency,
        signed_on=on,
    )


def test_rate_change_recomputes_only_affected_deals(rates, stand_a, organiser):
    eur = make(organiser, rates, stand_a, "920", "EUR")
    jpy = make(organiser, rates, stand_a, "15000", "JPY")
    usd = make(organiser, rates, stand_a, "100", "USD")
    rate, changed = rate_set(
        actor=organiser, edition=rates, currency="eur", valid_from=RATE_DAY, per_usd="0.8"
    )
    assert (rate.currency, rate.per_usd, changed) == ("EUR", Decimal("0.8"), 1)
    eur.refresh_from_db()
    jpy.refresh_from_db()
    assert (eur.amount_usd, eur.amount_cny) == (Decimal("1150.00"), Decimal("8165.00"))
    assert jpy.amount_usd == Decimal("100.00")
    # a new CNY rate from the deal day on changes every CNY figure (but no US$ figure)
    _, changed = rate_set(
        actor=organiser, edition=rates, currency="CNY", valid_from=DAY, per_usd="7.2"
    )
    assert changed == 3
    usd.refresh_from_db()
    jpy.refresh_from_db()
    assert (usd.amount_usd, usd.amount_cny) == (Decimal("100.00"), Decimal("720.00"))
    assert (jpy.amount_usd, jpy.amount_cny) == (Decimal("100.00"), Decimal("720.00"))
    entry = AuditEntry.objects.filter(action="rate.set", succeeded=True).order_by("-id").first()
    assert entry.after["deals_recomputed"] == 3


def test_rate_dated_after_a_deal_does_not_apply_to_it(rates, stand_a, organiser):
    eur = make(organiser, rates, stand_a, "920", "EUR")
    _, changed = rate_set(
        actor=organiser,
        edition=rates,
        currency="EUR",
        valid_from=DAY + dt.timedelta(days=1),
        per_usd="0.5",
    )
    assert changed == 0
    eur.refresh_from_db()
    assert eur.amount_usd == Decimal("1000.00")


def test_only_organisers_set_rates(rates, exhibitor_a):
    with pytest.raises(DomainError) as err:
        rate_set(
            actor=exhibitor_a, edition=rates, currency="EUR", valid_from=RATE_DAY, per_usd="0.5"
        )
    assert err.value.code == "forbidden"
    assert ExchangeRate.objects.get(currency="EUR").per_usd == Decimal("0.92")
    assert AuditEntry.objects.filter(action="rate.set", succeeded=False).count() == 1


@pytest.mark.parametrize(
    ("currency", "rate", "code"),
    [
        ("EUR", "0", "invalid_rate"),
        ("EUR", "-1", "invalid_rate"),
        ("EUR", "x", "invalid_rate"),
        ("USD", "2", "invalid_rate"),
        ("ABC", "1", "unknown_currency"),
    ],
)
def test_bad_rates(rates, organiser, currency, rate, code):
    with pytest.raises(DomainError) as err:
        rate_set(
            actor=organiser, edition=rates, currency=currency, valid_from=RATE_DAY, per_usd=rate
        )
    assert err.value.code == code
    assert ExchangeRate.objects.count() == 4
    assert AuditEntry.objects.filter(action="rate.set", succeeded=False).count() == 1


def test_deleting_a_rate_still_in_use_is_refused(rates, stand_a, organiser):
    make(organiser, rates, stand_a, "920", "EUR")
    eur = ExchangeRate.objects.get(currency="EUR")
    with pytest.raises(DomainError) as err:
        rate_delete(actor=organiser, rate=eur)
    assert err.value.code == "missing_rate"
    assert ExchangeRate.objects.filter(currency="EUR").count() == 1
    assert Deal.objects.get().amount_usd == Decimal("1000.00")
    gbp = ExchangeRate.objects.get(currency="GBP")
    assert rate_delete(actor=organiser, rate=gbp) == 0
    assert not ExchangeRate.objects.filter(currency="GBP").exists()
