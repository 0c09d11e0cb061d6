"""Bulk imports from CSV or XLSX: numbered rows, bad rows named by line and field, all or none.

Each app keeps its own columns and rules (`exhibitors/importing.py`, `visitors/services.py`,
`forums/importer.py`); this module gives them one way to read an uploaded sheet (a malformed
file is an `ImportFileError` naming the file, never a 500), one record of a bad row
(`RowError`: sheet, line, field, message, code) and one all-or-nothing transaction.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from openexpo.core.errors import DomainError

MAX_BYTES = 10 * 1024 * 1024
MAX_ROWS = 20_000

Row = tuple[int, dict[str, Any]]  # (line or row number in the file, column -> value)


class ImportFileError(DomainError):
    """The file itself cannot be read; about `field="file"`. Its code says what is wrong
    (`FILE_CODES`) unless the caller asked for one code for every such problem."""

    def __init__(self, message: str, kind: str, code: str | None) -> None:
        super().__init__(message, code or kind, field="file")


FILE_CODES = ("file_too_large", "empty_file", "unreadable_file", "missing_columns", "too_many_rows")


@dataclass(frozen=True)
class Table:
    """One sheet: its title ("" for a CSV file), lower-cased column names and non-blank rows."""

    title: str
    columns: list[str]
    rows: list[Row]


@dataclass(frozen=True)
class RowError:
    """One problem with one row: where (sheet, line, field) and what (message, code)."""

    line: int
    field: str
    message: str
    code: str | None = None
    sheet: str = ""

    def __str__(self) -> str:
        where = f"{self.sheet} row {self.line}" if self.sheet else f"line {self.line}"
        return f"{where}, {self.field}: {self.message}"


class ImportRejected(DomainError):
    """Some rows are bad, so nothing was imported; `errors` names every bad row and field."""

    def __init__(
        self, errors: Sequence[RowError], *, field: str | None = "file", message: str = ""
    ) -> None:
        self.errors = list(errors)
        super().__init__(
            message or _("%(n)d bad rows: nothing was imported.") % {"n": bad_rows(self.errors)},
            "import_invalid",
            field=field,
        )


def bad_rows(errors: Iterable[RowError]) -> int:
    """How many distinct rows the errors are about."""
    return len({(e.sheet, e.line) for e in errors})


def cell_text(value: object) -> str:
    """A cell as text: empty for nothing, whole numbers without ".0", booleans as yes/empty."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def is_xlsx(data: bytes, filename: str) -> bool:
    return data[:2] == b"PK" or filename.lower().endswith(".xlsx")


def read_tables(
    data: bytes, filename: str = "", *, text: bool = True, code: str | None = None
) -> list[Table]:
    """Every sheet of an XLSX workbook, or a UTF-8 CSV file as one sheet.

    Cells are text (`cell_text`) unless `text=False` keeps the workbook's own values (numbers,
    datetimes). Blank rows are skipped but keep their numbers. Any problem with the file
    raises `ImportFileError` (with `code` for every problem, if given).
    """
    if len(data) > MAX_BYTES:
        raise ImportFileError(
            _("The file may be at most %(mb)d MB.") % {"mb": MAX_BYTES // 2**20},
            "file_too_large",
            code,
        )
    if not data.strip():
        raise ImportFileError(_("The file is empty."), "empty_file", code)
    if is_xlsx(data, filename):
        return _xlsx_tables(data, text=text, code=code)
    return [_csv_table(data, code=code)]


def read_table(
    data: bytes,
    filename: str = "",
    *,
    required: Sequence[str] = (),
    columns: Sequence[str] | None = None,
    code: str | None = None,
) -> Table:
    """The first sheet as text rows; its header must name every `required` column.

    With `columns`, each row keeps only those columns (a missing cell reads as "").
    """
    table = read_tables(data, filename, code=code)[0]
    missing = [c for c in required if c not in table.columns]
    if missing:
        raise ImportFileError(
            _("The file's first row must name the columns; missing: %(cols)s.")
            % {"cols": ", ".join(missing)},
            "missing_columns",
            code,
        )
    if columns is None:
        return table
    keep = [c for c in columns if c in table.columns]
    rows = [(line, {c: row.get(c, "") for c in keep}) for line, row in table.rows]
    return Table(table.title, table.columns, rows)


def _table(
    title: str,
    header: Sequence[object],
    body: Iterable[tuple[int, Sequence[object]]],
    *,
    text: bool,
    code: str | None,
) -> Table:
    names = [cell_text(h).lower() for h in header]
    rows: list[Row] = []
    for line, values in body:
        cells = [cell_text(v) if text else v for v in values]
        if not any(cell_text(v) for v in values):
            continue
        if len(rows) >= MAX_ROWS:
            raise ImportFileError(
                _("At most %(n)d rows per file.") % {"n": MAX_ROWS}, "too_many_rows", code
            )
        row = {
            name: (cells[i] if i < len(cells) else ("" if text else None))
            for i, name in enumerate(names)
            if name
        }
        rows.append((line, row))
    return Table(title, [n for n in names if n], rows)


def _csv_table(data: bytes, *, code: str | None) -> Table:
    try:
        content = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ImportFileError(_("A CSV file must be UTF-8 encoded."), "unreadable_file", code)
    if "\x00" in content:
        raise ImportFileError(_("This is not a CSV file."), "unreadable_file", code)
    reader = csv.reader(io.StringIO(content, newline=""))
    body = []
    try:
        header = next(reader, [])
        start = reader.line_num + 1
        for values in reader:
            body.append((start, values))  # a quoted cell may span lines: name the first
            start = reader.line_num + 1
    except csv.Error as exc:
        raise ImportFileError(
            _("Malformed CSV near line %(n)d: %(e)s") % {"n": reader.line_num, "e": exc},
            "unreadable_file",
            code,
        )
    return _table("", header, body, text=True, code=code)


def _xlsx_tables(data: bytes, *, text: bool, code: str) -> list[Table]:
    from openpyxl import load_workbook

    unreadable = ImportFileError(_("This is not a readable XLSX file."), "unreadable_file", code)
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # openpyxl and zipfile raise many kinds for a broken file
        raise unreadable
    try:
        tables = []
        for sheet in book.worksheets:
            rows = sheet.iter_rows(values_only=True)
            header = next(rows, ())
            body = list(enumerate(rows, start=2))
            tables.append(_table(sheet.title, header or (), body, text=text, code=code))
    except ImportFileError:
        raise
    except Exception:  # a sheet's XML is read lazily, so breakage may show only here
        raise unreadable
    finally:
        book.close()
    if not tables:
        raise ImportFileError(_("The file is empty."), "empty_file", code)
    return tables


class FirstSeen(dict):
    """Key -> the line it first appeared on, to name that line when a later row repeats it."""

    def earlier(self, key: object, line: int) -> int | None:
        """The line `key` was first seen on, or None (and `line` is remembered for it)."""
        first = self.setdefault(key, line)
        return None if first == line else first


def required_errors(
    rows: Iterable[Row], fields: Sequence[str], *, sheet: str = ""
) -> list[RowError]:
    """A "required" error for every empty required field of every row."""
    return [
        RowError(line, name, "required", "required", sheet)
        for line, row in rows
        for name in fields
        if not cell_text(row.get(name))
    ]


class _Undo(Exception):
    pass


def apply_all_or_nothing(write: Callable[[], Sequence[RowError]], *, dry_run: bool) -> bool:
    """Run `write` in one transaction; it returns the bad rows it met. Its writes are kept only
    when it met none and this is not a dry run: returns whether they were kept."""
    try:
        with transaction.atomic():
            if write() or dry_run:
                raise _Undo
    except _Undo:
        return False
    return True
