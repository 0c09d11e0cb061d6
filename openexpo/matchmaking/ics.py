"""ICS export of a participant's meetings (RFC 5545, via icalendar)."""

from __future__ import annotations

from collections.abc import Iterable

import icalendar

from openexpo.matchmaking.models import MeetingRequest


def meetings_ics(meetings: Iterable[MeetingRequest], *, name: str = "OpenExpo meetings") -> bytes:
    """A calendar with one event per scheduled meeting; times are stored in UTC."""
    cal = icalendar.Calendar()
    cal.add("prodid", "-//OpenExpo//matchmaking//EN")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", name)
    for m in meetings:
        if m.starts_at is None:
            continue
        event = icalendar.Event()
        event.add("uid", f"meeting-{m.pk}@openexpo")
        event.add("dtstamp", m.responded_at or m.created)
        event.add("dtstart", m.starts_at)
        event.add("dtend", m.ends_at)
        event.add("summary", f"{m.buyer.full_name} / {m.participation.company.name_en}")
        event.add("location", f"Matchmaking table {m.table}")
        if m.message:
            event.add("description", m.message)
        cal.add_component(event)
    return cal.to_ical()
