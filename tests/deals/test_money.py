"""Money rules: ISO codes, amount limits, one half-up rounding from the original amount."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from openexpo.core.errors import DomainError
from openexpo.deals.money import RateBook, amount_check, currency_check, round_money

D = dt.date


def book() -> RateBook:
    return RateBook.from_rows(
        [
            ("CNY", D(2023, 10, 1), Decimal("7.1")),
            ("CNY", D(2023, 11, 7), Decimal("7.2")),
            ("EUR", D(2023, 10, 1), Decimal("0.8")),
            ("JPY", D(2023, 10, 1), Decimal("150")),
        ]
    )


def test_currency_codes_are_iso_4217():
    assert currency_check(" eur ") == "EUR"
    for bad in ["XYZ", "EURO", "", "12A"]:
        with pytest.raises(DomainError) as err:
            currency_check(bad)
        assert err.value.code == "unknown_currency"


@pytest.mark.parametrize(
    ("value", "currency", "code"),
    [
        ("0", "USD", "invalid_amount"),
        ("-5", "USD", "invalid_amount"),
        ("abc", "USD", "invalid_amount"),
        ("1000000000000.01", "USD", "amount_too_large"),
        ("NaN", "USD", "invalid_amount"),
        ("12.5", "JPY", "invalid_amount"),
        ("1.001", "EUR", "invalid_amount"),
    ],
)
def test_bad_amounts(value, currency, code):
    with pytest.raises(DomainError) as err:
        amount_check(value, currency)
    assert err.value.code == code


def test_good_amounts():
    assert amount_check("1000000000000", "USD") == Decimal("1000000000000.00")
    assert amount_check("125", "JPY") == Decimal("125.00")
    assert amount_check("0.01", "EUR") == Decimal("0.01")


def test_rounding_is_half_up_not_bankers():
    assert round_money(Decimal("0.125")) == Decimal("0.13")  # banker's would give 0.12
    assert round_money(Decimal("0.135")) == Decimal("0.14")
    assert round_money(Decimal("2.5049")) == Decimal("2.50")


def test_conversion_from_original_amount_once_rounded():
    b = book()
    # 0.10 EUR / 0.8 = 0.125 USD -> 0.13 (half-up); CNY = 0.10 * 7.1 / 0.8 = 0.8875 -> 0.89
    assert b.convert(Decimal("0.10"), "EUR", D(2023, 11, 6)) == (Decimal("0.13"), Decimal("0.89"))
    # from the rounded USD figure CNY would be 0.13 * 7.1 = 0.923 -> 0.92: not what we do
    assert b.convert(Decimal("100"), "USD", D(2023, 11, 6)) == (Decimal("100"), Decimal("710.00"))
    assert b.convert(Decimal("710"), "CNY", D(2023, 11, 6)) == (Decimal("100.00"), Decimal("710"))
    assert b.convert(Decimal("1000"), "JPY", D(2023, 11, 6)) == (Decimal("6.67"), Decimal("47.33"))


def test_rate_in_force_is_latest_on_or_before_the_date():
    b = book()
    assert b.per_usd("CNY", D(2023, 11, 6)) == Decimal("7.1")
    assert b.per_usd("CNY", D(2023, 11, 7)) == Decimal("7.2")
    assert b.per_usd("USD", D(1999, 1, 1)) == Decimal(1)
    with pytest.raises(DomainError) as err:
        b.per_usd("EUR", D(2023, 9, 30))
    assert err.value.code == "missing_rate"
    with pytest.raises(DomainError) as err:
        b.per_usd("GBP", D(2023, 11, 6))
    assert err.value.code == "missing_rate"


def test_large_amount_keeps_every_cent():
    b = book()
    usd, cny = b.convert(Decimal("999999999999.99"), "EUR", D(2023, 11, 6))
    assert usd == Decimal("1249999999999.99")  # 999999999999.99 / 0.8 = 1249999999999.9875
    assert cny == Decimal("8874999999999.91")  # × 7.1 = 8874999999999.91125


def test_integer_fast_path_agrees_with_decimal_conversion():
    import random

    from openexpo.deals.money import convert_cents

    b = RateBook.from_rows(
        [
            ("CNY", D(2023, 10, 1), Decimal("7.29900000")),
            ("EUR", D(2023, 10, 1), Decimal("0.93700000")),
            ("JPY", D(2023, 10, 1), Decimal("149.90000000")),
            ("KRW", D(2023, 10, 1), Decimal("1337.12345678")),
        ]
    )
    rng = random.Random(7)
    for _ in range(5000):
        code = rng.choice(["USD", "CNY", "EUR", "JPY", "KRW"])
        cents = rng.randint(1, 10**14)
        amount = Decimal(cents).scaleb(-2)
        usd, cny = b.convert(amount, code, D(2023, 11, 6))
        assert convert_cents(b, cents, code, D(2023, 11, 6)) == (
            int(usd.scaleb(2)),
            int(cny.scaleb(2)),
        ), (code, cents)
    # exact half-cent ties round up: 0.10 EUR at 0.8 -> 0.125 -> 0.13
    half = RateBook.from_rows(
        [("CNY", D(2023, 1, 1), Decimal("8")), ("EUR", D(2023, 1, 1), Decimal("0.8"))]
    )
    assert convert_cents(half, 10, "EUR", D(2023, 11, 6)) == (13, 100)
