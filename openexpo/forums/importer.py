"""Programme import from JSON, XLSX or CSV: dry-run, all-or-nothing, errors naming sheet, row and field.

Format (JSON object, a workbook with one sheet per key and a header row, or one CSV file whose
`sheet` column names each row's sheet and whose other columns are all the sheets' columns):
  rooms:     code, name_en, name_zh, capacity
  speakers:  code, name_en, name_zh, affiliation_en, affiliation_zh, bio_en, bio_zh
  subforums: code, name_en, name_zh, topic
  sessions:  code, subforum, title_en, title_zh, abstract_en, abstract_zh, starts_at, ends_at,
             room, capacity, language, interpretation, access, speakers ("code:role; code:role")
Rows are upserted by code. Times without an offset are in the edition's time zone. After
writing, the edition's conflict rules run; a conflict touching an imported session fails the
import unless `allow_conflicts` (then the organiser's conflict page lists it).
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from typing import Any
from zoneinfo import ZoneInfo

from django.utils.text import slugify

from openexpo.core import permissions
from openexpo.core.errors import DomainError, PermissionDenied
from openexpo.core.imports import (
    ImportRejected,
    Row,
    RowError,
    apply_all_or_nothing,
    is_xlsx,
    read_table,
    read_tables,
    required_errors,
)
from openexpo.core.models import Edition
from openexpo.forums.conflicts import Conflict, edition_conflicts
from openexpo.forums.models import Room, Session, SessionSpeaker, Speaker, SubForum

SHEETS = ("rooms", "speakers", "subforums", "sessions")
UNREADABLE = "import_unreadable"
REQUIRED = {
    "rooms": ("code", "name_en", "capacity"),
    "speakers": ("code", "name_en"),
    "subforums": ("code", "name_en"),
    "sessions": ("subforum", "title_en", "starts_at", "ends_at", "room"),
}


def _issue(sheet: str, row: int, field: str, message: str) -> RowError:
    return RowError(row, field, message, sheet=sheet)


@dataclass
class ImportReport:
    dry_run: bool
    applied: bool = False
    counts: dict[str, int] = field(default_factory=dict)
    errors: list[RowError] = field(default_factory=list)
    conflicts: list[Conflict] = field(default_factory=list)


class ProgrammeImportError(ImportRejected):
    def __init__(self, report: ImportReport) -> None:
        first = report.errors[0]
        super().__init__(
            report.errors,
            field=first.field,
            message=f"{len(report.errors)} error(s); first: {first}",
        )
        self.report = report

    def as_dict(self) -> dict:
        """The error envelope with the whole report: every issue, conflicts, counts."""
        report = self.report
        return super().as_dict() | {
            "errors": [
                {"sheet": e.sheet, "row": e.line, "field": e.field, "message": e.message}
                for e in report.errors
            ],
            "conflicts": [
                {
                    "code": c.code,
                    "message": c.message,
                    "sessions": list(c.sessions),
                    "field": c.field,
                }
                for c in report.conflicts
            ],
            "counts": dict(report.counts),
            "dry_run": report.dry_run,
            "applied": False,
        }


def parse(data: bytes, filename: str) -> dict[str, list[Row]]:
    """Rows per sheet as (row number, {column: value}); raises DomainError if unreadable."""
    if is_xlsx(data, filename):
        tables = read_tables(data, filename, text=False, code=UNREADABLE)
        out: dict[str, list[Row]] = {sheet: [] for sheet in SHEETS}
        for table in tables:
            if table.title.lower() in SHEETS:
                out[table.title.lower()] += table.rows
        return out
    if filename.lower().endswith(".csv"):
        return _parse_csv(data, filename)
    try:
        doc = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as err:
        raise DomainError(f"Not valid JSON: {err}", UNREADABLE)
    if not isinstance(doc, dict):
        raise DomainError(
            "The JSON must be an object with rooms/speakers/subforums/sessions.",
            UNREADABLE,
        )
    out = {}
    for sheet in SHEETS:
        rows = doc.get(sheet, [])
        if not isinstance(rows, list) or not all(isinstance(r, dict) for r in rows):
            raise DomainError(f"“{sheet}” must be a list of objects.", UNREADABLE, field=sheet)
        out[sheet] = [(i + 1, r) for i, r in enumerate(rows)]
    return out


def _parse_csv(data: bytes, filename: str) -> dict[str, list[Row]]:
    table = read_table(data, filename, required=("sheet",), code=UNREADABLE)
    out: dict[str, list[Row]] = {sheet: [] for sheet in SHEETS}
    for line, row in table.rows:
        sheet = row["sheet"].lower()
        if sheet not in out:
            raise DomainError(
                f"Line {line}: the sheet must be one of {', '.join(SHEETS)}.",
                UNREADABLE,
                field="sheet",
            )
        out[sheet].append((line, row))
    return out


def _text(row: dict, key: str) -> str:
    value = row.get(key)
    return "" if value is None else str(value).strip()


def _when(value: Any, tz: ZoneInfo) -> dt.datetime:
    if isinstance(value, dt.datetime):
        moment = value
    else:
        moment = dt.datetime.fromisoformat(str(value).strip())
    return moment if moment.tzinfo else moment.replace(tzinfo=tz)


def _positive(value: Any) -> int:
    number = int(str(value).strip())
    if number <= 0:
        raise ValueError("must be at least 1")
    return number


def _speakers(value: Any) -> list[tuple[str, str]]:
    out = []
    for part in str(value or "").replace(",", ";").split(";"):
        if part.strip():
            code, _sep, role = part.strip().partition(":")
            out.append((code.strip(), role.strip() or SessionSpeaker.Role.SPEAKER))
    return out


def programme_import(
    *,
    actor: Any,
    edition: Edition,
    data: bytes,
    filename: str,
    dry_run: bool = True,
    allow_conflicts: bool = False,
) -> ImportReport:
    """Validate and (unless `dry_run`) apply an import in one transaction; any error changes nothing."""
    if not permissions.is_organiser(actor):
        raise PermissionDenied("Only organisers may import the programme.")
    sheets = parse(data, filename)
    report = ImportReport(dry_run=dry_run)
    for sheet, rows in sheets.items():
        report.errors += required_errors(rows, REQUIRED[sheet], sheet=sheet)
    if report.errors:
        raise ProgrammeImportError(report)
    report.applied = apply_all_or_nothing(
        lambda: _apply(edition, sheets, report, allow_conflicts), dry_run=dry_run
    )
    if report.errors:
        raise ProgrammeImportError(report)
    return report


def _apply(
    edition: Edition, sheets: dict, report: ImportReport, allow_conflicts: bool
) -> list[RowError]:
    """Write every sheet, collecting the bad rows in `report.errors` (also returned)."""
    tz = ZoneInfo(edition.time_zone)
    errors = report.errors
    counts = report.counts
    for number, row in sheets["rooms"]:
        try:
            capacity = _positive(row["capacity"])
        except (TypeError, ValueError):
            errors.append(
                _issue("rooms", number, "capacity", "must be a whole number of at least 1")
            )
            continue
        Room.objects.update_or_create(
            edition=edition,
            code=slugify(_text(row, "code")),
            defaults={
                "name_en": _text(row, "name_en"),
                "name_zh": _text(row, "name_zh"),
                "capacity": capacity,
            },
        )
        counts["rooms"] = counts.get("rooms", 0) + 1
    for _number, row in sheets["speakers"]:
        Speaker.objects.update_or_create(
            edition=edition,
            code=slugify(_text(row, "code")),
            defaults={
                k: _text(row, k)
                for k in (
                    "name_en",
                    "name_zh",
                    "affiliation_en",
                    "affiliation_zh",
                    "bio_en",
                    "bio_zh",
                )
            },
        )
        counts["speakers"] = counts.get("speakers", 0) + 1
    for _number, row in sheets["subforums"]:
        SubForum.objects.update_or_create(
            edition=edition,
            code=slugify(_text(row, "code")),
            defaults={k: _text(row, k) for k in ("name_en", "name_zh", "topic")},
        )
        counts["subforums"] = counts.get("subforums", 0) + 1
    rooms = {r.code: r for r in Room.objects.filter(edition=edition)}
    subforums = {s.code: s for s in SubForum.objects.filter(edition=edition)}
    speakers = {s.code: s for s in Speaker.objects.filter(edition=edition)}
    row_of: dict[int, int] = {}
    for number, row in sheets["sessions"]:
        problems = len(errors)
        subforum = subforums.get(_text(row, "subforum"))
        if subforum is None:
            errors.append(
                _issue(
                    "sessions", number, "subforum", f"unknown sub-forum “{_text(row, 'subforum')}”"
                )
            )
        room = rooms.get(_text(row, "room"))
        if room is None:
            errors.append(
                _issue("sessions", number, "room", f"unknown room “{_text(row, 'room')}”")
            )
        times = {}
        for key in ("starts_at", "ends_at"):
            try:
                times[key] = _when(row[key], tz)
            except (TypeError, ValueError):
                errors.append(
                    _issue("sessions", number, key, "not a date and time (YYYY-MM-DDTHH:MM)")
                )
        capacity = room.capacity if room else 0
        if _text(row, "capacity"):
            try:
                capacity = _positive(row["capacity"])
            except (TypeError, ValueError):
                errors.append(
                    _issue("sessions", number, "capacity", "must be a whole number of at least 1")
                )
        if len(times) == 2 and times["ends_at"] <= times["starts_at"]:
            errors.append(_issue("sessions", number, "ends_at", "ends before it starts"))
        choices = {}
        for key, enum, default in (
            ("language", Session.Language, Session.Language.ZH),
            ("interpretation", Session.Interpretation, Session.Interpretation.SIMULTANEOUS),
            ("access", Session.Access, Session.Access.REGISTRATION),
        ):
            choices[key] = _text(row, key) or default
            if choices[key] not in enum.values:
                errors.append(_issue("sessions", number, key, f"one of {', '.join(enum.values)}"))
        links = _speakers(row.get("speakers"))
        for code, role in links:
            if code not in speakers:
                errors.append(_issue("sessions", number, "speakers", f"unknown speaker “{code}”"))
            if role not in SessionSpeaker.Role.values:
                errors.append(_issue("sessions", number, "speakers", f"unknown role “{role}”"))
        if len({c for c, _r in links}) != len(links):
            errors.append(_issue("sessions", number, "speakers", "a speaker is listed twice"))
        if len(errors) > problems:
            continue
        values = {
            "title_en": _text(row, "title_en"),
            "title_zh": _text(row, "title_zh"),
            "abstract_en": _text(row, "abstract_en"),
            "abstract_zh": _text(row, "abstract_zh"),
            "room_ref": room,
            "room": room.name_en[:60],
            "capacity": capacity,
            **times,
            **choices,
        }
        code = slugify(_text(row, "code"))
        if code:
            session, _created = Session.objects.update_or_create(
                subforum=subforum, code=code, defaults=values
            )
        else:
            session = Session.objects.create(subforum=subforum, **values)
        SessionSpeaker.objects.filter(session=session).delete()
        SessionSpeaker.objects.bulk_create(
            SessionSpeaker(session=session, speaker=speakers[c], role=r, order=i)
            for i, (c, r) in enumerate(links)
        )
        row_of[session.pk] = number
        counts["sessions"] = counts.get("sessions", 0) + 1
    if errors:
        return errors
    report.conflicts = edition_conflicts(edition=edition)
    for conflict in report.conflicts:
        mine = [row_of[pk] for pk in conflict.sessions if pk in row_of]
        if mine and not allow_conflicts:
            errors.append(
                _issue("sessions", mine[0], conflict.field or conflict.code, conflict.message)
            )
    return errors
