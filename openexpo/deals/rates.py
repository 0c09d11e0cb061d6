"""The per-edition exchange-rate table: organisers set rates; every deal's US$ and CNY
figures are recomputed in bulk (exact Decimal arithmetic, batched writes) when one changes,
and the edition's statistics roll-up is rebuilt in the same transaction."""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from openexpo.core import permissions
from openexpo.core.audit import audit_record
from openexpo.core.errors import DomainError, PermissionDenied
from openexpo.core.models import Edition
from openexpo.deals.models import Deal, ExchangeRate
from openexpo.deals.money import DealError, RateBook, currency_check
from openexpo.deals.rollup import rollup_rebuild

BATCH = 5_000


def rate_book(edition_id: int) -> RateBook:
    """The edition's rates in memory (one query)."""
    rows = ExchangeRate.objects.filter(edition_id=edition_id).values_list(
        "currency", "valid_from", "per_usd"
    )
    return RateBook.from_rows(rows)


def rate_list(*, edition: Edition) -> list[ExchangeRate]:
    return list(ExchangeRate.objects.filter(edition=edition).order_by("currency", "valid_from"))


def _organiser_only(actor: Any, action: str, target: str) -> None:
    if not permissions.is_organiser(actor):
        audit_record(
            actor=actor,
            action=action,
            object_type="deals.ExchangeRate",
            object_id=target,
            reason="forbidden",
            succeeded=False,
        )
        raise PermissionDenied("Only organisers set exchange rates.")


def rate_set(
    *, actor: Any, edition: Edition, currency: str, valid_from: date, per_usd: Any
) -> tuple[ExchangeRate, int]:
    """Create or change one rate, then recompute the deals it touches. Returns the rate and
    how many deals changed figures."""
    target = f"{edition.number}:{currency}:{valid_from}"
    _organiser_only(actor, "rate.set", target)
    try:
        code = currency_check(currency)
        try:
            rate = Decimal(str(per_usd))
        except (InvalidOperation, ValueError):
            rate = Decimal(0)
        if not rate.is_finite() or rate <= 0 or rate >= Decimal(10) ** 12:
            raise DealError(
                "A rate is a positive number of units per US$.", "invalid_rate", field="per_usd"
            )
        if code == "USD" and rate != 1:
            raise DealError("The US dollar is always 1.", "invalid_rate", field="per_usd")
        with transaction.atomic():
            obj = (
                ExchangeRate.objects.select_for_update()
                .filter(edition=edition, currency=code, valid_from=valid_from)
                .first()
            )
            before = {"per_usd": obj.per_usd} if obj else None
            if obj is None:
                obj = ExchangeRate(edition=edition, currency=code, valid_from=valid_from)
            obj.per_usd, obj.set_by, obj.set_at = (
                rate.quantize(Decimal("1e-8")),
                actor,
                timezone.now(),
            )
            obj.save()
            changed = deals_recompute(edition=edition, currencies={code})
            audit_record(
                actor=actor,
                action="rate.set",
                obj=obj,
                before=before,
                after={
                    "currency": code,
                    "valid_from": valid_from,
                    "per_usd": obj.per_usd,
                    "deals_recomputed": changed,
                },
            )
    except DomainError as exc:
        audit_record(
            actor=actor,
            action="rate.set",
            object_type="deals.ExchangeRate",
            object_id=target,
            after={"per_usd": str(per_usd)},
            reason=f"{exc.code}: {exc.message}",
            succeeded=False,
        )
        raise
    return obj, changed


def rate_delete(*, actor: Any, rate: ExchangeRate) -> int:
    """Remove a rate; refused (missing_rate) if some deal would be left without one."""
    _organiser_only(actor, "rate.delete", str(rate.pk))
    before = {"currency": rate.currency, "valid_from": rate.valid_from, "per_usd": rate.per_usd}
    try:
        with transaction.atomic():
            edition = rate.edition
            pk = rate.pk
            rate.delete()
            changed = deals_recompute(edition=edition, currencies={before["currency"]})
            audit_record(
                actor=actor,
                action="rate.delete",
                object_type="deals.ExchangeRate",
                object_id=str(pk),
                before=before,
                after=None,
            )
    except DomainError as exc:
        audit_record(
            actor=actor,
            action="rate.delete",
            object_type="deals.ExchangeRate",
            object_id=str(rate.pk),
            before=before,
            reason=f"{exc.code}: {exc.message}",
            succeeded=False,
        )
        raise
    return changed


def edition_deals_recompute(*, actor: Any, edition: Edition) -> int:
    """Recompute every deal of the edition from the rate table (organisers; e.g. after rates
    were loaded in bulk). Refused (missing_rate) if a deal has no rate; returns how many deals
    changed figures."""
    _organiser_only(actor, "deals.recompute", str(edition.number))
    with transaction.atomic():
        changed = deals_recompute(edition=edition)
        audit_record(
            actor=actor, action="deals.recompute", obj=edition, after={"deals_recomputed": changed}
        )
    return changed


def deals_recompute(*, edition: Edition, currencies: set[str] | None = None) -> int:
    """Rewrite amount_usd/amount_cny of the edition's deals from the rate table.

    Only deals in `currencies` are touched, unless CNY is among them (every CNY figure
    depends on the CNY rate). Raises DealError('missing_rate') if a deal has no rate, so the
    caller's transaction rolls back. Only rows whose figures change are written."""
    book = rate_book(edition.pk)
    qs = Deal.objects.filter(edition=edition)
    if currencies is not None and "CNY" not in currencies:
        qs = qs.filter(currency__in=currencies)
    rows = qs.values_list("id", "amount", "currency", "signed_on", "amount_usd", "amount_cny")
    updates: list[tuple[int, Decimal, Decimal]] = []
    convert = book.convert
    for pk, amount, currency, on, old_usd, old_cny in rows.iterator(chunk_size=20_000):
        usd, cny = convert(amount, currency, on)
        if usd != old_usd or cny != old_cny:
            updates.append((pk, usd, cny))
    _bulk_write(updates)
    if updates:
        rollup_rebuild(edition_id=edition.pk)
    return len(updates)


def _bulk_write(updates: list[tuple[int, Decimal, Decimal]]) -> None:
    table = connection.ops.quote_name(Deal._meta.db_table)
    with connection.cursor() as cursor:
        for start in range(0, len(updates), BATCH):
            chunk = updates[start : start + BATCH]
            if connection.vendor == "postgresql":
                cursor.execute(
                    f"UPDATE {table} AS d SET amount_usd = v.usd, amount_cny = v.cny "
                    "FROM (SELECT unnest(%s::bigint[]) AS id, unnest(%s::numeric[]) AS usd, "
                    "unnest(%s::numeric[]) AS cny) AS v WHERE d.id = v.id",
                    [[u[0] for u in chunk], [u[1] for u in chunk], [u[2] for u in chunk]],
                )
            else:
                cursor.executemany(
                    f"UPDATE {table} SET amount_usd = %s, amount_cny = %s WHERE id = %s",
                    [(usd, cny, pk) for pk, usd, cny in chunk],
                )
