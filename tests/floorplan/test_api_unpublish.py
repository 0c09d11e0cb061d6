"""POST /api/editions/{n}/plan/unpublish: organisers take a published plan back to draft."""

from __future__ import annotations

import pytest

from openexpo.core.models import AuditEntry
from openexpo.floorplan import services
from openexpo.floorplan.models import FloorPlan
from tests.api_auth import bearer

pytestmark = pytest.mark.django_db


def test_organiser_unpublishes_and_the_map_hides_exhibitors(client, organiser, hall, approved):
    services.booth_create(
        actor=organiser,
        hall=hall,
        code="1.1H-A01",
        x=0,
        y=6,
        width=8,
        depth=9,
        participation=approved[0],
    )
    services.plan_publish(actor=organiser, edition=hall.edition)
    response = client.post(
        f"/api/editions/{hall.edition.number}/plan/unpublish", **bearer(organiser)
    )
    assert (response.status_code, response.json()) == (200, {"published_at": None})
    assert FloorPlan.objects.get(edition=hall.edition).published_at is None
    assert AuditEntry.objects.filter(action="floorplan.unpublish").count() == 1
    html = client.get(f"/floorplan/hall/{hall.pk}/").content.decode()
    assert 'data-booth="1.1H-A01"' in html and "Alpha Medical GmbH" not in html


def test_exhibitor_cannot_unpublish(client, organiser, exhibitor_a, hall):
    services.plan_publish(actor=organiser, edition=hall.edition)
    response = client.post(
        f"/api/editions/{hall.edition.number}/plan/unpublish", **bearer(exhibitor_a)
    )
    assert (response.status_code, response.json()["code"]) == (403, "forbidden")
    assert FloorPlan.objects.get(edition=hall.edition).published_at is not None


def test_unpublish_bad_edition_names_the_field(client, organiser, hall):
    bad = client.post("/api/editions/sixth/plan/unpublish", **bearer(organiser))
    assert (bad.status_code, bad.json()["field"]) == (422, "number")
    unknown = client.post("/api/editions/99/plan/unpublish", **bearer(organiser))
    assert (unknown.status_code, unknown.json()["code"], unknown.json()["field"]) == (
        404,
        "not_found",
        "number",
    )
