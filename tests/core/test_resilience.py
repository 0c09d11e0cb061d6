"""Failure handling of the production setup: lost database -> 503, lost Redis -> cache miss,
broker down -> job stays queued, lost worker -> job reclaimed; the reports replica router."""

from __future__ import annotations

import json
import time

import pytest
from django.db import IntegrityError, OperationalError, connection
from django.http import HttpResponse
from django.test import RequestFactory

from openexpo.core import dbrouter, jobs
from openexpo.core.models import BackgroundJob
from openexpo.core.resilience import DatabaseUnavailableMiddleware, ResilientRedisCache


def _raising(exc: Exception):
    def view(request):
        raise exc

    return view


def test_lost_database_answers_503_with_retry_after() -> None:
    exc = OperationalError("server closed the connection unexpectedly")
    middleware = DatabaseUnavailableMiddleware(_raising(exc))
    response = middleware(RequestFactory().get("/"))
    assert response.status_code == 503
    assert response["Retry-After"] == "2"
    assert middleware.process_exception(RequestFactory().get("/"), exc).status_code == 503


def test_lost_database_under_the_api_answers_the_envelope() -> None:
    """Lost before an API view runs (a middleware, the session): still the API's envelope."""
    exc = OperationalError("server closed the connection unexpectedly")
    middleware = DatabaseUnavailableMiddleware(_raising(exc))
    response = middleware(RequestFactory().get("/api/editions"))
    assert (response.status_code, response["Retry-After"], json.loads(response.content)) == (
        503,
        "2",
        {"code": "service_unavailable", "detail": "Briefly unavailable; retry."},
    )
    assert middleware(RequestFactory().get("/"))["Content-Type"] == "text/plain; charset=utf-8"


def test_other_database_errors_are_not_hidden() -> None:
    middleware = DatabaseUnavailableMiddleware(_raising(IntegrityError("duplicate key")))
    with pytest.raises(IntegrityError):
        middleware(RequestFactory().get("/"))
    assert middleware.process_exception(RequestFactory().get("/"), IntegrityError("x")) is None
    ok = DatabaseUnavailableMiddleware(lambda request: HttpResponse("fine"))
    assert ok(RequestFactory().get("/")).content == b"fine"


def test_redis_down_reads_as_a_miss_and_drops_writes() -> None:
    cache = ResilientRedisCache(
        "redis://127.0.0.1:1/0", {"OPTIONS": {"socket_connect_timeout": 0.2}}
    )
    cache.set("k", 1)
    assert cache.get("k", "missing") == "missing"
    assert cache.get_many(["k"]) == {}
    assert cache.add("k", 2) is False
    assert cache.delete("k") is False


def test_reports_read_the_replica_only_inside_the_block(monkeypatch) -> None:
    from openexpo.core.models import Edition, User

    router = dbrouter.ReplicaRouter()
    assert router.db_for_read(Edition) is None
    with dbrouter.reads_from_replica():
        assert router.db_for_read(Edition) is None  # no replica configured
        monkeypatch.setattr(dbrouter, "replica_configured", lambda: True)
        assert router.db_for_read(Edition) == "replica"
        assert router.db_for_read(User) is None  # users and sessions stay on the primary
        assert router.db_for_write(Edition) == "default"
    assert router.db_for_read(Edition) is None
    assert router.allow_migrate("replica", "core") is False


@pytest.mark.django_db
def test_broker_down_leaves_the_job_queued(settings) -> None:
    from openexpo.celery import app
    from openexpo.matchmaking.tasks import run_schedule_job

    job = BackgroundJob.objects.create(kind="matchmaking.schedule")
    # Read Celery's configuration before touching the settings: it is loaded lazily from them,
    # and capturing it afterwards would "restore" the changed values for every later test.
    old = (app.conf.broker_url, app.conf.task_always_eager)
    settings.CELERY_TASK_ALWAYS_EAGER = False
    app.conf.update(broker_url="redis://127.0.0.1:1/0", task_always_eager=False)
    _forget_connections(app)  # a pool made by an earlier test would still reach the old broker
    try:
        with app.connection_for_write() as conn:
            conn.transport_options.update({"socket_connect_timeout": 0.2})
        assert jobs.job_dispatch(run_schedule_job, job.pk) is False
    finally:
        app.conf.update(broker_url=old[0], task_always_eager=old[1])
        _forget_connections(app)
        # closed pools would refuse every later send (even eager tasks take a producer)
        app._pool = None
        app.amqp._producer_pool = None
    job.refresh_from_db()
    assert job.status == BackgroundJob.Status.QUEUED


@pytest.mark.django_db
def test_a_redelivered_job_whose_runner_died_runs_again() -> None:
    job = BackgroundJob.objects.create(kind="matchmaking.schedule", status="running", progress=0.4)
    assert jobs.job_reclaim(job.pk, redelivered=True) is True
    jobs.job_release(job.pk)
    job.refresh_from_db()
    assert (job.status, job.progress) == ("queued", 0.0)
    done = BackgroundJob.objects.create(kind="matchmaking.schedule", status="done", progress=1.0)
    assert jobs.job_reclaim(done.pk, redelivered=True) is True
    jobs.job_release(done.pk)
    done.refresh_from_db()
    assert done.status == "done"


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_a_running_job_held_by_a_live_worker_is_left_alone() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("advisory locks need PostgreSQL")
    import psycopg

    job = BackgroundJob.objects.create(kind="matchmaking.schedule", status="running")
    params = connection.get_connection_params()
    params.pop("cursor_factory", None)
    params.pop("context", None)
    with psycopg.connect(**params, autocommit=True) as live:  # the live runner's session
        live.execute("SELECT pg_advisory_lock(%s, %s)", [0x0E0B, job.pk])
        assert jobs.job_reclaim(job.pk, redelivered=True) is False
        job.refresh_from_db()
        assert job.status == "running"
    # The runner's session is gone (worker killed): once the server has ended it, the lock is
    # free and the job is reclaimed.
    for _ in range(100):
        if jobs.job_reclaim(job.pk, redelivered=False):
            break
        time.sleep(0.05)
    jobs.job_release(job.pk)
    job.refresh_from_db()
    assert job.status == "queued"


def test_the_api_answers_503_in_its_envelope_when_the_database_is_gone() -> None:
    import json

    from openexpo.api.main import api

    exc = OperationalError("connection failed: FATAL:  the database system is starting up")
    response = api.on_exception(RequestFactory().get("/api/deals"), exc)
    assert response.status_code == 503
    assert response["Retry-After"] == "2"
    assert json.loads(response.content)["code"] == "service_unavailable"


def _forget_connections(app) -> None:
    """Drop Celery's cached connection and producer pools (built from the broker URL of the
    moment they were first used), so the next send connects to the configured broker."""
    if app._pool is not None:
        app._pool.force_close_all()
        app._pool = None
    app.amqp._producer_pool = None
