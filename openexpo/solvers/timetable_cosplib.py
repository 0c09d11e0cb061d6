"""Read CoSPLib conference-scheduling workbooks (and their reference solutions) into timetable.Problem.

No Django. The workbook is one a user supplies (CoSPLib's published XLSX layout). Time-zone preferences
(the `Submissions_Timezones` term) and the order of papers inside a session are not read.
"""

from __future__ import annotations

from pathlib import Path

from openpyxl import load_workbook

from openexpo.solvers.timetable import Block, Item, Placement, Problem, Room

WEIGHT_NAMES = {
    "Tracks_Sessions|Penalty:": "tracks_sessions",
    "Tracks_Rooms|Penalty:": "tracks_rooms",
    "Sessions_Rooms|Penalty:": "sessions_rooms",
    "Similar Tracks:": "similar_tracks",
    "Number of Rooms per Track:": "rooms_per_track",
    "Consecutive Tracks:": "consecutive_tracks",
    "Submissions_Sessions|Penalty:": "submissions_sessions",
    "Submissions_Rooms|Penalty:": "submissions_rooms",
    "Presenters Conflicts:": "presenters",
    "Attendees Conflicts:": "attendees",
    "Chairs Conflicts:": "chairs",
}
UNMODELLED_WEIGHTS = ("Submissions_Timezones:", "Submissions Order:")


def _rows(wb, name: str) -> list[tuple]:
    return [r for r in wb[name].iter_rows(values_only=True)]


def _people(value: object) -> tuple[str, ...]:
    if value is None:
        return ()
    return tuple(p.strip() for p in str(value).replace(";", ",").split(",") if p.strip())


def _matrix(rows: list[tuple]) -> dict[tuple[str, str], int]:
    header = [str(h).strip() if h is not None else "" for h in rows[0][1:]]
    out = {}
    for row in rows[1:]:
        if row[0] is None:
            continue
        for col, value in zip(header, row[1:], strict=False):
            if col and value:
                out[(str(row[0]).strip(), col)] = int(value)
    return out


def read_instance(path: str | Path) -> tuple[Problem, dict[str, int]]:
    """The problem, and the weights of CoSPLib terms this model leaves out (non-zero ones)."""
    wb = load_workbook(path, read_only=True, data_only=True)
    weights, unmodelled = {}, {}
    for row in _rows(wb, "parameters"):
        if len(row) > 4 and row[3] in WEIGHT_NAMES:
            weights[WEIGHT_NAMES[row[3]]] = int(row[4] or 0)
        elif len(row) > 4 and row[3] in UNMODELLED_WEIGHTS and row[4]:
            unmodelled[row[3].rstrip(":")] = int(row[4])
    blocks = tuple(
        Block(str(r[0]).strip(), int(r[1])) for r in _rows(wb, "sessions")[1:] if r[0] is not None
    )
    rooms = tuple(Room(str(r[0]).strip()) for r in _rows(wb, "rooms")[1:] if r[0] is not None)
    block_ids, room_ids = {b.id for b in blocks}, {r.id for r in rooms}
    sub = _rows(wb, "submissions")
    header = [str(h).strip() if h is not None else "" for h in sub[0]]
    items = []
    for row in sub[1:]:
        if row[0] is None:
            continue
        block_pen, room_pen = [], []
        for col, value in zip(header[7:], row[7:], strict=False):
            if value:
                (block_pen if col in block_ids else room_pen if col in room_ids else []).append(
                    (col, int(value))
                )
        items.append(
            Item(
                id=str(row[0]).strip(),
                track=str(row[1]).strip(),
                length=int(row[2] or 1),
                presenters=_people(row[5]),
                attendees=_people(row[6]),
                block_penalty=tuple(block_pen),
                room_penalty=tuple(room_pen),
            )
        )
    chairs = {
        str(r[0]).strip(): _people(r[1])
        for r in _rows(wb, "tracks")[1:]
        if r[0] is not None and r[1]
    }
    similar: dict[tuple[str, str], int] = {}
    for (a, b), _value in _matrix(_rows(wb, "similar tracks")).items():
        if a != b:
            key = (min(a, b), max(a, b))
            similar[key] = 1  # CoSPLib counts a similar pair once per block, whatever the cell says
    problem = Problem(
        blocks=blocks,
        rooms=rooms,
        items=tuple(items),
        weights=weights,
        track_block_penalty=_matrix(_rows(wb, "tracks_sessions|penalty")),
        track_room_penalty=_matrix(_rows(wb, "tracks_rooms|penalty")),
        block_room_penalty=_matrix(_rows(wb, "sessions_rooms|penalty")),
        similar=similar,
        chairs=chairs,
    )
    return problem, unmodelled


def read_solution(path: str | Path) -> tuple[list[Placement], int | None]:
    """A reference solution's placements (from sheet `sol`) and its stated objective value."""
    wb = load_workbook(path, read_only=True, data_only=True)
    rows = _rows(wb, "sol")
    rooms = [str(h).strip() if h is not None else "" for h in rows[0][1:]]
    blank = next(k for k, r in enumerate(rows) if k and r[0] is None)
    placements = []
    for row in rows[blank + 1 :]:
        if row[0] is None:
            continue
        for room, value in zip(rooms, row[1:], strict=False):
            if value:
                placements.append(Placement(str(value).strip(), str(row[0]).strip(), room))
    objective = None
    for row in _rows(wb, "violations"):
        cell = str(row[0] or "")
        if cell.startswith("Objective Value"):
            objective = int(cell.split("=")[1])
    # an item spanning several slots is listed once per slot
    unique = list({p.item: p for p in placements}.values())
    return unique, objective
