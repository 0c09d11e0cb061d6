"""Issuing the badges of a whole edition as a background job: start it (organisers), run it
with progress. The signing and the bulk insert are `badges.badges_issue_all`."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from openexpo.core import permissions
from openexpo.core.audit import audit_record
from openexpo.core.errors import PermissionDenied
from openexpo.core.jobs import Progress, job_dispatch, job_execute, job_under_way
from openexpo.core.models import BackgroundJob, Edition
from openexpo.visitors.badges import BadgeError, badges_issue_all
from openexpo.visitors.models import Badge, Visitor

JOB_KIND = "visitors.badges_issue"


def badges_issue_job_start(*, actor: Any, edition: Edition) -> BackgroundJob:
    """Queue a run issuing a badge to every approved visitor of `edition` without one (runs
    after commit; in-process without a broker). One run per edition at a time."""
    if not permissions.is_organiser(actor):
        raise PermissionDenied("Only organisers issue badges in bulk.")
    with transaction.atomic():
        Edition.objects.select_for_update().filter(pk=edition.pk).first()  # one start at a time
        if job_under_way(JOB_KIND, edition):
            raise BadgeError("A badge run for this edition is already under way.", "job_conflict")
        job = BackgroundJob.objects.create(
            kind=JOB_KIND, edition=edition, created_by=actor, message="queued"
        )
        audit_record(actor=actor, action="badges.issue_all", obj=edition, after={"job": job.pk})
    from openexpo.visitors.tasks import issue_badges

    transaction.on_commit(lambda: job_dispatch(issue_badges, job.pk))
    return job


def badges_issue_job_run(*, job_id: int) -> BackgroundJob:
    """Run a queued job; a finished or running one is left alone (safe to run twice). The
    badges are written in one transaction, so a killed run leaves none half-issued."""

    def work(job: BackgroundJob, progress: Progress) -> tuple[dict[str, Any], str]:
        have = Badge.objects.filter(edition=job.edition, visitor__isnull=False).values("visitor_id")
        pending = (
            Visitor.objects.filter(edition=job.edition, status=Visitor.Status.APPROVED)
            .exclude(pk__in=have)
            .count()
        )
        progress(0.1, f"signing {pending} badges")
        issued = badges_issue_all(edition=job.edition)
        return {"issued": issued}, f"{issued} badges issued"

    return job_execute(job_id, work)
