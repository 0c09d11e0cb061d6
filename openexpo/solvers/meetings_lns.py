"""Large problems: improve a complete schedule by re-solving small neighbourhoods with CP-SAT."""

from __future__ import annotations

import random
import time
from bisect import insort

from openexpo.solvers.meetings_check import count_breaks
from openexpo.solvers.meetings_cpsat import MeetingModel
from openexpo.solvers.meetings_prep import Indexed

# Above this many meetings the whole-problem models are too slow to build: use the LNS.
LARGE = 400


class _State:
    def __init__(self, ix: Indexed, slots: list[int]) -> None:
        self.ix = ix
        self.slot = list(slots)
        self.load = [0] * ix.problem.slots
        self.busy: list[list[int]] = [[] for _ in ix.pids]
        for i, s in enumerate(slots):
            self.load[s] += 1
            for q in ix.parts[i]:
                insort(self.busy[q], s)
        self.breaks = [count_breaks(b) for b in self.busy]

    def neighbourhood(self, rng: random.Random, size: int) -> list[int]:
        ix = self.ix
        bad = [q for q, b in enumerate(self.breaks) if b > 0]
        if not bad:
            return []
        chosen = [rng.choice(bad)]
        seen = set(chosen)
        frontier = list(chosen)
        while frontier and len(chosen) < size:
            q = frontier.pop(rng.randrange(len(frontier)))
            nbrs = [r for i in ix.pmeet[q] for r in ix.parts[i] if r not in seen]
            rng.shuffle(nbrs)
            nbrs.sort(key=lambda r: -self.breaks[r])
            for r in nbrs[: max(2, size // 4)]:
                if r not in seen and len(chosen) < size:
                    seen.add(r)
                    chosen.append(r)
                    frontier.append(r)
        return chosen

    def subproblem(self, people: list[int], cap_breaks: int | None) -> tuple[Indexed, list[int]]:
        """Free the meetings among `people`; their other meetings become fixed ghost slots."""
        ix = self.ix
        inside = set(people)
        free = sorted(
            {i for q in people for i in ix.pmeet[q] if all(r in inside for r in ix.parts[i])}
        )
        freeset = set(free)
        local = {q: k for k, q in enumerate(people)}
        fixed_busy = {q: {self.slot[i] for i in ix.pmeet[q] if i not in freeset} for q in people}
        parts: list[tuple[int, ...]] = []
        allowed: list[list[int]] = []
        for i in free:
            parts.append(tuple(local[q] for q in ix.parts[i]))
            allowed.append(
                [s for s in ix.allowed[i] if all(s not in fixed_busy[q] for q in ix.parts[i])]
            )
        ghosts = []
        for q in people:
            for s in sorted(fixed_busy[q]):
                ghosts.append(len(parts))
                parts.append((local[q],))
                allowed.append([s])
        pos = {i: k for k, i in enumerate(free)}
        before = []
        for a, b in ix.before:
            if a in pos and b in pos:
                before.append((pos[a], pos[b]))
            elif b in pos:
                allowed[pos[b]] = [s for s in allowed[pos[b]] if s > self.slot[a]]
            elif a in pos:
                allowed[pos[a]] = [s for s in allowed[pos[a]] if s < self.slot[b]]
        pmeet: list[list[int]] = [[] for _ in people]
        for k, ps in enumerate(parts):
            for q in ps:
                pmeet[q].append(k)
        cap = [ix.problem.tables - self.load[s] for s in range(ix.problem.slots)]
        for i in free:
            cap[self.slot[i]] += 1
        sub = Indexed(
            problem=ix.problem,
            pids=[ix.pids[q] for q in people],
            mids=[ix.mids[i] for i in free] + ["~"] * len(ghosts),
            parts=parts,
            pmeet=pmeet,
            allowed=allowed,
            before=before,
            fixed_table=[None] * len(parts),
            reasons={},
            cap=cap,
            ghosts=frozenset(ghosts),
        )
        return sub, free

    def apply(self, free: list[int], new: list[int]) -> None:
        ix = self.ix
        touched = set()
        for i, s in zip(free, new, strict=True):
            old = self.slot[i]
            self.load[old] -= 1
            self.load[s] += 1
            self.slot[i] = s
            touched.update(ix.parts[i])
        for q in touched:
            self.busy[q] = sorted(self.slot[i] for i in ix.pmeet[q])
            self.breaks[q] = count_breaks(self.busy[q])


def improve_large(
    ix: Indexed, slots: list[int | None], time_limit: float, workers: int, seed: int = 1
) -> list[int | None]:
    """Large-neighbourhood search from a complete, valid schedule; never makes it worse and
    never lets any participant exceed the largest break count allowed by the fairness bound."""
    deadline = time.perf_counter() + time_limit
    state = _State(ix, [s for s in slots if s is not None])
    d = ix.problem.max_break_spread
    cap_breaks = None if d is None else max(d, max(state.breaks, default=0))
    rng = random.Random(seed)
    size = 16
    while time.perf_counter() < deadline - 0.2:
        people = state.neighbourhood(rng, size)
        if not people:
            break
        sub, free = state.subproblem(people, cap_breaks)
        if not free:
            continue
        before = sum(state.breaks[q] for q in people)
        model = MeetingModel(sub, fairness=False)
        if cap_breaks is not None:
            for bs in model.breaks:
                if len(bs) > cap_breaks:
                    model.m.add(sum(bs) <= cap_breaks)
        current = [state.slot[i] for i in free] + [a[0] for a in sub.allowed[len(free) :]]
        model.hint(current)
        budget = min(2.0, max(0.05, deadline - time.perf_counter() - 0.2))
        res = model.solve(budget, workers=1)
        if (
            res.status in ("optimal", "feasible")
            and res.objective is not None
            and res.objective <= before
        ):
            state.apply(free, [s for s in res.slots[: len(free)]])  # type: ignore[misc]
            size = 16 if res.objective < before else min(40, size + 2)
        else:
            size = max(8, size - 2)
    return list(state.slot)
