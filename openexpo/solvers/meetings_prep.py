"""Validate a meeting problem, index it, compute allowed slots and find obvious impossibilities."""

from __future__ import annotations

from dataclasses import dataclass

from openexpo.solvers.meetings_types import SESSIONS, Meeting, Problem, ProblemError


@dataclass
class Indexed:
    """The problem with integer indices: meetings 0..M-1, participants 0..P-1."""

    problem: Problem
    pids: list[str]
    mids: list[str]
    parts: list[tuple[int, ...]]  # meeting -> participant indices
    pmeet: list[list[int]]  # participant -> meeting indices
    allowed: list[list[int]]  # meeting -> allowed slots (sorted)
    before: list[tuple[int, int]]  # (a, b): a strictly before b
    fixed_table: list[int | None]
    reasons: dict[int, str]  # meeting -> why it can never be placed
    cap: list[int] | None = None  # tables free per slot, when not `problem.tables` everywhere
    ghosts: frozenset[int] = frozenset()  # stand-in meetings that hold no table (LNS)

    @property
    def n_slots(self) -> int:
        return self.problem.slots


def session_slots(problem: Problem, session: str) -> list[int]:
    """The slots a meeting of this session may take (per day when there are several days)."""
    if session == "any":
        return list(range(problem.slots))
    length, morning = problem.day_length, problem.morning
    keep = (lambda r: r < morning) if session == "morning" else (lambda r: r >= morning)
    return [s for s in range(problem.slots) if keep(s % length)]


def validate(problem: Problem) -> None:
    """Raise ProblemError naming the first malformed or inconsistent item."""
    if problem.slots < 1:
        raise ProblemError("slots must be at least 1", "slots")
    if problem.tables < 1:
        raise ProblemError("tables must be at least 1", "tables")
    if not 0 <= problem.morning <= problem.slots:
        raise ProblemError(
            f"morning_slots {problem.morning_slots} outside 0..{problem.slots}", "morning_slots"
        )
    if problem.max_break_spread is not None and problem.max_break_spread < 0:
        raise ProblemError("max_break_spread must be >= 0", "max_break_spread")
    seen: set[str] = set()
    for p in problem.participants:
        if p.id in seen:
            raise ProblemError(f"duplicate participant id {p.id!r}", f"participant {p.id}")
        seen.add(p.id)
        bad = sorted(s for s in p.forbidden_slots if not 0 <= s < problem.slots)
        if bad:
            raise ProblemError(
                f"participant {p.id!r}: forbidden slot {bad[0]} outside 0..{problem.slots - 1}",
                f"participant {p.id}",
            )
    mids: set[str] = set()
    for m in problem.meetings:
        if m.id in mids:
            raise ProblemError(f"duplicate meeting id {m.id!r}", f"meeting {m.id}")
        mids.add(m.id)
    for m in problem.meetings:
        _validate_meeting(problem, m, seen, mids)
    _check_acyclic(problem)


def _validate_meeting(problem: Problem, m: Meeting, pids: set[str], mids: set[str]) -> None:
    item = f"meeting {m.id}"
    if len(m.participants) < 2:
        raise ProblemError(f"meeting {m.id!r} needs two participants", item)
    for p in m.participants:
        if p not in pids:
            raise ProblemError(f"meeting {m.id!r}: unknown participant {p!r}", item)
    if len(set(m.participants)) != len(m.participants):
        raise ProblemError(
            f"meeting {m.id!r}: participant {m.participants[0]!r} meets itself", item
        )
    if m.session not in SESSIONS:
        raise ProblemError(f"meeting {m.id!r}: unknown session {m.session!r}", item)
    if m.fixed_slot is not None:
        if not 0 <= m.fixed_slot < problem.slots:
            raise ProblemError(
                f"meeting {m.id!r}: fixed slot {m.fixed_slot} outside 0..{problem.slots - 1}", item
            )
        if m.fixed_slot not in session_slots(problem, m.session):
            raise ProblemError(
                f"meeting {m.id!r}: fixed slot {m.fixed_slot} is outside its session {m.session}",
                item,
            )
    if m.fixed_table is not None:
        if m.fixed_slot is None:
            raise ProblemError(f"meeting {m.id!r}: a fixed table needs a fixed slot", item)
        if not 1 <= m.fixed_table <= problem.tables:
            raise ProblemError(
                f"meeting {m.id!r}: table {m.fixed_table} outside 1..{problem.tables}", item
            )
    for a in m.after:
        if a not in mids:
            raise ProblemError(f"meeting {m.id!r}: unknown meeting {a!r} in 'after'", item)
        if a == m.id:
            raise ProblemError(f"meeting {m.id!r} must come after itself", item)


def _check_acyclic(problem: Problem) -> None:
    after = {m.id: m.after for m in problem.meetings}
    state: dict[str, int] = {}
    for root in after:
        if state.get(root):
            continue
        stack = [(root, iter(after[root]))]
        state[root] = 1
        while stack:
            node, it = stack[-1]
            nxt = next(it, None)
            if nxt is None:
                state[node] = 2
                stack.pop()
            elif state.get(nxt) == 1:
                cycle = [n for n, _ in stack]
                cycle = cycle[cycle.index(nxt) :]
                raise ProblemError(
                    "precedence cycle between meetings " + " -> ".join(repr(c) for c in cycle),
                    f"meeting {nxt}",
                )
            elif not state.get(nxt):
                state[nxt] = 1
                stack.append((nxt, iter(after[nxt])))


def index(problem: Problem) -> Indexed:
    """Validate, then index the problem and compute each meeting's allowed slots."""
    validate(problem)
    pids = [p.id for p in problem.participants]
    ppos = {p: i for i, p in enumerate(pids)}
    mids = [m.id for m in problem.meetings]
    mpos = {m: i for i, m in enumerate(mids)}
    parts = [tuple(ppos[p] for p in m.participants) for m in problem.meetings]
    pmeet: list[list[int]] = [[] for _ in pids]
    for i, ps in enumerate(parts):
        for p in ps:
            pmeet[p].append(i)
    forb = [p.forbidden_slots for p in problem.participants]
    reasons: dict[int, str] = {}
    allowed: list[list[int]] = []
    for i, m in enumerate(problem.meetings):
        slots = list(session_slots(problem, m.session))
        if m.fixed_slot is not None:
            slots = [m.fixed_slot]
        ok = [s for s in slots if all(s not in forb[p] for p in parts[i])]
        if not ok:
            reasons[i] = _no_slot_reason(problem, m, forb, parts[i], pids)
        allowed.append(ok)
    before = [(mpos[a], mpos[m.id]) for m in problem.meetings for a in m.after]
    _propagate_precedences(allowed, before, mids, reasons)
    return Indexed(
        problem=problem,
        pids=pids,
        mids=mids,
        parts=parts,
        pmeet=pmeet,
        allowed=allowed,
        before=before,
        fixed_table=[m.fixed_table for m in problem.meetings],
        reasons=reasons,
    )


def _no_slot_reason(
    problem: Problem, m: Meeting, forb: list, ps: tuple[int, ...], pids: list[str]
) -> str:
    if m.fixed_slot is not None:
        who = [pids[p] for p in ps if m.fixed_slot in forb[p]]
        return f"meeting {m.id}: fixed slot {m.fixed_slot} is forbidden for participant {who[0]}"
    return f"meeting {m.id}: no {m.session} slot is free for all of participants " + ", ".join(
        pids[p] for p in ps
    )


def _propagate_precedences(
    allowed: list[list[int]],
    before: list[tuple[int, int]],
    mids: list[str],
    reasons: dict[int, str],
) -> None:
    """Trim domains so that every 'a before b' can hold (earliest/latest start propagation)."""
    changed = True
    rounds = 0
    while changed and rounds < len(allowed) + 1:
        changed = False
        rounds += 1
        for a, b in before:
            if not allowed[a] or not allowed[b]:
                for x, y in ((a, b), (b, a)):
                    if not allowed[x] and allowed[y]:
                        allowed[y] = []
                        reasons.setdefault(
                            y,
                            f"meeting {mids[y]}: precedence with meeting {mids[x]}, which cannot be placed",
                        )
                        changed = True
                continue
            lo = allowed[a][0]
            nb = [s for s in allowed[b] if s > lo]
            hi = allowed[b][-1]
            na = [s for s in allowed[a] if s < hi]
            if len(nb) != len(allowed[b]) or len(na) != len(allowed[a]):
                changed = True
                allowed[a], allowed[b] = na, nb
                for x in (a, b):
                    if not allowed[x]:
                        reasons.setdefault(
                            x,
                            f"meeting {mids[a]} must come before meeting {mids[b]} "
                            "and their allowed slots leave no room",
                        )


def participant_reasons(ix: Indexed) -> dict[int, str]:
    """Participants whose meetings cannot all get distinct slots (Hall's condition)."""
    out: dict[int, str] = {}
    p = ix.problem
    for q, ms in enumerate(ix.pmeet):
        ms = [m for m in ms if ix.allowed[m]]
        if len(ms) < 2:
            continue
        union = set().union(*(ix.allowed[m] for m in ms))
        if len(ms) > len(union):
            out[q] = (
                f"participant {ix.pids[q]} has {len(ms)} meetings but only {len(union)} allowed slots"
            )
            continue
        for sess, label in (("morning", "morning"), ("afternoon", "afternoon")):
            sub = [m for m in ms if p.meetings[m].session == sess]
            if len(sub) > 1:
                u = set().union(*(ix.allowed[m] for m in sub))
                if len(sub) > len(u):
                    out[q] = (
                        f"participant {ix.pids[q]} has {len(sub)} {label} meetings "
                        f"but only {len(u)} allowed {label} slots"
                    )
                    break
        if q not in out and _matching_size(ms, ix.allowed) < len(ms):
            out[q] = (
                f"participant {ix.pids[q]}'s {len(ms)} meetings cannot all get distinct allowed slots"
            )
    return out


def _matching_size(ms: list[int], allowed: list[list[int]]) -> int:
    owner: dict[int, int] = {}

    def augment(m: int, seen: set[int]) -> bool:
        for s in allowed[m]:
            if s in seen:
                continue
            seen.add(s)
            if s not in owner or augment(owner[s], seen):
                owner[s] = m
                return True
        return False

    return sum(1 for m in ms if augment(m, set()))


def capacity_reasons(ix: Indexed) -> list[str]:
    """Global reasons: too many meetings for the grid, fixed meetings over a slot's tables."""
    p = ix.problem
    out = []
    if len(p.meetings) > p.slots * p.tables:
        out.append(f"{len(p.meetings)} meetings but only {p.slots} slots x {p.tables} tables")
    per_slot: dict[int, int] = {}
    pinned: dict[tuple[int, int], str] = {}
    for i, m in enumerate(p.meetings):
        if len(ix.allowed[i]) == 1:
            per_slot[ix.allowed[i][0]] = per_slot.get(ix.allowed[i][0], 0) + 1
        if m.fixed_table is not None and m.fixed_slot is not None:
            key = (m.fixed_slot, m.fixed_table)
            if key in pinned:
                out.append(
                    f"meetings {pinned[key]} and {m.id} are both pinned to slot {key[0]} table {key[1]}"
                )
            pinned[key] = m.id
    for s, n in sorted(per_slot.items()):
        if n > p.tables:
            out.append(f"slot {s} has {n} meetings fixed to it but only {p.tables} tables")
    return out
