"""Background tasks of the visitors app (thin: they take ids and call a service)."""

from __future__ import annotations

from celery import shared_task


@shared_task(name="visitors.issue_badges", bind=True)
def issue_badges(self, job_id: int) -> None:
    """Run the bulk badge job `job_id` (idempotent; a run whose worker died runs again)."""
    from openexpo.core.jobs import job_run_guarded
    from openexpo.visitors.badge_jobs import badges_issue_job_run

    job_run_guarded(self, job_id, badges_issue_job_run)
