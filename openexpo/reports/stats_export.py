"""CSV and XLSX export of the statistics tables (suppressed cells stay empty)."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

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
