"""Shared pytest fixtures: reference data, an edition, users of each role, API clients."""

from __future__ import annotations

import os

import pytest

from tests.factories import (
    CompanyFactory,
    EditionFactory,
    ExhibitorStaffFactory,
    UserFactory,
)


@pytest.fixture(autouse=True)
def _clear_cache():
    """Each test starts with an empty cache (cached figures must not leak across tests)."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _fast_password_hasher(settings):
    """Hashing a password properly takes ~100 ms; tests make hundreds of users."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def edition(db):
    return EditionFactory()


@pytest.fixture
def organiser(db):
    return UserFactory(kind="organiser", is_staff=True, username="organiser")


@pytest.fixture
def company_a(db):
    return CompanyFactory(name_en="Alpha Medical GmbH")


@pytest.fixture
def company_b(db):
    return CompanyFactory(name_en="Beta Foods Ltd")


@pytest.fixture
def exhibitor_a(company_a):
    return ExhibitorStaffFactory(company=company_a, user__username="alice").user


@pytest.fixture
def exhibitor_b(company_b):
    return ExhibitorStaffFactory(company=company_b, user__username="bob").user


# Debian's Chromium, driven by Playwright in the browser tests.
CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture
def browser(monkeypatch):
    if not os.path.exists(CHROMIUM):
        pytest.skip("Chromium not installed")
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()
