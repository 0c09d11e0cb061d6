"""The delegation member import through the API: bad rows named by line and field, nothing
registered on any error, CSV and XLSX alike, and a broken file is a 400, never a 500."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from openexpo.api.auth import token_issue
from openexpo.visitors.models import Visitor
from tests.factories import DelegationFactory, UserFactory

CSV = (
    "full_name,country,doc_type,doc_number,doc_country,consent\n"
    "Zhang San,CN,prc_id,11010519491231002X,,yes\n"
    "Hans Meyer,XX,passport,C01X00T47,DE,yes\n"
)
GOOD = CSV.replace(",XX,", ",DE,")


def _csv(text: str) -> bytes:
    return text.encode()


def _xlsx(text: str) -> bytes:
    book = Workbook()
    for line in text.splitlines():
        book.active.append(line.split(","))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@pytest.fixture
def post(client, edition, countries):
    lead = UserFactory(kind="buyer")
    delegation = DelegationFactory(edition=edition, lead=lead)

    def send(name: str, data: bytes, dry_run: bool = False):
        return client.post(
            f"/api/delegations/{delegation.pk}/members/import?dry_run={str(dry_run).lower()}",
            {"file": SimpleUploadedFile(name, data)},
            HTTP_AUTHORIZATION=f"Bearer {token_issue(user=lead)}",
        )

    return send


FORMATS = pytest.mark.parametrize(("name", "build"), [("m.csv", _csv), ("m.xlsx", _xlsx)])


@FORMATS
def test_bad_row_named_by_line_and_field_and_nobody_registered(post, name, build):
    response = post(name, build(CSV))
    assert response.status_code == 200
    body = response.json()
    assert (body["ok"], body["rows"], body["valid"], body["created"]) == (False, 2, 1, 0)
    assert body["errors"] == [
        {
            "line": 3,
            "field": "country",
            "code": "unknown_country",
            "reason": "Unknown country code.",
        }
    ]
    assert Visitor.objects.count() == 0


@FORMATS
def test_good_file_registers_everyone(post, name, build):
    dry = post(name, build(GOOD), dry_run=True)
    assert (dry.status_code, dry.json()["ok"], dry.json()["created"]) == (200, True, 0)
    assert Visitor.objects.count() == 0
    response = post(name, build(GOOD))
    assert (response.status_code, response.json()["created"]) == (200, 2)
    assert sorted(Visitor.objects.values_list("full_name", flat=True)) == [
        "Hans Meyer",
        "Zhang San",
    ]


@pytest.mark.parametrize(
    ("name", "data", "code"),
    [
        ("m.xlsx", _xlsx(CSV)[:300], "unreadable_file"),
        ("m.csv", b"", "empty_file"),
        ("m.csv", b"full_name,country\nA,CN\n", "missing_columns"),
    ],
)
def test_unreadable_file_is_a_400_about_the_file(post, name, data, code):
    response = post(name, data)
    assert (response.status_code, response.json()["code"], response.json()["field"]) == (
        400,
        code,
        "file",
    )
    assert Visitor.objects.count() == 0
