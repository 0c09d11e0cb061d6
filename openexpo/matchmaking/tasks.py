"""Celery tasks of matchmaking: thin, take ids, safe to run twice."""

from __future__ import annotations

from celery import shared_task


@shared_task(name="matchmaking.run_schedule_job", bind=True)
def run_schedule_job(self, job_id: int) -> None:
    from openexpo.core.jobs import job_run_guarded
    from openexpo.matchmaking.jobs import schedule_job_run

    job_run_guarded(self, job_id, schedule_job_run)
