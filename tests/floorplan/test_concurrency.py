"""Two organisers moving booths at once never double-book floor (PostgreSQL row locks)."""

from __future__ import annotations

import threading

import pytest
from django.db import IntegrityError, connection, connections, transaction

from openexpo.core.errors import DomainError
from openexpo.floorplan import services
from openexpo.floorplan.models import Booth, BoothCell, Hall, Zone
from tests.factories import AreaFactory, EditionFactory, UserFactory

pytestmark = [pytest.mark.postgres_only, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def setup():
    if connection.vendor != "postgresql":
        pytest.skip("row locks and concurrent transactions need PostgreSQL")
    edition = EditionFactory()
    hall = Hall.objects.create(
        edition=edition,
        code="1.1H",
        width_m=60,
        depth_m=54,
        outline=[[0, 0], [60, 0], [60, 54], [0, 54]],
    )
    Zone.objects.create(hall=hall, area=AreaFactory(edition=edition), x=0, y=0, width=60, depth=54)
    organiser = UserFactory(kind="organiser", is_staff=True, username="org")
    a = services.booth_create(actor=organiser, hall=hall, code="A", x=0, y=6, width=8, depth=9)
    b = services.booth_create(actor=organiser, hall=hall, code="B", x=40, y=6, width=8, depth=9)
    return organiser, hall, a, b


def _race(*jobs):
    barrier = threading.Barrier(len(jobs))
    outcome: list = [None] * len(jobs)

    def run(i, job):
        try:
            barrier.wait()
            job()
            outcome[i] = "ok"
        except (DomainError, IntegrityError) as exc:
            outcome[i] = getattr(exc, "code", "integrity")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, j)) for i, j in enumerate(jobs)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    return outcome


def _no_overlap(hall):
    rects = [(b.x, b.y, b.x + b.width, b.y + b.depth) for b in Booth.objects.filter(hall=hall)]
    for i, r in enumerate(rects):
        for s in rects[i + 1 :]:
            assert not (r[0] < s[2] and s[0] < r[2] and r[1] < s[3] and s[1] < r[3]), (r, s)


def test_two_moves_to_the_same_floor_one_wins(setup):
    organiser, hall, a, b = setup
    for _ in range(5):
        outcome = _race(
            lambda: services.booth_move(
                actor=organiser, booth=Booth.objects.get(pk=a.pk), x=20, y=30
            ),
            lambda: services.booth_move(
                actor=organiser, booth=Booth.objects.get(pk=b.pk), x=24, y=32
            ),
        )
        assert sorted(outcome) == ["booth_overlap_conflict", "ok"]
        _no_overlap(hall)
        assert BoothCell.objects.count() == 144
        # put them back apart for the next round
        services.booth_move(actor=organiser, booth=Booth.objects.get(pk=a.pk), x=0, y=6)
        services.booth_move(actor=organiser, booth=Booth.objects.get(pk=b.pk), x=40, y=6)


def test_cells_stop_a_writer_that_skips_the_lock(setup):
    organiser, hall, a, b = setup

    def sneak(x):
        def job():
            with transaction.atomic():
                booth = Booth.objects.create(hall=hall, code=f"S{x}", x=x, y=30, width=8, depth=9)
                services.cells_insert([booth])

        return job

    outcome = _race(sneak(10), sneak(14))
    assert sorted(outcome) == ["integrity", "ok"]
    _no_overlap(hall)
