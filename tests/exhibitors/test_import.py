"""Bulk import from CSV/XLSX: dry run with line-numbered errors, all-or-nothing, round trip."""

from __future__ import annotations

import io

import pytest
from openpyxl import Workbook, load_workbook

from openexpo.core.errors import DomainError, PermissionDenied
from openexpo.core.models import AuditEntry, Edition
from openexpo.exhibitors.importing import (
    ImportInvalid,
    applications_export,
    applications_import,
    import_plan,
)
from openexpo.exhibitors.models import Company, Participation, ParticipationTransition
from openexpo.exhibitors.tabular import COLUMNS, read_sheet
from tests.factories import AreaFactory, CountryFactory, EditionFactory

HEADER = ",".join(COLUMNS)
GOOD = [
    "Alpha Medical GmbH,阿尔法医疗,DE,leader,a@alpha.example,https://alpha.example,medical,raw,108,,MRI,磁共振,submitted,",
    "Addis Coffee,亚的斯咖啡,ET,sme,c@addis.example,,food,standard,9,ET,Coffee,咖啡,approved,yes",
]


def csv_bytes(*lines: str) -> bytes:
    return ("\n".join([HEADER, *lines]) + "\n").encode()


@pytest.fixture
def setup(edition, area, food_area, ethiopia, organiser):
    CountryFactory()  # Germany
    Edition.objects.filter(pk=edition.pk).update(ldc_free_booth_quota=1)
    edition.refresh_from_db()
    return edition


def test_imported_approved_companies_are_in_the_directory_search(setup, organiser):
    from openexpo.catalogue import search

    applications_import(actor=organiser, edition=setup, rows=read_sheet(csv_bytes(*GOOD)))
    addis = Participation.objects.get(company__name_en="Addis Coffee")
    query = search.SearchQuery(kind="company", edition_id=setup.pk)
    assert search.search(query).ids == [addis.pk]  # Alpha's application is only submitted
    query = search.SearchQuery(text="亚的斯", kind="company", edition_id=setup.pk)
    assert search.search(query).ids == [addis.pk]


def test_dry_run_then_import(setup, organiser):
    rows = read_sheet(csv_bytes(*GOOD), "partners.csv")
    plan = import_plan(edition=setup, rows=rows)
    assert plan.errors == []
    assert (plan.new_companies, plan.existing_companies, len(plan.applications)) == (2, 0, 2)
    assert Company.objects.count() == 0  # a dry run writes nothing
    applications_import(actor=organiser, edition=setup, rows=rows, source="partners.csv")
    parts = {p.company.name_en: p for p in Participation.objects.select_related("company", "area")}
    alpha, addis = parts["Alpha Medical GmbH"], parts["Addis Coffee"]
    assert (alpha.area.code, alpha.booth_type, alpha.area_requested_m2, alpha.status) == (
        "medical",
        "raw",
        108,
        "submitted",
    )
    assert (addis.company.country_id, addis.pavilion_id, addis.free_ldc_booth, addis.status) == (
        "ET",
        "ET",
        True,
        "approved",
    )
    assert alpha.company.name_zh == "阿尔法医疗" and alpha.plans_zh == "磁共振"
    assert ParticipationTransition.objects.filter(reason="Imported from partners.csv.").count() == 2
    audit = AuditEntry.objects.get(action="participation.import")
    assert (audit.object_id, audit.after["applications"], audit.after["new_companies"]) == (
        str(setup.pk),
        2,
        2,
    )
    assert sorted(audit.after["participation_ids"]) == sorted(p.pk for p in parts.values())


BAD_CASES = [
    ("Zeta,,XX,sme,z@z.example,,medical,raw,36,,,,,", "country", "Unknown country code: XX."),
    ("Zeta,,DE,sme,z@z.example,,nowhere,raw,36,,,,,", "area", "Unknown area code: nowhere."),
    ("Zeta,,DE,sme,z@z.example,,medical,booth,36,,,,,", "booth_type", "Bad booth type: booth"),
    ("Zeta,,DE,sme,z@z.example,,medical,raw,30,,,,,", "area_m2", "Raw space is at least 36 m²"),
    ("Zeta,,DE,sme,z@z.example,,medical,standard,10,,,,,", "area_m2", "multiple of 9"),
    ("Zeta,,DE,sme,z@z.example,,medical,raw,lots,,,,,", "area_m2", "whole number"),
    (",,DE,sme,z@z.example,,medical,raw,36,,,,,", "name_en", "English name is missing"),
    (
        "Zeta,,DE,sme,not-mail,,medical,raw,36,,,,,",
        "email",
        "Not a valid e-mail address: not-mail.",
    ),
    ("Zeta,,DE,huge,z@z.example,,medical,raw,36,,,,,", "size_class", "Unknown company size"),
    ("Zeta,,DE,sme,z@z.example,,medical,raw,36,,,,done,", "status", "Unknown status: done."),
    (
        "Zeta,,DE,sme,z@z.example,,medical,standard,9,,,,approved,yes",
        "free_ldc_booth",
        "least-developed countries only",
    ),
    ("Zeta,,DE,sme,z@z.example,,medical,raw,36,QQ,,,,", "pavilion", "Unknown pavilion"),
]


@pytest.mark.parametrize(("line", "column", "words"), BAD_CASES)
def test_every_bad_row_reported_with_line_and_nothing_imported(
    setup, organiser, line, column, words
):
    rows = read_sheet(csv_bytes(GOOD[0], line, GOOD[1]))
    plan = import_plan(edition=setup, rows=rows)
    assert [(e.line, e.field) for e in plan.errors] == [(3, column)]
    assert words in plan.errors[0].message
    with pytest.raises(ImportInvalid) as err:
        applications_import(actor=organiser, edition=setup, rows=rows)
    assert err.value.as_dict()["errors"][0]["line"] == 3
    assert (Company.objects.count(), Participation.objects.count()) == (0, 0)


def test_duplicates_capacity_quota_and_all_errors_at_once(setup, organiser, small_area):
    lines = [
        *GOOD,
        "alpha medical gmbh,,DE,sme,x@alpha.example,,medical,raw,36,,,,,",  # duplicate (case)
        "Huge Co,,DE,sme,h@huge.example,,innovation,raw,600,,,,,",  # zone holds 500
        "Nile Tea,,ET,sme,n@nile.example,,food,standard,9,,,,approved,yes",  # quota 1 used
        ",,XX,sme,bad,,nowhere,raw,1,,,,,",  # four problems on one line
    ]
    plan = import_plan(edition=setup, rows=read_sheet(csv_bytes(*lines)))
    assert [(e.line, e.field) for e in plan.errors] == [
        (4, "name_en"),
        (5, "area_m2"),
        (6, "free_ldc_booth"),
        (7, "name_en"),
        (7, "country"),
        (7, "email"),
        (7, "area"),
        (7, "area_m2"),
    ]
    assert "first on line 2" in plan.errors[0].message
    assert "500 m²" in plan.errors[1].message


def test_company_already_applied_is_refused_existing_company_reused(
    setup, organiser, company_a, area
):
    company_a.name_en = "Alpha Medical GmbH"
    company_a.save()
    plan = import_plan(edition=setup, rows=read_sheet(csv_bytes(GOOD[0])))
    assert (plan.new_companies, plan.existing_companies) == (0, 1)
    applications_import(actor=organiser, edition=setup, rows=read_sheet(csv_bytes(GOOD[0])))
    assert Company.objects.count() == 1
    again = import_plan(edition=setup, rows=read_sheet(csv_bytes(GOOD[0])))
    assert "already applied" in again.errors[0].message


@pytest.mark.parametrize(
    ("data", "name", "words"),
    [
        (b"", "x.csv", "empty"),
        (b"name_en,country\nA,DE\n", "x.csv", "missing: email, area, booth_type, area_m2"),
        ("\ufeffname_en\n".encode("utf-16"), "x.csv", "UTF-8"),
        (b"PK\x03\x04garbage", "x.xlsx", "not a readable XLSX"),
        (b'name_en,"country\n', "x.csv", ""),
    ],
)
def test_malformed_files(data, name, words):
    with pytest.raises(DomainError) as err:
        read_sheet(data, name)
    assert err.value.field == "file"
    assert words in err.value.message


def test_only_organisers_import_and_export(setup, exhibitor_a):
    with pytest.raises(PermissionDenied):
        applications_import(actor=exhibitor_a, edition=setup, rows=read_sheet(csv_bytes(*GOOD)))
    with pytest.raises(PermissionDenied):
        applications_export(actor=exhibitor_a, edition=setup, fmt="csv")
    assert list(Company.objects.values_list("name_en", flat=True)) == ["Alpha Medical GmbH"]


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_export_then_import_gives_the_same_data(setup, organiser, fmt):
    applications_import(actor=organiser, edition=setup, rows=read_sheet(csv_bytes(*GOOD)))
    first = applications_export(actor=organiser, edition=setup, fmt=fmt)
    other = EditionFactory(number=7, ldc_free_booth_quota=5)
    for code in ("medical", "food"):
        AreaFactory(edition=other, code=code)
    rows = read_sheet(first, f"export.{fmt}")
    Company.objects.all().delete()  # the re-import creates them again
    applications_import(actor=organiser, edition=other, rows=rows)
    second = applications_export(actor=organiser, edition=other, fmt=fmt)
    assert _cells(first, fmt) == _cells(second, fmt)
    assert len(_cells(first, fmt)) == 3


def _cells(data: bytes, fmt: str) -> list[list[str]]:
    if fmt == "csv":
        return [line.split(",") for line in data.decode("utf-8-sig").splitlines()]
    sheet = load_workbook(io.BytesIO(data), read_only=True).worksheets[0]
    return [[str(v or "") for v in row] for row in sheet.iter_rows(values_only=True)]


def test_xlsx_formula_text_stays_text(setup, organiser):
    book = Workbook()
    sheet = book.active
    sheet.append(COLUMNS)
    sheet.append(
        ["=1+1", "", "DE", "sme", "f@f.example", "", "medical", "raw", 36, "", "", "", "", ""]
    )
    sheet["A2"].data_type = "s"  # a name that looks like a formula, typed as text
    out = io.BytesIO()
    book.save(out)
    rows = read_sheet(out.getvalue(), "f.xlsx")
    assert import_plan(edition=setup, rows=rows).errors == []
    assert rows[0][0] == 2 and rows[0][1]["area_m2"] == "36"
    applications_import(actor=organiser, edition=setup, rows=rows)
    exported = applications_export(actor=organiser, edition=setup, fmt="xlsx")
    cell = load_workbook(io.BytesIO(exported)).worksheets[0]["A2"]
    assert (cell.value, cell.data_type) == ("=1+1", "s")


def test_3400_rows_import_in_a_few_seconds(setup, organiser):
    countries = ["DE", "ET", "FR", "JP"]
    for code in countries[2:]:
        CountryFactory(code=code, alpha3=code + "X", name_en=code)
    lines = [
        f"Company {i},公司{i},{countries[i % 4]},sme,c{i}@example.org,,"
        f"{'medical' if i % 2 else 'food'},{'raw' if i % 3 else 'standard'},{72 if i % 3 else 18},,"
        f"Plans {i},计划{i},submitted,"
        for i in range(3400)
    ]
    data = csv_bytes(*lines)
    rows = read_sheet(data, "big.csv")
    applications_import(actor=organiser, edition=setup, rows=rows)
    # Speed is measured by bench/applications_import.py, not asserted here (noisy machines).
    assert Participation.objects.filter(edition=setup).count() == 3400
    assert ParticipationTransition.objects.count() == 3400


def _xlsx(*rows: list[object]) -> bytes:
    book = Workbook()
    for row in [COLUMNS, *rows]:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_xlsx_bad_row_named_by_row_and_column_and_nothing_imported(setup, organiser):
    good = GOOD[0].split(",")
    bad = [*good[:2], "XX", *good[3:]]
    rows = read_sheet(_xlsx(good, [], bad), "partners.xlsx")
    with pytest.raises(ImportInvalid) as err:
        applications_import(actor=organiser, edition=setup, rows=rows)
    assert [(e.line, e.field) for e in err.value.errors] == [(4, "country")]
    assert (Company.objects.count(), Participation.objects.count()) == (0, 0)


def test_api_broken_xlsx_is_a_400_about_the_file(client, setup, organiser):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from openexpo.api.auth import token_issue

    data = _xlsx(GOOD[0].split(","))
    data = data[: len(data) // 2]  # cut short: not a readable zip any more
    response = client.post(
        "/api/applications/import?edition=6&dry_run=false",
        {"file": SimpleUploadedFile("p.xlsx", data)},
        HTTP_AUTHORIZATION=f"Bearer {token_issue(user=organiser)}",
    )
    assert (response.status_code, response.json()["code"], response.json()["field"]) == (
        400,
        "invalid",
        "file",
    )
    assert Company.objects.count() == 0
