"""API operations added for issue 9: company sign-up, company logo, reopening an application and
the LDC free-booth grant. Each: the happy path, a refusal that changes nothing, bad input."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from openexpo.core.models import AuditEntry, User
from openexpo.exhibitors.models import Company, ExhibitorStaff, Participation
from tests.api_auth import bearer
from tests.factories import CompanyFactory, CountryFactory, ParticipationFactory

S = Participation.Status


def png(name: str = "logo.png") -> io.BytesIO:
    out = io.BytesIO()
    Image.new("RGB", (120, 60), "navy").save(out, "PNG")
    out.seek(0)
    out.name = name
    return out


# --- sign-up ------------------------------------------------------------------------------


def signup_body(**kw) -> dict:
    return {
        "username": "newco",
        "email": "sales@newco.example",
        "password": "a long enough passphrase 42",
        "name_en": "NewCo Instruments",
        "country": "de",
    } | kw


def test_signup_creates_company_user_and_staff_link(client, db):
    CountryFactory()
    response = client.post(
        "/api/companies",
        signup_body(),
        content_type="application/json",
        HTTP_ACCEPT_LANGUAGE="zh-hans",
    )
    assert response.status_code == 201
    staff = ExhibitorStaff.objects.select_related("company", "user").get()
    assert response.json() == {
        "company_id": staff.company_id,
        "user_id": staff.user_id,
        "username": "newco",
    }
    assert (
        staff.company.name_en,
        staff.company.country_id,
        staff.user.kind,
        staff.user.preferred_language,
    ) == ("NewCo Instruments", "DE", User.Kind.EXHIBITOR, "zh-hans")


def test_signup_with_a_taken_name_changes_nothing(client, db, exhibitor_a):
    CountryFactory()
    companies = Company.objects.count()
    response = client.post(
        "/api/companies",
        signup_body(username="ALICE"),
        content_type="application/json",
    )
    assert (response.status_code, response.json()["code"], response.json()["field"]) == (
        400,
        "username_taken",
        "username",
    )
    assert (Company.objects.count(), User.objects.count()) == (companies, 1)


@pytest.mark.parametrize(
    ("change", "status", "field"),
    [
        ({"email": "not-an-address"}, 400, "email"),
        ({"country": "ZZ"}, 400, "country"),
        ({"size_class": "giant"}, 400, "size_class"),
        ({"name_en": 5}, 422, "name_en"),
    ],
)
def test_signup_bad_input_names_the_field(client, db, change, status, field):
    CountryFactory()
    response = client.post("/api/companies", signup_body(**change), content_type="application/json")
    assert (response.status_code, response.json()["field"]) == (status, field)
    assert Company.objects.count() == 0


# --- logo ---------------------------------------------------------------------------------


def test_staff_sets_own_company_logo(client, exhibitor_a, company_a, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    response = client.post(
        f"/api/companies/{company_a.pk}/logo", {"logo": png()}, **bearer(exhibitor_a)
    )
    company_a.refresh_from_db()
    assert response.status_code == 200
    assert response.json() == {"company_id": company_a.pk, "logo": company_a.logo.url}
    assert company_a.logo.name.endswith(".png")


def test_other_company_cannot_set_the_logo(client, exhibitor_b, company_a, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    response = client.post(
        f"/api/companies/{company_a.pk}/logo", {"logo": png()}, **bearer(exhibitor_b)
    )
    company_a.refresh_from_db()
    assert (response.status_code, response.json()["code"], company_a.logo.name) == (
        403,
        "forbidden",
        "",
    )


def test_a_logo_that_is_no_image_names_the_field(
    client, exhibitor_a, company_a, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    fake = io.BytesIO(b"MZ\x90\x00 not a picture")
    fake.name = "logo.png"
    response = client.post(
        f"/api/companies/{company_a.pk}/logo", {"logo": fake}, **bearer(exhibitor_a)
    )
    assert (response.status_code, response.json()["field"]) == (400, "logo")
    missing = client.post(f"/api/companies/{company_a.pk}/logo", {}, **bearer(exhibitor_a))
    assert (missing.status_code, missing.json()["field"]) == (422, "logo")
    company_a.refresh_from_db()
    assert company_a.logo.name == ""


# --- reopen -------------------------------------------------------------------------------


def test_company_reopens_its_withdrawn_application(client, exhibitor_a, company_a, edition):
    part = ParticipationFactory(company=company_a, edition=edition, status=S.WITHDRAWN)
    response = client.post(f"/api/applications/{part.pk}/reopen", **bearer(exhibitor_a))
    part.refresh_from_db()
    assert (response.status_code, response.json()["status"], part.status) == (200, "draft", S.DRAFT)


def test_another_company_cannot_reopen(client, exhibitor_b, company_a, edition):
    part = ParticipationFactory(company=company_a, edition=edition, status=S.WITHDRAWN)
    response = client.post(f"/api/applications/{part.pk}/reopen", **bearer(exhibitor_b))
    part.refresh_from_db()
    assert (response.status_code, response.json()["code"], part.status) == (
        404,
        "not_found",
        S.WITHDRAWN,
    )


def test_reopening_an_approved_application_is_refused(client, exhibitor_a, company_a, edition):
    part = ParticipationFactory(company=company_a, edition=edition, status=S.APPROVED)
    response = client.post(f"/api/applications/{part.pk}/reopen", **bearer(exhibitor_a))
    assert (response.status_code, response.json()["code"], response.json()["field"]) == (
        400,
        "bad_transition",
        "status",
    )
    bad = client.post("/api/applications/x1/reopen", **bearer(exhibitor_a))
    assert bad.status_code == 404  # the path takes only an integer id
    part.refresh_from_db()
    assert part.status == S.APPROVED


# --- LDC free booth -----------------------------------------------------------------------


@pytest.fixture
def ldc_part(edition, ethiopia, area):
    edition.ldc_free_booth_quota = 1
    edition.save(update_fields=["ldc_free_booth_quota"])
    return ParticipationFactory(
        company=CompanyFactory(country=ethiopia),
        edition=edition,
        area=area,
        booth_type="standard",
        area_requested_m2=9,
        status=S.APPROVED,
    )


def test_organiser_grants_the_ldc_booth(client, organiser, ldc_part):
    response = client.post(f"/api/applications/{ldc_part.pk}/ldc-grant", **bearer(organiser))
    ldc_part.refresh_from_db()
    assert (response.status_code, response.json()["free_ldc_booth"], ldc_part.free_ldc_booth) == (
        200,
        True,
        True,
    )
    assert AuditEntry.objects.filter(action="participation.ldc_grant").count() == 1


def test_the_company_itself_cannot_grant_its_ldc_booth(client, ldc_part):
    from tests.factories import ExhibitorStaffFactory

    own = ExhibitorStaffFactory(company=ldc_part.company, user__username="kebede").user
    response = client.post(f"/api/applications/{ldc_part.pk}/ldc-grant", **bearer(own))
    ldc_part.refresh_from_db()
    assert (response.status_code, response.json()["code"], ldc_part.free_ldc_booth) == (
        403,
        "forbidden",
        False,
    )


def test_ldc_grant_before_approval_names_the_status(client, organiser, ldc_part):
    Participation.objects.filter(pk=ldc_part.pk).update(status=S.SUBMITTED)
    response = client.post(f"/api/applications/{ldc_part.pk}/ldc-grant", **bearer(organiser))
    ldc_part.refresh_from_db()
    assert (response.status_code, response.json()["code"], response.json()["field"]) == (
        400,
        "not_approved",
        "status",
    )
    assert ldc_part.free_ldc_booth is False
