"""API for applications: exhibitors act on their own company only, organisers decide,
bad input gets a 4xx naming the field, never a 500."""

from __future__ import annotations

import pytest
from django.core import mail

from openexpo.exhibitors.models import Company, Participation
from tests.api_auth import bearer
from tests.factories import CountryFactory, ParticipationFactory

S = Participation.Status


def body(ed, co, **kw) -> dict:
    return {
        "company_id": co.pk,
        "edition": ed.number,
        "area": "medical",
        "booth_type": "raw",
        "area_requested_m2": 72,
        "plans_en": "Scanners",
    } | kw


def test_exhibitor_creates_submits_and_withdraws(
    client, exhibitor_a, company_a, edition, area, on_commit
):
    auth = bearer(exhibitor_a)
    with on_commit():
        r = client.post(
            "/api/applications",
            body(edition, company_a, submit=False),
            content_type="application/json",
            **auth,
        )
    assert r.status_code == 201, r.content
    data = r.json()
    assert (data["status"], data["area"], data["area_requested_m2"], data["edition"]) == (
        "draft",
        "medical",
        72,
        6,
    )
    pk = data["id"]
    r = client.patch(
        f"/api/applications/{pk}",
        {"area_requested_m2": 81},
        content_type="application/json",
        **auth,
    )
    assert (r.status_code, r.json()["area_requested_m2"]) == (200, 81)
    assert client.post(f"/api/applications/{pk}/submit", **auth).json()["status"] == "submitted"
    r = client.post(
        f"/api/applications/{pk}/withdraw",
        {"reason": "Budget"},
        content_type="application/json",
        **auth,
    )
    assert r.json()["status"] == "withdrawn"
    history = client.get(f"/api/applications/{pk}/history", **auth).json()
    assert [(h["from_status"], h["to_status"]) for h in history] == [
        ("", "draft"),
        ("draft", "submitted"),
        ("submitted", "withdrawn"),
    ]
    assert history[2]["reason"] == "Budget"
    assert mail.outbox == []  # a draft is not mailed


@pytest.mark.parametrize(
    ("change", "status", "field"),
    [
        ({"area": "nowhere"}, 400, "area"),
        ({"booth_type": "tent"}, 400, "booth_type"),
        ({"area_requested_m2": 30}, 400, "area_requested_m2"),
        ({"booth_type": "standard", "area_requested_m2": 40}, 400, "area_requested_m2"),
        ({"pavilion": "QQ"}, 400, "pavilion"),
        ({"edition": 99}, 404, "edition"),
        ({"company_id": 999999}, 404, "company_id"),
        ({"area_requested_m2": "lots"}, 422, None),
    ],
)
def test_bad_input_names_the_field(
    client, exhibitor_a, company_a, edition, area, change, status, field
):
    r = client.post(
        "/api/applications",
        body(edition, company_a, **change),
        content_type="application/json",
        **bearer(exhibitor_a),
    )
    assert r.status_code == status, r.content
    if field:
        assert r.json()["field"] == field
    else:
        assert "area_requested_m2" in r.json()["detail"]
    assert Participation.objects.count() == 0


@pytest.mark.parametrize(
    "change", [{}, {"area": "nowhere"}, {"booth_type": "tent"}, {"pavilion": "ZZ"}]
)
def test_permission_is_checked_before_the_body(
    client, exhibitor_b, company_a, edition, area, change
):
    """Another company's staff learn nothing about the body's validity: 403 for any body."""
    r = client.post(
        "/api/applications",
        body(edition, company_a, **change),
        content_type="application/json",
        **bearer(exhibitor_b),
    )
    assert (r.status_code, r.json()["code"]) == (403, "forbidden")
    assert Participation.objects.count() == 0


def test_zone_capacity_via_api(client, exhibitor_a, company_a, edition, small_area):
    r = client.post(
        "/api/applications",
        body(edition, company_a, area="innovation", area_requested_m2=540),
        content_type="application/json",
        **bearer(exhibitor_a),
    )
    assert (r.status_code, r.json()["code"], r.json()["field"]) == (
        400,
        "zone_capacity",
        "area_requested_m2",
    )


def test_duplicate_application_is_a_conflict(client, exhibitor_a, company_a, edition, area):
    auth = bearer(exhibitor_a)
    assert (
        client.post(
            "/api/applications", body(edition, company_a), content_type="application/json", **auth
        ).status_code
        == 201
    )
    r = client.post(
        "/api/applications", body(edition, company_a), content_type="application/json", **auth
    )
    assert (r.status_code, r.json()["field"]) == (409, "edition")


def test_exhibitor_cannot_act_on_another_companys_application(
    client, exhibitor_a, exhibitor_b, company_a, edition, area
):
    auth = bearer(exhibitor_b)
    r = client.post(
        "/api/applications", body(edition, company_a), content_type="application/json", **auth
    )
    assert r.status_code == 403
    part = ParticipationFactory(company=company_a, edition=edition, area=area, status=S.SUBMITTED)
    assert (
        client.patch(
            f"/api/applications/{part.pk}",
            {"area_requested_m2": 36},
            content_type="application/json",
            **auth,
        ).status_code
        == 404
    )
    assert (
        client.post(
            f"/api/applications/{part.pk}/withdraw", {}, content_type="application/json", **auth
        ).status_code
        == 404
    )
    assert client.get(f"/api/applications/{part.pk}/history", **auth).status_code == 404
    r = client.post(
        f"/api/applications/{part.pk}/decision",
        {"action": "approve"},
        content_type="application/json",
        **bearer(exhibitor_a),
    )
    assert r.status_code == 403
    part.refresh_from_db()
    assert (part.status, part.area_requested_m2, part.transitions.count()) == (S.SUBMITTED, 108, 0)
    assert Participation.objects.count() == 1


def test_organiser_decides_bulk_and_sets_quota(
    client, organiser, company_a, edition, area, ethiopia, on_commit
):
    auth = bearer(organiser)
    part = ParticipationFactory(company=company_a, edition=edition, area=area, status=S.SUBMITTED)
    r = client.post(
        f"/api/applications/{part.pk}/decision",
        {"action": "reject"},
        content_type="application/json",
        **auth,
    )
    assert (r.status_code, r.json()["field"]) == (400, "reason")
    with on_commit():
        r = client.post(
            f"/api/applications/{part.pk}/decision",
            {"action": "waitlist", "reason": "Full"},
            content_type="application/json",
            **auth,
        )
    assert r.json()["status"] == "waitlisted"
    assert "Full" in mail.outbox[0].body
    ldc = ParticipationFactory(
        company=Company.objects.create(name_en="Nile", country=ethiopia),
        edition=edition,
        area=area,
        status=S.SUBMITTED,
        booth_type="standard",
        area_requested_m2=9,
    )
    r = client.put(
        f"/api/editions/{edition.number}/ldc-quota",
        {"quota": 1},
        content_type="application/json",
        **auth,
    )
    assert r.json() == {"edition": 6, "quota": 1, "used": 0}
    r = client.post(
        "/api/applications/bulk-decision",
        {"ids": [part.pk, ldc.pk], "action": "approve"},
        content_type="application/json",
        **auth,
    )
    assert r.json() == {"done": [part.pk, ldc.pk], "failed": []}
    r = client.put(
        f"/api/editions/{edition.number}/ldc-quota",
        {"quota": -1},
        content_type="application/json",
        **auth,
    )
    assert (r.status_code, r.json()["field"]) == (400, "quota")


def test_import_dry_run_then_import_via_api(client, organiser, exhibitor_a, edition, area):
    CountryFactory()
    csv = (
        b"name_en,country,email,area,booth_type,area_m2\n"
        b"Gamma AG,DE,g@gamma.example,medical,raw,36\n"
        b"Delta AG,ZZ,d@delta.example,medical,raw,36\n"
    )
    from django.core.files.uploadedfile import SimpleUploadedFile

    def upload(data, dry):
        return client.post(
            f"/api/applications/import?edition=6&dry_run={dry}",
            {"file": SimpleUploadedFile("p.csv", data)},
            **bearer(organiser),
        )

    r = upload(csv, "true")
    assert r.status_code == 200
    assert r.json()["errors"] == [
        {"line": 3, "column": "country", "message": "Unknown country code: ZZ."}
    ]
    r = upload(csv, "false")
    assert (r.status_code, r.json()["code"], r.json()["errors"][0]["line"]) == (
        400,
        "import_invalid",
        3,
    )
    assert Participation.objects.count() == 0
    good = csv.replace(b",ZZ,", b",DE,")
    r = upload(good, "false")
    assert (r.status_code, r.json()["imported"]) == (200, 2)
    r = client.post(
        "/api/applications/import?edition=6",
        {"file": SimpleUploadedFile("p.csv", good)},
        **bearer(exhibitor_a),
    )
    assert r.status_code == 403
    r = client.get("/api/applications/export?edition=6&format=csv", **bearer(organiser))
    assert r.status_code == 200 and b"Gamma AG" in r.content
    r = client.get("/api/applications/export?edition=6&format=pdf", **bearer(organiser))
    assert (r.status_code, r.json()["field"]) == (400, "format")
    r = upload(b"\x00\x01garbage", "true")
    assert (r.status_code, r.json()["field"]) == (400, "file")
