"""Writes of one-to-one meetings: request, accept, decline, cancel, unavailable times.
Each service checks permission, owns its transaction and raises a coded DomainError;
nothing is changed when it raises."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from openexpo.catalogue.models import Exhibit
from openexpo.core import permissions
from openexpo.core.audit import audit_record
from openexpo.core.errors import PermissionDenied
from openexpo.exhibitors.models import ExhibitorStaff, Participation
from openexpo.matchmaking.models import MeetingRequest, Need, Unavailability
from openexpo.matchmaking.services import MatchmakingError, setup_for
from openexpo.visitors.models import Visitor
from openexpo.webhooks.services import emit as webhook_emit


def _accepted_on_day(
    *, day: dt.date, buyer: Visitor | None = None, participation: Participation | None = None
) -> int:
    qs = MeetingRequest.objects.filter(status=MeetingRequest.Status.ACCEPTED, day=day)
    return (
        qs.filter(buyer=buyer).count() if buyer else qs.filter(participation=participation).count()
    )


def _side_of(actor: Any, buyer: Visitor, participation: Participation) -> str | None:
    if permissions.can(actor, "change", buyer):
        return MeetingRequest.Side.BUYER
    if permissions.can(actor, "change", participation):
        return MeetingRequest.Side.EXHIBITOR
    return None


def meeting_request_create(
    *,
    actor: Any,
    buyer: Visitor,
    participation: Participation,
    day: dt.date,
    session: str = "any",
    message: str = "",
    need: Need | None = None,
    exhibit: Exhibit | None = None,
) -> MeetingRequest:
    """One side asks the other for a meeting on `day`; the other side answers."""
    if buyer.edition_id != participation.edition_id:
        raise MatchmakingError("Buyer and exhibitor are at different editions.", "edition_mismatch")
    edition = participation.edition
    if permissions.is_organiser(actor):
        side = MeetingRequest.Side.BUYER
    else:
        side = _side_of(actor, buyer, participation)
        if side is None:
            raise PermissionDenied("You may request meetings only for yourself or your company.")
        if side == MeetingRequest.Side.BUYER and permissions.can(actor, "change", participation):
            raise MatchmakingError("You cannot request a meeting with yourself.", "self_request")
    if (
        buyer.user_id is not None
        and ExhibitorStaff.objects.filter(
            user_id=buyer.user_id, company_id=participation.company_id
        ).exists()
    ):
        raise MatchmakingError("You cannot request a meeting with yourself.", "self_request")
    if day not in edition.days:
        raise MatchmakingError("The day is not a day of this edition.", "invalid_day", field="day")
    if session not in MeetingRequest.Session.values:
        raise MatchmakingError("Unknown session.", "invalid", field="session")
    if need is not None and need.buyer_id != buyer.pk:
        raise MatchmakingError("That need is not this buyer's.", "invalid", field="need")
    if exhibit is not None and exhibit.participation_id != participation.pk:
        raise MatchmakingError("That exhibit is not this exhibitor's.", "invalid", field="exhibit")
    if participation.status != Participation.Status.APPROVED:
        raise MatchmakingError("This exhibitor is not taking part.", "not_participating")
    cap = setup_for(edition).cap_per_day
    mine = (
        {"buyer": buyer} if side == MeetingRequest.Side.BUYER else {"participation": participation}
    )
    if _accepted_on_day(day=day, **mine) >= cap:
        raise MatchmakingError(f"You already have {cap} meetings that day.", "cap_reached")
    try:
        with transaction.atomic():
            req = MeetingRequest.objects.create(
                edition=edition,
                buyer=buyer,
                participation=participation,
                initiated_by=side,
                requested_by=actor if getattr(actor, "is_authenticated", False) else None,
                need=need,
                exhibit=exhibit,
                message=message[:2000],
                day=day,
                session=session,
            )
            audit_record(actor=actor, action="meeting.request", obj=req)
    except IntegrityError:
        raise MatchmakingError(
            "There is already an open request between you that day.", "duplicate_conflict"
        )
    return req


def _respond(*, actor: Any, request: MeetingRequest, status: str) -> MeetingRequest:
    with transaction.atomic():
        req = (
            MeetingRequest.objects.select_for_update()
            .select_related("buyer", "participation", "edition")
            .get(pk=request.pk)
        )
        addressed = (
            req.participation if req.initiated_by == MeetingRequest.Side.BUYER else req.buyer
        )
        if not (permissions.is_organiser(actor) or permissions.can(actor, "change", addressed)):
            raise PermissionDenied("This request is not addressed to you.", "not_addressed")
        if req.status != MeetingRequest.Status.PENDING:
            raise MatchmakingError(f"The request is already {req.status}.", "not_pending")
        if status == MeetingRequest.Status.ACCEPTED:
            cap = setup_for(req.edition).cap_per_day
            if (
                _accepted_on_day(day=req.day, buyer=req.buyer) >= cap
                or _accepted_on_day(day=req.day, participation=req.participation) >= cap
            ):
                raise MatchmakingError(
                    f"A side already has {cap} meetings that day.", "cap_reached"
                )
        req.status = status
        req.responded_by = actor if getattr(actor, "is_authenticated", False) else None
        req.responded_at = timezone.now()
        req.save(update_fields=["status", "responded_by", "responded_at"])
        audit_record(actor=actor, action=f"meeting.{status}", obj=req)
        if status == MeetingRequest.Status.ACCEPTED:
            ids = {"buyer": req.buyer_id, "participation": req.participation_id}
            webhook_emit("meeting.accepted", {"meeting_request": req.pk} | ids)
    return req


def meeting_request_accept(*, actor: Any, request: MeetingRequest) -> MeetingRequest:
    return _respond(actor=actor, request=request, status=MeetingRequest.Status.ACCEPTED)


def meeting_request_decline(*, actor: Any, request: MeetingRequest) -> MeetingRequest:
    return _respond(actor=actor, request=request, status=MeetingRequest.Status.DECLINED)


def meeting_request_cancel(*, actor: Any, request: MeetingRequest) -> MeetingRequest:
    """Either side (or an organiser) cancels a pending or accepted meeting; frees its slot."""
    with transaction.atomic():
        req = (
            MeetingRequest.objects.select_for_update()
            .select_related("buyer", "participation")
            .get(pk=request.pk)
        )
        if _side_of(actor, req.buyer, req.participation) is None and not permissions.is_organiser(
            actor
        ):
            raise PermissionDenied("This meeting is not yours.")
        if req.status not in (MeetingRequest.Status.PENDING, MeetingRequest.Status.ACCEPTED):
            raise MatchmakingError(f"The request is already {req.status}.", "not_open")
        req.status = MeetingRequest.Status.CANCELLED
        req.slot = req.table = req.starts_at = req.ends_at = None
        req.published = False
        req.save()
        audit_record(actor=actor, action="meeting.cancel", obj=req)
    return req


def unavailability_add(
    *,
    actor: Any,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    buyer: Visitor | None = None,
    participation: Participation | None = None,
    note: str = "",
) -> Unavailability:
    """Mark a time when a participant cannot meet."""
    owner = buyer or participation
    if owner is None or (buyer and participation):
        raise MatchmakingError("Name either the buyer or the exhibitor.", "invalid")
    permissions.require(actor, "change", owner)
    if ends_at <= starts_at:
        raise MatchmakingError(
            "The end must come after the start.", "invalid_time", field="ends_at"
        )
    return Unavailability.objects.create(
        edition_id=owner.edition_id,
        buyer=buyer,
        participation=participation,
        starts_at=starts_at,
        ends_at=ends_at,
        note=note[:200],
    )
