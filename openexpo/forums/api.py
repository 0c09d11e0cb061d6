"""REST endpoints of the forums app: the programme (public), registration (own seats only),
attendance at the door (gate staff), import, conflicts and no-shows (organisers)."""

from __future__ import annotations

import base64
import datetime as dt

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Router, Schema, Status

from openexpo.core import permissions
from openexpo.core.errors import DomainError, PermissionDenied
from openexpo.core.models import Edition
from openexpo.forums import selectors
from openexpo.forums.conflicts import edition_conflicts
from openexpo.forums.importer import programme_import
from openexpo.forums.models import Registration, Session
from openexpo.forums.seats import attendance_record, registration_cancel, registration_create
from openexpo.forums.services import invitations_create

router = Router(tags=["forums"])


def _edition(number: int) -> Edition:
    return get_object_or_404(Edition, number=number)


def _organiser(request: HttpRequest) -> None:
    if not permissions.is_organiser(request.user):
        raise PermissionDenied("Organisers only.")


class SpeakerRefOut(Schema):
    code: str
    name_en: str
    name_zh: str
    role: str
    order: int


class SessionOut(Schema):
    id: int
    code: str
    subforum: str
    topic: str
    title_en: str
    title_zh: str
    abstract_en: str
    abstract_zh: str
    starts_at: dt.datetime
    ends_at: dt.datetime
    room: str
    room_name: str
    capacity: int
    language: str
    interpretation: str
    access: str
    confirmed: int
    waitlisted: int
    speakers: list[SpeakerRefOut]

    @staticmethod
    def resolve_subforum(obj: Session) -> str:
        return obj.subforum.code

    @staticmethod
    def resolve_topic(obj: Session) -> str:
        return obj.subforum.topic

    @staticmethod
    def resolve_room(obj: Session) -> str:
        return obj.room_ref.code if obj.room_ref_id else ""

    @staticmethod
    def resolve_room_name(obj: Session) -> str:
        return obj.room

    @staticmethod
    def resolve_speakers(obj: Session) -> list[dict]:
        return [
            {
                "code": link.speaker.code,
                "name_en": link.speaker.name_en,
                "name_zh": link.speaker.name_zh,
                "role": link.role,
                "order": link.order,
            }
            for link in obj.speaker_links.all()
        ]


class SpeakerOut(Schema):
    code: str
    name_en: str
    name_zh: str
    affiliation_en: str
    affiliation_zh: str
    bio_en: str
    bio_zh: str


class RoomOut(Schema):
    code: str
    name_en: str
    name_zh: str
    capacity: int


@router.get("/forum/{number}/sessions", response=list[SessionOut], auth=None)
def sessions(
    request: HttpRequest,
    number: int,
    day: dt.date | None = None,
    room: str = "",
    topic: str = "",
    subforum: str = "",
):
    return list(
        selectors.programme(
            edition=_edition(number), day=day, room=room, topic=topic, subforum=subforum
        )
    )


@router.get("/forum/sessions/{session_id}", response=SessionOut, auth=None)
def session(request: HttpRequest, session_id: int):
    return selectors.session_get(pk=session_id)


@router.get("/forum/{number}/speakers", response=list[SpeakerOut], auth=None)
def speakers(request: HttpRequest, number: int):
    return list(selectors.speaker_list(edition=_edition(number)))


@router.get("/forum/{number}/rooms", response=list[RoomOut], auth=None)
def rooms(request: HttpRequest, number: int):
    return list(selectors.room_list(edition=_edition(number)))


class RegisterIn(Schema):
    invitation_code: str = ""


class RegistrationOut(Schema):
    id: int
    session_id: int
    user_id: int
    status: str
    seat_no: int | None
    created: dt.datetime


@router.post("/forum/sessions/{session_id}/registrations", response={201: RegistrationOut})
def register(request: HttpRequest, session_id: int, data: RegisterIn):
    target = get_object_or_404(Session, pk=session_id)
    return Status(
        201,
        registration_create(
            user=request.user, session=target, invitation_code=data.invitation_code
        ),
    )


@router.get("/forum/registrations/mine", response=list[RegistrationOut])
def registrations_mine(request: HttpRequest):
    if not request.user.is_authenticated:
        raise PermissionDenied("Log in first.", "unauthenticated")
    return list(selectors.registrations_of(user=request.user))


@router.get("/forum/registrations/{registration_id}", response=RegistrationOut)
def registration_detail(request: HttpRequest, registration_id: int):
    registration = get_object_or_404(Registration, pk=registration_id)
    permissions.require(request.user, "view", registration)
    return registration


class CancelOut(Schema):
    cancelled: RegistrationOut
    promoted: list[RegistrationOut]


@router.post("/forum/registrations/{registration_id}/cancel", response=CancelOut)
def cancel(request: HttpRequest, registration_id: int):
    registration = get_object_or_404(Registration, pk=registration_id)
    promoted = registration_cancel(actor=request.user, registration=registration)
    return {"cancelled": registration, "promoted": promoted}


@router.get("/forum/sessions/{session_id}/registrations", response=list[RegistrationOut])
def session_registrations(request: HttpRequest, session_id: int):
    _organiser(request)
    return list(selectors.session_registrations(session=get_object_or_404(Session, pk=session_id)))


class InvitationsIn(Schema):
    count: int = 1
    max_uses: int = 1
    note: str = ""


@router.post("/forum/sessions/{session_id}/invitations", response={201: list[str]})
def invitations(request: HttpRequest, session_id: int, data: InvitationsIn):
    target = get_object_or_404(Session, pk=session_id)
    made = invitations_create(
        actor=request.user, session=target, count=data.count, max_uses=data.max_uses, note=data.note
    )
    return Status(201, [i.code for i in made])


class AttendanceIn(Schema):
    badge_payload: str = ""
    registration_id: int | None = None


class AttendanceOut(Schema):
    id: int
    session_id: int
    user_id: int
    method: str
    created: bool


@router.post("/forum/sessions/{session_id}/attendance", response=AttendanceOut)
def attendance(request: HttpRequest, session_id: int, data: AttendanceIn):
    target = get_object_or_404(Session.objects.select_related("subforum__edition"), pk=session_id)
    registration = None
    if data.registration_id is not None:
        registration = get_object_or_404(Registration, pk=data.registration_id)
    record, created = attendance_record(
        actor=request.user,
        session=target,
        registration=registration,
        badge_payload=data.badge_payload,
    )
    return {
        "id": record.pk,
        "session_id": record.session_id,
        "user_id": record.user_id,
        "method": record.method,
        "created": created,
    }


class ImportIn(Schema):
    filename: str = "programme.json"
    content_base64: str
    dry_run: bool = True
    allow_conflicts: bool = False


class IssueOut(Schema):
    sheet: str
    row: int = Field(validation_alias="line")  # a RowError's line
    field: str
    message: str


class ConflictOut(Schema):
    code: str
    message: str
    sessions: list[int]
    field: str


class ImportOut(Schema):
    dry_run: bool
    applied: bool
    counts: dict[str, int]
    errors: list[IssueOut]
    conflicts: list[ConflictOut]


@router.post("/forum/{number}/import", response={200: ImportOut})
def import_programme(request: HttpRequest, number: int, data: ImportIn):
    """A refused import answers 400 with the error envelope (code `import_invalid`), which also
    carries the report: `errors` (sheet, row, field, message), `conflicts` and `counts`."""
    _organiser(request)  # before looking at the body: others learn nothing about it
    edition = _edition(number)
    try:
        content = base64.b64decode(data.content_base64, validate=True)
    except ValueError:
        raise DomainError("content_base64 is not base64.", "invalid", field="content_base64")
    return programme_import(
        actor=request.user,
        edition=edition,
        data=content,
        filename=data.filename,
        dry_run=data.dry_run,
        allow_conflicts=data.allow_conflicts,
    )


@router.get("/forum/{number}/conflicts", response=list[ConflictOut])
def conflicts(request: HttpRequest, number: int):
    _organiser(request)
    return edition_conflicts(edition=_edition(number))


class NoShowOut(Schema):
    session_id: int
    title: str
    confirmed: int
    attended: int
    no_shows: int


class NoShowsOut(Schema):
    confirmed: int
    attended: int
    no_shows: int
    rate: float
    sessions: list[NoShowOut]


@router.get("/forum/{number}/no-shows", response=NoShowsOut)
def noshows(request: HttpRequest, number: int):
    _organiser(request)
    return selectors.noshow_stats(edition=_edition(number))


def _register_programme() -> None:
    """The programme-writing endpoints live in api_programme, on this same router."""
    import openexpo.forums.api_programme  # noqa: F401


_register_programme()
