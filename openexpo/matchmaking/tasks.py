"""Celery tasks of matchmaking: thin, take ids, safe to run twice."""

from __future__ import annotations

from celery import shared_task


@shared_task(name="matchmaking.run_schedule_job")
def run_schedule_job(job_id: int) -> None:
    from openexpo.matchmaking.jobs import schedule_job_run

    schedule_job_run(job_id=job_id)
