"""iCalendar (RFC 5545) export of forum sessions: one session, a sub-forum, a personal agenda."""

from __future__ import annotations

from collections.abc import Iterable

from django.utils import timezone
from icalendar import Calendar, Event

from openexpo.forums.models import Session

PRODID = "-//OpenExpo//Forum//EN"


def calendar_bytes(
    sessions: Iterable[Session], *, name: str, host: str = "openexpo.invalid"
) -> bytes:
    """A VCALENDAR with one VEVENT per session (UTC times; stable UIDs so updates replace)."""
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", name)
    stamp = timezone.now()
    for session in sessions:
        event = Event()
        event.add("uid", f"forum-session-{session.pk}@{host}")
        event.add("dtstamp", stamp)
        event.add("dtstart", session.starts_at)
        event.add("dtend", session.ends_at)
        event.add("summary", session.title)
        speakers = ", ".join(link.speaker.name for link in session.speaker_links.all())
        description = session.abstract
        if speakers:
            description = f"{description}\n\n{speakers}".strip()
        if description:
            event.add("description", description)
        if session.room:
            event.add("location", session.room_ref.name if session.room_ref_id else session.room)
        event.add("categories", [session.subforum.name])
        cal.add_component(event)
    return cal.to_ical()
