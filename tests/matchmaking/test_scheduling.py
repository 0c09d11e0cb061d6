"""Scheduling accepted meetings: busy times respected, the job with progress, the grid,
publishing, late requests fitted in around published meetings, ICS export."""

from __future__ import annotations

import datetime as dt
import zoneinfo

import icalendar
import pytest

from openexpo.core.errors import DomainError, PermissionDenied
from openexpo.core.models import BackgroundJob
from openexpo.matchmaking import jobs, meeting_services, scheduling, selectors, services
from openexpo.matchmaking.ics import meetings_ics
from openexpo.matchmaking.models import MeetingRequest
from tests.factories import ParticipationFactory, VisitorFactory
from tests.matchmaking.conftest import DAY

pytestmark = pytest.mark.django_db
SH = zoneinfo.ZoneInfo("Asia/Shanghai")


@pytest.fixture
def small_setup(edition):
    setup = services.setup_for(edition)
    setup.tables = 2
    setup.morning_slots = 3
    setup.afternoon_slots = 2
    setup.save()
    return setup


def _accepted(organiser, buyer, part, day=DAY, session="any"):
    req = meeting_services.meeting_request_create(
        actor=organiser, buyer=buyer, participation=part, day=day, session=session
    )
    return meeting_services.meeting_request_accept(actor=organiser, request=req)


def test_slot_grid_in_the_edition_time_zone(small_setup):
    grid = scheduling.slot_grid(small_setup, DAY)
    assert grid.starts[0] == dt.datetime(2023, 11, 6, 9, 0, tzinfo=SH)
    assert grid.starts[2] == dt.datetime(2023, 11, 6, 9, 40, tzinfo=SH)
    assert grid.starts[3] == dt.datetime(2023, 11, 6, 13, 30, tzinfo=SH)
    assert grid.overlapping(
        dt.datetime(2023, 11, 6, 9, 10, tzinfo=SH), dt.datetime(2023, 11, 6, 9, 30, tzinfo=SH)
    ) == [0, 1]


def test_schedule_respects_busy_times_sessions_and_tables(
    organiser, buyer, buyer_user, meat_part, robot_part, edition, small_setup
):
    m1 = _accepted(organiser, buyer, meat_part, session="afternoon")
    m2 = _accepted(organiser, buyer, robot_part)
    meeting_services.unavailability_add(
        actor=buyer_user,
        buyer=buyer,
        starts_at=dt.datetime(2023, 11, 6, 9, 0, tzinfo=SH),
        ends_at=dt.datetime(2023, 11, 6, 9, 40, tzinfo=SH),
    )
    summary = scheduling.schedule_day(edition=edition, day=DAY)
    assert (summary["meetings"], summary["placed"], summary["unplaced"]) == (2, 2, [])
    m1.refresh_from_db()
    m2.refresh_from_db()
    assert m1.slot in (3, 4)
    assert m2.slot not in (0, 1)
    assert m1.slot != m2.slot
    assert m1.starts_at == scheduling.slot_grid(small_setup, DAY).starts[m1.slot]
    assert 1 <= m1.table <= 2


def test_impossible_meeting_is_reported_with_a_reason(
    organiser, buyer, buyer_user, meat_part, edition, small_setup
):
    m = _accepted(organiser, buyer, meat_part)
    meeting_services.unavailability_add(
        actor=buyer_user,
        buyer=buyer,
        starts_at=dt.datetime(2023, 11, 6, 8, 0, tzinfo=SH),
        ends_at=dt.datetime(2023, 11, 6, 18, 0, tzinfo=SH),
    )
    summary = scheduling.schedule_day(edition=edition, day=DAY)
    assert summary["placed"] == 0
    assert [u["meeting"] for u in summary["unplaced"]] == [m.pk]
    m.refresh_from_db()
    assert m.slot is None and m.unplaced_reason != ""
    grid = selectors.schedule_grid(edition=edition, day=DAY)
    assert [u.pk for u in grid.unplaced] == [m.pk]


def test_job_runs_publishes_and_late_requests_keep_published_meetings(
    organiser,
    buyer,
    meat_part,
    robot_part,
    edition,
    small_setup,
    django_capture_on_commit_callbacks,
):
    first = _accepted(organiser, buyer, meat_part)
    with django_capture_on_commit_callbacks(execute=True):
        job = jobs.schedule_job_start(actor=organiser, edition=edition, time_limit=5)
    job.refresh_from_db()
    assert (job.status, job.progress) == (BackgroundJob.Status.DONE, 1.0)
    assert job.result["placed"] == 1
    assert scheduling.schedule_publish(actor=organiser, edition=edition) == 1
    first.refresh_from_db()
    slot, table = first.slot, first.table
    assert first.published
    # A late request for the same buyer: fitted in, the published meeting stays put.
    late = _accepted(organiser, buyer, robot_part)
    with django_capture_on_commit_callbacks(execute=True):
        jobs.schedule_job_start(actor=organiser, edition=edition, time_limit=5)
    first.refresh_from_db()
    late.refresh_from_db()
    assert (first.slot, first.table, first.published) == (slot, table, True)
    assert late.slot is not None and late.slot != slot and not late.published
    grid = selectors.schedule_grid(edition=edition, day=DAY)
    assert grid.conflicts == 0
    assert grid.rows[slot][table - 1].meeting.pk == first.pk


def test_running_twice_is_harmless_and_only_organisers_run(
    organiser, buyer_user, edition, small_setup
):
    with pytest.raises(PermissionDenied):
        jobs.schedule_job_start(actor=buyer_user, edition=edition)
    job = BackgroundJob.objects.create(
        kind=jobs.JOB_KIND, edition=edition, status=BackgroundJob.Status.DONE
    )
    assert jobs.schedule_job_run(job_id=job.pk).status == BackgroundJob.Status.DONE
    BackgroundJob.objects.create(kind=jobs.JOB_KIND, edition=edition)
    with pytest.raises(DomainError) as err:
        jobs.schedule_job_start(actor=organiser, edition=edition)
    assert err.value.code == "job_conflict"
    with pytest.raises(PermissionDenied):
        scheduling.schedule_publish(actor=buyer_user, edition=edition)


def test_grid_flags_a_busy_participant(
    organiser, buyer, buyer_user, meat_part, edition, small_setup
):
    m = _accepted(organiser, buyer, meat_part)
    scheduling.schedule_day(edition=edition, day=DAY)
    m.refresh_from_db()
    start, end = scheduling.slot_grid(small_setup, DAY).interval(m.slot)
    meeting_services.unavailability_add(actor=buyer_user, buyer=buyer, starts_at=start, ends_at=end)
    grid = selectors.schedule_grid(edition=edition, day=DAY)
    assert grid.conflicts == 1
    assert grid.rows[m.slot][m.table - 1].conflicts == ["buyer busy"]


def test_expo_scale_day_fills_tables(organiser, edition, small_setup):
    parts = [ParticipationFactory(edition=edition) for _ in range(3)]
    buyers = [VisitorFactory(edition=edition) for _ in range(3)]
    for b in buyers:
        for p in parts:
            MeetingRequest.objects.create(
                edition=edition,
                buyer=b,
                participation=p,
                initiated_by="buyer",
                day=DAY,
                status="accepted",
            )
    summary = scheduling.schedule_day(edition=edition, day=DAY)
    assert (summary["placed"], summary["unplaced"]) == (9, [])
    per_slot = {}
    for m in MeetingRequest.objects.filter(day=DAY):
        per_slot.setdefault(m.slot, set()).add(m.table)
    assert all(len(t) <= 2 and t <= {1, 2} for t in per_slot.values())


def test_ics_export(organiser, buyer, meat_part, edition, small_setup):
    m = _accepted(organiser, buyer, meat_part)
    scheduling.schedule_day(edition=edition, day=DAY)
    m.refresh_from_db()
    cal = icalendar.Calendar.from_ical(meetings_ics([m]))
    events = [c for c in cal.walk() if c.name == "VEVENT"]
    assert len(events) == 1
    assert events[0].decoded("dtstart") == m.starts_at
    assert str(events[0]["location"]) == f"Matchmaking table {m.table}"
    assert str(events[0]["summary"]) == "Wang Fang / Outback Meats"


def test_forum_seat_makes_the_buyer_busy(
    organiser, buyer, buyer_user, meat_part, edition, small_setup
):
    from openexpo.forums.models import Registration, Session, SubForum

    sub = SubForum.objects.create(edition=edition, code="trade", name_en="Trade")
    morning = Session.objects.create(
        subforum=sub,
        title_en="Keynote",
        capacity=10,
        starts_at=dt.datetime(2023, 11, 6, 9, 0, tzinfo=SH),
        ends_at=dt.datetime(2023, 11, 6, 12, 0, tzinfo=SH),
    )
    Registration.objects.create(session=morning, user=buyer_user, status="confirmed", seat_no=1)
    m = _accepted(organiser, buyer, meat_part)
    scheduling.schedule_day(edition=edition, day=DAY)
    m.refresh_from_db()
    assert m.slot in (3, 4)  # the whole morning is taken by the forum session
    # A cancelled seat frees the morning again for the grid's conflict check.
    Registration.objects.filter(user=buyer_user).update(status="cancelled", seat_no=None)
    busy = scheduling.busy_intervals(edition, [m])
    assert busy.get(f"b{buyer.pk}", []) == []
