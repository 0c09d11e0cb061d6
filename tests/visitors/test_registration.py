"""Registration: individual sign-up and the delegation bulk import (dry run, all-or-nothing)."""

from __future__ import annotations

import io

import pytest
from openpyxl import Workbook

from openexpo.visitors.importfile import read_members
from openexpo.visitors.models import Visitor, VisitorIdentity
from openexpo.visitors.services import (
    Applicant,
    RegistrationError,
    delegation_members_import,
    visitor_register,
)
from tests.factories import DelegationFactory, UserFactory
from tests.visitors.conftest import PRC_OK


def _app(**kw) -> Applicant:
    base = dict(
        full_name="Li Wei", country="CN", doc_type="prc_id", doc_number=PRC_OK, consent=True
    )
    return Applicant(**{**base, **kw})


def test_register_stores_only_hash_and_last4(edition, countries):
    user = UserFactory(kind="buyer")
    v = visitor_register(edition=edition, user=user, applicant=_app())
    ident = VisitorIdentity.objects.get(visitor=v)
    assert (ident.doc_type, ident.id_last4, len(ident.id_hash)) == ("prc_id", "002X", 64)
    stored = [str(x) for x in VisitorIdentity.objects.values_list(flat=False).get(pk=ident.pk)]
    assert not any(PRC_OK in s for s in stored)
    assert v.status == Visitor.Status.APPROVED


def test_same_document_twice_refused(edition, countries):
    visitor_register(edition=edition, user=UserFactory(), applicant=_app())
    with pytest.raises(RegistrationError) as err:
        visitor_register(
            edition=edition, user=UserFactory(), applicant=_app(doc_number=PRC_OK.lower())
        )
    assert err.value.code == "duplicate_document"
    assert Visitor.objects.count() == 1


@pytest.mark.parametrize(
    ("kw", "code"),
    [
        ({"doc_number": "110105194912310021"}, "id_check_character"),
        ({"consent": False}, "consent_required"),
        ({"country": "XX"}, "unknown_country"),
        ({"doc_type": "passport", "doc_number": "123", "doc_country": "DE"}, "id_format"),
    ],
)
def test_register_refusals_have_codes(edition, countries, kw, code):
    with pytest.raises(RegistrationError) as err:
        visitor_register(edition=edition, user=UserFactory(), applicant=_app(**kw))
    assert err.value.code == code
    assert Visitor.objects.count() == 0


CSV = (
    "full_name,organisation,country,doc_type,doc_number,doc_country,consent\n"
    "Zhang San,Acme,CN,prc_id,11010519491231002X,,yes\n"
    "Hans Meyer,Bosch,DE,passport,C01X00T47,DE,yes\n"
    "Bad Check,Acme,CN,prc_id,110105194912310021,,yes\n"
    "Copy,Acme,CN,prc_id,11010519491231002x,,yes\n"
    "No Consent,Acme,DE,passport,C01X00T48,DE,no\n"
)


def test_import_reports_every_bad_row_and_writes_nothing(edition, countries):
    lead = UserFactory(kind="buyer")
    deleg = DelegationFactory(edition=edition, lead=lead)
    rows = read_members(CSV.encode(), "members.csv")
    report = delegation_members_import(delegation=deleg, actor=lead, rows=rows, dry_run=False)
    assert [(e.line, e.code) for e in report.errors] == [
        (4, "id_check_character"),
        (5, "duplicate_in_file"),
        (6, "consent_required"),
    ]
    assert (report.rows, report.valid, report.created) == (5, 2, 0)
    assert Visitor.objects.count() == 0


def test_import_xlsx_dry_run_then_commit(edition, countries):
    lead = UserFactory(kind="buyer")
    deleg = DelegationFactory(edition=edition, lead=lead)
    wb = Workbook()
    ws = wb.active
    for line in CSV.splitlines()[:3]:
        ws.append(line.split(","))
    buf = io.BytesIO()
    wb.save(buf)
    rows = read_members(buf.getvalue(), "members.xlsx")
    dry = delegation_members_import(delegation=deleg, actor=lead, rows=rows, dry_run=True)
    assert (dry.ok, dry.valid, dry.created, Visitor.objects.count()) == (True, 2, 0, 0)
    done = delegation_members_import(delegation=deleg, actor=lead, rows=rows, dry_run=False)
    assert (done.ok, done.created) == (True, 2)
    assert sorted(Visitor.objects.values_list("full_name", "delegation_id")) == [
        ("Hans Meyer", deleg.pk),
        ("Zhang San", deleg.pk),
    ]
    again = delegation_members_import(delegation=deleg, actor=lead, rows=rows, dry_run=False)
    assert [e.code for e in again.errors] == ["duplicate_document", "duplicate_document"]
