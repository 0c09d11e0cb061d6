"""Rate limits per API token: fixed windows counted in the cache, 429 with Retry-After."""

from __future__ import annotations

import pytest

from openexpo.api import ratelimit
from openexpo.api.auth import token_issue

pytestmark = pytest.mark.django_db


def test_parse_rate():
    assert [ratelimit.parse_rate(t) for t in ["600/60", "5/1", "0", "", None, "off"]] == [
        (600, 60),
        (5, 1),
        None,
        None,
        None,
        None,
    ]


def test_fixed_window_counts_and_resets():
    allowed = [ratelimit.hit("k", limit=2, window=10, now=t) for t in [100.0, 101.0, 102.5, 109.0]]
    assert allowed == [None, None, 7.5, 1.0]
    # the next window starts afresh, and another key has its own count
    assert ratelimit.hit("k", limit=2, window=10, now=110.0) is None
    assert ratelimit.hit("other", limit=2, window=10, now=109.0) is None


@pytest.fixture
def fake_clock(monkeypatch):
    now = [1_000_020.0]  # the start of a 60-second window
    monkeypatch.setattr(ratelimit, "clock", lambda: now[0])
    return now


def test_token_over_its_limit_gets_429_with_retry_after(
    client, settings, organiser, exhibitor_a, fake_clock
):
    settings.API_RATE_LIMIT = "2/60"
    key, other = token_issue(user=organiser), token_issue(user=exhibitor_a)
    auth = {"Authorization": f"Bearer {key}"}
    assert [client.get("/api/editions", headers=auth).status_code for _ in range(2)] == [200, 200]
    fake_clock[0] += 15
    refused = client.get("/api/editions", headers=auth)
    assert (refused.status_code, refused["Retry-After"]) == (429, "45")
    assert refused.json() == {
        "code": "rate_limited",
        "detail": "Too many requests for this token. Retry after 45 s.",
        "retry_after": 45,
    }
    # another token, and the browser session, are counted apart (or not at all)
    assert (
        client.get("/api/editions", headers={"Authorization": f"Bearer {other}"}).status_code == 200
    )
    client.force_login(organiser)
    assert client.get("/api/editions").status_code == 200
    fake_clock[0] += 45  # the next window
    assert client.get("/api/editions", headers=auth).status_code == 200


def test_refused_write_changes_nothing(client, settings, exhibitor_a, company_a, fake_clock):
    settings.API_RATE_LIMIT = "1/60"
    auth = {"Authorization": f"Bearer {token_issue(user=exhibitor_a)}"}
    assert client.get("/api/editions", headers=auth).status_code == 200
    r = client.patch(
        f"/api/companies/{company_a.pk}",
        {"name_en": "Over"},
        content_type="application/json",
        headers=auth,
    )
    assert r.status_code == 429
    company_a.refresh_from_db()
    assert company_a.name_en == "Alpha Medical GmbH"


def test_off_when_unset(client, settings, organiser, fake_clock):
    settings.API_RATE_LIMIT = "0"
    auth = {"Authorization": f"Bearer {token_issue(user=organiser)}"}
    assert {client.get("/api/editions", headers=auth).status_code for _ in range(5)} == {200}
