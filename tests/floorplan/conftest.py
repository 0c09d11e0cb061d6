"""Fixtures of the floor-plan tests: a small hall with a zone, and approved applications."""

from __future__ import annotations

import pytest

from openexpo.floorplan.models import Hall, Obstacle, Zone
from tests.factories import AreaFactory, ParticipationFactory


@pytest.fixture
def area(edition):
    return AreaFactory(edition=edition)


@pytest.fixture
def hall(edition, area):
    """60 m x 54 m, a pillar at (30, 27) in the middle aisle, one zone for `area`."""
    h = Hall.objects.create(
        edition=edition,
        code="1.1H",
        name_en="Hall 1.1",
        outline=[[0, 0], [60, 0], [60, 54], [0, 54]],
        width_m=60,
        depth_m=54,
    )
    Obstacle.objects.create(hall=h, kind="pillar", x=30, y=27, width=1, depth=1)
    Zone.objects.create(hall=h, area=area, x=0, y=0, width=60, depth=54)
    return h


@pytest.fixture
def approved(edition, area, company_a, company_b):
    return [
        ParticipationFactory(company=company_a, edition=edition, area=area, area_requested_m2=72),
        ParticipationFactory(company=company_b, edition=edition, area=area, area_requested_m2=108),
    ]
