"""The permission module: exhibitors reach only their own company, through API and admin too."""

from __future__ import annotations

import pytest

from openexpo.core import permissions
from openexpo.exhibitors.models import Company, Participation
from tests.factories import (
    DelegationFactory,
    ParticipationFactory,
    UserFactory,
    VisitorFactory,
)

pytestmark = pytest.mark.django_db


def test_can_and_scope_for_exhibitor_staff(exhibitor_a, company_a, company_b, edition):
    own = ParticipationFactory(company=company_a, edition=edition)
    other = ParticipationFactory(company=company_b, edition=edition)
    assert permissions.can(exhibitor_a, "change", company_a) is True
    assert permissions.can(exhibitor_a, "change", company_b) is False
    assert permissions.can(exhibitor_a, "view_private", company_b) is False
    assert permissions.can(exhibitor_a, "view", company_b) is True  # the public directory
    assert permissions.can(exhibitor_a, "view", own) is True
    assert permissions.can(exhibitor_a, "view", other) is False
    assert list(permissions.scope(exhibitor_a, Participation.objects.all())) == [own]
    assert list(permissions.scope(exhibitor_a, Company.objects.all(), "change")) == [company_a]


def test_anonymous_and_organiser(organiser, company_b, edition):
    other = ParticipationFactory(company=company_b, edition=edition)
    anonymous = UserFactory.build(username="x")
    anonymous.is_active = False
    assert permissions.can(None, "view", company_b) is True
    assert permissions.can(None, "view", other) is False
    assert permissions.can(organiser, "change", other) is True
    assert permissions.scope(None, Participation.objects.all()).count() == 0


def test_delegation_lead_sees_own_delegation_and_sub_delegations(edition):
    lead = UserFactory(kind="buyer")
    top = DelegationFactory(edition=edition, lead=lead)
    sub = DelegationFactory(edition=edition, parent=top)
    elsewhere = DelegationFactory(edition=edition)
    mine = VisitorFactory(edition=edition, delegation=sub)
    theirs = VisitorFactory(edition=edition, delegation=elsewhere)
    assert permissions.can(lead, "view", mine) is True
    assert permissions.can(lead, "view", theirs) is False
    assert permissions.can(lead, "change", elsewhere) is False
    from openexpo.visitors.models import Visitor

    assert list(permissions.scope(lead, Visitor.objects.all())) == [mine]


def test_api_exhibitor_cannot_read_or_change_another_company(
    client, exhibitor_a, company_a, company_b
):
    client.force_login(exhibitor_a)
    own = client.get(f"/api/companies/{company_a.pk}").json()
    other = client.get(f"/api/companies/{company_b.pk}").json()
    assert own["email"] == "contact@example.org"
    assert other["email"] is None
    response = client.patch(
        f"/api/companies/{company_b.pk}", {"name_en": "Hijacked"}, content_type="application/json"
    )
    assert response.status_code in {401, 403}
    company_b.refresh_from_db()
    assert company_b.name_en == "Beta Foods Ltd"


def test_api_patch_own_company_with_token(client, exhibitor_a, company_a):
    from openexpo.api.auth import token_issue

    key = token_issue(user=exhibitor_a)
    response = client.patch(
        f"/api/companies/{company_a.pk}",
        {"name_zh": "阿尔法医疗"},
        content_type="application/json",
        headers={"Authorization": f"Bearer {key}"},
    )
    assert response.status_code == 200
    assert response.json()["name_zh"] == "阿尔法医疗"
    response = client.patch(
        f"/api/companies/{company_a.pk}",
        {"country": "FR"},
        content_type="application/json",
        headers={"Authorization": f"Bearer {key}"},
    )
    assert response.status_code == 200  # unknown fields are ignored by the schema, not applied
    company_a.refresh_from_db()
    assert company_a.country_id == "DE"


def test_api_participations_only_own(client, exhibitor_a, company_a, company_b, edition):
    own = ParticipationFactory(company=company_a, edition=edition)
    other = ParticipationFactory(company=company_b, edition=edition)
    client.force_login(exhibitor_a)
    ids = [p["id"] for p in client.get("/api/participations").json()["items"]]
    assert ids == [own.pk]
    assert client.get(f"/api/participations/{other.pk}").status_code == 403
    assert client.get(f"/api/participations/{own.pk}").status_code == 200


def test_admin_exhibitor_sees_and_changes_only_own_company(
    client, exhibitor_a, company_a, company_b
):
    client.force_login(exhibitor_a)
    listing = client.get("/admin/exhibitors/company/")
    assert listing.status_code == 200
    assert b"Alpha Medical GmbH" in listing.content
    assert b"Beta Foods Ltd" not in listing.content
    assert client.get(f"/admin/exhibitors/company/{company_b.pk}/change/").status_code in {
        302,
        403,
        404,
    }
    response = client.post(
        f"/admin/exhibitors/company/{company_b.pk}/change/",
        {"name_en": "Hijacked", "country": "DE", "size_class": "sme"},
    )
    assert response.status_code in {302, 403, 404}
    company_b.refresh_from_db()
    assert company_b.name_en == "Beta Foods Ltd"
    assert client.get(f"/admin/exhibitors/company/{company_a.pk}/change/").status_code == 200


def test_admin_reference_data_is_organisers_only(client, exhibitor_a, organiser):
    client.force_login(exhibitor_a)
    assert client.get("/admin/core/edition/").status_code == 403
    client.force_login(organiser)
    assert client.get("/admin/core/edition/").status_code == 200
