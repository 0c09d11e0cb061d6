"""The gate scan fast lane: POST /api/scans answered in front of Django's request stack.

A gate lane sends scan after scan with one bearer token. Django's URL resolver, the
middleware chain and django-ninja's parsing cost about three quarters of a scan's Python
CPU (cProfile of the WSGI call, PostgreSQL path). This WSGI wrapper answers the common
case itself: a JSON body whose fields have exactly the types of `api.ScanIn`, a bearer
token this process authenticated within `GateAuth.TOKEN_CACHE_SECONDS`, a gate-staff
user, an allowed host and a known gate. It calls the same service
(`checkin.scan_check_in`) and writes the same JSON. Everything else (first use of a token,
bad JSON, a wrong field, an unknown gate, a cookie session, other paths) passes through to
Django unchanged and gets Django's answer.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Callable, Iterable
from io import BytesIO
from typing import Any

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections
from django.http.request import split_domain_port, validate_host

from openexpo.core import permissions
from openexpo.visitors import checkin
from openexpo.visitors.api import GateAuth

PATH = "/api/scans"
MAX_BODY = 8192
logger = logging.getLogger("openexpo.visitors.lane")

WSGIApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]


def _security_headers() -> list[tuple[str, str]]:
    """The headers the middleware adds to a JSON answer (SecurityMiddleware,
    ContentSecurityPolicyMiddleware, XFrameOptionsMiddleware), from the same settings."""
    headers = []
    if getattr(settings, "CONTENT_SECURITY_POLICY", ""):
        headers.append(("Content-Security-Policy", settings.CONTENT_SECURITY_POLICY))
    headers.append(("X-Frame-Options", getattr(settings, "X_FRAME_OPTIONS", "DENY").upper()))
    if settings.SECURE_CONTENT_TYPE_NOSNIFF:
        headers.append(("X-Content-Type-Options", "nosniff"))
    if settings.SECURE_REFERRER_POLICY:
        policy = settings.SECURE_REFERRER_POLICY
        if not isinstance(policy, str):
            policy = ",".join(policy)
        headers.append(("Referrer-Policy", policy))
    if settings.SECURE_CROSS_ORIGIN_OPENER_POLICY:
        headers.append(("Cross-Origin-Opener-Policy", settings.SECURE_CROSS_ORIGIN_OPENER_POLICY))
    return headers


def _hsts_header() -> list[tuple[str, str]]:
    """Strict-Transport-Security as SecurityMiddleware sends it on HTTPS answers."""
    if not settings.SECURE_HSTS_SECONDS:
        return []
    value = f"max-age={settings.SECURE_HSTS_SECONDS}"
    if settings.SECURE_HSTS_INCLUDE_SUBDOMAINS:
        value += "; includeSubDomains"
    if settings.SECURE_HSTS_PRELOAD:
        value += "; preload"
    return [("Strict-Transport-Security", value)]


def _is_secure(environ: dict[str, Any]) -> bool:
    """HttpRequest.is_secure() on the raw environ (SECURE_PROXY_SSL_HEADER first)."""
    if settings.SECURE_PROXY_SSL_HEADER:
        header, secure_value = settings.SECURE_PROXY_SSL_HEADER
        value = environ.get(header)
        if value is not None:
            return value.split(",", 1)[0].strip() == secure_value
    return environ.get("wsgi.url_scheme") == "https"


class ScanLane:
    """WSGI middleware: the scan fast lane in front of `app` (Django)."""

    def __init__(self, app: WSGIApp) -> None:
        self.app = app
        self.enabled = getattr(settings, "SCAN_FAST_LANE", True)
        self._headers = _security_headers()
        self._hsts = _hsts_header()
        self._hosts: dict[str, bool] = {}
        self.answered = 0  # scans the lane answered itself (tests and the bench read it)

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]):
        if (
            not self.enabled
            or environ.get("PATH_INFO") != PATH
            or environ.get("REQUEST_METHOD") != "POST"
            or "HTTP_COOKIE" in environ
        ):
            return self.app(environ, start_response)
        try:
            length = int(environ.get("CONTENT_LENGTH") or -1)
        except ValueError:
            length = -1
        secure = _is_secure(environ)
        if not 0 < length <= MAX_BODY or (settings.SECURE_SSL_REDIRECT and not secure):
            return self.app(environ, start_response)  # Django answers (or redirects to HTTPS)
        body = environ["wsgi.input"].read(length)
        environ["wsgi.input"] = BytesIO(body)  # for Django, if the lane passes
        scan = self._parse(environ, body)
        if scan is None:
            return self.app(environ, start_response)
        db = connections[DEFAULT_DB_ALIAS]
        # What Django does when a request starts and ends, except inside a caller's transaction
        # (the app served in a test's transaction): closing then would end that transaction.
        own_connection = not db.in_atomic_block
        if own_connection:
            db.close_if_unusable_or_obsolete()
        try:
            try:
                gate = checkin.gate_info(edition_number=scan["edition"], code=scan["gate"])
            except checkin.ScanError:
                return self.app(environ, start_response)  # Django answers 404 the same way
            d = checkin.scan_check_in(
                gate=gate,
                payload=scan["payload"],
                direction=scan["direction"],
                client_id=scan["client_id"],
            )
            out = d.answer()
            status = "200 OK"
        except Exception as exc:
            from openexpo.core.resilience import database_connections_reset, database_unavailable

            if database_unavailable(exc):  # PostgreSQL restarting: nothing recorded, retry
                database_connections_reset()
                out = {"code": "service_unavailable", "detail": "Briefly unavailable; retry."}
                status = "503 Service Unavailable"
            else:
                logger.exception("Scan failed in the fast lane: %s", PATH)
                out = {"code": "server_error", "detail": "The scan could not be recorded."}
                status = "500 Internal Server Error"
        finally:
            if own_connection:
                db.close_if_unusable_or_obsolete()
        self.answered += 1
        data = json.dumps(out).encode()
        start_response(
            status,
            [
                ("Content-Type", "application/json; charset=utf-8"),
                ("Content-Length", str(len(data))),
                *self._headers,
                *(self._hsts if secure else ()),
            ],
        )
        return [data]

    def _parse(self, environ: dict[str, Any], body: bytes) -> dict[str, Any] | None:
        """The scan fields if the lane may answer this request itself, else None."""
        if not environ.get("CONTENT_TYPE", "").startswith("application/json"):
            return None
        if not self._host_ok(environ.get("HTTP_HOST", "")):
            return None
        scheme, _, key = environ.get("HTTP_AUTHORIZATION", "").partition(" ")
        if scheme.lower() != "bearer" or not key:
            return None
        hit = GateAuth._cache.get(key)
        if hit is None or hit[0] <= time.monotonic() or not permissions.is_gate_staff(hit[1]):
            return None  # Django authenticates it (and fills the cache)
        try:
            data = json.loads(body)
        except ValueError:
            return None
        if type(data) is not dict:
            return None
        edition, gate, payload = data.get("edition"), data.get("gate"), data.get("payload")
        direction, client_id = data.get("direction", "in"), data.get("client_id", "")
        if (
            type(edition) is not int
            or type(gate) is not str
            or type(payload) is not str
            or direction not in ("in", "out")
            or type(client_id) is not str
        ):
            return None
        return {
            "edition": edition,
            "gate": gate,
            "payload": payload,
            "direction": direction,
            "client_id": client_id,
        }

    def _host_ok(self, host: str) -> bool:
        ok = self._hosts.get(host)
        if ok is None:
            domain, _port = split_domain_port(host)
            allowed = settings.ALLOWED_HOSTS
            if settings.DEBUG and not allowed:
                allowed = [".localhost", "127.0.0.1", "[::1]"]
            ok = bool(domain) and validate_host(domain, allowed)
            if len(self._hosts) < 1000:
                self._hosts[host] = ok
        return ok
