"""Allocation as a background job: start, run, store, re-run around pinned booths."""

from __future__ import annotations

import pytest

from openexpo.core.errors import DomainError, PermissionDenied
from openexpo.core.models import BackgroundJob
from openexpo.floorplan import services
from openexpo.floorplan.allocation import allocation_run, allocation_start, problem_for
from openexpo.floorplan.models import Booth, BoothCell, Hall
from openexpo.floorplan.selectors import area_capacity_m2
from openexpo.solvers.booths import check
from tests.factories import CompanyFactory, EditionFactory, ParticipationFactory


def run(organiser, edition, capture):
    with capture(execute=True):
        job = allocation_start(actor=organiser, edition=edition, time_limit=2)
    job.refresh_from_db()
    return job


def test_allocation_job_places_approved_applications(
    organiser, hall, approved, django_capture_on_commit_callbacks
):
    ParticipationFactory(edition=hall.edition, area=approved[0].area, status="submitted")
    job = run(organiser, hall.edition, django_capture_on_commit_callbacks)
    assert job.status == BackgroundJob.Status.DONE and job.progress == 1.0
    assert job.result["placed"] == 2 and job.result["unplaced"] == []
    booths = {b.participation_id: b for b in Booth.objects.all()}
    assert set(booths) == {approved[0].pk, approved[1].pk}
    assert booths[approved[0].pk].area_m2 == 72 and booths[approved[1].pk].area_m2 == 108
    assert all(b.code.startswith("1.1H-") for b in booths.values())
    assert BoothCell.objects.count() == 180
    problem = problem_for(hall.edition)
    assert problem.applications and len(problem.pinned) == 0


def test_rerun_keeps_pinned_booths_and_is_idempotent(
    organiser, hall, approved, django_capture_on_commit_callbacks
):
    pinned = services.booth_create(
        actor=organiser,
        hall=hall,
        code="1.1H-Z99",
        x=50,
        y=6,
        width=8,
        depth=9,
        participation=approved[0],
    )
    job = run(organiser, hall.edition, django_capture_on_commit_callbacks)
    assert job.result["placed"] == 2
    assert Booth.objects.get(participation=approved[0]).pk == pinned.pk
    other = Booth.objects.get(participation=approved[1])
    assert not other.pinned and not (other.x < 58 and other.x + other.width > 50 and other.y < 15)
    again = allocation_run(job_id=job.pk)
    assert again.status == "done" and Booth.objects.count() == 2


def test_allocation_result_passes_the_checker(
    organiser, hall, area, django_capture_on_commit_callbacks
):
    for m2 in (36, 45, 60, 90, 120, 150, 200):
        ParticipationFactory(
            company=CompanyFactory(), edition=hall.edition, area=area, area_requested_m2=m2
        )
    run(organiser, hall.edition, django_capture_on_commit_callbacks)
    problem = problem_for(hall.edition)
    from openexpo.solvers.booths import Placement, Rect, Solution

    sol = Solution(
        tuple(
            Placement(b.participation_id, b.hall.code, Rect(b.x, b.y, b.width, b.depth), b.kind)
            for b in Booth.objects.select_related("hall")
        ),
        (),
    )
    assert check(problem, sol) == []  # the pins are the stored booths themselves
    assert Booth.objects.count() == 7


def test_only_organisers_and_only_with_halls(exhibitor_a, organiser, approved, edition):
    with pytest.raises(PermissionDenied):
        allocation_start(actor=exhibitor_a, edition=edition)
    with pytest.raises(DomainError) as err:
        allocation_start(actor=organiser, edition=edition)
    assert err.value.code == "no_halls"
    assert BackgroundJob.objects.count() == 0


def test_last_editions_hall_comes_from_previous_booths(organiser, hall, approved):
    prev = EditionFactory(number=5)
    hall.edition.previous = prev
    hall.edition.save()
    old_hall = Hall.objects.create(edition=prev, code="8.2H", width_m=60, depth_m=54)
    old = ParticipationFactory(company=approved[0].company, edition=prev, area__code="medical")
    Booth.objects.create(
        hall=old_hall, code="8.2H-A01", x=0, y=6, width=8, depth=9, participation=old
    )
    problem = problem_for(hall.edition)
    last = {a.id: a.last_hall for a in problem.applications}
    assert last == {approved[0].pk: "8.2H", approved[1].pk: None}


def test_area_capacity_for_the_exhibitors_app(hall, area):
    # two double rows of 2 x 9 m each over 60 m, the pillar sits in the aisle
    assert area_capacity_m2(area) == 4 * 9 * 60
