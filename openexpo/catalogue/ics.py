"""Launch events as an iCalendar (RFC 5545) file, with times in the edition's time zone."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event

from openexpo.catalogue.models import LaunchEvent


def launch_start(event: LaunchEvent) -> dt.datetime | None:
    """The aware start of a launch, or None when its day or time is not known yet."""
    if event.day is None or event.start_time is None:
        return None
    tz = ZoneInfo(event.exhibit.participation.edition.time_zone or "Asia/Shanghai")
    return dt.datetime.combine(event.day, event.start_time, tzinfo=tz)


def launches_ics(events: Iterable[LaunchEvent], *, host: str, where: callable) -> bytes:
    """One VEVENT per timed launch; `where(event)` names its stage or booth."""
    cal = Calendar()
    cal.add("prodid", "-//OpenExpo//Launch calendar//EN")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", "OpenExpo launches")
    for event in events:
        start = launch_start(event)
        if start is None:
            continue
        exhibit = event.exhibit
        company = exhibit.participation.company
        item = Event()
        item.add("uid", f"launch-{event.pk}@{host}")
        item.add("dtstamp", dt.datetime(2000, 1, 1, tzinfo=dt.UTC))
        item.add("dtstart", start)
        item.add("dtend", start + dt.timedelta(minutes=event.duration_minutes))
        item.add("summary", f"{exhibit.localized('name')} — {company.localized('name')}")
        item.add("location", where(event))
        item.add("description", exhibit.localized("description")[:500])
        item.add("categories", [exhibit.get_launch_type_display()])
        cal.add_component(item)
    return cal.to_ical()
