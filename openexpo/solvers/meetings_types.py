"""Frozen dataclasses for one-to-one meeting scheduling (input problem and output solution)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Session = Literal["any", "morning", "afternoon"]
Status = Literal["optimal", "feasible", "infeasible", "unknown"]
SESSIONS: tuple[str, ...] = ("any", "morning", "afternoon")


class ProblemError(ValueError):
    """The problem is malformed or inconsistent; `item` names the offending entry."""

    def __init__(self, message: str, item: str = "") -> None:
        super().__init__(message)
        self.item = item


@dataclass(frozen=True)
class Participant:
    """A buyer or exhibitor; it cannot meet in its forbidden (unavailable) slots."""

    id: str
    forbidden_slots: frozenset[int] = frozenset()


@dataclass(frozen=True)
class Meeting:
    """An accepted meeting between two (or more) participants.

    `fixed_slot` forces the slot; `fixed_table` (only with `fixed_slot`) pins the table too, as
    for a published meeting that must not move. `after` lists meetings held strictly earlier.
    """

    id: str
    participants: tuple[str, ...]
    session: Session = "any"
    fixed_slot: int | None = None
    after: tuple[str, ...] = ()
    fixed_table: int | None = None


@dataclass(frozen=True)
class Problem:
    """Slots 0..slots-1 in order. With days == 1 they form one line and 0..morning_slots-1 are
    the morning. With days > 1 the slots split into `days` equal days of `day_length` slots;
    morning_slots then counts within each day and breaks are counted within each day (an
    overnight gap is not a break).
    """

    slots: int
    tables: int
    participants: tuple[Participant, ...]
    meetings: tuple[Meeting, ...]
    morning_slots: int | None = None
    max_break_spread: int | None = None  # fairness bound d; None means no bound
    name: str = ""
    days: int = 1

    @property
    def day_length(self) -> int:
        return self.slots // max(1, self.days)

    @property
    def morning(self) -> int:
        """Morning slots per day."""
        return self.day_length if self.morning_slots is None else self.morning_slots


@dataclass(frozen=True)
class Assignment:
    meeting: str
    slot: int
    table: int


@dataclass(frozen=True)
class Unplaced:
    meeting: str
    reason: str


@dataclass(frozen=True)
class Solution:
    """The schedule found. With status "infeasible", `assignments` may hold a partial schedule
    (as many meetings as could be placed) and `unplaced` says which meetings are left and why.
    """

    status: Status
    assignments: tuple[Assignment, ...] = ()
    total_breaks: int | None = None
    unplaced: tuple[Unplaced, ...] = ()
    reason: str = ""
    lower_bound: int | None = None  # proven lower bound on total breaks, when known
    participant_breaks: tuple[tuple[str, int], ...] = ()
    seconds: float = 0.0
    stats: tuple[tuple[str, str], ...] = field(default=())

    def slot_of(self) -> dict[str, int]:
        return {a.meeting: a.slot for a in self.assignments}


@dataclass(frozen=True)
class Report:
    """What `check` found: violations (empty when valid) and recomputed figures."""

    violations: tuple[str, ...]
    total_breaks: int
    participant_breaks: tuple[tuple[str, int], ...]
    max_breaks: int
    min_breaks: int
    complete: bool

    @property
    def valid(self) -> bool:
        return not self.violations
