"""API tokens over the API: issue (key shown once), list and revoke your own within your
scope; organisers for anyone. A token never mints a wider token than itself."""

from __future__ import annotations

import pytest

from openexpo.api.auth import token_issue
from openexpo.core.models import ApiToken, AuditEntry
from tests.factories import DelegationFactory

pytestmark = pytest.mark.django_db


def bearer(key: str) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


def post(client, body: dict, **headers):
    return client.post("/api/tokens", body, content_type="application/json", **headers)


def test_user_issues_lists_and_revokes_own_token(client, exhibitor_a, company_a):
    client.force_login(exhibitor_a)
    issued = post(client, {"name": "erp sync"})
    assert issued.status_code == 201
    data = issued.json()
    assert (data["name"], data["role"], data["company_id"], data["username"]) == (
        "erp sync",
        "exhibitor",
        company_a.pk,
        "alice",
    )
    key = data["key"]
    assert client.get(f"/api/companies/{company_a.pk}", **bearer(key)).json()["email"] is not None
    listed = client.get("/api/tokens").json()
    assert (listed["count"], [t["id"] for t in listed["items"]]) == (1, [data["id"]])
    assert "key" not in listed["items"][0]
    revoked = client.delete(f"/api/tokens/{data['id']}")
    assert (revoked.status_code, ApiToken.objects.count()) == (204, 0)
    client.logout()
    assert client.get("/api/companies", **bearer(key)).status_code == 401
    assert list(AuditEntry.objects.order_by("pk").values_list("action", flat=True)) == [
        "token.issue",
        "token.revoke",
    ]


def test_scope_not_held_is_refused_and_nothing_is_created(client, exhibitor_a, company_b):
    client.force_login(exhibitor_a)
    for body in ({"role": "organiser"}, {"role": "exhibitor", "company_id": company_b.pk}):
        response = post(client, body)
        assert (response.status_code, response.json()["code"]) == (400, "token_scope_not_held")
    assert ApiToken.objects.count() == 0


def test_a_visitor_token_cannot_mint_an_organiser_token(client, organiser):
    narrow = token_issue(user=organiser, role="visitor")
    response = post(client, {"role": "organiser"}, **bearer(narrow))
    assert (response.status_code, response.json()["code"]) == (400, "token_scope_not_held")
    assert list(ApiToken.objects.values_list("role", flat=True)) == ["visitor"]
    # ... and sees, and may revoke, only tokens of its own scope
    wide = ApiToken.objects.get(pk=ApiToken.objects.get().pk)
    token_issue(user=organiser, role="organiser", name="admin")
    listed = client.get("/api/tokens", **bearer(narrow)).json()
    assert [t["role"] for t in listed["items"]] == ["visitor"]
    other = ApiToken.objects.get(role="organiser")
    refused = client.delete(f"/api/tokens/{other.pk}", **bearer(narrow))
    assert (refused.status_code, refused.json()["code"]) == (404, "not_found")
    assert ApiToken.objects.filter(pk__in=[wide.pk, other.pk]).count() == 2


def test_only_organisers_issue_for_others_or_touch_their_tokens(
    client, organiser, exhibitor_a, exhibitor_b, company_b
):
    theirs = token_issue(user=exhibitor_b)
    their_token = ApiToken.objects.get()
    client.force_login(exhibitor_a)
    refused = post(client, {"user_id": exhibitor_b.pk})
    assert (refused.status_code, refused.json()["code"]) == (403, "forbidden")
    hidden = client.delete(f"/api/tokens/{their_token.pk}")
    assert (hidden.status_code, hidden.json()["code"]) == (404, "not_found")
    assert client.get("/api/tokens").json()["count"] == 0
    assert ApiToken.objects.count() == 1
    client.force_login(organiser)
    issued = post(client, {"user_id": exhibitor_b.pk, "name": "for bob"})
    assert (issued.status_code, issued.json()["role"], issued.json()["company_id"]) == (
        201,
        "exhibitor",
        company_b.pk,
    )
    only_bob = client.get("/api/tokens", {"user_id": exhibitor_b.pk, "role": "exhibitor"})
    assert only_bob.json()["count"] == 2
    assert client.delete(f"/api/tokens/{their_token.pk}").status_code == 204
    client.logout()
    assert client.get("/api/companies", **bearer(theirs)).status_code == 401


def test_bad_input_names_the_field(client, exhibitor_a):
    client.force_login(exhibitor_a)
    for body, status, field in [
        ({"role": "king"}, 422, "role"),
        ({"name": ""}, 400, "name"),
        ({"name": "x" * 81}, 400, "name"),
        ({"company_id": "one"}, 422, "company_id"),
    ]:
        response = post(client, body)
        assert (response.status_code, response.json()["field"]) == (status, field), body
    listed = client.get("/api/tokens", {"role": "king"})
    assert (listed.status_code, listed.json()["field"]) == (422, "role")
    assert ApiToken.objects.count() == 0


def test_anonymous_callers_get_nothing(client, exhibitor_a):
    token_issue(user=exhibitor_a)
    assert client.get("/api/tokens").json()["code"] == "unauthenticated"
    assert post(client, {}).status_code == 403
    assert client.delete(f"/api/tokens/{ApiToken.objects.get().pk}").status_code == 403
    assert ApiToken.objects.count() == 1


def test_a_user_with_two_scopes_must_name_one(client, exhibitor_a, company_a, edition):
    delegation = DelegationFactory(edition=edition, lead=exhibitor_a)
    client.force_login(exhibitor_a)
    response = post(client, {})
    assert (response.status_code, response.json()["code"], response.json()["field"]) == (
        400,
        "token_scope_ambiguous",
        "role",
    )
    named = post(client, {"role": "delegation", "delegation_id": delegation.pk})
    assert (named.status_code, named.json()["delegation_id"]) == (201, delegation.pk)
