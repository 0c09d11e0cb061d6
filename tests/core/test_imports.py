"""The shared import reader: CSV and XLSX give the same numbered rows; bad files are named
errors (never an unhandled exception); bad rows keep nothing written."""

from __future__ import annotations

import io
import zipfile

import pytest
from openpyxl import Workbook

from openexpo.core import imports
from openexpo.core.imports import (
    FirstSeen,
    ImportFileError,
    RowError,
    apply_all_or_nothing,
    cell_text,
    read_table,
    read_tables,
    required_errors,
)
from openexpo.core.models import Country
from tests.factories import CountryFactory

CSV = b'Name,Country,Note\nAda,CN,\n,,\nBo,DE,"two\nlines"\nCy,FR,x\n'


def xlsx(*sheets: tuple[str, list[list[object]]]) -> bytes:
    book = Workbook()
    book.remove(book.active)
    for title, rows in sheets:
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def broken_sheet_xlsx() -> bytes:
    """A real workbook whose sheet XML is cut short: openpyxl only notices while reading rows."""
    good = zipfile.ZipFile(io.BytesIO(xlsx(("s", [["name"], ["A"]]))))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as dst:
        for item in good.infolist():
            data = good.read(item.filename)
            if item.filename.startswith("xl/worksheets/"):
                data = b"<worksheet><sheetData><row r='1'><c r='A1' t='s'><v>0"
            dst.writestr(item, data)
    return out.getvalue()


def test_csv_rows_are_numbered_by_line_blank_rows_skipped_headers_lowered():
    table = read_table(CSV, "people.csv", required=["name", "country"])
    assert table.columns == ["name", "country", "note"]
    assert table.rows == [
        (2, {"name": "Ada", "country": "CN", "note": ""}),
        (4, {"name": "Bo", "country": "DE", "note": "two\nlines"}),  # first line of the record
        (6, {"name": "Cy", "country": "FR", "note": "x"}),
    ]


def test_xlsx_gives_the_same_rows_as_csv():
    data = xlsx(
        ("people", [["Name", "Country", "Note"], ["Ada", "CN"], [None, None], ["Bo", "DE", 2.0]])
    )
    table = read_table(data, "people.xlsx", columns=["name", "country", "note"])
    assert (table.title, table.rows) == (
        "people",
        [
            (2, {"name": "Ada", "country": "CN", "note": ""}),
            (4, {"name": "Bo", "country": "DE", "note": "2"}),
        ],
    )


def test_columns_keep_only_the_known_ones():
    table = read_table(CSV, "p.csv", columns=["country", "size"])
    assert table.rows[0] == (2, {"country": "CN"})


def test_workbook_values_kept_when_asked_and_every_sheet_read():
    tables = read_tables(xlsx(("a", [["n"], [3]]), ("b", [["when"], [True]])), "w.xlsx", text=False)
    assert [(t.title, t.rows) for t in tables] == [
        ("a", [(2, {"n": 3})]),
        ("b", [(2, {"when": True})]),
    ]


@pytest.mark.parametrize(
    ("data", "name", "kind", "words"),
    [
        (b"", "x.csv", "empty_file", "empty"),
        (b"  \n", "x.csv", "empty_file", "empty"),
        (b"name\nA\n", "x.csv", "missing_columns", "missing: country"),
        ("name,country\nÄ,DE\n".encode("latin-1"), "x.csv", "unreadable_file", "UTF-8"),
        (b"name,country\x00\n", "x.csv", "unreadable_file", "not a CSV"),
        (b"name,country\n" + b"a" * 200_000, "x.csv", "unreadable_file", "Malformed CSV"),
        (b"PK\x03\x04garbage", "x.xlsx", "unreadable_file", "not a readable XLSX"),
        (b"just text", "x.xlsx", "unreadable_file", "not a readable XLSX"),
        (broken_sheet_xlsx(), "x.xlsx", "unreadable_file", "not a readable XLSX"),
    ],
)
def test_bad_files_are_named_errors_about_the_file(data, name, kind, words):
    with pytest.raises(ImportFileError) as err:
        read_table(data, name, required=["name", "country"])
    assert (err.value.code, err.value.field) == (kind, "file")
    assert words in err.value.message
    with pytest.raises(ImportFileError) as err:
        read_table(data, name, required=["name", "country"], code="invalid")
    assert err.value.code == "invalid"


def test_size_and_row_limits(monkeypatch):
    monkeypatch.setattr(imports, "MAX_ROWS", 2)
    read_table(b"n\n1\n\n2\n", "x.csv")  # blank rows do not count
    with pytest.raises(ImportFileError) as err:
        read_table(b"n\n1\n2\n3\n", "x.csv")
    assert (err.value.code, err.value.message) == ("too_many_rows", "At most 2 rows per file.")
    monkeypatch.setattr(imports, "MAX_BYTES", 7)
    with pytest.raises(ImportFileError) as err:
        read_table(b"n\n1\n2\n3\n", "x.csv")
    assert err.value.code == "file_too_large"


@pytest.mark.parametrize(
    ("value", "text"),
    [(None, ""), (True, "yes"), (False, ""), (36.0, "36"), (2.5, "2.5"), (7, "7"), (" a ", "a")],
)
def test_cell_text(value, text):
    assert cell_text(value) == text


def test_first_seen_names_the_earlier_line():
    seen = FirstSeen()
    assert [seen.earlier(k, line) for line, k in [(2, "a"), (3, "b"), (4, "a"), (5, "a")]] == [
        None,
        None,
        2,
        2,
    ]
    assert seen == {"a": 2, "b": 3}


def test_required_errors_and_how_a_row_error_reads():
    errors = required_errors([(2, {"a": "x", "b": " "}), (3, {"a": 0.0})], ["a", "b"], sheet="s")
    assert [(e.line, e.field, e.code) for e in errors] == [
        (2, "b", "required"),
        (3, "b", "required"),
    ]
    assert str(errors[0]) == "s row 2, b: required"
    assert str(RowError(7, "email", "bad")) == "line 7, email: bad"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("errors", "dry_run", "kept"),
    [([], False, True), ([], True, False), ([RowError(2, "x", "bad")], False, False)],
)
def test_writes_are_kept_only_without_errors_and_outside_a_dry_run(errors, dry_run, kept):
    def write() -> list[RowError]:
        CountryFactory(code="DE")
        return errors

    assert apply_all_or_nothing(write, dry_run=dry_run) is kept
    assert Country.objects.filter(code="DE").exists() is kept
