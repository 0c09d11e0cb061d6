"""One error envelope: every API error, whatever its cause, has a stable code and a detail."""

from __future__ import annotations

import json

import pytest
from django.test import Client, RequestFactory

from openexpo.api.auth import token_issue
from openexpo.api.main import api
from openexpo.api.schemas import ErrorOut
from openexpo.core.errors import DomainError
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

KEYS = {"code", "detail", "field", "errors", "retry_after"}


def conforms(response, status: int, code: str) -> dict:
    assert (response.status_code, response["Content-Type"]) == (
        status,
        "application/json; charset=utf-8",
    )
    body = json.loads(response.content)
    ErrorOut.model_validate(body)
    assert set(body) <= KEYS
    assert body["code"] == code and body["detail"]
    return body


@pytest.mark.parametrize(
    "url, status, code, field",
    [
        ("/api/editions/abc", 422, "invalid", "number"),
        ("/api/companies?page=0", 422, "invalid", "page"),
        ("/api/exhibits/abc", 422, "invalid", "exhibit_id"),
        ("/api/editions/999", 404, "not_found", "number"),
        ("/api/companies/99999", 404, "not_found", None),
        ("/api/figures?edition=42", 404, "not_found", "number"),
        ("/api/companies?size=huge", 400, "invalid", "size"),
    ],
)
def test_read_errors_conform(client, url, status, code, field):
    body = conforms(client.get(url), status, code)
    assert body.get("field") == field


def test_validation_lists_each_error(client):
    body = conforms(client.get("/api/companies?page=0&page_size=-1"), 422, "invalid")
    assert sorted(e["loc"][-1] for e in body["errors"]) == ["page", "page_size"]


def test_unauthenticated_conforms(client):
    conforms(
        client.get("/api/participations", headers={"Authorization": "Bearer nope"}),
        401,
        "unauthenticated",
    )
    conforms(
        client.get("/api/participations", headers={"Authorization": "Basic x"}),
        401,
        "unauthenticated",
    )


def test_forbidden_conforms_and_changes_nothing(client, exhibitor_a, company_b):
    key = token_issue(user=exhibitor_a)
    response = client.patch(
        f"/api/companies/{company_b.pk}",
        {"name_en": "Hijacked"},
        content_type="application/json",
        headers={"Authorization": f"Bearer {key}"},
    )
    conforms(response, 403, "forbidden")
    company_b.refresh_from_db()
    assert company_b.name_en == "Beta Foods Ltd"


def test_domain_error_field_conforms(client, exhibitor_a, company_a):
    client.force_login(exhibitor_a)
    response = client.patch(
        f"/api/companies/{company_a.pk}", {"name_en": "  "}, content_type="application/json"
    )
    assert conforms(response, 400, "invalid")["field"] == "name_en"


def test_unparsable_body_conforms(client, exhibitor_a, company_a):
    client.force_login(exhibitor_a)
    response = client.patch(
        f"/api/companies/{company_a.pk}", "{not json", content_type="application/json"
    )
    assert 400 <= response.status_code < 500
    ErrorOut.model_validate(response.json())


@pytest.mark.parametrize(
    "exc, status, code",
    [
        (
            DomainError("Booths overlap.", "booth_overlap_conflict", field="x"),
            409,
            "booth_overlap_conflict",
        ),
        (DomainError("Gone.", "not_found"), 404, "not_found"),
        (DomainError("No.", "locked"), 400, "locked"),
        (RuntimeError("secret internals"), 500, "server_error"),
    ],
)
def test_status_from_exception(exc, status, code):
    request = RequestFactory().get("/api/anything")
    body = conforms(api.on_exception(request, exc), status, code)
    assert "secret" not in body["detail"]


def test_unexpected_error_is_enveloped_over_http(client, monkeypatch):
    """A bug behind an endpoint answers 500 with the envelope, not a traceback page."""
    import openexpo.core.api as core_api

    def broken(*args, **kwargs):
        raise ZeroDivisionError("internals")

    monkeypatch.setattr(core_api, "edition_list", broken)
    quiet = Client(raise_request_exception=False)
    body = conforms(quiet.get("/api/editions"), 500, "server_error")
    assert body["detail"] == "Internal server error."


def test_openapi_documents_the_envelope_on_every_operation(client):
    UserFactory()
    schema = client.get("/api/openapi.json").json()
    assert set(schema["components"]["schemas"]["ErrorOut"]["properties"]) == KEYS
    operations = [op for path in schema["paths"].values() for op in path.values()]
    assert len(operations) > 50
    for op in operations:
        for status in ["401", "403", "404", "409", "422", "429", "500"]:
            assert op["responses"][status]["content"]["application/json"]["schema"] == {
                "$ref": "#/components/schemas/ErrorOut"
            }, (op["operationId"], status)


@pytest.mark.parametrize(
    "method, url, allow",
    [
        ("delete", "/api/editions", "GET"),
        ("put", "/api/figures", "GET"),
        ("get", "/api/matchmaking/dismissals", "POST"),
    ],
)
def test_method_not_allowed_is_enveloped(client, method, url, allow):
    response = getattr(client, method)(url)
    body = conforms(response, 405, "method_not_allowed")
    assert response["Allow"] == allow
    assert body["detail"] == f"This path does not take this method. Allowed: {allow}."


@pytest.mark.parametrize(
    "url", ["/api/no-such-thing", "/api/editions/6/nothing-here", "/api/", "/api/docs/x"]
)
def test_unknown_api_path_is_enveloped(client, url):
    body = conforms(client.get(url), 404, "not_found")
    assert body["detail"] == "No API operation at this path."


def test_pages_outside_the_api_keep_their_html_404(client):
    response = client.get("/no-such-page/")
    assert (response.status_code, response["Content-Type"].split(";")[0]) == (404, "text/html")
