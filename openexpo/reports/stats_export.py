"""CSV and XLSX export of the statistics tables (suppressed cells stay empty), and a cache of
rendered files keyed by their content."""

from __future__ import annotations

import csv
import hashlib
import io
from collections.abc import Callable
from decimal import Decimal

from django.core.cache import cache
from django.utils.translation import get_language
from openpyxl import Workbook

from openexpo.reports.stats import Row, Table

HEADER = [
    "key",
    "label_en",
    "label_zh",
    "deals",
    "usd",
    "cny",
    "previous_deals",
    "previous_usd",
    "change_pct",
    "suppressed",
]


def _cells(row: Row) -> list:
    change = None if row.change is None else round(row.change * 100, 2)
    return [
        row.key,
        row.label_en,
        row.label_zh,
        row.n,
        row.usd,
        row.cny,
        row.prev_n,
        row.prev_usd,
        change,
        "yes" if row.suppressed else "",
    ]


def table_csv(table: Table) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(HEADER)
    for row in [*table.rows, table.total]:
        writer.writerow(["" if v is None else v for v in _cells(row)])
    return out.getvalue()


def tables_xlsx(tables: list[Table]) -> bytes:
    """One worksheet per table; money as numbers with two decimals."""
    book = Workbook()
    book.remove(book.active)
    for table in tables:
        sheet = book.create_sheet(title=table.key[:31])
        sheet.append([f"{table.title} — {table.edition.name_en}"])
        sheet.append(HEADER)
        for row in [*table.rows, table.total]:
            sheet.append([float(v) if isinstance(v, Decimal) else v for v in _cells(row)])
        for col in ("E", "F", "H"):
            for cell in sheet[col][2:]:
                cell.number_format = "#,##0.00"
        sheet.column_dimensions["B"].width = 40
        sheet.column_dimensions["C"].width = 30
    buf = io.BytesIO()
    book.save(buf)
    return buf.getvalue()


RENDER_CACHE_SECONDS = 3600


def fingerprint(tables: list[Table]) -> str:
    """A digest of everything a rendered file shows: the figures, labels, titles, editions and
    the language. Equal digests mean equal files, so a cached file is never stale."""
    parts: list = [get_language()]
    for t in tables:
        ed, prev = t.edition, t.previous
        parts.append(
            (t.key, str(t.title), t.kind, t.public, ed.pk, ed.name_en, ed.name_zh, ed.start_date)
        )
        parts.append((prev.pk, prev.start_date) if prev else None)
        parts.extend(
            (r.key, r.label_en, r.label_zh, r.n, r.usd, r.cny, r.prev_n, r.prev_usd, r.suppressed)
            for r in [*t.rows, t.total]
        )
    return hashlib.blake2b(repr(parts).encode(), digest_size=20).hexdigest()


def rendered(kind: str, tables: list[Table], render: Callable[[], bytes]) -> bytes:
    """`render()`, or the same bytes from the cache when the tables are the same. The tables
    are always computed afresh (from the roll-up), so a new deal or rate shows at once; only
    the costly drawing of the XLSX or PDF is skipped for figures already drawn."""
    key = f"openexpo:stats:{kind}:{fingerprint(tables)}"
    data = cache.get(key)
    if data is None:
        data = render()
        cache.set(key, data, RENDER_CACHE_SECONDS)
    return data
