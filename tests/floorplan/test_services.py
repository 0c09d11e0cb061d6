"""Hand edits of booths: validation, cells, pinning, publishing."""

from __future__ import annotations

import pytest

from openexpo.core.errors import DomainError, PermissionDenied
from openexpo.exhibitors.models import Participation
from openexpo.floorplan import services
from openexpo.floorplan.models import Booth, BoothCell, FloorPlan


def draw(organiser, hall, code="1.1H-A01", x=0, y=6, w=8, d=9, part=None):
    return services.booth_create(
        actor=organiser, hall=hall, code=code, x=x, y=y, width=w, depth=d, participation=part
    )


def test_create_claims_cells_and_pins(organiser, hall, approved):
    b = draw(organiser, hall, part=approved[0])
    assert b.pinned is True
    assert BoothCell.objects.filter(booth=b).count() == 72
    assert set(BoothCell.objects.filter(booth=b).values_list("x", "y")) == {
        (x, y) for x in range(0, 8) for y in range(6, 15)
    }


@pytest.mark.parametrize(
    "x, y, w, d, code, words",
    [
        (55, 6, 8, 9, "booth_outside_hall", "outside hall 1.1H"),
        (26, 20, 8, 9, "booth_over_obstacle", "covers a pillar at (30, 27)"),
        (4, 10, 8, 9, "booth_overlap_conflict", "overlaps booth 1.1H-A01"),
    ],
)
def test_bad_booths_are_refused_and_nothing_changes(organiser, hall, x, y, w, d, code, words):
    draw(organiser, hall)
    before = list(BoothCell.objects.values_list("booth_id", "x", "y").order_by("x", "y"))
    with pytest.raises(DomainError) as err:
        draw(organiser, hall, code="1.1H-A02", x=x, y=y, w=w, d=d)
    assert err.value.code == code
    assert words in err.value.message
    assert Booth.objects.count() == 1
    assert list(BoothCell.objects.values_list("booth_id", "x", "y").order_by("x", "y")) == before


def test_booth_outside_polygon_outline(organiser, hall):
    hall.outline = [[0, 0], [60, 0], [60, 30], [30, 30], [30, 54], [0, 54]]  # an L-shaped hall
    hall.save()
    with pytest.raises(DomainError) as err:
        draw(organiser, hall, x=40, y=36)
    assert err.value.code == "booth_outside_hall"
    assert "outline" in err.value.message


def test_move_updates_cells_and_refuses_overlap(organiser, hall):
    a = draw(organiser, hall)
    b = draw(organiser, hall, code="1.1H-A02", x=20)
    services.booth_move(actor=organiser, booth=a, x=40, y=6)
    assert sorted(BoothCell.objects.filter(booth=a).values_list("x", flat=True).distinct()) == list(
        range(40, 48)
    )
    with pytest.raises(DomainError) as err:
        services.booth_move(actor=organiser, booth=a, x=24, y=6)
    assert err.value.code == "booth_overlap_conflict"
    a.refresh_from_db()
    assert (a.x, a.y) == (40, 6)
    assert BoothCell.objects.filter(booth=b).count() == 72


def test_only_organisers_edit(exhibitor_a, organiser, hall):
    b = draw(organiser, hall)
    with pytest.raises(PermissionDenied):
        services.booth_move(actor=exhibitor_a, booth=b, x=30, y=6)
    with pytest.raises(PermissionDenied):
        services.booth_pin(actor=exhibitor_a, booth=b, pinned=False)
    b.refresh_from_db()
    assert (b.x, b.pinned) == (0, True)


def test_cell_table_is_a_database_backstop(organiser, hall):
    from django.db import IntegrityError, transaction

    a = draw(organiser, hall)
    sneaky = Booth.objects.create(hall=hall, code="X", x=0, y=6, width=2, depth=2)
    with pytest.raises(IntegrityError), transaction.atomic():
        services.cells_insert([sneaky])
    assert BoothCell.objects.filter(booth=a).count() == 72


def test_publish_sets_granted_area(organiser, hall, approved):
    draw(organiser, hall, part=approved[0])
    plan = services.plan_publish(actor=organiser, edition=hall.edition)
    assert plan.is_published and FloorPlan.objects.get().published_by == organiser
    assert Participation.objects.get(pk=approved[0].pk).area_granted_m2 == 72
    assert Participation.objects.get(pk=approved[1].pk).area_granted_m2 is None


def test_bulk_loaded_booths_claim_their_cells_at_the_first_edit(organiser, hall):
    loaded = Booth.objects.create(hall=hall, code="1.1H-A09", x=20, y=6, width=8, depth=9)
    assert BoothCell.objects.count() == 0
    draw(organiser, hall, x=0)
    assert BoothCell.objects.filter(booth=loaded).count() == 72
    with pytest.raises(DomainError) as err:
        draw(organiser, hall, code="1.1H-A02", x=24)
    assert err.value.code == "booth_overlap_conflict"
    assert BoothCell.objects.count() == 144
