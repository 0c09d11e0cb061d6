"""Shared pytest fixtures: reference data, an edition, users of each role, API clients."""

from __future__ import annotations

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
