"""Password hashing, login throttling, security headers and the production-settings check."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.hashers import check_password, identify_hasher, make_password
from django.test import override_settings

from tests.factories import UserFactory

ROOT = Path(__file__).resolve().parents[2]


def test_argon2_is_the_configured_hasher():
    from importlib import reload

    import openexpo.settings as project_settings

    hashers = reload(project_settings).PASSWORD_HASHERS
    assert hashers[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"
    with override_settings(PASSWORD_HASHERS=hashers):
        encoded = make_password("correct horse battery")
        assert encoded.startswith("argon2$argon2id$")
        assert identify_hasher(encoded).algorithm == "argon2"
        assert check_password("correct horse battery", encoded) is True


@pytest.mark.django_db
def test_wrong_passwords_lock_the_login_out_with_a_clear_message(client):
    UserFactory(username="carol", password="right-password-123")
    limit = settings.AXES_FAILURE_LIMIT
    assert limit == 5
    for _ in range(limit - 1):
        r = client.post("/accounts/login/", {"username": "carol", "password": "wrong"})
        assert r.status_code == 200  # the form again, with its error
    r = client.post("/accounts/login/", {"username": "carol", "password": "wrong"})
    assert r.status_code == 429
    text = r.content.decode()
    assert "Too many failed logins" in text
    assert "locked after 5 failed logins" in text
    assert "Try again in 15 minutes" in text
    # Even the right password is refused while locked out, and no session is opened.
    r = client.post("/accounts/login/", {"username": "carol", "password": "right-password-123"})
    assert r.status_code == 429
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_a_good_login_resets_the_failure_count(client):
    UserFactory(username="dave", password="right-password-123")
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        client.post("/accounts/login/", {"username": "dave", "password": "wrong"})
    r = client.post("/accounts/login/", {"username": "dave", "password": "right-password-123"})
    assert r.status_code == 302
    client.logout()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        r = client.post("/accounts/login/", {"username": "dave", "password": "wrong"})
    assert r.status_code == 200


@pytest.mark.django_db
def test_pages_send_security_headers_and_a_policy_without_inline_scripts(client):
    r = client.get("/accounts/login/")
    assert r.status_code == 200
    assert r["X-Content-Type-Options"] == "nosniff"
    assert r["Referrer-Policy"] == "same-origin"
    assert r["X-Frame-Options"] == "DENY"
    csp = r["Content-Security-Policy"]
    assert "script-src 'self';" in csp
    assert "frame-ancestors 'none'" in csp
    assert "unsafe-inline" not in csp.split("script-src")[1].split(";")[0]
    body = r.content.decode()
    assert "onchange=" not in body and "data-autosubmit" in body


@pytest.mark.django_db
def test_https_responses_carry_hsts_and_cookies_are_secure_outside_debug(client):
    assert settings.DEBUG is False
    assert settings.SESSION_COOKIE_SECURE is True
    assert settings.CSRF_COOKIE_SECURE is True
    r = client.get("/accounts/login/", secure=True)
    assert r["Strict-Transport-Security"] == "max-age=31536000"
    assert r.cookies["csrftoken"]["secure"] is True


def test_no_template_has_an_inline_script_or_event_handler():
    import re

    offenders = []
    for path in (ROOT / "openexpo").rglob("*.html"):
        text = path.read_text()
        if re.search(r"<script(?![^>]*\bsrc=)[^>]*>", text) or re.search(r"\son[a-z]+=\"", text):
            offenders.append(str(path.relative_to(ROOT)))
    assert offenders == []


def _settings_in_subprocess(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    base = {k: v for k, v in os.environ.items() if not k.startswith("OPENEXPO_")}
    code = (
        "import django, os; os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'openexpo.settings');"
        "from django.conf import settings; settings.SECRET_KEY;"
        "print(settings.SESSION_COOKIE_SECURE, settings.SECURE_SSL_REDIRECT, settings.SECURE_HSTS_SECONDS)"
    )
    return subprocess.run(
        [sys.executable, "-c", code],
        env={**base, "PYTHONPATH": str(ROOT), **env},
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
    )


def test_production_mode_refuses_development_secrets():
    r = _settings_in_subprocess({"OPENEXPO_PRODUCTION": "1"})
    assert r.returncode == 1
    assert "Refusing to start in production mode" in r.stderr
    for name in ("SECRET_KEY", "ID_HASH_KEY", "BADGE_KEY_SECRET", "WEBHOOK_SECRET"):
        assert f"OPENEXPO_{name} must be set" in r.stderr
    r = _settings_in_subprocess(
        {"OPENEXPO_PRODUCTION": "1", "OPENEXPO_DEBUG": "1", **_real_secrets()}
    )
    assert r.returncode == 1
    assert "OPENEXPO_DEBUG must be off" in r.stderr


def _real_secrets() -> dict[str, str]:
    names = ["SECRET_KEY", "ID_HASH_KEY", "BADGE_KEY_SECRET", "WEBHOOK_SECRET"]
    return {f"OPENEXPO_{n}": f"{n.lower()}-" + "x" * 40 for n in names}


def test_production_mode_starts_with_secrets_from_the_environment():
    r = _settings_in_subprocess({"OPENEXPO_PRODUCTION": "1", **_real_secrets()})
    assert r.returncode == 0, r.stderr
    assert r.stdout.split() == ["True", "True", "31536000"]
    r = _settings_in_subprocess({"OPENEXPO_DEBUG": "1"})
    assert r.returncode == 0, r.stderr
    assert r.stdout.split() == ["False", "False", "0"]


@pytest.mark.django_db
def test_api_docs_load_nothing_from_the_internet(client):
    """Swagger UI comes from django-ninja's static files, under the site's own policy."""
    response = client.get("/api/docs")
    html = response.content.decode()
    assert response.status_code == 200
    assert "/static/ninja/swagger-ui-bundle.js" in html
    assert "http://" not in html and "https://" not in html
    assert "cdn" not in response["Content-Security-Policy"]
