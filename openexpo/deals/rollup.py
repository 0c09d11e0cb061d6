"""The per-edition roll-up of confirmed deals that the statistics read (DealRollup).

Two ways in, and nothing else writes the table:
- `rollup_add(deal, sign)` / `rollup_apply(deltas)`: a deal starts (+1) or stops (-1)
  counting, or moves (its old rows -1, its new rows +1, in one sorted write). The deal
  services call them inside their transaction, so a confirmed deal is in the figures the
  moment it commits.
- `rollup_rebuild(edition_id)`: the edition's rows again from its deals, in one statement per
  dimension. Called after a rate change rewrites the deals' US$/CNY figures, by the demo after
  its bulk insert, and by `manage.py deals_rollup`.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db import connection, transaction

from openexpo.deals.models import Deal, DealRollup

# dimension -> the Deal column it sums by
DIMENSIONS = {
    "exhibitor": "exhibitor_id",
    "delegation": "delegation_id",
    "day": "signed_on",
    "currency": "currency",
    "hs_section": "hs_section",
    "hs_chapter": "hs_chapter",
    "buyer": "buyer_organisation",
}
COLUMNS = 'edition_id, dimension, kind, "key", exhibitor_id, n, usd_cents, cny_cents'
# how each dimension's text key is read back
PARSE = {
    "exhibitor": int,
    "delegation": lambda key: int(key) if key else None,
    "day": dt.date.fromisoformat,
}


def key_of(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def cents(value: Decimal | None) -> int:
    return int((Decimal(value or 0) * 100).to_integral_value())


def _table() -> str:
    return connection.ops.quote_name(DealRollup._meta.db_table)


Delta = tuple[int, str, str, str, int | None, int, int, int]  # a row's key, then n, usd, cny


def rollup_delta(deal: Deal, sign: int = 1) -> list[Delta]:
    """What one deal adds (sign=1) to or takes away (sign=-1) from the roll-up: a row per
    dimension, or nothing unless the deal is confirmed."""
    if deal.status != Deal.Status.CONFIRMED:
        return []
    usd, cny = sign * cents(deal.amount_usd), sign * cents(deal.amount_cny)
    return [
        (
            deal.edition_id,
            dim,
            deal.kind,
            key_of(getattr(deal, col)),
            deal.exhibitor_id if dim == "exhibitor" else None,
            sign,
            usd,
            cny,
        )
        for dim, col in DIMENSIONS.items()
    ]


def rollup_apply(deltas: list[Delta]) -> None:
    """Add deltas to the roll-up, inside the transaction that changes the deals. Deltas for the
    same row are summed first and rows are written in one global order, so two writers never
    wait for each other's rows in opposite orders (no deadlock on PostgreSQL)."""
    merged: dict[tuple, list[int]] = {}
    for *key, n, usd, cny in deltas:
        cell = merged.setdefault(tuple(key), [0, 0, 0])
        cell[0], cell[1], cell[2] = cell[0] + n, cell[1] + usd, cell[2] + cny
    rows = [(*key, *f) for key, f in sorted(merged.items(), key=lambda kv: kv[0][:4]) if any(f)]
    if not rows:
        return
    table = _table()
    with connection.cursor() as cursor:
        cursor.executemany(
            f"INSERT INTO {table} ({COLUMNS}) "
            "VALUES (%s, %s, %s, %s, %s, %s, %s, %s) "
            'ON CONFLICT (edition_id, dimension, kind, "key") DO UPDATE SET '
            f"n = {table}.n + excluded.n, "
            f"usd_cents = {table}.usd_cents + excluded.usd_cents, "
            f"cny_cents = {table}.cny_cents + excluded.cny_cents",
            rows,
        )


def rollup_add(deal: Deal, sign: int = 1) -> None:
    """Add (sign=1) or take away (sign=-1) one deal's figures; nothing unless it is confirmed.
    Run it inside the transaction that changes the deal."""
    rollup_apply(rollup_delta(deal, sign))


def _key_sql(dim: str, column: str) -> str:
    if dim == "day" and connection.vendor == "postgresql":
        return f"to_char({column}, 'YYYY-MM-DD')"  # ISO whatever the server's DateStyle
    if dim in {"exhibitor", "delegation", "day"}:
        return f"COALESCE(CAST({column} AS TEXT), '')"
    return column


def rollup_rebuild(*, edition_id: int) -> int:
    """Recompute one edition's roll-up from its confirmed deals; returns the number of rows."""
    table, deals = _table(), connection.ops.quote_name(Deal._meta.db_table)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {table} WHERE edition_id = %s", [edition_id])
        for dim, column in DIMENSIONS.items():
            cursor.execute(
                f"INSERT INTO {table} ({COLUMNS}) "
                f"SELECT edition_id, %s, kind, {_key_sql(dim, column)}, "
                f"{'exhibitor_id' if dim == 'exhibitor' else 'NULL'}, COUNT(*), "
                "SUM(CAST(ROUND(amount_usd * 100) AS BIGINT)), "
                "SUM(CAST(ROUND(amount_cny * 100) AS BIGINT)) "
                f"FROM {deals} WHERE edition_id = %s AND status = %s "
                f"GROUP BY edition_id, kind, {column}",
                [dim, edition_id, Deal.Status.CONFIRMED],
            )
        if connection.vendor == "postgresql":
            cursor.execute(f"ANALYZE {table}")  # fresh row estimates: hash joins, not loops
        cursor.execute(f"SELECT COUNT(*) FROM {table} WHERE edition_id = %s", [edition_id])
        return cursor.fetchone()[0]


def rollup_rows(
    *, edition_ids: list[int], dimension: str, kinds: list[str]
) -> dict[tuple[int, Any], tuple[int, int, int]]:
    """{(edition_id, value): (deals, usd_cents, cny_cents)} for one dimension, kinds summed,
    rows that no longer count left out (one query)."""
    parse = PARSE.get(dimension, str)
    out: dict[tuple[int, Any], tuple[int, int, int]] = {}
    rows = (
        DealRollup.objects.filter(edition_id__in=edition_ids, dimension=dimension, kind__in=kinds)
        .values_list("edition_id", "key", "n", "usd_cents", "cny_cents")
        .order_by()
    )
    for edition_id, key, n, usd, cny in rows:
        if not n:
            continue
        cell = (edition_id, parse(key))
        if cell in out:
            a, b, c = out[cell]
            out[cell] = (a + n, b + usd, c + cny)
        else:
            out[cell] = (n, usd, cny)
    return out


def rollup_live(
    *, edition_ids: list[int], dimension: str, kinds: list[str]
) -> dict[tuple[int, Any], tuple[int, int, int]]:
    """The same figures as `rollup_rows`, grouped from the deals themselves (for checks)."""
    column = DIMENSIONS[dimension]
    out: dict[tuple[int, Any], tuple[int, int, int]] = {}
    rows = Deal.objects.filter(
        edition_id__in=edition_ids, status=Deal.Status.CONFIRMED, kind__in=kinds
    ).values_list("edition_id", column, "amount_usd", "amount_cny")
    for edition_id, value, usd, cny in rows.iterator(chunk_size=20_000):
        cell = (edition_id, value)
        a, b, c = out.get(cell, (0, 0, 0))
        out[cell] = (a + 1, b + cents(usd), c + cents(cny))
    return out
