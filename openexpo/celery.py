"""Celery application: Redis in production, tasks run in-process when no broker is set."""

import os

from celery import Celery
from celery.signals import worker_process_init, worker_ready

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "openexpo.settings")

app = Celery("openexpo")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@worker_ready.connect
def requeue_waiting_jobs(**kwargs: object) -> None:
    """A starting worker re-sends jobs left QUEUED while the broker was down (runs are once-only)."""
    from openexpo.core.jobs import jobs_requeue

    jobs_requeue()


@worker_process_init.connect
def allow_solver_processes(**kwargs: object) -> None:
    """Prefork pool processes are daemonic, and a daemonic process may not start children; the
    meeting scheduler races solvers in child processes. Each solve has a time limit, so a
    child left behind by a killed pool process ends on its own."""
    import multiprocessing

    multiprocessing.current_process()._config["daemon"] = False  # type: ignore[attr-defined]
