"""The upload endpoints of the permission matrix, as their real owners: the staff of the
exhibit's company add a picture, the delegation's own lead imports members. With the matrix's
own valid files, so a refusal there is the permission check and not the file."""

from __future__ import annotations

from django.db import transaction
from django.test import Client

from openexpo.api.auth import token_issue
from openexpo.catalogue.models import Exhibit, ExhibitImage
from openexpo.visitors.models import Delegation, Visitor
from tests.factories import ExhibitorStaffFactory, UserFactory
from tests.security.test_matrix import media as media  # noqa: F401 - shared fixtures
from tests.security.test_matrix import world as world  # noqa: F401
from tests.security.uploads import members_csv, png
from tests.security.world import World


def _client(user) -> Client:
    return Client(HTTP_AUTHORIZATION=f"Bearer {token_issue(user=user)}")


def test_the_exhibits_own_staff_add_a_picture(world: World, db: None, media: None) -> None:
    exhibit = Exhibit.objects.select_related("participation").get(pk=world.ids["exhibit_id"])
    with transaction.atomic():
        staff = ExhibitorStaffFactory(company_id=exhibit.participation.company_id).user
        before = ExhibitImage.objects.filter(exhibit=exhibit).count()
        response = _client(staff).post(f"/api/exhibits/{exhibit.pk}/images", {"image": png()})
        assert (response.status_code, response.json()["width"]) == (201, 64)
        assert ExhibitImage.objects.filter(exhibit=exhibit).count() == before + 1
        transaction.set_rollback(True)


def test_the_delegations_own_lead_imports_members(world: World, db: None) -> None:
    delegation = Delegation.objects.get(pk=world.ids["delegation_id"])
    with transaction.atomic():
        if delegation.lead is None:  # the demo's delegations may have none: give it one
            delegation.lead = UserFactory(kind="buyer")
            delegation.save(update_fields=["lead"])
        response = _client(delegation.lead).post(
            f"/api/delegations/{delegation.pk}/members/import?dry_run=false",
            {"file": members_csv(world.ids)},
        )
        assert (response.status_code, response.json()["created"]) == (200, 1)
        assert Visitor.objects.filter(delegation=delegation, full_name="Hans Meyer").count() == 1
        transaction.set_rollback(True)
