"""API tokens are bound to a role and a company or delegation; a request acts only within it."""

from __future__ import annotations

import pytest
from django.db import IntegrityError

from openexpo.api.auth import TokenScopeError, token_issue
from openexpo.core.models import ApiToken
from tests.factories import DelegationFactory, ExhibitorStaffFactory, VisitorFactory

pytestmark = pytest.mark.django_db


def bearer(key: str) -> dict:
    return {"Authorization": f"Bearer {key}"}


def patch_company(client, company, key, name):
    return client.patch(
        f"/api/companies/{company.pk}",
        {"name_en": name},
        content_type="application/json",
        headers=bearer(key),
    )


def test_exhibitor_token_of_an_organiser_cannot_act_as_organiser(
    client, organiser, company_a, edition
):
    ExhibitorStaffFactory(company=company_a, user=organiser)
    as_organiser = token_issue(user=organiser, role="organiser")
    as_exhibitor = token_issue(user=organiser, role="exhibitor", company=company_a)
    assert client.get("/api/editions/6/plan", headers=bearer(as_organiser)).status_code == 200
    denied = client.get("/api/editions/6/plan", headers=bearer(as_exhibitor))
    assert (denied.status_code, denied.json()["code"]) == (403, "forbidden")
    # ... but it still acts for its company
    assert patch_company(client, company_a, as_exhibitor, "Alpha AG").status_code == 200
    # and the browser session of the same user is not capped
    client.force_login(organiser)
    assert client.get("/api/editions/6/plan").status_code == 200


def test_visitor_token_of_an_exhibitor_cannot_change_its_company(client, exhibitor_a, company_a):
    key = token_issue(user=exhibitor_a, role="visitor")
    assert patch_company(client, company_a, key, "Hijacked").status_code == 403
    company_a.refresh_from_db()
    assert company_a.name_en == "Alpha Medical GmbH"
    private = client.get(f"/api/companies/{company_a.pk}", headers=bearer(key)).json()
    assert private["email"] is None


def test_delegation_token_sees_only_its_delegation_subtree(client, edition):
    from django.contrib.auth import get_user_model

    lead = get_user_model().objects.create(username="lead", kind="buyer")
    north = DelegationFactory(edition=edition, lead=lead)
    north_city = DelegationFactory(edition=edition, parent=north)
    south = DelegationFactory(edition=edition, lead=lead)
    mine = VisitorFactory(edition=edition, delegation=north_city)
    VisitorFactory(edition=edition, delegation=south)
    key = token_issue(user=lead, role="delegation", delegation=north)
    token = ApiToken.objects.get(user=lead)

    from openexpo.core import permissions

    permissions.token_cap_set(lead, token)
    assert permissions.led_delegation_ids(lead) == {north.pk, north_city.pk}
    assert client.get("/api/participations", headers=bearer(key)).json()["count"] == 0
    visitors = permissions.scope(lead, type(mine).objects.all())
    assert [v.pk for v in visitors] == [mine.pk]


def test_visitor_token_has_no_company_delegation_or_gate(exhibitor_a, company_a):
    from openexpo.core import permissions

    token_issue(user=exhibitor_a, role="visitor")
    permissions.token_cap_set(exhibitor_a, ApiToken.objects.get(user=exhibitor_a))
    assert (
        permissions.company_ids(exhibitor_a),
        permissions.is_gate_staff(exhibitor_a),
        permissions.can(exhibitor_a, "change", company_a),
    ) == (frozenset(), False, False)


def test_issue_refuses_a_scope_the_user_does_not_hold(exhibitor_a, company_b, organiser):
    with pytest.raises(TokenScopeError) as err:
        token_issue(user=exhibitor_a, role="exhibitor", company=company_b)
    assert err.value.code == "token_scope_not_held"
    with pytest.raises(TokenScopeError) as err:
        token_issue(user=exhibitor_a, role="organiser")
    assert err.value.code == "token_scope_not_held"
    with pytest.raises(TokenScopeError):
        token_issue(user=exhibitor_a, role="gate")
    assert ApiToken.objects.count() == 0


def test_default_scope_is_the_users_one_role(exhibitor_a, company_a, organiser, edition):
    from tests.factories import UserFactory

    token_issue(user=exhibitor_a)
    token_issue(user=organiser)
    assert sorted(ApiToken.objects.values_list("role", "company_id")) == [
        ("exhibitor", company_a.pk),
        ("organiser", None),
    ]
    both = UserFactory(kind="exhibitor")
    ExhibitorStaffFactory(company=company_a, user=both)
    DelegationFactory(edition=edition, lead=both)
    with pytest.raises(TokenScopeError) as err:
        token_issue(user=both)
    assert err.value.code == "token_scope_ambiguous"


def test_losing_the_company_empties_the_token(client, exhibitor_a, company_a):
    key = token_issue(user=exhibitor_a, role="exhibitor", company=company_a)
    from openexpo.exhibitors.models import ExhibitorStaff

    ExhibitorStaff.objects.filter(user=exhibitor_a).delete()
    assert patch_company(client, company_a, key, "Alpha AG").status_code == 403


def test_database_keeps_role_and_scope_together(exhibitor_a):
    with pytest.raises(IntegrityError):
        ApiToken.objects.create(user=exhibitor_a, key_hash="x" * 64, role="exhibitor")
