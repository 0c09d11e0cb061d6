"""Greedy start for the forum timetable: each track in one room, in consecutive blocks. No Django."""

from __future__ import annotations

from collections import defaultdict

from openexpo.solvers.timetable import Item, Placement, Problem


def greedy(problem: Problem) -> list[Placement] | None:
    """Place tracks biggest first, each into the (room, first block) run of free cells that
    costs least; a track that fits no run is spread over any free cells. None if stuck."""
    blocks = [b.id for b in problem.blocks]
    slots = {b.id: b.slots for b in problem.blocks}
    caps = {r.id: r.capacity for r in problem.rooms}
    owner: dict[tuple[str, str], str] = {}
    items_of: dict[str, list[Item]] = defaultdict(list)
    for item in problem.items:
        items_of[item.track].append(item)
    busy: dict[tuple[str, str], bool] = {}  # (person, block) already presenting elsewhere
    placements: list[Placement] = []

    def pack(track_items: list[Item], cells: list[tuple[str, str]]) -> list[Placement] | None:
        left = sorted(track_items, key=lambda i: -i.length)
        plan = []
        for block, room in cells:
            room_left = slots[block]
            for item in list(left):
                if (
                    item.length <= room_left
                    and block not in item.unavailable
                    and item.audience <= caps[room]
                ):
                    plan.append(Placement(item.id, block, room))
                    room_left -= item.length
                    left.remove(item)
            if not left:
                return plan
        return None

    def cost(track: str, plan: list[Placement]) -> int:
        items = {i.id: i for i in items_of[track]}
        total = 0
        for p in plan:
            item = items[p.item]
            total += (
                problem.w("submissions_sessions")
                * item.length
                * dict(item.block_penalty).get(p.block, 0)
            )
            total += problem.w("presenters") * sum(
                busy.get((x, p.block), False) for x in item.presenters
            )
        for block, room in {(p.block, p.room) for p in plan}:
            total += problem.w("tracks_sessions") * problem.track_block_penalty.get(
                (track, block), 0
            )
            total += problem.w("sessions_rooms") * problem.block_room_penalty.get((block, room), 0)
        rooms = {p.room for p in plan}
        total += sum(
            problem.w("tracks_rooms") * problem.track_room_penalty.get((track, r), 0) for r in rooms
        )
        return total + problem.w("rooms_per_track") * (len(rooms) - 1)

    for track in sorted(items_of, key=lambda t: -sum(i.length for i in items_of[t])):
        best: tuple[int, list[Placement]] | None = None
        for room in caps:
            for k in range(len(blocks)):
                run = []
                for block in blocks[k:]:
                    if (block, room) in owner:
                        break
                    run.append((block, room))
                plan = pack(items_of[track], run) if run else None
                if plan is not None:
                    c = cost(track, plan)
                    if best is None or c < best[0]:
                        best = (c, plan)
        if best is None:
            free = [(b, r) for b in blocks for r in caps if (b, r) not in owner]
            plan = pack(items_of[track], free)
            if plan is None:
                return None
            best = (0, plan)
        for p in best[1]:
            owner[(p.block, p.room)] = track
            for person in next(i for i in items_of[track] if i.id == p.item).presenters:
                busy[(person, p.block)] = True
        placements.extend(best[1])
    return placements
