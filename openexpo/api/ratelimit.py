"""Rate limits on the API: per token, and per client address for anonymous callers; a
fixed-window counter in the Django cache.

settings.API_RATE_LIMIT ("requests/seconds", from OPENEXPO_API_RATE_LIMIT; empty or "0"
turns it off) caps each token. settings.API_ANON_RATE_LIMIT (OPENEXPO_API_ANON_RATE_LIMIT,
on in the prod profile) caps each client address of requests with neither token nor session;
the address is the first of settings.CLIENT_IP_HEADERS present (REMOTE_ADDR, or the proxy's
header). Over a limit, the API answers 429 with `Retry-After` and the envelope's
`retry_after` (seconds to the next window). The counters live in the default cache: Redis in
production, so every app server shares them; the per-process memory cache otherwise.
Browser sessions are not counted.
"""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest
from ninja.throttling import BaseThrottle

from openexpo.core import permissions

clock: Callable[[], float] = time.time  # the one place the time is read (tests set it)


def parse_rate(text: str | None) -> tuple[int, int] | None:
    """'600/60' -> (600, 60); None when off."""
    if not text or text.strip() in {"0", "off"}:
        return None
    count, _, seconds = text.partition("/")
    limit, window = int(count), int(seconds or 60)
    if limit <= 0:
        return None
    if window <= 0:
        raise ValueError(f"API rate window must be positive: {text!r}")
    return limit, window


def hit(key: str, *, limit: int, window: int, now: float) -> float | None:
    """Count one request for `key` at `now`: None if within `limit` for its window, else the
    seconds until the window ends."""
    start = int(now // window) * window
    slot = f"api-rate:{key}:{start}"
    cache.add(slot, 0, timeout=window + 5)
    try:
        count = cache.incr(slot)
    except ValueError:  # expired between add and incr
        cache.add(slot, 1, timeout=window + 5)
        count = 1
    return None if count <= limit else start + window - now


class _WindowThrottle(BaseThrottle):
    """A ninja throttle counting requests per key in fixed windows (subclasses name both)."""

    def __init__(self) -> None:
        self._local = threading.local()  # one instance serves every thread

    def key(self, request: HttpRequest) -> str | None:
        raise NotImplementedError

    def rate(self) -> tuple[int, int] | None:
        raise NotImplementedError

    def allow_request(self, request: HttpRequest) -> bool:
        self._local.wait = None
        rate = self.rate()
        key = self.key(request) if rate is not None else None
        if key is None or rate is None:
            return True
        self._local.wait = hit(key, limit=rate[0], window=rate[1], now=clock())
        return self._local.wait is None

    def wait(self) -> float | None:
        return getattr(self._local, "wait", None)


class TokenThrottle(_WindowThrottle):
    """Counts requests made with an API token (permissions.token_cap)."""

    def rate(self) -> tuple[int, int] | None:
        return parse_rate(getattr(settings, "API_RATE_LIMIT", None))

    def key(self, request: HttpRequest) -> str | None:
        token = permissions.token_cap(getattr(request, "user", None))
        return None if token is None else f"t{token.pk}"


class AnonThrottle(_WindowThrottle):
    """Counts requests with neither token nor session, per client address."""

    def rate(self) -> tuple[int, int] | None:
        return parse_rate(getattr(settings, "API_ANON_RATE_LIMIT", None))

    def key(self, request: HttpRequest) -> str | None:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            return None
        return f"ip{client_ip(request)}"


def client_ip(request: HttpRequest) -> str:
    """The caller's address: the first of settings.CLIENT_IP_HEADERS present (for a proxy's
    X-Forwarded-For, its first entry), else "unknown"."""
    for header in getattr(settings, "CLIENT_IP_HEADERS", None) or ["REMOTE_ADDR"]:
        value = request.META.get(header, "")
        first = value.split(",")[0].strip()
        if first:
            return re.sub(r"[^0-9A-Za-z.:]", "", first)[:64] or "unknown"
    return "unknown"
