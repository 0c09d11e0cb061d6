"""Fixtures for the visitors tests: countries, a gate, gate staff, a registered visitor."""

from __future__ import annotations

import pytest

from openexpo.api.auth import token_issue
from openexpo.visitors.models import Gate
from tests.factories import CountryFactory, UserFactory


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    """Hash test passwords cheaply (the default hasher costs ~0.5 s per user)."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _fresh_caches():
    from openexpo.visitors.checkin import reset_caches

    reset_caches()
    yield
    reset_caches()


@pytest.fixture
def countries(db):
    return [
        CountryFactory(code="CN", alpha3="CHN", name_en="China", name_zh="中国"),
        CountryFactory(code="DE", alpha3="DEU", name_en="Germany", name_zh="德国"),
    ]


@pytest.fixture
def gates(edition):
    return {
        "A": Gate.objects.create(edition=edition, code="north-1", zone=""),
        "B": Gate.objects.create(edition=edition, code="south-1", zone="H1"),
        "F": Gate.objects.create(edition=edition, code="vip", antipassback=False),
    }


@pytest.fixture
def gate_user(db):
    return UserFactory(username="gatekeeper", kind="gate")


@pytest.fixture
def gate_token(gate_user):
    return token_issue(user=gate_user)


PRC_OK = "11010519491231002X"
