"""Scheduling as a background job: start it (organisers), run it with progress."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from openexpo.core import permissions
from openexpo.core.audit import audit_record
from openexpo.core.errors import PermissionDenied
from openexpo.core.jobs import Progress, job_dispatch, job_execute, job_under_way
from openexpo.core.models import BackgroundJob, Edition
from openexpo.matchmaking.services import MatchmakingError

JOB_KIND = "matchmaking.schedule"


def schedule_job_start(
    *, actor: Any, edition: Edition, allow_moves: bool = False, time_limit: float = 30.0
) -> BackgroundJob:
    """Queue a scheduling run of the edition's accepted meetings (runs after commit)."""
    if not permissions.is_organiser(actor):
        raise PermissionDenied("Only organisers run the scheduler.")
    if not 1 <= time_limit <= 600:
        raise MatchmakingError(
            "The time limit must be between 1 and 600 seconds.", "invalid", field="time_limit"
        )
    if job_under_way(JOB_KIND, edition):
        raise MatchmakingError("A scheduling run is already under way.", "job_conflict")
    from openexpo.matchmaking.tasks import run_schedule_job

    with transaction.atomic():
        job = BackgroundJob.objects.create(
            kind=JOB_KIND,
            edition=edition,
            created_by=actor,
            params={"allow_moves": bool(allow_moves), "time_limit": float(time_limit)},
        )
        audit_record(actor=actor, action="meetings.schedule", obj=edition, after=job.params)
        transaction.on_commit(lambda: job_dispatch(run_schedule_job, job.pk))
    return job


def schedule_job_run(*, job_id: int) -> BackgroundJob:
    """Run a queued job; a job already finished or running is left alone."""
    from openexpo.matchmaking.scheduling import schedule_edition

    def work(job: BackgroundJob, progress: Progress) -> tuple[dict[str, Any], str]:
        result = schedule_edition(
            edition=job.edition,
            allow_moves=job.params.get("allow_moves", False),
            time_limit=job.params.get("time_limit", 30.0),
            progress=progress,
        )
        return result, f"{result['placed']} of {result['meetings']} meetings placed"

    return job_execute(job_id, work)
