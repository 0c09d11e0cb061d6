"""The REST API skeleton: documented, paginated, and 4xx (never 500) on bad parameters."""

from __future__ import annotations

import pytest

from openexpo.api.auth import token_issue
from tests.factories import CompanyFactory, ExhibitFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_openapi_schema_and_docs(client):
    schema = client.get("/api/openapi.json")
    assert schema.status_code == 200
    paths = schema.json()["paths"]
    for path in [
        "/api/editions",
        "/api/companies",
        "/api/exhibits",
        "/api/figures",
        "/api/editions/{number}/areas",
    ]:
        assert path in paths
    assert client.get("/api/docs").status_code == 200


def test_editions_and_areas(client, edition):
    from tests.factories import AreaFactory

    AreaFactory(edition=edition)
    data = client.get("/api/editions").json()
    assert data["count"] == 1
    assert data["items"][0]["number"] == 6
    areas = client.get("/api/editions/6/areas").json()
    assert [a["code"] for a in areas["items"]] == ["medical"]


def test_pagination(client):
    for _ in range(3):
        CompanyFactory()
    page = client.get("/api/companies?page=2&page_size=2").json()
    assert page["count"] == 3
    assert len(page["items"]) == 1


@pytest.mark.parametrize(
    "url, status",
    [
        ("/api/editions/abc", 422),
        ("/api/editions/999", 404),
        ("/api/editions/999/areas", 404),
        ("/api/companies?page=0", 422),
        ("/api/companies?page=abc", 422),
        ("/api/companies?page_size=-1", 422),
        ("/api/companies?size=huge", 400),
        ("/api/companies/99999", 404),
        ("/api/categories?level=3", 400),
        ("/api/exhibits?launch=moon", 400),
        ("/api/exhibits?chapter=x%27%3B", 400),
        ("/api/exhibits/abc", 422),
        ("/api/figures?edition=42", 404),
        ("/api/figures", 404),
    ],
)
def test_bad_parameters_get_4xx_with_message(client, url, status):
    response = client.get(url)
    assert response.status_code == status
    assert response.json()["detail"]


def test_exhibits_filter_and_detail(client):
    exhibit = ExhibitFactory(launch_type="global")
    ExhibitFactory()
    items = client.get("/api/exhibits?launch=global").json()["items"]
    assert [e["id"] for e in items] == [exhibit.pk]
    assert client.get(f"/api/exhibits/{exhibit.pk}").json()["name_en"] == exhibit.name_en


def test_token_authentication(client):
    user = UserFactory(kind="organiser", is_staff=True)
    key = token_issue(user=user)
    ok = client.get("/api/participations", headers={"Authorization": f"Bearer {key}"})
    assert ok.status_code == 200
    bad = client.get("/api/participations", headers={"Authorization": "Bearer nope"})
    assert bad.status_code == 401
    malformed = client.get("/api/participations", headers={"Authorization": "Basic abc"})
    assert malformed.status_code == 401


def test_session_write_needs_csrf(exhibitor_a, company_a):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    strict.force_login(exhibitor_a)
    response = strict.patch(
        f"/api/companies/{company_a.pk}", {"name_zh": "x"}, content_type="application/json"
    )
    assert response.status_code == 401
    company_a.refresh_from_db()
    assert company_a.name_zh != "x"


def test_bad_json_body_is_4xx(client, exhibitor_a, company_a):
    client.force_login(exhibitor_a)
    response = client.patch(
        f"/api/companies/{company_a.pk}", "{not json", content_type="application/json"
    )
    assert 400 <= response.status_code < 500
    response = client.patch(
        f"/api/companies/{company_a.pk}", {"name_en": "  "}, content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json()["field"] == "name_en"
