"""Concurrent free-booth grants on PostgreSQL never exceed the edition's quota."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections

from openexpo.core.errors import DomainError
from openexpo.exhibitors import services
from openexpo.exhibitors.models import Participation
from tests.factories import (
    AreaFactory,
    CompanyFactory,
    CountryFactory,
    EditionFactory,
    ParticipationFactory,
    UserFactory,
)

pytestmark = [pytest.mark.postgres_only, pytest.mark.django_db(transaction=True)]

WORKERS = 8
QUOTA = 3


def test_concurrent_ldc_grants_never_exceed_quota():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL row locks")
    organiser = UserFactory(kind="organiser", username="org-conc")
    edition = EditionFactory(ldc_free_booth_quota=QUOTA)
    area = AreaFactory(edition=edition)
    ldc = CountryFactory(code="NP", alpha3="NPL", name_en="Nepal", is_ldc=True)
    parts = [
        ParticipationFactory(
            company=CompanyFactory(country=ldc),
            edition=edition,
            area=area,
            status=Participation.Status.SUBMITTED,
            booth_type="standard",
            area_requested_m2=9,
        )
        for _ in range(WORKERS)
    ]
    barrier = threading.Barrier(WORKERS)
    outcomes: list[str] = []
    lock = threading.Lock()

    def grant(part: Participation) -> None:
        try:
            barrier.wait(timeout=10)
            services.participation_approve(actor=organiser, part=part, free_ldc_booth=True)
            result = "granted"
        except DomainError as exc:
            result = exc.code
        finally:
            connections.close_all()
        with lock:
            outcomes.append(result)

    threads = [threading.Thread(target=grant, args=(p,)) for p in parts]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert sorted(outcomes) == ["granted"] * QUOTA + ["quota_exceeded"] * (WORKERS - QUOTA)
    assert Participation.objects.filter(edition=edition, free_ldc_booth=True).count() == QUOTA
    assert Participation.objects.filter(edition=edition, status="approved").count() == QUOTA


def test_grant_waits_for_a_concurrent_grant_and_sees_its_result():
    """A grant racing an uncommitted grant blocks on the edition row, then counts it."""
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL row locks")
    from django.db import transaction

    from openexpo.core.models import Edition

    organiser = UserFactory(kind="organiser", username="org-race")
    edition = EditionFactory(ldc_free_booth_quota=1)
    area = AreaFactory(edition=edition)
    ldc = CountryFactory(code="NP", alpha3="NPL", name_en="Nepal", is_ldc=True)
    first, second = (
        ParticipationFactory(
            company=CompanyFactory(country=ldc),
            edition=edition,
            area=area,
            status=Participation.Status.APPROVED,
            booth_type="standard",
            area_requested_m2=9,
        )
        for _ in range(2)
    )
    locked, release = threading.Event(), threading.Event()
    outcome: list[str] = []

    def holder() -> None:  # another organiser's grant, not yet committed
        try:
            with transaction.atomic():
                Edition.objects.select_for_update().get(pk=edition.pk)
                Participation.objects.filter(pk=first.pk).update(free_ldc_booth=True)
                locked.set()
                release.wait(timeout=20)
        finally:
            connections.close_all()

    def grant() -> None:
        try:
            services.participation_ldc_grant(actor=organiser, part=second)
            outcome.append("granted")
        except DomainError as exc:
            outcome.append(exc.code)
        finally:
            connections.close_all()

    hold = threading.Thread(target=holder)
    hold.start()
    assert locked.wait(timeout=10)
    racer = threading.Thread(target=grant)
    racer.start()
    racer.join(timeout=1.0)
    assert racer.is_alive()  # blocked on the edition's row lock
    release.set()
    hold.join(timeout=20)
    racer.join(timeout=20)
    assert outcome == ["quota_exceeded"]
    assert Participation.objects.filter(edition=edition, free_ldc_booth=True).count() == 1
