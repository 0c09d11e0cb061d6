"""Read replica for reports: statistics pages read from the `replica` alias when one is set."""

from __future__ import annotations

import contextvars
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse

_reading_replica: contextvars.ContextVar[bool] = contextvars.ContextVar(
    "openexpo_reading_replica", default=False
)

REPLICA = "replica"
PRIMARY_ONLY_APPS = frozenset({"sessions", "auth", "contenttypes", "admin"})


def replica_configured() -> bool:
    """Whether reads may go to a replica: OPENEXPO_REPLICA_URL set (settings.REPLICA_READS)."""
    return bool(getattr(settings, "REPLICA_READS", False)) and REPLICA in settings.DATABASES


@contextmanager
def reads_from_replica() -> Iterator[None]:
    """Inside this block, reads go to the replica (when configured); writes never do."""
    token = _reading_replica.set(True)
    try:
        yield
    finally:
        _reading_replica.reset(token)


class ReplicaRouter:
    """Reads inside `reads_from_replica()` go to `replica`; everything else to `default`."""

    def db_for_read(self, model: type, **hints: Any) -> str | None:
        if not (_reading_replica.get() and replica_configured()):
            return None
        # Sessions and users stay on the primary: a lagging replica must not log anyone out.
        if model._meta.app_label in PRIMARY_ONLY_APPS or model._meta.model_name == "user":
            return None
        return REPLICA

    def db_for_write(self, model: type, **hints: Any) -> str | None:
        return "default"

    def allow_relation(self, obj1: Any, obj2: Any, **hints: Any) -> bool | None:
        return True  # the replica is a copy of default: the same rows

    def allow_migrate(self, db: str, app_label: str, **hints: Any) -> bool | None:
        return db != REPLICA  # the replica follows default by streaming replication


class ReportsReplicaMiddleware:
    """GET/HEAD requests under OPENEXPO_REPLICA_PATHS (default /reports/) read the replica."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.prefixes = tuple(getattr(settings, "REPLICA_PATHS", ("/reports/",)))

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if (
            request.method in ("GET", "HEAD")
            and replica_configured()
            and request.path.startswith(self.prefixes)
        ):
            with reads_from_replica():
                return self.get_response(request)
        return self.get_response(request)
