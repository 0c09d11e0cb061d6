"""Plan JSON export / import: round trip, and every malformation named, nothing changed."""

from __future__ import annotations

import copy

import pytest

from openexpo.core.errors import DomainError, PermissionDenied
from openexpo.floorplan import services
from openexpo.floorplan.models import Booth, BoothCell, Hall, Obstacle, Zone
from openexpo.floorplan.plan_io import plan_export, plan_import


@pytest.fixture
def plan(organiser, hall, approved):
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
    return plan_export(edition=hall.edition)


def test_export_has_the_documented_shape(plan, approved):
    assert plan["version"] == 1 and plan["edition"] == 6
    (h,) = plan["halls"]
    assert h["code"] == "1.1H" and h["outline"] == [[0, 0], [60, 0], [60, 54], [0, 54]]
    assert h["obstacles"] == [{"kind": "pillar", "x": 30, "y": 27, "width": 1, "depth": 1}]
    assert h["zones"] == [{"area": "medical", "x": 0, "y": 0, "width": 60, "depth": 54}]
    assert h["booths"] == [
        {
            "code": "1.1H-A01",
            "kind": "raw",
            "x": 0,
            "y": 6,
            "width": 8,
            "depth": 9,
            "participation": approved[0].pk,
            "pinned": True,
        }
    ]


def test_round_trip_replaces_the_plan(organiser, plan, edition):
    plan["halls"][0]["booths"][0]["x"] = 10
    counts = plan_import(actor=organiser, edition=edition, data=plan)
    assert counts == {"halls": 1, "zones": 1, "obstacles": 1, "booths": 1}
    assert plan_export(edition=edition) == plan
    assert set(BoothCell.objects.values_list("x", flat=True)) == set(range(10, 18))


def _bad(plan, path, value):
    data = copy.deepcopy(plan)
    target = data
    for key in path[:-1]:
        target = target[key]
    if value is KeyError:
        del target[path[-1]]
    else:
        target[path[-1]] = value
    return data


@pytest.mark.parametrize(
    "path, value, message",
    [
        (("version",), 2, "version: must be 1"),
        (("halls",), [], "halls: must be a non-empty list"),
        (
            ("halls", 0, "outline"),
            [[0, 0], [5, 5]],
            "halls[0].outline: must be a list of at least 3",
        ),
        (
            ("halls", 0, "obstacles", 0, "kind"),
            "column",
            "halls[0].obstacles[0].kind: must be one of",
        ),
        (
            ("halls", 0, "zones", 0, "area"),
            "cars",
            "halls[0].zones[0].area: no exhibition area 'cars'",
        ),
        (("halls", 0, "zones", 0, "width"), 90, "halls[0].zones[0]: lies outside the hall"),
        (
            ("halls", 0, "booths", 0, "x"),
            "ten",
            "halls[0].booths[0].x: must be a whole number of metres",
        ),
        (("halls", 0, "booths", 0, "width"), 0, "halls[0].booths[0].width: must be at least 1"),
        (
            ("halls", 0, "booths", 0, "x"),
            56,
            "halls[0].booths[0] (1.1H-A01): booth Rect(x=56, y=6, w=8, d=9) is outside hall 1.1H",
        ),
        (
            ("halls", 0, "booths", 0, "y"),
            22,
            "halls[0].booths[0] (1.1H-A01): booth covers a pillar at (30, 27)",
        ),
        (
            ("halls", 0, "booths", 0, "participation"),
            999999,
            "halls[0].booths[0].participation: no application 999999",
        ),
    ],
)
def test_malformed_plan_names_the_problem_and_changes_nothing(
    organiser, plan, edition, path, value, message
):
    if path[-1] == "y":
        plan["halls"][0]["booths"][0]["x"] = 26
    before = plan_export(edition=edition)
    with pytest.raises(DomainError) as err:
        plan_import(actor=organiser, edition=edition, data=_bad(plan, path, value))
    assert err.value.code == "invalid_plan"
    assert message in err.value.message
    assert plan_export(edition=edition) == before


def test_overlapping_booths_in_a_plan_are_refused(organiser, plan, edition):
    data = copy.deepcopy(plan)
    data["halls"][0]["booths"].append({"code": "1.1H-A02", "x": 4, "y": 10, "width": 8, "depth": 9})
    with pytest.raises(DomainError) as err:
        plan_import(actor=organiser, edition=edition, data=data)
    assert "halls[0].booths[1] (1.1H-A02): booth overlaps booth 1.1H-A01" in err.value.message
    assert Booth.objects.count() == 1


def test_not_json_object_and_not_organiser(organiser, exhibitor_a, plan, edition):
    with pytest.raises(DomainError) as err:
        plan_import(actor=organiser, edition=edition, data=["x"])
    assert err.value.message == "The plan is not valid: plan: must be a JSON object"
    with pytest.raises(PermissionDenied):
        plan_import(actor=exhibitor_a, edition=edition, data=plan)
    assert (Hall.objects.count(), Zone.objects.count(), Obstacle.objects.count()) == (1, 1, 1)
