"""Fixtures for the exhibitors app's tests: areas, an LDC company, e-mails on commit."""

from __future__ import annotations

import pytest

from openexpo.exhibitors.models import AreaCapacity
from tests.factories import AreaFactory, CompanyFactory, CountryFactory, ExhibitorStaffFactory


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    """Hash test passwords cheaply (the default hasher costs ~0.5 s per user)."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def area(edition):
    return AreaFactory(edition=edition, code="medical")


@pytest.fixture
def food_area(edition):
    return AreaFactory(
        edition=edition,
        code="food",
        name_en="Food and Agricultural Products",
        name_zh="食品及农产品",
    )


@pytest.fixture
def small_area(edition):
    found = AreaFactory(
        edition=edition,
        code="innovation",
        kind="innovation",
        name_en="Innovation Incubation",
        name_zh="创新孵化",
    )
    AreaCapacity.objects.create(area=found, capacity_m2=500)
    return found


@pytest.fixture
def ethiopia(db):
    return CountryFactory(ethiopia=True)


@pytest.fixture
def company_ldc(ethiopia):
    return CompanyFactory(name_en="Addis Coffee PLC", country=ethiopia, email="coffee@example.et")


@pytest.fixture
def exhibitor_ldc(company_ldc):
    return ExhibitorStaffFactory(company=company_ldc, user__username="abebe").user


@pytest.fixture
def on_commit(django_capture_on_commit_callbacks):
    """Run on-commit callbacks (e-mails) inside the test's transaction."""
    return lambda: django_capture_on_commit_callbacks(execute=True)
