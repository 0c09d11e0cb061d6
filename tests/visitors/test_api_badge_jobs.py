"""POST /api/editions/{n}/badges/issue-all runs as a background job (organisers) and
GET /api/badge-jobs/{id} reports its progress and result."""

from __future__ import annotations

import pytest

from openexpo.core.models import BackgroundJob
from openexpo.visitors.badge_jobs import JOB_KIND, badges_issue_job_run
from openexpo.visitors.models import Badge, Visitor
from tests.api_auth import bearer
from tests.factories import VisitorFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def visitors(edition, countries):
    approved = [
        VisitorFactory(edition=edition, country=countries[0], status=Visitor.Status.APPROVED)
        for _ in range(3)
    ]
    VisitorFactory(edition=edition, country=countries[0], status=Visitor.Status.PENDING)
    return approved


def test_organiser_issues_every_badge_as_a_job(
    client, organiser, edition, visitors, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/api/editions/{edition.number}/badges/issue-all", **bearer(organiser)
        )
    assert response.status_code == 202
    job_id = response.json()["id"]
    assert response.json()["edition"] == edition.number
    polled = client.get(f"/api/badge-jobs/{job_id}", **bearer(organiser)).json()
    assert (polled["status"], polled["progress"], polled["result"], polled["message"]) == (
        "done",
        1.0,
        {"issued": 3},
        "3 badges issued",
    )
    assert sorted(Badge.objects.values_list("visitor_id", flat=True)) == sorted(
        v.pk for v in visitors
    )
    # running the job again (a redelivered message) issues nothing more
    assert badges_issue_job_run(job_id=job_id).status == "done"
    assert Badge.objects.count() == 3


def test_exhibitor_cannot_start_or_watch_a_badge_run(
    client, organiser, exhibitor_a, edition, visitors
):
    response = client.post(
        f"/api/editions/{edition.number}/badges/issue-all", **bearer(exhibitor_a)
    )
    assert (response.status_code, response.json()["code"]) == (403, "forbidden")
    assert (BackgroundJob.objects.count(), Badge.objects.count()) == (0, 0)
    job = BackgroundJob.objects.create(kind=JOB_KIND, edition=edition, created_by=organiser)
    watched = client.get(f"/api/badge-jobs/{job.pk}", **bearer(exhibitor_a))
    assert (watched.status_code, watched.json()["code"]) == (403, "forbidden")


def test_a_second_run_while_one_is_queued_is_a_conflict(client, organiser, edition, visitors):
    BackgroundJob.objects.create(kind=JOB_KIND, edition=edition, created_by=organiser)
    response = client.post(f"/api/editions/{edition.number}/badges/issue-all", **bearer(organiser))
    assert (response.status_code, response.json()["code"]) == (409, "job_conflict")
    assert BackgroundJob.objects.count() == 1


def test_bad_input_names_the_field(client, organiser, edition):
    bad = client.post("/api/editions/six/badges/issue-all", **bearer(organiser))
    assert (bad.status_code, bad.json()["field"]) == (422, "number")
    job = client.get("/api/badge-jobs/first", **bearer(organiser))
    assert (job.status_code, job.json()["field"]) == (422, "job_id")
    unknown = client.get("/api/badge-jobs/999999", **bearer(organiser))
    assert (unknown.status_code, unknown.json()["code"]) == (404, "not_found")
