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


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix):
    """Declare the read replica's alias as Django's test mirror of default (the same test
    database, so rows written on default are there to read). Reads go to it only in tests
    that ask for the `replica` fixture, which turns settings.REPLICA_READS on."""
    from django.conf import settings
    from django.db import connections

    from openexpo.core.dbrouter import REPLICA

    if REPLICA not in settings.DATABASES:
        primary = connections["default"].settings_dict  # normalised: has its TEST dict
        settings.DATABASES[REPLICA] = {**primary, "TEST": {**primary["TEST"], "MIRROR": "default"}}


@pytest.fixture
def replica(settings):
    """Reads of the reports go to the `replica` alias, as with OPENEXPO_REPLICA_URL set.
    Tests using it need @pytest.mark.django_db(transaction=True, databases=["default",
    "replica"]): the replica is another connection, so it sees committed rows only."""
    settings.REPLICA_READS = True
    middleware = "openexpo.core.dbrouter.ReportsReplicaMiddleware"
    if middleware not in settings.MIDDLEWARE:
        settings.MIDDLEWARE = [*settings.MIDDLEWARE[:2], middleware, *settings.MIDDLEWARE[2:]]
    return "replica"


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
