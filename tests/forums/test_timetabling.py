"""The timetable proposal for an edition's programme: conflict-free, audiences fit, sub-forums kept together."""

from __future__ import annotations

import pytest

from openexpo.forums.conflicts import edition_conflicts
from openexpo.forums.models import Session, SessionSpeaker
from openexpo.forums.timetabling import timetable_propose
from tests.factories import ForumSessionFactory, RoomFactory, SubForumFactory
from tests.forums.conftest import at

pytestmark = pytest.mark.django_db


def test_proposal_applies_without_conflicts(edition, speaker):
    hall = RoomFactory(edition=edition, code="hall", capacity=300)
    small = RoomFactory(edition=edition, code="small", capacity=40)
    green, digital = (SubForumFactory(edition=edition, code=c) for c in ("green", "digital"))
    # everything piled into the small room at the same time: full of conflicts
    made = [
        ForumSessionFactory(
            subforum=sub,
            room_ref=small,
            capacity=cap,
            starts_at=at(edition, 0, 9),
            ends_at=at(edition, 0, 10, 30),
        )
        for sub, cap in ((green, 250), (green, 30), (green, 30), (digital, 30), (digital, 30))
    ]
    SessionSpeaker.objects.create(session=made[0], speaker=speaker)
    SessionSpeaker.objects.create(session=made[3], speaker=speaker)
    assert len(edition_conflicts(edition=edition)) > 0
    proposals, penalty = timetable_propose(edition=edition, time_limit=10)
    assert sorted(p.session_id for p in proposals) == sorted(s.pk for s in made)
    for p in proposals:
        Session.objects.filter(pk=p.session_id).update(
            room_ref_id=p.room_id, starts_at=p.starts_at, ends_at=p.ends_at
        )
    assert edition_conflicts(edition=edition) == []
    placed = {p.session_id: p for p in proposals}
    assert placed[made[0].pk].room_id == hall.pk  # 250 people need the hall
    assert len({placed[s.pk].room_id for s in made[:3]}) == 1  # the sub-forum stays in one room
    assert penalty == 0
