"""Writes to the programme: rooms, speakers, sub-forums and sessions, refusing every conflict.

Seats (registration, waiting list, invitations, attendance) live in `seats.py`; the
programme import in `importer.py`.
"""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Sequence
from typing import Any

from django.db import transaction

from openexpo.core import permissions
from openexpo.core.audit import audit_record
from openexpo.core.errors import PermissionDenied
from openexpo.core.models import Edition
from openexpo.forums import conflicts
from openexpo.forums.errors import ForumError
from openexpo.forums.models import Invitation, Room, Session, SessionSpeaker, Speaker, SubForum

SESSION_FIELDS = {
    "code",
    "title_en",
    "title_zh",
    "abstract_en",
    "abstract_zh",
    "starts_at",
    "ends_at",
    "room_ref",
    "capacity",
    "language",
    "interpretation",
    "access",
}
SpeakerRoles = Sequence[tuple[Speaker, str]]


def _require_organiser(actor: Any) -> None:
    if not permissions.is_organiser(actor):
        raise PermissionDenied("Only organisers may change the forum programme.")


def _raise_first(problems: list[conflicts.Conflict]) -> None:
    if problems:
        first = problems[0]
        raise ForumError(first.message, first.code, field=first.field or None)


def room_save(
    *, actor: Any, edition: Edition, code: str, name_en: str, name_zh: str = "", capacity: int
) -> Room:
    """Create or update a room by code; a capacity below a session's seats is refused."""
    _require_organiser(actor)
    if capacity is None or int(capacity) <= 0:
        raise ForumError(
            "A room's capacity must be at least 1.", "capacity_invalid", field="capacity"
        )
    with transaction.atomic():
        room, _created = Room.objects.select_for_update().get_or_create(
            edition=edition,
            code=code,
            defaults={"name_en": name_en, "name_zh": name_zh, "capacity": capacity},
        )
        biggest = max(room.sessions.values_list("capacity", flat=True), default=0)
        if biggest > capacity:
            raise ForumError(
                f"A session in {room.name_en} already has {biggest} seats.",
                "capacity_exceeds_room",
                field="capacity",
            )
        room.name_en, room.name_zh, room.capacity = name_en, name_zh, capacity
        room.save()
        audit_record(
            actor=actor,
            action="forum.room.save",
            obj=room,
            after={"code": code, "name_en": name_en, "capacity": capacity},
        )
    return room


def speaker_save(
    *, actor: Any, edition: Edition, code: str, name_en: str, **fields: Any
) -> Speaker:
    """Create or update a speaker by code (name, affiliation and biography in both languages)."""
    _require_organiser(actor)
    allowed = {"name_zh", "affiliation_en", "affiliation_zh", "bio_en", "bio_zh", "user"}
    unknown = set(fields) - allowed
    if unknown:
        raise ForumError(
            f"Unknown field: {sorted(unknown)[0]}.", "invalid", field=sorted(unknown)[0]
        )
    if not name_en.strip():
        raise ForumError("A speaker needs an English name.", "invalid", field="name_en")
    with transaction.atomic():
        speaker, _created = Speaker.objects.update_or_create(
            edition=edition, code=code, defaults={"name_en": name_en, **fields}
        )
        audit_record(
            actor=actor,
            action="forum.speaker.save",
            obj=speaker,
            after={"code": code, "name_en": name_en},
        )
    return speaker


def subforum_save(
    *, actor: Any, edition: Edition, code: str, name_en: str, name_zh: str = "", topic: str = ""
) -> SubForum:
    """Create or update a sub-forum by code."""
    _require_organiser(actor)
    with transaction.atomic():
        subforum, _created = SubForum.objects.update_or_create(
            edition=edition,
            code=code,
            defaults={"name_en": name_en, "name_zh": name_zh, "topic": topic},
        )
        audit_record(
            actor=actor,
            action="forum.subforum.save",
            obj=subforum,
            after={"code": code, "name_en": name_en, "topic": topic},
        )
    return subforum


def _validate(session: Session, edition: Edition, speaker_ids: list[int]) -> None:
    """Every rule for one session's values (call with the room and speakers locked)."""
    if not session.title_en.strip():
        raise ForumError("A session needs an English title.", "invalid", field="title_en")
    for field, choices in (
        ("access", Session.Access),
        ("language", Session.Language),
        ("interpretation", Session.Interpretation),
    ):
        if getattr(session, field) not in choices.values:
            raise ForumError(
                f"Unknown {field}: {getattr(session, field)!r}.", "invalid", field=field
            )
    if (
        session.code
        and Session.objects.filter(subforum_id=session.subforum_id, code=session.code)
        .exclude(pk=session.pk)
        .exists()
    ):
        raise ForumError(
            "Another session of this sub-forum has that code.", "code_conflict", field="code"
        )
    if session.room_ref is not None and session.room_ref.edition_id != edition.pk:
        raise ForumError("That room belongs to another edition.", "invalid", field="room")
    _raise_first(
        conflicts.time_problems(
            edition=edition, starts_at=session.starts_at, ends_at=session.ends_at
        )
    )
    _raise_first(conflicts.capacity_problems(capacity=session.capacity, room=session.room_ref))
    _raise_first(
        conflicts.overlap_problems(
            room=session.room_ref,
            speaker_ids=speaker_ids,
            starts_at=session.starts_at,
            ends_at=session.ends_at,
            exclude_id=session.pk,
        )
    )


def _lock(room: Room | None, speaker_ids: list[int]) -> None:
    """Serialise bookings of the same room or speaker (row locks, in id order)."""
    if room is not None:
        list(Room.objects.select_for_update().filter(pk=room.pk))
    if speaker_ids:
        list(Speaker.objects.select_for_update().filter(pk__in=speaker_ids).order_by("pk"))


def _set_speakers(session: Session, speakers: SpeakerRoles) -> None:
    SessionSpeaker.objects.filter(session=session).delete()
    roles = set(SessionSpeaker.Role.values)
    links = []
    for order, (speaker, role) in enumerate(speakers):
        if role not in roles:
            raise ForumError(f"Unknown speaker role: {role!r}.", "invalid", field="speakers")
        links.append(SessionSpeaker(session=session, speaker=speaker, role=role, order=order))
    SessionSpeaker.objects.bulk_create(links)


def session_create(
    *,
    actor: Any,
    subforum: SubForum,
    title_en: str,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    room: Room | None = None,
    capacity: int | None = None,
    speakers: SpeakerRoles = (),
    **fields: Any,
) -> Session:
    """Schedule a session; refuses room and speaker overlaps, bad times and capacities."""
    _require_organiser(actor)
    unknown = set(fields) - SESSION_FIELDS
    if unknown:
        raise ForumError(
            f"Unknown field: {sorted(unknown)[0]}.", "invalid", field=sorted(unknown)[0]
        )
    if capacity is None and room is not None:
        capacity = room.capacity
    speaker_ids = [s.pk for s, _role in speakers]
    if len(set(speaker_ids)) != len(speaker_ids):
        raise ForumError("A speaker is listed twice.", "invalid", field="speakers")
    session = Session(
        subforum=subforum,
        title_en=title_en,
        starts_at=starts_at,
        ends_at=ends_at,
        room_ref=room,
        room=room.name_en[:60] if room else "",
        capacity=capacity or 0,
        **fields,
    )
    with transaction.atomic():
        _lock(room, speaker_ids)
        _validate(session, subforum.edition, speaker_ids)
        session.save()
        _set_speakers(session, speakers)
        audit_record(
            actor=actor,
            action="forum.session.create",
            obj=session,
            after={"title_en": title_en, "room": session.room, "starts_at": starts_at},
        )
    return session


def session_update(
    *, actor: Any, session: Session, changes: dict[str, Any], speakers: SpeakerRoles | None = None
) -> Session:
    """Change a session; the same checks as creation. More seats promote the waiting list."""
    from openexpo.forums.seats import waitlist_promote

    _require_organiser(actor)
    unknown = set(changes) - SESSION_FIELDS
    if unknown:
        raise ForumError(
            f"Unknown field: {sorted(unknown)[0]}.", "invalid", field=sorted(unknown)[0]
        )
    with transaction.atomic():
        locked = (
            Session.objects.select_for_update(of=("self",))
            .select_related("subforum__edition", "room_ref")
            .get(pk=session.pk)
        )
        before = {k: getattr(locked, k) for k in changes if k != "room_ref"}
        for key, value in changes.items():
            setattr(locked, key, value)
        if "room_ref" in changes:
            locked.room = locked.room_ref.name_en[:60] if locked.room_ref else ""
        speaker_ids = (
            [s.pk for s, _role in speakers]
            if speakers is not None
            else list(locked.speaker_links.values_list("speaker_id", flat=True))
        )
        _lock(locked.room_ref, speaker_ids)
        _validate(locked, locked.subforum.edition, speaker_ids)
        confirmed = locked.registrations.filter(status="confirmed").count()
        if locked.capacity < confirmed:
            raise ForumError(
                f"{confirmed} seats are already confirmed.",
                "capacity_below_confirmed",
                field="capacity",
            )
        locked.save()
        if speakers is not None:
            _set_speakers(locked, speakers)
        waitlist_promote(session=locked)
        audit_record(
            actor=actor,
            action="forum.session.update",
            obj=locked,
            before=before,
            after={k: v for k, v in changes.items() if k != "room_ref"},
        )
    return locked


def invitations_create(
    *, actor: Any, session: Session, count: int = 1, max_uses: int = 1, note: str = ""
) -> list[Invitation]:
    """Issue invitation codes to an invitation-only session."""
    _require_organiser(actor)
    if session.access != Session.Access.INVITATION:
        raise ForumError("This session is not by invitation.", "not_invitation_only")
    if count < 1 or max_uses < 1:
        raise ForumError("Ask for at least one code with at least one use.", "invalid")
    return Invitation.objects.bulk_create(
        Invitation(session=session, code=secrets.token_hex(5).upper(), note=note, max_uses=max_uses)
        for _i in range(count)
    )
