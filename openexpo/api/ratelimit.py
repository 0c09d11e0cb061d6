"""Rate limits per API token: a fixed-window counter in the Django cache.

settings.API_RATE_LIMIT ("requests/seconds", from OPENEXPO_API_RATE_LIMIT; empty or "0"
turns it off) caps each token. Over it, the API answers 429 with `Retry-After` and the
envelope's `retry_after` (seconds to the next window). The counter lives in the default
cache: Redis in production, so every app server shares it; the per-process memory cache
otherwise. Browser sessions and anonymous callers are not counted here.
"""

from __future__ import annotations

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


class TokenThrottle(BaseThrottle):
    """ninja throttle: counts requests made with an API token (permissions.token_cap)."""

    def __init__(self) -> None:
        self._local = threading.local()  # one instance serves every thread

    def allow_request(self, request: HttpRequest) -> bool:
        self._local.wait = None
        token = permissions.token_cap(getattr(request, "user", None))
        rate = parse_rate(getattr(settings, "API_RATE_LIMIT", None))
        if token is None or rate is None:
            return True
        self._local.wait = hit(f"t{token.pk}", limit=rate[0], window=rate[1], now=clock())
        return self._local.wait is None

    def wait(self) -> float | None:
        return getattr(self._local, "wait", None)
