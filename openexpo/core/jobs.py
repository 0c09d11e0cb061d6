"""Dispatch background jobs safely: a lost broker leaves the job queued, a lost worker re-runs it.

The BackgroundJob row in the database is the durable record of a job; the Celery message is
only a wake-up call. So:
- `job_dispatch` sends the message after commit; if Redis is down the job stays QUEUED (logged)
  and `jobs_requeue` (run by every worker at start-up, and by `openexpo jobs_requeue`) sends it
  again later. Nothing is lost.
- Tasks are acknowledged late (settings), so a worker killed mid-job leaves its message to be
  delivered again. `job_reclaim` then turns the dead run's RUNNING back into QUEUED, and the job
  runs again from the start. Job results are stored in one transaction, so a killed run leaves
  nothing half-written.
"""

from __future__ import annotations

import logging
import traceback
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from openexpo.core.models import BackgroundJob, Edition

log = logging.getLogger(__name__)

# BackgroundJob.kind -> Celery task name (the tasks take the job id).
JOB_TASKS: dict[str, str] = {
    "floorplan.allocate": "floorplan.allocate_booths",
    "matchmaking.schedule": "matchmaking.run_schedule_job",
    "visitors.badges_issue": "visitors.issue_badges",
}


def job_dispatch(task: Any, job_id: int) -> bool:
    """Send `task(job_id)` to the workers (or run it inline without a broker); False if unsent."""
    from django.conf import settings

    if getattr(settings, "CELERY_TASK_ALWAYS_EAGER", True):
        task.delay(job_id)
        return True
    try:
        task.apply_async(
            (job_id,),
            retry=True,
            retry_policy={"max_retries": 2, "interval_start": 0.2, "interval_step": 0.5},
        )
    except Exception as exc:  # broker down: the row stays QUEUED and is requeued later
        log.warning("job %s not sent (broker unavailable, stays queued): %s", job_id, exc)
        return False
    return True


def jobs_requeue(*, older_than: timedelta = timedelta(seconds=0)) -> list[int]:
    """Send again every QUEUED job (older than `older_than`); safe: a job runs once."""
    from openexpo.celery import app

    cutoff = timezone.now() - older_than
    sent = []
    queued = BackgroundJob.objects.filter(
        status=BackgroundJob.Status.QUEUED, kind__in=list(JOB_TASKS), created__lte=cutoff
    ).order_by("pk")
    for job_id, kind in queued.values_list("pk", "kind"):
        if job_dispatch(app.signature(JOB_TASKS[kind]).type, job_id):
            sent.append(job_id)
    return sent


def _postgres_lock(job_id: int) -> bool:
    """Try the job's session advisory lock: held by the live run, released when it dies."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(%s, %s)", [0x0E0B, job_id])
        return bool(cursor.fetchone()[0])


def job_claim(job_id: int) -> bool:
    """Mark this process as the job's runner (PostgreSQL: an advisory lock); False if taken."""
    if connection.vendor != "postgresql":
        return True
    return _postgres_lock(job_id)


def job_release(job_id: int) -> None:
    if connection.vendor == "postgresql" and connection.connection is not None:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_unlock(%s, %s)", [0x0E0B, job_id])


def job_reclaim(job_id: int, *, redelivered: bool) -> bool:
    """Before a run: a RUNNING job whose runner died goes back to QUEUED. False: leave it alone.

    On PostgreSQL the live runner holds the job's advisory lock, so taking the lock proves the
    old run is gone. Elsewhere (SQLite, development) only a redelivered message reclaims.
    """
    if not job_claim(job_id):
        return False  # another live run holds it
    with transaction.atomic():
        job = BackgroundJob.objects.select_for_update().filter(pk=job_id).first()
        if job is None:
            return False
        if job.status == BackgroundJob.Status.RUNNING and (
            redelivered or connection.vendor == "postgresql"
        ):
            job.status = BackgroundJob.Status.QUEUED
            job.progress = 0.0
            job.message = "re-queued: the previous worker was lost mid-run"
            job.save(update_fields=["status", "progress", "message"])
            log.warning("job %s: previous run lost, running again", job_id)
    return True


def task_redelivered(task: Any) -> bool:
    """Whether the broker delivered this task's message before (its first worker was lost)."""
    info = getattr(task.request, "delivery_info", None) or {}
    return bool(info.get("redelivered"))


def job_run_guarded(task: Any, job_id: int, run: Any) -> Any:
    """Run `run(job_id=...)` as the job's only live runner; reclaim it if a runner died."""
    if not job_reclaim(job_id, redelivered=task_redelivered(task)):
        log.info("job %s is being run by another live worker", job_id)
        return None
    try:
        return run(job_id=job_id)
    finally:
        job_release(job_id)


def job_under_way(kind: str, edition: Edition) -> bool:
    """Whether a job of `kind` for `edition` is queued or running."""
    return BackgroundJob.objects.filter(
        kind=kind,
        edition=edition,
        status__in=[BackgroundJob.Status.QUEUED, BackgroundJob.Status.RUNNING],
    ).exists()


Progress = Callable[[float, str], None]


def job_execute(
    job_id: int, work: Callable[[BackgroundJob, Progress], tuple[dict[str, Any], str]]
) -> BackgroundJob:
    """Run a queued job: claim it (QUEUED -> RUNNING; a job finished or running is left alone,
    so running twice is safe), call `work(job, progress)` and record DONE with the result and
    message it returns, or FAILED with the error and the end of its traceback."""
    with transaction.atomic():
        job = (
            BackgroundJob.objects.select_for_update(of=("self",))
            .select_related("edition")
            .get(pk=job_id)
        )
        if job.status != BackgroundJob.Status.QUEUED:
            return job
        job.status = BackgroundJob.Status.RUNNING
        job.save(update_fields=["status"])

    def progress(fraction: float, message: str) -> None:
        BackgroundJob.objects.filter(pk=job_id).update(progress=round(fraction, 4), message=message)

    try:
        result, message = work(job, progress)
    except Exception as exc:  # the job records any failure for the organiser
        BackgroundJob.objects.filter(pk=job_id).update(
            status=BackgroundJob.Status.FAILED, message=f"{exc}\n{traceback.format_exc()[-2000:]}"
        )
    else:
        BackgroundJob.objects.filter(pk=job_id).update(
            status=BackgroundJob.Status.DONE, progress=1.0, result=result, message=message
        )
    job.refresh_from_db()
    return job
