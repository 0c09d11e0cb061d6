"""Forum timetabling with CP-SAT: place items (forum sessions / papers) into time blocks and rooms.

No Django. A *block* is a time window holding up to `slots` consecutive slots; a *track*
(a sub-forum) owns at most one room per block and a room hosts at most one track per block,
so a track's items in a block run one after another in one room. The objective is the
weighted sum of CoSPLib's penalty terms (see docs/algorithms/timetable.md), plus two
forum rules: an item's expected audience must fit its room, and items a speaker cannot
attend (availability) are forbidden in those blocks.
"""

from __future__ import annotations

import itertools
import time
from collections import defaultdict
from dataclasses import dataclass, field

from ortools.sat.python import cp_model

WEIGHT_KEYS = (
    "tracks_sessions",
    "tracks_rooms",
    "sessions_rooms",
    "similar_tracks",
    "rooms_per_track",
    "consecutive_tracks",
    "submissions_sessions",
    "submissions_rooms",
    "presenters",
    "attendees",
    "chairs",
)


@dataclass(frozen=True)
class Block:
    id: str
    slots: int  # how many unit slots the block holds


@dataclass(frozen=True)
class Room:
    id: str
    capacity: int = 10**9


@dataclass(frozen=True)
class Item:
    id: str
    track: str
    length: int = 1  # unit slots
    audience: int = 0
    presenters: tuple[str, ...] = ()
    attendees: tuple[str, ...] = ()
    unavailable: frozenset[str] = frozenset()  # blocks the item may not go in (hard)
    block_penalty: tuple[tuple[str, int], ...] = ()
    room_penalty: tuple[tuple[str, int], ...] = ()


@dataclass(frozen=True)
class Problem:
    blocks: tuple[Block, ...]  # in time order; consecutive = adjacent in this order
    rooms: tuple[Room, ...]
    items: tuple[Item, ...]
    weights: dict[str, int] = field(default_factory=dict)
    track_block_penalty: dict[tuple[str, str], int] = field(default_factory=dict)
    track_room_penalty: dict[tuple[str, str], int] = field(default_factory=dict)
    block_room_penalty: dict[tuple[str, str], int] = field(default_factory=dict)
    similar: dict[tuple[str, str], int] = field(default_factory=dict)  # unordered pairs of tracks
    chairs: dict[str, tuple[str, ...]] = field(default_factory=dict)  # track -> chairs

    def w(self, key: str) -> int:
        return int(self.weights.get(key, 0))


@dataclass(frozen=True)
class Placement:
    item: str
    block: str
    room: str


@dataclass(frozen=True)
class Solution:
    placements: tuple[Placement, ...]
    objective: int
    terms: dict[str, int]
    status: str
    bound: float
    seconds: float


# --- evaluation (independent of the model: used to check the solver and reference files) ----


def evaluate(
    problem: Problem, placements: tuple[Placement, ...] | list[Placement]
) -> dict[str, int]:
    """Each weighted penalty term of a complete placement; raises ValueError if it breaks a hard rule."""
    items = {i.id: i for i in problem.items}
    order = {b.id: k for k, b in enumerate(problem.blocks)}
    slots = {b.id: b.slots for b in problem.blocks}
    caps = {r.id: r.capacity for r in problem.rooms}
    where = {p.item: (p.block, p.room) for p in placements}
    if set(where) != set(items):
        raise ValueError("every item must be placed exactly once")
    cell_track: dict[tuple[str, str], str] = {}
    cell_load: dict[tuple[str, str], int] = defaultdict(int)
    track_blocks: dict[str, set[str]] = defaultdict(set)
    track_rooms: dict[str, set[str]] = defaultdict(set)
    for item_id, (block, room) in where.items():
        item = items[item_id]
        if cell_track.setdefault((block, room), item.track) != item.track:
            raise ValueError(f"two tracks in {block}/{room}")
        cell_load[(block, room)] += item.length
        if block in item.unavailable:
            raise ValueError(f"{item_id} placed in an unavailable block")
        if item.audience > caps[room]:
            raise ValueError(f"{item_id}: audience does not fit {room}")
        track_blocks[item.track].add(block)
        track_rooms[item.track].add(room)
    for (block, _room), load in cell_load.items():
        if load > slots[block]:
            raise ValueError(f"{block} over-full")
    terms = dict.fromkeys(WEIGHT_KEYS, 0)
    for (block, room), track in cell_track.items():
        terms["tracks_sessions"] += problem.track_block_penalty.get((track, block), 0)
        terms["sessions_rooms"] += problem.block_room_penalty.get((block, room), 0)
    for track, rooms in track_rooms.items():
        terms["tracks_rooms"] += sum(problem.track_room_penalty.get((track, r), 0) for r in rooms)
        terms["rooms_per_track"] += len(rooms) - 1
        idx = sorted(order[b] for b in track_blocks[track])
        terms["consecutive_tracks"] += int(idx[-1] - idx[0] + 1 != len(idx))
    by_block: dict[str, set[str]] = defaultdict(set)
    for (block, _room), track in cell_track.items():
        by_block[block].add(track)
    for tracks in by_block.values():
        for a, b in itertools.combinations(sorted(tracks), 2):
            terms["similar_tracks"] += problem.similar.get((a, b), 0)
            shared = set(problem.chairs.get(a, ())) & set(problem.chairs.get(b, ()))
            terms["chairs"] += len(shared)
    for item_id, (block, room) in where.items():
        item = items[item_id]
        terms["submissions_sessions"] += item.length * dict(item.block_penalty).get(block, 0)
        terms["submissions_rooms"] += item.length * dict(item.room_penalty).get(room, 0)
    for key, attr in (("presenters", "presenters"), ("attendees", "attendees")):
        for a, b in _person_pairs(problem.items, attr):
            if where[a.id][0] == where[b.id][0] and a.track != b.track:
                terms[key] += 1
    return {k: v * problem.w(k) for k, v in terms.items()}


def _person_pairs(items: tuple[Item, ...], attr: str) -> list[tuple[Item, Item]]:
    """Pairs of items sharing a person (each pair once)."""
    by_person: dict[str, list[Item]] = defaultdict(list)
    for item in items:
        for person in getattr(item, attr):
            by_person[person].append(item)
    pairs = {}
    for group in by_person.values():
        for a, b in itertools.combinations(group, 2):
            pairs[tuple(sorted((a.id, b.id)))] = (a, b)
    return list(pairs.values())


# --- the CP-SAT model -------------------------------------------------------------------------


def solve(
    problem: Problem,
    *,
    time_limit: float = 10.0,
    workers: int = 2,
    seed: int = 0,
    hint: list[Placement] | None = None,
) -> Solution:
    """Propose a timetable minimising the weighted penalties; hard rules are never broken."""
    started = time.perf_counter()
    m = cp_model.CpModel()
    blocks = [b.id for b in problem.blocks]
    rooms = [r.id for r in problem.rooms]
    caps = {r.id: r.capacity for r in problem.rooms}
    slots = {b.id: b.slots for b in problem.blocks}
    tracks = sorted({i.track for i in problem.items})
    items_of: dict[str, list[Item]] = defaultdict(list)
    for item in problem.items:
        items_of[item.track].append(item)
    need = {t: max((i.audience for i in items_of[t]), default=0) for t in tracks}
    y = {
        (t, s, r): m.new_bool_var(f"y[{t},{s},{r}]")
        for t in tracks
        for s in blocks
        for r in rooms
        if caps[r] >= min(i.audience for i in items_of[t])
    }
    u = {(t, s): m.new_bool_var(f"u[{t},{s}]") for t in tracks for s in blocks}
    z = {
        (i.id, s): m.new_bool_var(f"z[{i.id},{s}]")
        for i in problem.items
        for s in blocks
        if s not in i.unavailable and i.length <= slots[s]
    }
    obj: list = []
    for t in tracks:
        for s in blocks:
            here = [y[t, s, r] for r in rooms if (t, s, r) in y]
            m.add(sum(here) == u[t, s])  # at most one room per track and block
            here_items = [z[i.id, s] for i in items_of[t] if (i.id, s) in z]
            load = sum(i.length * z[i.id, s] for i in items_of[t] if (i.id, s) in z)
            m.add(load <= slots[s] * u[t, s])
            # a track holds a block only with an item in it: an empty block must not
            # count as the track's (it would hide a gap the evaluator sees)
            m.add(u[t, s] <= sum(here_items))
            for i in items_of[t]:  # a big audience needs a big room
                if (i.id, s) in z and i.audience > 0 and need[t] > 0:
                    small = [y[t, s, r] for r in rooms if (t, s, r) in y and caps[r] < i.audience]
                    for var in small:
                        m.add_implication(z[i.id, s], var.Not())
            if problem.track_block_penalty.get((t, s)):
                obj.append(
                    problem.w("tracks_sessions") * problem.track_block_penalty[t, s] * u[t, s]
                )
    for s in blocks:
        for r in rooms:
            cell = [y[t, s, r] for t in tracks if (t, s, r) in y]
            m.add(sum(cell) <= 1)
            if problem.block_room_penalty.get((s, r)) and cell:
                obj.append(
                    problem.w("sessions_rooms") * problem.block_room_penalty[s, r] * sum(cell)
                )
    for item in problem.items:
        options = [z[item.id, s] for s in blocks if (item.id, s) in z]
        if not options:
            return Solution((), -1, {}, "INFEASIBLE", 0.0, time.perf_counter() - started)
        m.add_exactly_one(options)
        for s, p in item.block_penalty:
            if (item.id, s) in z and p:
                obj.append(problem.w("submissions_sessions") * p * item.length * z[item.id, s])
        for r, p in item.room_penalty:
            if p and problem.w("submissions_rooms"):
                for s in blocks:
                    if (item.id, s) in z and (item.track, s, r) in y:
                        both = m.new_bool_var("")
                        m.add_bool_and([z[item.id, s], y[item.track, s, r]]).only_enforce_if(both)
                        m.add_bool_or([z[item.id, s].Not(), y[item.track, s, r].Not(), both])
                        obj.append(problem.w("submissions_rooms") * p * item.length * both)
    for t in tracks:  # rooms a track uses, and whether its blocks are one run
        used = []
        for r in rooms:
            v = m.new_bool_var(f"v[{t},{r}]")
            for s in blocks:
                if (t, s, r) in y:
                    m.add_implication(y[t, s, r], v)
            used.append(v)
            pen = problem.track_room_penalty.get((t, r), 0)
            if pen:
                obj.append(problem.w("tracks_rooms") * pen * v)
        if problem.w("rooms_per_track"):
            obj.append(problem.w("rooms_per_track") * (sum(used) - 1))
        starts = []
        for k, s in enumerate(blocks):
            st = m.new_bool_var("")
            prev = u[t, blocks[k - 1]] if k else None
            m.add(st >= u[t, s] - prev) if prev is not None else m.add(st >= u[t, s])
            starts.append(st)
        gap = m.new_bool_var(f"gap[{t}]")
        m.add(sum(starts) <= 1 + len(blocks) * gap)
        obj.append(problem.w("consecutive_tracks") * gap)
    pair_penalty: dict[tuple[str, str], int] = defaultdict(int)
    for (a, b), p in problem.similar.items():
        pair_penalty[tuple(sorted((a, b)))] += p * problem.w("similar_tracks")
    for a, b in itertools.combinations(tracks, 2):
        shared = set(problem.chairs.get(a, ())) & set(problem.chairs.get(b, ()))
        if shared:
            pair_penalty[(a, b)] += len(shared) * problem.w("chairs")
    for (a, b), p in pair_penalty.items():
        if p and a in items_of and b in items_of:
            for s in blocks:
                both = m.new_bool_var("")
                m.add(both >= u[a, s] + u[b, s] - 1)
                obj.append(p * both)
    for key in ("presenters", "attendees"):
        weight = problem.w(key)
        if not weight:
            continue
        for a, b in _person_pairs(problem.items, key):
            if a.track == b.track:
                continue
            for s in blocks:
                if (a.id, s) in z and (b.id, s) in z:
                    both = m.new_bool_var("")
                    m.add(both >= z[a.id, s] + z[b.id, s] - 1)
                    obj.append(weight * both)
    m.minimize(sum(obj))
    if hint is None:
        from openexpo.solvers.timetable_greedy import greedy

        hint = greedy(problem)
    if hint:
        chosen = {(p.item, p.block) for p in hint}
        cells = {
            (next(i.track for i in problem.items if i.id == p.item), p.block, p.room) for p in hint
        }
        for key, var in z.items():
            m.add_hint(var, key in chosen)
        for key, var in y.items():
            m.add_hint(var, key in cells)
        for (t, s), var in u.items():
            m.add_hint(var, any((t, s, r) in cells for r in rooms))
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = time_limit
    solver.parameters.num_workers = workers
    solver.parameters.random_seed = seed
    status = solver.solve(m)
    name = solver.status_name(status)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        if hint:  # no CP-SAT solution in time: the greedy start is still a valid timetable
            terms = evaluate(problem, hint)
            return Solution(
                tuple(hint),
                sum(terms.values()),
                terms,
                f"GREEDY ({name})",
                solver.best_objective_bound,
                time.perf_counter() - started,
            )
        return Solution(
            (), -1, {}, name, solver.best_objective_bound, time.perf_counter() - started
        )
    placements = []
    for item in problem.items:
        block = next(s for s in blocks if (item.id, s) in z and solver.value(z[item.id, s]))
        room = next(
            r
            for r in rooms
            if (item.track, block, r) in y and solver.value(y[item.track, block, r])
        )
        placements.append(Placement(item.id, block, room))
    terms = evaluate(problem, placements)
    if hint:  # CP-SAT may stop before it gets back to its starting point
        start_terms = evaluate(problem, hint)
        if sum(start_terms.values()) < sum(terms.values()):
            placements, terms = list(hint), start_terms
    return Solution(
        tuple(placements),
        sum(terms.values()),
        terms,
        name,
        solver.best_objective_bound,
        time.perf_counter() - started,
    )
