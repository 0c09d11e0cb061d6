"""REST endpoints that write the forum programme (organisers): rooms, speakers and sub-forums
by code, sessions (create, change), a proposed timetable; and a person's own agenda.

They are registered on forums.api's router itself: a path both modules serve (a session's GET
and PATCH) must be one route, or Django answers the second method 405."""

import datetime as dt
from typing import Annotated

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Path, Schema, Status

from openexpo.core import permissions
from openexpo.core.errors import DomainError, PermissionDenied
from openexpo.core.models import Edition
from openexpo.forums import selectors, services
from openexpo.forums.api import RoomOut, SessionOut, SpeakerOut, router
from openexpo.forums.models import Room, Session, Speaker, SubForum
from openexpo.forums.seats import agenda_item_toggle
from openexpo.forums.timetabling import timetable_propose

Code = Annotated[str, Path(pattern=r"^[-a-zA-Z0-9_]{1,40}$")]
Name = Annotated[str, Field(max_length=200)]


def _organiser_edition(request: HttpRequest, number: int) -> Edition:
    """The edition, for organisers only (refused before anything is looked up)."""
    if not permissions.is_organiser(request.user):
        raise PermissionDenied("Only organisers may change the forum programme.")
    return get_object_or_404(Edition, number=number)


class RoomIn(Schema):
    name_en: Name
    name_zh: Name = ""
    capacity: int


class SpeakerIn(Schema):
    name_en: Name
    name_zh: Name = ""
    affiliation_en: Name = ""
    affiliation_zh: Name = ""
    bio_en: str = ""
    bio_zh: str = ""


class SubForumIn(Schema):
    name_en: Name
    name_zh: Name = ""
    topic: Annotated[str, Field(max_length=60)] = ""


class SubForumOut(Schema):
    code: str
    name_en: str
    name_zh: str
    topic: str


class SpeakerRoleIn(Schema):
    code: str
    role: str = "speaker"


class SessionPatch(Schema):
    code: Annotated[str, Field(max_length=60, pattern=r"^[-a-zA-Z0-9_]*$")] | None = None
    title_en: Name | None = None
    title_zh: Name | None = None
    abstract_en: str | None = None
    abstract_zh: str | None = None
    starts_at: dt.datetime | None = None
    ends_at: dt.datetime | None = None
    room: str | None = None  # a room code of the edition, "" for none
    capacity: int | None = Field(None, ge=1)
    language: str | None = None
    interpretation: str | None = None
    access: str | None = None
    speakers: list[SpeakerRoleIn] | None = None


class SessionIn(SessionPatch):
    subforum: str
    title_en: Name
    starts_at: dt.datetime
    ends_at: dt.datetime


class ProposalOut(Schema):
    session_id: int
    room: str
    starts_at: dt.datetime
    ends_at: dt.datetime


class TimetableOut(Schema):
    penalty: int
    proposals: list[ProposalOut]


class TimetableIn(Schema):
    time_limit: float = Field(10.0, ge=1, le=30)


@router.put("/forum/{number}/rooms/{code}", response=RoomOut)
def room_save(request: HttpRequest, number: int, code: Code, payload: RoomIn):
    """Create or change a room by its code; a capacity below a session's seats is refused."""
    edition = _organiser_edition(request, number)
    return services.room_save(actor=request.user, edition=edition, code=code, **payload.dict())


@router.put("/forum/{number}/speakers/{code}", response=SpeakerOut)
def speaker_save(request: HttpRequest, number: int, code: Code, payload: SpeakerIn):
    edition = _organiser_edition(request, number)
    return services.speaker_save(actor=request.user, edition=edition, code=code, **payload.dict())


@router.put("/forum/{number}/subforums/{code}", response=SubForumOut)
def subforum_save(request: HttpRequest, number: int, code: Code, payload: SubForumIn):
    edition = _organiser_edition(request, number)
    return services.subforum_save(actor=request.user, edition=edition, code=code, **payload.dict())


def _room(edition: Edition, code: str | None) -> Room | None:
    if not code:
        return None
    found = Room.objects.filter(edition=edition, code=code).first()
    if found is None:
        raise DomainError(f"No room {code} in this edition.", "invalid", field="room")
    return found


def _speakers(edition: Edition, refs: list[SpeakerRoleIn]) -> list[tuple[Speaker, str]]:
    found = {
        s.code: s for s in Speaker.objects.filter(edition=edition, code__in=[r.code for r in refs])
    }
    missing = [r.code for r in refs if r.code not in found]
    if missing:
        raise DomainError(f"No speaker {missing[0]} in this edition.", "invalid", field="speakers")
    return [(found[r.code], r.role) for r in refs]


@router.post("/forum/{number}/sessions", response={201: SessionOut})
def session_create(request: HttpRequest, number: int, payload: SessionIn):
    """Schedule a session; room and speaker overlaps, bad times and capacities are refused."""
    edition = _organiser_edition(request, number)
    data = payload.dict(exclude_none=True)
    subforum = SubForum.objects.filter(edition=edition, code=data.pop("subforum")).first()
    if subforum is None:
        raise DomainError("No such sub-forum in this edition.", "invalid", field="subforum")
    room = _room(edition, data.pop("room", None))
    speakers = _speakers(edition, payload.speakers or [])
    data.pop("speakers", None)
    session = services.session_create(
        actor=request.user, subforum=subforum, room=room, speakers=speakers, **data
    )
    return Status(201, selectors.session_get(pk=session.pk))


@router.patch("/forum/sessions/{session_id}", response=SessionOut)
def session_update(request: HttpRequest, session_id: int, payload: SessionPatch):
    """Change a session (same checks as creation); more seats promote the waiting list."""
    if not permissions.is_organiser(request.user):
        raise PermissionDenied("Only organisers may change the forum programme.")
    session = get_object_or_404(Session.objects.select_related("subforum__edition"), pk=session_id)
    edition = session.subforum.edition
    changes = payload.dict(exclude_unset=True)
    speakers = None
    if "speakers" in changes:
        speakers = _speakers(edition, payload.speakers or [])
        del changes["speakers"]
    if "room" in changes:
        changes["room_ref"] = _room(edition, changes.pop("room"))
    services.session_update(actor=request.user, session=session, changes=changes, speakers=speakers)
    return selectors.session_get(pk=session.pk)


@router.post("/forum/{number}/timetable-proposal", response=TimetableOut)
def timetable_proposal(request: HttpRequest, number: int, payload: TimetableIn):
    """A proposed conflict-free (room, start, end) for every session, not saved: apply it
    session by session with PATCH /forum/sessions/{id}. The solver runs at most `time_limit`
    seconds (1-30)."""
    edition = _organiser_edition(request, number)
    proposals, penalty = timetable_propose(edition=edition, time_limit=payload.time_limit)
    rooms = dict(Room.objects.filter(edition=edition).values_list("pk", "code"))
    return {
        "penalty": penalty,
        "proposals": [
            {
                "session_id": p.session_id,
                "room": rooms[p.room_id],
                "starts_at": p.starts_at,
                "ends_at": p.ends_at,
            }
            for p in proposals
        ],
    }


class AgendaOut(Schema):
    session_id: int
    saved: bool


@router.post("/forum/sessions/{session_id}/agenda", response=AgendaOut)
def agenda_toggle(request: HttpRequest, session_id: int):
    """Save a session to your agenda, or remove it if it is there; says which it is now."""
    session = get_object_or_404(Session, pk=session_id)
    return {
        "session_id": session.pk,
        "saved": agenda_item_toggle(user=request.user, session=session),
    }
