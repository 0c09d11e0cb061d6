"""Background tasks of the floor plan (thin: they take ids and call a service)."""

from __future__ import annotations

from celery import shared_task


@shared_task(name="floorplan.allocate_booths", bind=True)
def allocate_booths(self, job_id: int) -> int | None:
    """Run the booth allocation job `job_id` (idempotent: a finished job is left alone;
    a run whose worker died is run again)."""
    from openexpo.core.jobs import job_run_guarded
    from openexpo.floorplan.allocation import allocation_run

    job = job_run_guarded(self, job_id, allocation_run)
    return job.pk if job is not None else None
