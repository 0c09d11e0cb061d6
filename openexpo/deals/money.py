"""Money rules for deals: ISO 4217 codes, amount limits, conversion and rounding.

Rules (tested in tests/deals/test_money.py):

* An amount is a `Decimal` in its original currency with a valid ISO 4217 code (checked
  with py-moneyed). It must be > 0 and ≤ 10^12 units, and may not have more decimal
  places than the currency's minor unit (2 for USD/EUR/CNY, 0 for JPY/KRW).
* A rate is "units of the currency per one US$" (`per_usd`: CNY 7.1, JPY 149.5, EUR 0.92),
  set per edition with the date it takes effect. The rate of a deal is the one of its
  currency with the latest `valid_from` on or before the deal's date; USD is always 1.
* Conversion is computed from the ORIGINAL amount, never from another rounded figure:
      usd = amount / per_usd(currency)
      cny = amount × per_usd(CNY) / per_usd(currency)
  with 34 significant digits of working precision, then rounded ONCE to 0.01 with
  ROUND_HALF_UP (commercial rounding, 四舍五入: 0.005 → 0.01), the convention of Chinese
  accounting and customs statistics, rather than banker's rounding (ROUND_HALF_EVEN).
  A deal already in CNY keeps its amount exactly as its CNY figure, and a USD deal its
  amount as its US$ figure.
* Totals are sums of the rounded per-deal figures (what a reader can add up from the
  tables); the difference from rounding the exact total is at most 0.005 × deals.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Context, Decimal, InvalidOperation

import moneyed

from openexpo.core.errors import DomainError

CENT = Decimal("0.01")
MAX_AMOUNT = Decimal(10) ** 12
WORK = Context(prec=34, rounding=ROUND_HALF_UP)


class DealError(DomainError):
    """A refused deal or rate operation, with a stable code."""


def currency_check(code: str) -> str:
    """Return the upper-cased ISO 4217 code, or raise DealError('unknown_currency')."""
    norm = (code or "").strip().upper()
    if len(norm) != 3 or not norm.isalpha():
        raise DealError(f"Unknown currency {code!r}.", "unknown_currency", field="currency")
    try:
        moneyed.get_currency(norm)
    except moneyed.CurrencyDoesNotExist:
        raise DealError(f"Unknown currency {code!r}.", "unknown_currency", field="currency")
    return norm


def minor_digits(code: str) -> int:
    """Decimal places of the currency's minor unit (2 for EUR, 0 for JPY)."""
    sub = moneyed.get_currency(code).sub_unit or 1
    return max(0, len(str(sub)) - 1)


def amount_check(value: object, currency: str) -> Decimal:
    """A valid positive amount in `currency`, or DealError with code invalid_amount /
    amount_too_large."""
    try:
        amount = Decimal(str(value))
    except (InvalidOperation, ValueError):
        raise DealError("The amount is not a number.", "invalid_amount", field="amount")
    if not amount.is_finite() or amount <= 0:
        raise DealError("The amount must be greater than zero.", "invalid_amount", field="amount")
    if amount > MAX_AMOUNT:
        raise DealError("The amount is over 10^12; check it.", "amount_too_large", field="amount")
    places = -amount.normalize().as_tuple().exponent
    if places > minor_digits(currency):
        raise DealError(
            f"{currency} amounts have at most {minor_digits(currency)} decimal places.",
            "invalid_amount",
            field="amount",
        )
    return amount.quantize(CENT)


def round_money(value: Decimal) -> Decimal:
    """Round to 0.01 half-up (the one rounding step of every conversion)."""
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


@dataclass
class RateBook:
    """The rate table of one edition in memory: currency → sorted (valid_from, per_usd)."""

    table: dict[str, tuple[list[date], list[Decimal]]] = field(default_factory=dict)

    @classmethod
    def from_rows(cls, rows: Iterable[tuple[str, date, Decimal]]) -> RateBook:
        grouped: dict[str, list[tuple[date, Decimal]]] = {}
        for currency, valid_from, per_usd in rows:
            grouped.setdefault(currency, []).append((valid_from, Decimal(per_usd)))
        book = cls()
        for currency, pairs in grouped.items():
            pairs.sort()
            book.table[currency] = ([d for d, _ in pairs], [r for _, r in pairs])
        return book

    def per_usd(self, currency: str, on: date) -> Decimal:
        """Units of `currency` per US$ on `on`, or DealError('missing_rate')."""
        if currency == "USD":
            return Decimal(1)
        entry = self.table.get(currency)
        i = bisect.bisect_right(entry[0], on) - 1 if entry else -1
        if i < 0:
            raise DealError(
                f"No exchange rate for {currency} on {on.isoformat()} at this edition.",
                "missing_rate",
                field="currency",
            )
        return entry[1][i]

    def convert(self, amount: Decimal, currency: str, on: date) -> tuple[Decimal, Decimal]:
        """(US$, CNY) of `amount` in `currency` on day `on`, each rounded once half-up."""
        rate = self.per_usd(currency, on)
        cny_rate = self.per_usd("CNY", on)
        usd = amount if currency == "USD" else round_money(WORK.divide(amount, rate))
        if currency == "CNY":
            cny = amount
        else:
            cny = round_money(WORK.divide(WORK.multiply(amount, cny_rate), rate))
        return usd, cny


def _ratio(value: Decimal) -> tuple[int, int]:
    """A positive Decimal as an exact fraction (numerator, denominator)."""
    sign, digits, exponent = value.as_tuple()
    num = int("".join(map(str, digits)))
    return (num * 10**exponent, 1) if exponent >= 0 else (num, 10**-exponent)


def _div_half_up(num: int, den: int) -> int:
    """round(num / den) half-up, for positive integers."""
    return (2 * num + den) // (2 * den)


def cents_converter(book: RateBook, currency: str, on: date) -> Callable[[int], tuple[int, int]]:
    """Fast path of `RateBook.convert` for bulk work, for one currency and day: hundredths of
    the currency in, (US$ cents, CNY fen) out, with exact integer arithmetic and the same
    single half-up rounding (tested to agree with `convert`)."""
    rn, rd = _ratio(book.per_usd(currency, on))  # per_usd = rn / rd
    cn, cd = _ratio(book.per_usd("CNY", on))

    def convert(cents: int) -> tuple[int, int]:
        usd = cents if currency == "USD" else _div_half_up(cents * rd, rn)
        cny = cents if currency == "CNY" else _div_half_up(cents * rd * cn, rn * cd)
        return usd, cny

    return convert


def convert_cents(book: RateBook, cents: int, currency: str, on: date) -> tuple[int, int]:
    """`cents_converter` for a single amount."""
    return cents_converter(book, currency, on)(cents)
