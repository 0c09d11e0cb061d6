"""The single-statement PostgreSQL scan path (used outside transactions, as under gunicorn)."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from django.db import connection

from openexpo.visitors import checkin
from openexpo.visitors.badges import badge_issue, badge_reissue
from openexpo.visitors.models import Presence, Scan
from tests.factories import VisitorFactory

NOON = dt.datetime(2023, 11, 6, 4, 0, tzinfo=dt.UTC)


@pytest.fixture
def pg():
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only")


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_pg_path_codes(pg, edition, gates):
    badge = badge_issue(edition=edition, visitor=VisitorFactory(edition=edition))
    lost = badge_issue(edition=edition, visitor=VisitorFactory(edition=edition))
    old = lost.payload
    badge_reissue(badge=lost, actor=None)
    a = checkin.gate_info(edition_number=6, code="north-1")
    free = checkin.gate_info(edition_number=6, code="vip")

    def scan(g, p, d="in"):
        return checkin.scan_check_in(gate=g, payload=p, direction=d, now=NOON).code

    assert [
        scan(a, badge.payload),
        scan(a, badge.payload),
        scan(a, badge.payload, "out"),
        scan(a, badge.payload, "out"),
        scan(a, old),
        scan(free, old, "out"),
        scan(a, "RANDOM-1"),
        scan(a, badge.payload[:-9]),
    ] == [
        "entered",
        "already_inside",
        "exited",
        "exited_unmatched",
        "revoked",
        "revoked",
        "unreadable",
        "truncated",
    ]
    assert list(Scan.objects.order_by("pk").values_list("code", "accepted")) == [
        ("entered", True),
        ("already_inside", False),
        ("exited", True),
        ("exited_unmatched", True),
        ("revoked", False),
        ("revoked", False),
        ("unreadable", False),
        ("truncated", False),
    ]


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_pg_concurrent_entries_let_exactly_one_in(pg, edition, gates):
    badge = badge_issue(edition=edition, visitor=VisitorFactory(edition=edition))
    infos = [checkin.gate_info(edition_number=6, code=c) for c in ("north-1", "south-1")]
    codes: list[str] = []
    barrier = threading.Barrier(8)

    def run(i: int) -> None:
        barrier.wait()
        try:
            codes.append(
                checkin.scan_check_in(gate=infos[i % 2], payload=badge.payload, now=NOON).code
            )
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(codes) == ["already_inside"] * 7 + ["entered"]
    assert Scan.objects.count() == 8 and Presence.objects.get().inside is True
