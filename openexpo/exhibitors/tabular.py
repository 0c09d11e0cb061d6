"""Read and write the companies-and-applications sheet as CSV or XLSX (no database)."""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterable, Sequence

from django.utils.translation import gettext as _

from openexpo.core.errors import DomainError

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
MAX_BYTES = 10 * 1024 * 1024
MAX_ROWS = 20_000

Row = tuple[int, dict[str, str]]  # (line number in the file, column -> text)


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, bool):
        return "yes" if value else ""
    return str(value).strip()


def _rows(header: Sequence[object], body: Iterable[tuple[int, Sequence[object]]]) -> list[Row]:
    names = [_text(h).lower() for h in header]
    missing = [c for c in REQUIRED if c not in names]
    if missing:
        raise DomainError(
            _("The file's first row must name the columns; missing: %(cols)s.")
            % {"cols": ", ".join(missing)},
            "invalid",
            field="file",
        )
    out: list[Row] = []
    for line, values in body:
        cells = [_text(v) for v in values]
        if not any(cells):
            continue
        if len(out) >= MAX_ROWS:
            raise DomainError(
                _("At most %(n)d rows per file.") % {"n": MAX_ROWS}, "invalid", field="file"
            )
        row = {
            name: (cells[i] if i < len(cells) else "")
            for i, name in enumerate(names)
            if name in COLUMNS
        }
        out.append((line, row))
    return out


def read_sheet(data: bytes, filename: str = "") -> list[Row]:
    """Parse a CSV (UTF-8) or XLSX file into numbered rows; DomainError("file") if malformed."""
    if len(data) > MAX_BYTES:
        raise DomainError(
            _("The file may be at most %(mb)d MB.") % {"mb": MAX_BYTES // 2**20},
            "invalid",
            field="file",
        )
    if not data.strip():
        raise DomainError(_("The file is empty."), "invalid", field="file")
    if data[:2] == b"PK" or filename.lower().endswith(".xlsx"):
        return _read_xlsx(data)
    return _read_csv(data)


def _read_csv(data: bytes) -> list[Row]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise DomainError(_("A CSV file must be UTF-8 encoded."), "invalid", field="file")
    if "\x00" in text:
        raise DomainError(_("This is not a CSV file."), "invalid", field="file")
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader, [])
        body = []
        for values in reader:
            body.append((reader.line_num, values))
    except csv.Error as exc:
        raise DomainError(
            _("Malformed CSV near line %(n)d: %(e)s") % {"n": reader.line_num, "e": exc},
            "invalid",
            field="file",
        )
    return _rows(header, body)


def _read_xlsx(data: bytes) -> list[Row]:
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, TypeError):
        raise DomainError(_("This is not a readable XLSX file."), "invalid", field="file")
    try:
        sheet = book.worksheets[0]
        rows = sheet.iter_rows(values_only=True)
        header = next(rows, ())
        body = [(n, values) for n, values in enumerate(rows, start=2)]
    finally:
        book.close()
    return _rows(header or (), body)


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
