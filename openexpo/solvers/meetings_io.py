"""Read and write the meeting JSON formats `openexpo.meetings/1` and `openexpo.meetings-solution/1`."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from openexpo.solvers.meetings_types import (
    SESSIONS,
    Assignment,
    Meeting,
    Participant,
    Problem,
    ProblemError,
    Solution,
    Unplaced,
)

PROBLEM_FORMAT = "openexpo.meetings/1"
SOLUTION_FORMAT = "openexpo.meetings-solution/1"


def _int(value: Any, item: str, *, allow_none: bool = False) -> int | None:
    if value is None and allow_none:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise ProblemError(f"{item}: expected an integer, got {value!r}", item)
    return value


def _id(value: Any, item: str) -> str:
    if isinstance(value, bool) or not isinstance(value, str | int):
        raise ProblemError(f"{item}: expected an id (string), got {value!r}", item)
    return str(value)


def _list(value: Any, item: str) -> list:
    if not isinstance(value, list):
        raise ProblemError(f"{item}: expected a list, got {type(value).__name__}", item)
    return value


def problem_from_dict(data: Any) -> Problem:
    """Parse an `openexpo.meetings/1` object; ProblemError names the malformed item."""
    if not isinstance(data, dict):
        raise ProblemError("the problem must be a JSON object", "problem")
    if data.get("format") != PROBLEM_FORMAT:
        raise ProblemError(
            f"format must be {PROBLEM_FORMAT!r}, got {data.get('format')!r}", "format"
        )
    for key in ("slots", "tables", "participants", "meetings"):
        if key not in data:
            raise ProblemError(f"missing field {key!r}", key)
    participants = []
    for k, p in enumerate(_list(data["participants"], "participants")):
        if not isinstance(p, dict) or "id" not in p:
            raise ProblemError(f"participants[{k}] needs an 'id'", f"participants[{k}]")
        pid = _id(p["id"], f"participants[{k}].id")
        item = f"participant {pid}"
        forb = [_int(s, item) for s in _list(p.get("forbidden_slots", []), item)]
        participants.append(Participant(pid, frozenset(s for s in forb if s is not None)))
    meetings = []
    for k, m in enumerate(_list(data["meetings"], "meetings")):
        if not isinstance(m, dict) or "id" not in m:
            raise ProblemError(f"meetings[{k}] needs an 'id'", f"meetings[{k}]")
        mid = _id(m["id"], f"meetings[{k}].id")
        item = f"meeting {mid}"
        people = tuple(_id(p, item) for p in _list(m.get("participants"), item))
        session = m.get("session", "any") or "any"
        if session not in SESSIONS:
            raise ProblemError(f"meeting {mid!r}: unknown session {session!r}", item)
        meetings.append(
            Meeting(
                id=mid,
                participants=people,
                session=session,
                fixed_slot=_int(m.get("fixed_slot"), item, allow_none=True),
                after=tuple(_id(a, item) for a in _list(m.get("after", []), item)),
                fixed_table=_int(m.get("fixed_table"), item, allow_none=True),
            )
        )
    spread = data.get("max_break_spread")
    return Problem(
        slots=_int(data["slots"], "slots"),  # type: ignore[arg-type]
        tables=_int(data["tables"], "tables"),  # type: ignore[arg-type]
        morning_slots=_int(data.get("morning_slots"), "morning_slots", allow_none=True),
        max_break_spread=_int(spread, "max_break_spread", allow_none=True),
        participants=tuple(participants),
        meetings=tuple(meetings),
        name=str(data.get("name", "")),
        days=_int(data.get("days", 1), "days"),  # type: ignore[arg-type]
    )


def problem_to_dict(problem: Problem) -> dict:
    meetings = []
    for m in problem.meetings:
        row: dict[str, Any] = {
            "id": m.id,
            "participants": list(m.participants),
            "session": m.session,
            "fixed_slot": m.fixed_slot,
            "after": list(m.after),
        }
        if m.fixed_table is not None:
            row["fixed_table"] = m.fixed_table
        meetings.append(row)
    out = {
        "format": PROBLEM_FORMAT,
        "name": problem.name,
        "slots": problem.slots,
        "morning_slots": problem.morning,
        "tables": problem.tables,
        "max_break_spread": problem.max_break_spread,
        "participants": [
            {"id": p.id, "forbidden_slots": sorted(p.forbidden_slots)} for p in problem.participants
        ],
        "meetings": meetings,
    }
    if problem.days != 1:
        out["days"] = problem.days
    return out


def solution_to_dict(solution: Solution) -> dict:
    """The solution object; `reason` and `unplaced` appear only for an infeasible problem."""
    out: dict[str, Any] = {
        "format": SOLUTION_FORMAT,
        "status": solution.status,
        "total_breaks": solution.total_breaks,
        "assignments": [
            {"meeting": a.meeting, "slot": a.slot, "table": a.table} for a in solution.assignments
        ],
    }
    if solution.reason:
        out["reason"] = solution.reason
    if solution.unplaced:
        out["unplaced"] = [{"meeting": u.meeting, "reason": u.reason} for u in solution.unplaced]
    return out


def solution_from_dict(data: Any) -> Solution:
    if not isinstance(data, dict) or data.get("format") != SOLUTION_FORMAT:
        raise ProblemError(f"format must be {SOLUTION_FORMAT!r}", "format")
    status = data.get("status")
    if status not in ("optimal", "feasible", "infeasible", "unknown"):
        raise ProblemError(f"unknown status {status!r}", "status")
    rows = _list(data.get("assignments", []), "assignments")
    assignments = tuple(
        Assignment(
            _id(a["meeting"], "assignment"), _int(a["slot"], "slot"), _int(a["table"], "table")
        )  # type: ignore[arg-type]
        for a in rows
    )
    unplaced = tuple(
        Unplaced(str(u["meeting"]), str(u.get("reason", ""))) for u in data.get("unplaced", [])
    )
    return Solution(
        status=status,
        assignments=assignments,
        total_breaks=_int(data.get("total_breaks"), "total_breaks", allow_none=True),
        unplaced=unplaced,
        reason=str(data.get("reason", "")),
    )


def read_problem(path: str | Path) -> Problem:
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as exc:
        raise ProblemError(f"cannot read {path}: {exc.strerror}", str(path))
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ProblemError(f"{path}: not valid JSON ({exc.msg} at line {exc.lineno})", str(path))
    return problem_from_dict(data)


def write_solution(solution: Solution, path: str | Path) -> None:
    Path(path).write_text(json.dumps(solution_to_dict(solution), indent=1) + "\n", encoding="utf-8")


def read_solution(path: str | Path) -> Solution:
    return solution_from_dict(json.loads(Path(path).read_text(encoding="utf-8")))
