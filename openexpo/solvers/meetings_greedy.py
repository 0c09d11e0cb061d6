"""Greedy baseline for meeting scheduling: place meetings one by one where they add fewest breaks."""

from __future__ import annotations

from bisect import bisect_left, insort

from openexpo.solvers.meetings_prep import Indexed


def _delta(slots: list[int], s: int) -> int:
    """Change in a participant's breaks if a meeting is added in slot s (slots sorted, s free)."""
    if not slots:
        return 0
    i = bisect_left(slots, s)
    left = slots[i - 1] if i > 0 else None
    right = slots[i] if i < len(slots) else None
    before = 1 if left is not None and right is not None and right > left + 1 else 0
    after = (1 if left is not None and s > left + 1 else 0) + (
        1 if right is not None and right > s + 1 else 0
    )
    return after - before


def greedy_slots(ix: Indexed, order: list[int] | None = None) -> list[int | None]:
    """Slot per meeting (None where the greedy could not place it).

    Meetings go most-constrained first (fewest allowed slots, busiest participants); each takes
    the allowed slot that adds the fewest breaks, then keeps the worst participant's breaks
    low, then the earliest slot. Precedences are respected against already placed meetings.
    """
    p = ix.problem
    n = len(ix.mids)
    degree = [len(ms) for ms in ix.pmeet]
    if order is None:
        order = sorted(
            range(n),
            key=lambda m: (len(ix.allowed[m]), -max(degree[q] for q in ix.parts[m]), m),
        )
    preds: list[list[int]] = [[] for _ in range(n)]
    succs: list[list[int]] = [[] for _ in range(n)]
    for a, b in ix.before:
        preds[b].append(a)
        succs[a].append(b)
    load = [0] * p.slots
    busy: list[list[int]] = [[] for _ in ix.pids]
    brk = [0] * len(ix.pids)
    slot: list[int | None] = [None] * n
    for m in order:
        lo = max((slot[a] for a in preds[m] if slot[a] is not None), default=-1)
        hi = min((slot[b] for b in succs[m] if slot[b] is not None), default=p.slots)
        best = None
        for s in ix.allowed[m]:
            if s <= lo or s >= hi or load[s] >= p.tables:
                continue
            cost = 0
            worst = 0
            clash = False
            for q in ix.parts[m]:
                bq = busy[q]
                i = bisect_left(bq, s)
                if i < len(bq) and bq[i] == s:
                    clash = True
                    break
                d = _delta(bq, s)
                cost += d
                worst = max(worst, brk[q] + d)
            if clash:
                continue
            key = (cost, worst, s)
            if best is None or key < best[0]:
                best = (key, s)
        if best is None:
            continue
        s = best[1]
        slot[m] = s
        load[s] += 1
        for q in ix.parts[m]:
            brk[q] += _delta(busy[q], s)
            insort(busy[q], s)
    return slot


def repair(ix: Indexed, slot: list[int | None], rounds: int = 3) -> list[int | None]:
    """Place left-over meetings by moving one blocking meeting elsewhere (ejection depth 1)."""
    p = ix.problem
    slot = list(slot)
    preds: list[list[int]] = [[] for _ in slot]
    succs: list[list[int]] = [[] for _ in slot]
    for a, b in ix.before:
        preds[b].append(a)
        succs[a].append(b)

    def fits(m: int, s: int, at: dict[tuple[int, int], int], load: list[int]) -> bool:
        if load[s] >= p.tables or any((q, s) in at for q in ix.parts[m]):
            return False
        if any(slot[a] is not None and slot[a] >= s for a in preds[m]):
            return False
        return not any(slot[b] is not None and slot[b] <= s for b in succs[m])

    for _ in range(rounds):
        missing = [i for i, s in enumerate(slot) if s is None]
        if not missing:
            break
        for m in missing:
            at = {(q, s): i for i, s in enumerate(slot) if s is not None for q in ix.parts[i]}
            load = [0] * p.slots
            for s in slot:
                if s is not None:
                    load[s] += 1
            done = False
            for s in ix.allowed[m]:
                blockers = {at[(q, s)] for q in ix.parts[m] if (q, s) in at}
                if len(blockers) > 1 or (not blockers and load[s] < p.tables):
                    if not blockers and fits(m, s, at, load):
                        slot[m] = s
                        done = True
                        break
                    continue
                pool = list(blockers) or [i for i, t in enumerate(slot) if t == s]
                for b in pool:
                    old = slot[b]
                    slot[b] = None
                    for q in ix.parts[b]:
                        at.pop((q, old), None)
                    load[old] -= 1
                    if fits(m, s, at, load):
                        for t in ix.allowed[b]:
                            if (
                                t != s
                                and fits(b, t, at, load)
                                and not (
                                    t == s or any(q in ix.parts[m] for q in ix.parts[b]) and t == s
                                )
                            ):
                                slot[m] = s
                                load[s] += 1
                                for q in ix.parts[m]:
                                    at[(q, s)] = m
                                if fits(b, t, at, load):
                                    slot[b] = t
                                    done = True
                                    break
                                slot[m] = None
                                load[s] -= 1
                                for q in ix.parts[m]:
                                    at.pop((q, s), None)
                    if done:
                        break
                    slot[b] = old
                    load[old] += 1
                    for q in ix.parts[b]:
                        at[(q, old)] = b
                if done:
                    break
    return slot


def _score(ix: Indexed, slots: list[int | None]) -> tuple[int, int, int]:
    """(unplaced, worst participant's breaks, total breaks): smaller is better."""
    from openexpo.solvers.meetings_check import count_breaks

    busy: list[list[int]] = [[] for _ in ix.pids]
    for i, s in enumerate(slots):
        if s is not None:
            for q in ix.parts[i]:
                busy[q].append(s)
    br = [count_breaks(b) for b in busy]
    return (sum(s is None for s in slots), max(br, default=0), sum(br))


def greedy_best(ix: Indexed, tries: int = 8, seed: int = 0) -> list[int | None]:
    """Several greedy passes (constrained-first order, busiest-first order, shuffles of the
    first); the best by (unplaced, worst participant's breaks, total breaks)."""
    import random

    if len(ix.mids) > 2000:
        tries = 1
    degree = [len(ms) for ms in ix.pmeet]
    first = sorted(
        range(len(ix.mids)),
        key=lambda m: (len(ix.allowed[m]), -max(degree[q] for q in ix.parts[m]), m),
    )
    orders = [first]
    if tries > 1:
        orders.append(
            sorted(range(len(ix.mids)), key=lambda m: (-sum(degree[q] for q in ix.parts[m]), m))
        )
    rng = random.Random(seed)
    while len(orders) < tries:
        o = list(first)
        for k in range(len(o) - 1):  # local shuffles keep the constrained-first spirit
            if rng.random() < 0.3:
                o[k], o[k + 1] = o[k + 1], o[k]
        orders.append(o)
    best = None
    for order in orders:
        slots = greedy_slots(ix, order)
        if any(x is None for x in slots):
            slots = repair(ix, slots)
        key = _score(ix, slots)
        if best is None or key < best[0]:
            best = (key, slots)
    return best[1]  # type: ignore[index]
