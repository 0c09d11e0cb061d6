"""Rate limit for anonymous API callers, per client address (OPENEXPO_API_ANON_RATE_LIMIT):
off in development and tests, on in the prod profile; the module's clock hook, no sleeping."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from openexpo.api import ratelimit
from openexpo.api.auth import token_issue
from openexpo.exhibitors.models import Company

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def fake_clock(monkeypatch):
    now = [1_000_020.0]  # the start of a 60-second window
    monkeypatch.setattr(ratelimit, "clock", lambda: now[0])
    return now


def get(client, address: str, **extra):
    return client.get("/api/editions", REMOTE_ADDR=address, **extra)


def test_an_address_over_its_limit_gets_429_and_others_do_not(
    client, settings, organiser, fake_clock
):
    settings.API_ANON_RATE_LIMIT = "3/60"
    assert [get(client, "203.0.113.7").status_code for _ in range(3)] == [200, 200, 200]
    fake_clock[0] += 20
    refused = get(client, "203.0.113.7")
    assert (refused.status_code, refused["Retry-After"]) == (429, "40")
    assert refused.json() == {
        "code": "rate_limited",
        "detail": "Too many requests for this address. Retry after 40 s.",
        "retry_after": 40,
    }
    # a public operation without authentication is counted too
    assert client.get("/api/forum/6/sessions", REMOTE_ADDR="203.0.113.7").status_code == 429
    # another address has its own count; a token or a session from the same address is not
    # counted by the anonymous limit
    assert get(client, "198.51.100.2").status_code == 200
    key = token_issue(user=organiser)
    assert get(client, "203.0.113.7", HTTP_AUTHORIZATION=f"Bearer {key}").status_code == 200
    client.force_login(organiser)
    assert get(client, "203.0.113.7").status_code == 200
    client.logout()
    fake_clock[0] += 40  # the next window
    assert get(client, "203.0.113.7").status_code == 200


def test_a_refused_anonymous_write_changes_nothing(client, settings, fake_clock, db):
    settings.API_ANON_RATE_LIMIT = "1/60"
    assert get(client, "203.0.113.9").status_code == 200
    response = client.post(
        "/api/companies",
        {
            "username": "x",
            "email": "x@example.com",
            "password": "pw",
            "name_en": "X",
            "country": "DE",
        },
        content_type="application/json",
        REMOTE_ADDR="203.0.113.9",
    )
    assert (response.status_code, Company.objects.count()) == (429, 0)


def test_behind_a_proxy_the_forwarded_client_is_counted(client, settings, fake_clock):
    settings.API_ANON_RATE_LIMIT = "1/60"
    settings.CLIENT_IP_HEADERS = ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"]
    proxy = "10.0.0.1"
    first = get(client, proxy, HTTP_X_FORWARDED_FOR="203.0.113.1, 10.0.0.1")
    second = get(client, proxy, HTTP_X_FORWARDED_FOR="203.0.113.2")
    again = get(client, proxy, HTTP_X_FORWARDED_FOR="203.0.113.1")
    assert [first.status_code, second.status_code, again.status_code] == [200, 200, 429]


def test_off_when_unset(client, settings, fake_clock):
    settings.API_ANON_RATE_LIMIT = "0"
    assert {get(client, "203.0.113.7").status_code for _ in range(5)} == {200}


def test_client_ip_cleans_the_header():
    from django.test import RequestFactory

    request = RequestFactory().get("/", REMOTE_ADDR="2001:db8::1")
    assert ratelimit.client_ip(request) == "2001:db8::1"
    request.META["REMOTE_ADDR"] = "evil key\\n"
    assert ratelimit.client_ip(request) == "evilkeyn"
    request.META["REMOTE_ADDR"] = ""
    assert ratelimit.client_ip(request) == "unknown"


@pytest.mark.parametrize(("profile", "expected"), [("dev", "0"), ("prod", "1200/60")])
def test_default_is_off_in_dev_and_on_in_prod(profile, expected):
    env = {k: v for k, v in os.environ.items() if not k.startswith("OPENEXPO_")}
    env.update(
        OPENEXPO_PROFILE=profile,
        DJANGO_SETTINGS_MODULE="openexpo.settings",
        PYTHONPATH=str(ROOT),
        OPENEXPO_SECRET_KEY="s" * 40,
        OPENEXPO_ID_HASH_KEY="i" * 40,
        OPENEXPO_BADGE_KEY_SECRET="b" * 40,
        OPENEXPO_WEBHOOK_SECRET="w" * 40,
    )
    code = "from django.conf import settings; print(settings.API_ANON_RATE_LIMIT)"
    out = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == expected
