"""Fixtures for the forum tests: a sub-forum, rooms, speakers and people."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from tests.factories import RoomFactory, SpeakerFactory, SubForumFactory, UserFactory

SH = ZoneInfo("Asia/Shanghai")


def at(edition, day: int, hour: int, minute: int = 0) -> dt.datetime:
    """An aware datetime on the edition's `day` (0 = first day), Shanghai time."""
    return dt.datetime.combine(
        edition.start_date + dt.timedelta(days=day), dt.time(hour, minute), SH
    )


@pytest.fixture
def subforum(edition):
    return SubForumFactory(
        edition=edition, code="green", name_en="Green development", topic="green"
    )


@pytest.fixture
def hall(edition):
    return RoomFactory(edition=edition, code="hall-a", name_en="Hall A", capacity=300)


@pytest.fixture
def small_room(edition):
    return RoomFactory(edition=edition, code="room-1", name_en="Room 1", capacity=40)


@pytest.fixture
def speaker(edition):
    return SpeakerFactory(edition=edition, code="li-wei", name_en="Li Wei", name_zh="李伟")


@pytest.fixture
def visitors(db):
    return [UserFactory(username=f"visitor{i}") for i in range(4)]


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    """Users made by factories hash their password: keep it cheap in these tests."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
