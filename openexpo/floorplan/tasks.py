"""Background tasks of the floor plan (thin: they take ids and call a service)."""

from __future__ import annotations

from celery import shared_task


@shared_task(name="floorplan.allocate_booths")
def allocate_booths(job_id: int) -> int:
    """Run the booth allocation job `job_id` (idempotent: a finished job is left alone)."""
    from openexpo.floorplan.allocation import allocation_run

    return allocation_run(job_id=job_id).pk
