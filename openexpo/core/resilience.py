"""Degrade cleanly when PostgreSQL or Redis goes away: a 503 for the database, a miss for the cache."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from django.core.cache.backends.redis import RedisCache
from django.db import DatabaseError, InterfaceError, OperationalError, connections
from django.http import HttpRequest, HttpResponse, JsonResponse

log = logging.getLogger(__name__)

try:  # redis-py's errors: the cache backend raises them when the server is down
    from redis.exceptions import ConnectionError as RedisConnectionError
    from redis.exceptions import TimeoutError as RedisTimeoutError

    REDIS_ERRORS: tuple[type[BaseException], ...] = (RedisConnectionError, RedisTimeoutError)
except ImportError:  # pragma: no cover - redis is a dependency
    REDIS_ERRORS = ()


# SQLSTATEs that mean the connection itself is gone: class 08 (connection exception) and the
# server shutting down or starting up (57P01 admin shutdown, 57P02 crash, 57P03 cannot connect).
LOST_CONNECTION_STATES = {"57P01", "57P02", "57P03"}
# Messages of driver-side errors (no SQLSTATE) that mean the same.
LOST_CONNECTION_TEXTS = (
    "connection is closed",
    "connection already closed",
    "server closed the connection",
    "connection to server",
    "could not connect",
    "consuming input failed",
    "terminating connection",
    "the database system is",
    "connection refused",
    "unable to open database file",
)


def database_unavailable(exc: BaseException) -> bool:
    """True for a lost or refused database connection only.

    Not for a bad value (DataError: a NUL byte, an integer out of range), a constraint, a
    cancelled query, a deadlock or a statement inside an aborted transaction: those are the
    request's own errors and must not be dressed up as "retry shortly".
    """
    if isinstance(exc, InterfaceError):
        return True
    if not isinstance(exc, OperationalError):
        return False
    cause = exc.__cause__
    state = getattr(cause, "sqlstate", None) or getattr(cause, "pgcode", None)
    if state:
        return state.startswith("08") or state in LOST_CONNECTION_STATES
    text = str(exc).lower()
    return any(needle in text for needle in LOST_CONNECTION_TEXTS)


def database_connections_reset() -> None:
    """Drop this thread's database connections: the next query opens a fresh one."""
    for conn in connections.all(initialized_only=True):
        try:
            conn.close()
        except DatabaseError:
            conn.connection = None


class DatabaseUnavailableMiddleware:
    """A request that lost its database answers 503 with Retry-After, not a 500 stack trace.

    The failed connection is closed so the next request of this worker opens a fresh one
    (together with CONN_HEALTH_CHECKS, a restarted PostgreSQL is picked up at once).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            return self.get_response(request)
        except DatabaseError as exc:  # raised outside a view (a middleware, the session)
            if not database_unavailable(exc):
                raise
            return self.unavailable(exc, request)

    def process_exception(self, request: HttpRequest, exc: Exception) -> HttpResponse | None:
        if isinstance(exc, DatabaseError) and database_unavailable(exc):
            return self.unavailable(exc, request)
        return None

    def unavailable(self, exc: BaseException, request: HttpRequest | None = None) -> HttpResponse:
        log.warning("database unavailable: %s", exc)
        database_connections_reset()
        if request is not None and request.path_info.startswith("/api/"):
            response: HttpResponse = JsonResponse(  # the API's error envelope
                {"code": "service_unavailable", "detail": "Briefly unavailable; retry."},
                status=503,
                content_type="application/json; charset=utf-8",
            )
        else:
            response = HttpResponse(
                "The service is briefly unavailable; please retry.\n",
                status=503,
                content_type="text/plain; charset=utf-8",
            )
        response["Retry-After"] = "2"
        return response


class ResilientRedisCache(RedisCache):
    """Django's Redis cache, but a down Redis reads as a miss and a write is dropped.

    The cache only holds figures that can be recomputed, so losing it costs time, not data.
    """

    def _safe(self, name: str, default: Any, *args: Any, **kwargs: Any) -> Any:
        try:
            return getattr(super(), name)(*args, **kwargs)
        except REDIS_ERRORS as exc:
            log.warning("cache %s skipped, Redis unavailable: %s", name, exc)
            return default

    def get(self, key: Any, default: Any = None, version: Any = None) -> Any:
        return self._safe("get", default, key, default, version)

    def set(self, *args: Any, **kwargs: Any) -> None:
        self._safe("set", None, *args, **kwargs)

    def add(self, *args: Any, **kwargs: Any) -> bool:
        return self._safe("add", False, *args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> bool:
        return self._safe("delete", False, *args, **kwargs)

    def get_many(self, *args: Any, **kwargs: Any) -> dict:
        return self._safe("get_many", {}, *args, **kwargs)

    def set_many(self, *args: Any, **kwargs: Any) -> list:
        return self._safe("set_many", [], *args, **kwargs)

    def touch(self, *args: Any, **kwargs: Any) -> bool:
        return self._safe("touch", False, *args, **kwargs)

    def has_key(self, *args: Any, **kwargs: Any) -> bool:
        return self._safe("has_key", False, *args, **kwargs)
