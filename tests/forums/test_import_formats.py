"""The programme import from CSV (a `sheet` column) and XLSX: bad rows named by sheet, row
and field, nothing applied on any error, and a broken file is a 400, never a 500."""

from __future__ import annotations

import base64
import csv
import io

import pytest
from openpyxl import Workbook

from openexpo.forums.models import Room, Session
from tests.forums.test_pages_api import PROGRAMME

COLUMNS = sorted({k for rows in PROGRAMME.values() for r in rows for k in r})


def as_csv(programme: dict) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["sheet", *COLUMNS])
    for sheet, rows in programme.items():
        for row in rows:
            writer.writerow([sheet, *(row.get(k, "") for k in COLUMNS)])
    return out.getvalue().encode()


def as_xlsx(programme: dict) -> bytes:
    book = Workbook()
    book.remove(book.active)
    for sheet, rows in programme.items():
        ws = book.create_sheet(sheet)
        ws.append(COLUMNS)
        for row in rows:
            ws.append([row.get(k) for k in COLUMNS])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


FORMATS = pytest.mark.parametrize(("filename", "build"), [("p.csv", as_csv), ("p.xlsx", as_xlsx)])


@pytest.fixture
def send(client, organiser, edition):
    client.force_login(organiser)

    def post(filename: str, data: bytes, **kw):
        body = {"filename": filename, "content_base64": base64.b64encode(data).decode(), **kw}
        return client.post(
            f"/api/forum/{edition.number}/import", body, content_type="application/json"
        )

    return post


@FORMATS
def test_dry_run_then_apply(send, filename, build):
    dry = send(filename, build(PROGRAMME))
    assert (dry.status_code, dry.json()["applied"], dry.json()["counts"]) == (
        200,
        False,
        {"rooms": 1, "speakers": 1, "subforums": 1, "sessions": 2},
    )
    assert Session.objects.count() == 0
    done = send(filename, build(PROGRAMME), dry_run=False)
    assert (done.status_code, done.json()["applied"]) == (200, True)
    s2 = Session.objects.get(code="s2")
    assert (s2.capacity, s2.access, s2.starts_at.isoformat()) == (
        30,
        "invitation",
        "2023-11-06T03:00:00+00:00",
    )


@FORMATS
def test_bad_rows_named_by_sheet_row_and_field_and_nothing_applied(send, filename, build):
    bad = {sheet: [dict(r) for r in rows] for sheet, rows in PROGRAMME.items()}
    bad["sessions"][1]["room"] = "nowhere"
    bad["rooms"].append({"code": "r2", "name_en": "Two", "capacity": 0})
    response = send(filename, build(bad), dry_run=False)
    assert response.status_code == 400
    # CSV rows are numbered by line in the one file, XLSX rows by row in their own sheet
    where = {"p.csv": [3, 7], "p.xlsx": [3, 3]}[filename]
    assert [(e["sheet"], e["row"], e["field"]) for e in response.json()["errors"]] == [
        ("rooms", where[0], "capacity"),
        ("sessions", where[1], "room"),
    ]
    assert (Room.objects.count(), Session.objects.count()) == (0, 0)


def test_csv_row_of_no_known_sheet_is_named(send):
    data = as_csv(PROGRAMME).replace(b"\nspeakers,", b"\nspeaker,")
    response = send("p.csv", data, dry_run=False)
    assert (response.status_code, response.json()["code"], response.json()["field"]) == (
        400,
        "import_unreadable",
        "sheet",
    )
    assert "Line 3" in response.json()["detail"]
    assert Room.objects.count() == 0


@pytest.mark.parametrize(
    ("filename", "data"),
    [("p.xlsx", as_xlsx(PROGRAMME)[:400]), ("p.csv", b"code,name_en\nr1,One\n")],
)
def test_broken_file_is_a_400(send, filename, data):
    response = send(filename, data, dry_run=False)
    assert (response.status_code, response.json()["code"]) == (400, "import_unreadable")
    assert Room.objects.count() == 0
