"""Read and write the companies-and-applications sheet as CSV or XLSX (no database)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence

from openexpo.core.imports import read_table

COLUMNS = [
    "name_en",
    "name_zh",
    "country",
    "size_class",
    "email",
    "website",
    "area",
    "booth_type",
    "area_m2",
    "pavilion",
    "plans_en",
    "plans_zh",
    "status",
    "free_ldc_booth",
]
REQUIRED = ["name_en", "country", "email", "area", "booth_type", "area_m2"]
Row = tuple[int, dict[str, str]]  # (line number in the file, column -> text)


def read_sheet(data: bytes, filename: str = "") -> list[Row]:
    """Parse a CSV (UTF-8) or XLSX file into numbered rows; DomainError("file") if malformed."""
    return read_table(data, filename, required=REQUIRED, columns=COLUMNS, code="invalid").rows


def write_csv(rows: Iterable[Sequence[str]]) -> bytes:
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    writer.writerows(rows)
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def write_xlsx(rows: Iterable[Sequence[str]]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    book = Workbook(write_only=True)
    sheet = book.create_sheet("applications")
    sheet.append(COLUMNS)
    for row in rows:
        cells = []
        for value in row:
            cell = WriteOnlyCell(sheet, value=int(value) if str(value).isdigit() else value)
            if isinstance(value, str) and value.startswith("="):
                cell.data_type = "s"  # text, never a formula
            cells.append(cell)
        sheet.append(cells)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
