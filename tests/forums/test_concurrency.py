"""1,000 people race for 300 seats over 20 real PostgreSQL connections: none lost, none doubled."""

from __future__ import annotations

import queue
import threading
import time

import pytest
from django.db import connection

from openexpo.core.models import User
from openexpo.forums.errors import ForumError
from openexpo.forums.models import Registration
from openexpo.forums.seats import registration_create
from tests.factories import ForumSessionFactory, RoomFactory, SubForumFactory

N_PEOPLE, SEATS, THREADS, RETRIES = 1000, 300, 20, 200


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_concurrent_registrations_fill_exactly_the_seats(edition):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL row locks and real concurrent connections")
    room = RoomFactory(edition=edition, capacity=SEATS)
    session = ForumSessionFactory(
        subforum=SubForumFactory(edition=edition), room_ref=room, capacity=SEATS
    )
    User.objects.bulk_create(
        User(username=f"racer{i:04d}", email=f"r{i}@example.org") for i in range(N_PEOPLE)
    )
    user_ids = list(User.objects.filter(username__startswith="racer").values_list("pk", flat=True))
    # 200 people try twice, so duplicates race too
    work: queue.Queue[int] = queue.Queue()
    for pk in user_ids + user_ids[:RETRIES][::-1]:
        work.put(pk)
    outcomes: list[tuple[int, str]] = []
    errors: list[BaseException] = []
    lock = threading.Lock()
    start = threading.Barrier(THREADS)

    def worker() -> None:
        try:
            start.wait()
            while True:
                try:
                    pk = work.get_nowait()
                except queue.Empty:
                    return
                user = User(pk=pk, is_active=True)  # enough for the service: no extra query
                try:
                    registration = registration_create(user=user, session=session)
                    result = registration.status
                except ForumError as err:
                    result = err.code
                with lock:
                    outcomes.append((pk, result))
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connection.close()

    began = time.monotonic()
    threads = [threading.Thread(target=worker) for _ in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - began

    assert errors == []
    assert len(outcomes) == N_PEOPLE + RETRIES
    counts: dict[str, int] = {}
    for _pk, result in outcomes:
        counts[result] = counts.get(result, 0) + 1
    assert counts == {
        "confirmed": SEATS,
        "waitlisted": N_PEOPLE - SEATS,
        "already_registered": RETRIES,
    }
    rows = Registration.objects.filter(session=session)
    assert rows.count() == N_PEOPLE
    assert rows.filter(status="confirmed").count() == SEATS
    assert rows.filter(status="waitlisted").count() == N_PEOPLE - SEATS
    assert sorted(rows.filter(status="confirmed").values_list("seat_no", flat=True)) == list(
        range(1, SEATS + 1)
    )
    assert len(set(rows.values_list("user_id", flat=True))) == N_PEOPLE
    print(f"{N_PEOPLE + RETRIES} attempts over {THREADS} connections in {elapsed:.1f} s")
