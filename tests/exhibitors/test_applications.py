"""Exhibitor-side application services: apply, the booth rules, capacity, withdraw, e-mails."""

from __future__ import annotations

import pytest
from django.core import mail

from openexpo.core.errors import DomainError, PermissionDenied
from openexpo.core.models import AuditEntry
from openexpo.exhibitors import services
from openexpo.exhibitors.models import Participation, ParticipationTransition
from tests.factories import AreaFactory, EditionFactory

S = Participation.Status


def apply(actor, company, edition, area, **kw):
    args = {"booth_type": "raw", "area_requested_m2": 108, "plans_en": "MRI scanners"} | kw
    return services.participation_apply(
        actor=actor, company=company, edition=edition, area=area, **args
    )


def test_apply_submits_records_history_audit_and_mails(
    exhibitor_a, company_a, edition, area, on_commit
):
    with on_commit():
        part = apply(exhibitor_a, company_a, edition, area, plans_zh="磁共振")
    part.refresh_from_db()
    assert (part.status, part.area_requested_m2, part.plans_zh) == (S.SUBMITTED, 108, "磁共振")
    assert part.submitted_at is not None
    history = list(
        ParticipationTransition.objects.values_list("from_status", "to_status", "actor__username")
    )
    assert history == [("", "submitted", "alice")]
    audit = AuditEntry.objects.get(action="participation.create")
    assert (audit.object_id, audit.after) == (str(part.pk), {"status": "submitted"})
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["contact@example.org", "alice@example.org"]
    assert "Submitted" in mail.outbox[0].subject


def test_draft_then_submit(exhibitor_a, company_a, edition, area):
    part = apply(exhibitor_a, company_a, edition, area, submit=False)
    assert part.status == S.DRAFT and part.submitted_at is None
    part = services.participation_submit(actor=exhibitor_a, part=part)
    assert part.status == S.SUBMITTED
    assert list(part.transitions.values_list("to_status", flat=True)) == ["draft", "submitted"]


@pytest.mark.parametrize(
    ("booth_type", "m2", "field", "words"),
    [
        ("raw", 35, "area_requested_m2", "at least 36"),
        ("raw", 0, "area_requested_m2", "positive"),
        ("standard", 10, "area_requested_m2", "multiple of 9"),
        ("standard", 0, "area_requested_m2", "positive"),
        ("booth", 36, "booth_type", "Booth type must be one of"),
    ],
)
def test_bad_booth_requests_refused(
    exhibitor_a, company_a, edition, area, booth_type, m2, field, words
):
    with pytest.raises(DomainError) as err:
        apply(exhibitor_a, company_a, edition, area, booth_type=booth_type, area_requested_m2=m2)
    assert err.value.field == field
    assert words in err.value.message
    assert Participation.objects.count() == 0


def test_good_edges_accepted(exhibitor_a, company_a, exhibitor_b, company_b, edition, area):
    assert (
        apply(exhibitor_a, company_a, edition, area, area_requested_m2=36).area_requested_m2 == 36
    )
    assert (
        apply(
            exhibitor_b, company_b, edition, area, booth_type="standard", area_requested_m2=18
        ).area_requested_m2
        == 18
    )


def test_more_than_the_zone_holds_is_refused(exhibitor_a, company_a, edition, small_area):
    with pytest.raises(DomainError) as err:
        apply(exhibitor_a, company_a, edition, small_area, area_requested_m2=504)
    assert (err.value.code, err.value.field) == ("zone_capacity", "area_requested_m2")
    assert "500 m²" in err.value.message and "504 m²" in err.value.message
    assert Participation.objects.count() == 0
    assert apply(exhibitor_a, company_a, edition, small_area, area_requested_m2=500).pk


def test_area_of_another_edition_refused(exhibitor_a, company_a, edition):
    other = AreaFactory(edition=EditionFactory(number=5), code="medical")
    with pytest.raises(DomainError) as err:
        apply(exhibitor_a, company_a, edition, other)
    assert err.value.field == "area"


def test_second_application_same_edition_refused(exhibitor_a, company_a, edition, area):
    apply(exhibitor_a, company_a, edition, area)
    with pytest.raises(DomainError) as err:
        apply(exhibitor_a, company_a, edition, area)
    assert (err.value.code, err.value.field) == ("application_conflict", "edition")
    assert Participation.objects.count() == 1


def test_exhibitor_cannot_apply_or_act_for_another_company(
    exhibitor_a, exhibitor_b, company_a, company_b, edition, area
):
    with pytest.raises(PermissionDenied):
        apply(exhibitor_b, company_a, edition, area)
    part = apply(exhibitor_a, company_a, edition, area)
    for call in (
        lambda: services.participation_withdraw(actor=exhibitor_b, part=part),
        lambda: services.participation_update(
            actor=exhibitor_b, part=part, changes={"area_requested_m2": 36}
        ),
        lambda: services.participation_approve(actor=exhibitor_b, part=part),
        lambda: services.participation_approve(actor=exhibitor_a, part=part),
    ):
        with pytest.raises(PermissionDenied):
            call()
    part.refresh_from_db()
    assert (part.status, part.area_requested_m2) == (S.SUBMITTED, 108)
    assert part.transitions.count() == 1


def test_update_while_submitted_not_after_decision(
    exhibitor_a, company_a, edition, area, food_area, organiser
):
    part = apply(exhibitor_a, company_a, edition, area)
    part = services.participation_update(
        actor=exhibitor_a, part=part, changes={"area": food_area, "area_requested_m2": 72}
    )
    assert (part.area_id, part.area_requested_m2) == (food_area.pk, 72)
    with pytest.raises(DomainError) as err:
        services.participation_update(
            actor=exhibitor_a, part=part, changes={"area_requested_m2": 20}
        )
    assert err.value.field == "area_requested_m2"
    services.participation_approve(actor=organiser, part=part)
    with pytest.raises(DomainError) as err:
        services.participation_update(
            actor=exhibitor_a, part=part, changes={"area_requested_m2": 90}
        )
    assert err.value.code == "not_editable"
    part.refresh_from_db()
    assert part.area_requested_m2 == 72


def test_withdraw_and_reopen(exhibitor_a, company_a, edition, area, on_commit):
    part = apply(exhibitor_a, company_a, edition, area)
    with on_commit():
        part = services.participation_withdraw(actor=exhibitor_a, part=part, reason="Budget cut")
    assert part.status == S.WITHDRAWN
    assert "Withdrawn" in mail.outbox[-1].subject and "Budget cut" in mail.outbox[-1].body
    with pytest.raises(DomainError) as err:
        services.participation_withdraw(actor=exhibitor_a, part=part)
    assert err.value.code == "bad_transition"
    part = services.participation_reopen(actor=exhibitor_a, part=part)
    assert part.status == S.DRAFT


def test_zone_capacity_comes_from_the_floor_plan_when_it_has_zones(
    exhibitor_a, company_a, edition, area
):
    from openexpo.exhibitors.capacity import area_capacity_m2, capacity_memo
    from openexpo.floorplan import selectors as floorplan
    from openexpo.floorplan.models import Hall, Zone

    assert area_capacity_m2(area) is None  # no zone, no AreaCapacity: no known limit
    hall = Hall.objects.create(
        edition=edition,
        code="1.1H",
        outline=[[0, 0], [60, 0], [60, 40], [0, 40]],
        width_m=60,
        depth_m=40,
    )
    Zone.objects.create(hall=hall, area=area, x=0, y=0, width=60, depth=40)
    held = floorplan.area_capacity_m2(area)
    assert held is not None and held > 36
    with capacity_memo():
        assert area_capacity_m2(area) == area_capacity_m2(area) == held
    too_big = held + 9 - held % 9
    with pytest.raises(DomainError) as err:
        apply(exhibitor_a, company_a, edition, area, area_requested_m2=too_big)
    assert (err.value.code, err.value.field) == ("zone_capacity", "area_requested_m2")
    assert f"({held} m²)" in err.value.message
