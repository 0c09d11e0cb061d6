"""The scan fast lane (openexpo/visitors/lane.py) answers exactly what Django would, and
passes everything it does not fully understand through to Django."""

from __future__ import annotations

import io
import json
import sys

import pytest
from django.core.handlers.wsgi import WSGIHandler

from openexpo.api.auth import token_issue
from openexpo.visitors.api import GateAuth
from openexpo.visitors.badges import badge_issue
from openexpo.visitors.lane import ScanLane
from openexpo.visitors.models import Scan
from tests.factories import UserFactory, VisitorFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def lane():
    GateAuth._cache.clear()
    yield ScanLane(WSGIHandler())
    GateAuth._cache.clear()


def _call(app, body, token="", **extra) -> tuple[str, dict[str, str], dict]:
    raw = body if isinstance(body, bytes) else json.dumps(body).encode()
    environ = {
        "REQUEST_METHOD": "POST",
        "PATH_INFO": "/api/scans",
        "SCRIPT_NAME": "",
        "QUERY_STRING": "",
        "SERVER_NAME": "testserver",
        "SERVER_PORT": "80",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "CONTENT_TYPE": "application/json",
        "CONTENT_LENGTH": str(len(raw)),
        "HTTP_HOST": "testserver",
        "wsgi.input": io.BytesIO(raw),
        "wsgi.url_scheme": "http",
        "wsgi.errors": sys.stderr,
        "wsgi.multithread": True,
        "wsgi.multiprocess": False,
        "wsgi.run_once": False,
        "wsgi.version": (1, 0),
    }
    if token:
        environ["HTTP_AUTHORIZATION"] = f"Bearer {token}"
    environ.update(extra)
    seen: dict = {}

    def start_response(status, headers, exc_info=None):
        seen["status"], seen["headers"] = status, dict(headers)

    out = b"".join(app(environ, start_response))
    try:
        data = json.loads(out)
    except ValueError:
        data = {"html": out[:40]}
    return seen["status"], seen["headers"], data


def test_lane_answers_like_django_after_the_token_is_known(lane, edition, gates, gate_token):
    body = {"edition": 6, "gate": "north-1", "payload": "RANDOM-7"}
    django_answer = _call(lane, body, gate_token)
    assert lane.answered == 0  # first use of the token: Django authenticated it
    lane_answer = _call(lane, body, gate_token)
    assert lane.answered == 1
    assert lane_answer[0] == django_answer[0] == "200 OK"
    assert lane_answer[2] == django_answer[2]
    assert lane_answer[2]["code"] == "unreadable"
    for name in (
        "Content-Security-Policy",
        "X-Frame-Options",
        "X-Content-Type-Options",
        "Referrer-Policy",
        "Cross-Origin-Opener-Policy",
    ):
        assert lane_answer[1][name] == django_answer[1][name]
    assert list(Scan.objects.values_list("code", flat=True)) == ["unreadable", "unreadable"]


def test_lane_records_entries_and_antipassback(lane, edition, gates, gate_token):
    badge = badge_issue(edition=edition, visitor=VisitorFactory(edition=edition))
    _call(lane, {"edition": 6, "gate": "north-1", "payload": "x"}, gate_token)  # fills cache
    body = {"edition": 6, "gate": "north-1", "payload": badge.payload, "direction": "in"}
    first = _call(lane, body, gate_token)[2]
    second = _call(lane, body | {"gate": "south-1"}, gate_token)[2]
    assert lane.answered == 2
    if first["code"] == "entered":  # the test edition's days include today
        assert second["code"] == "already_inside"
    else:
        assert first["code"] == second["code"]
    assert Scan.objects.filter(badge_number=badge.number).count() == 2


def test_lane_passes_what_it_does_not_handle_to_django(lane, edition, gates, gate_token):
    _call(lane, {"edition": 6, "gate": "north-1", "payload": "x"}, gate_token)  # fills cache
    ok = {"edition": 6, "gate": "north-1", "payload": "x"}
    cases = [
        (b"{not json", {}, "400 Bad Request"),
        (ok | {"gate": "nowhere"}, {}, "404 Not Found"),
        (ok | {"direction": "up"}, {}, "400 Bad Request"),
        (ok | {"edition": "6"}, {}, "200 OK"),  # ninja coerces "6"; the lane leaves it
        (ok, {"HTTP_COOKIE": "a=b"}, "200 OK"),  # a browser session: CSRF is Django's
        (ok, {"HTTP_HOST": "evil.test"}, "400 Bad Request"),
        (ok, {"CONTENT_TYPE": "text/plain"}, "200 OK"),
    ]
    assert [_call(lane, body, gate_token, **extra)[0] for body, extra, _ in cases] == [
        status for _, _, status in cases
    ]
    assert lane.answered == 0


def test_lane_sends_hsts_on_https_and_leaves_the_redirect_to_django(
    lane, edition, gates, gate_token, settings
):
    settings.SECURE_HSTS_SECONDS = 3600
    settings.SECURE_SSL_REDIRECT = True
    settings.SESSION_COOKIE_SECURE = settings.CSRF_COOKIE_SECURE = True
    lane = ScanLane(WSGIHandler())
    body = {"edition": 6, "gate": "north-1", "payload": "x"}
    https = {"wsgi.url_scheme": "https", "SERVER_PORT": "443"}
    django_answer = _call(lane, body, gate_token, **https)
    lane_answer = _call(lane, body, gate_token, **https)
    assert lane.answered == 1
    assert lane_answer[1]["Strict-Transport-Security"] == "max-age=3600"
    assert django_answer[1]["Strict-Transport-Security"] == "max-age=3600"
    assert _call(lane, body, gate_token)[0] == "301 Moved Permanently"
    assert lane.answered == 1


def test_lane_never_serves_a_token_that_is_not_gate_staff(lane, edition, gates):
    token = token_issue(user=UserFactory(username="visitor-1", kind="visitor"))
    body = {"edition": 6, "gate": "north-1", "payload": "x"}
    assert [_call(lane, body, token)[0] for _ in range(2)] == ["403 Forbidden"] * 2
    assert lane.answered == 0 and Scan.objects.count() == 0
