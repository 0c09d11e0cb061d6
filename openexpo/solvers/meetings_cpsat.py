"""CP-SAT model for meeting scheduling: slot per meeting, busy/later flags and breaks per participant."""

from __future__ import annotations

import time
from dataclasses import dataclass

from ortools.sat.python import cp_model

from openexpo.solvers.meetings_prep import Indexed


@dataclass
class CpResult:
    status: str  # optimal | feasible | infeasible | unknown
    slots: list[int | None]
    objective: int | None
    bound: int | None
    seconds: float


def min_blocks(slots: list[int], need: int) -> int:
    """Fewest maximal runs of consecutive `slots` whose lengths add up to at least `need`."""
    if need <= 0:
        return 0
    runs: list[int] = []
    prev = None
    for s in sorted(slots):
        if prev is not None and s == prev + 1:
            runs[-1] += 1
        else:
            runs.append(1)
        prev = s
    total = 0
    for k, r in enumerate(sorted(runs, reverse=True), start=1):
        total += r
        if total >= need:
            return k
    return len(runs) + 1


class MeetingModel:
    """mode "breaks": place every meeting and minimise breaks (fairness optional);
    mode "count": place as many meetings as possible (no breaks, no fairness)."""

    def __init__(self, ix: Indexed, *, mode: str = "breaks", fairness: bool = True) -> None:
        self.ix = ix
        self.mode = mode
        self.m = cp_model.CpModel()
        self.x: list[dict[int, cp_model.IntVar]] = []
        self.placed: list = []
        self.breaks: list[list[cp_model.IntVar]] = []
        self._solver: cp_model.CpSolver | None = None
        self._build(fairness)

    def _build(self, fairness: bool) -> None:
        ix, m = self.ix, self.m
        S = ix.problem.slots
        for i, allowed in enumerate(ix.allowed):
            xs = {s: m.new_bool_var(f"x{i}_{s}") for s in allowed}
            self.x.append(xs)
            if self.mode == "breaks":
                m.add_exactly_one(xs.values())
            else:
                y = m.new_bool_var(f"y{i}")
                m.add(sum(xs.values()) == y)
                self.placed.append(y)
        for s in range(S):
            col = [xs[s] for i, xs in enumerate(self.x) if s in xs and i not in ix.ghosts]
            cap = ix.problem.tables if ix.cap is None else ix.cap[s]
            if len(col) > cap:
                m.add(sum(col) <= cap)
        for a, b in ix.before:
            sa = sum(s * v for s, v in self.x[a].items())
            sb = sum(s * v for s, v in self.x[b].items())
            ct = m.add(sa + 1 <= sb)
            if self.mode != "breaks":
                ct.only_enforce_if([self.placed[a], self.placed[b]])
        for q, ms in enumerate(ix.pmeet):
            u = self._busy(q, ms)
            if self.mode == "breaks" and len(ms) >= 2:
                self.breaks.append(self._participant_breaks(q, ms, u))
            else:
                self.breaks.append([])
        if self.mode == "breaks":
            self._symmetry()
            if fairness and ix.problem.max_break_spread is not None:
                self._fairness(ix.problem.max_break_spread)
            m.minimize(sum(b for bs in self.breaks for b in bs))
        else:
            m.maximize(sum(self.placed))

    def _busy(self, q: int, ms: list[int]) -> list:
        u: list = []
        for s in range(self.ix.problem.slots):
            terms = [self.x[i][s] for i in ms if s in self.x[i]]
            if not terms:
                u.append(None)
            elif len(terms) == 1:
                u.append(terms[0])
            else:
                v = self.m.new_bool_var(f"u{q}_{s}")
                self.m.add(sum(terms) == v)
                u.append(v)
        return u

    def _participant_breaks(self, q: int, ms: list[int], u: list) -> list:
        """later[s]: busy at some slot >= s; b[s]: busy at s-1, free at s, busy later (a break)."""
        m, S = self.m, len(u)
        m.add(sum(v for v in u if v is not None) == len(ms))
        later: list = [None] * (S + 1)
        for s in range(S - 1, -1, -1):
            parts = [v for v in (u[s], later[s + 1]) if v is not None]
            if not parts:
                continue
            if len(parts) == 1:
                later[s] = parts[0]
                continue
            v = m.new_bool_var(f"l{q}_{s}")
            m.add_max_equality(v, parts)
            later[s] = v
        out = []
        for s in range(1, S):
            if u[s - 1] is None or later[s + 1] is None:
                continue
            b = m.new_bool_var(f"b{q}_{s}")
            lits = [u[s - 1], later[s + 1]] + ([~u[s]] if u[s] is not None else [])
            m.add_bool_and(lits).only_enforce_if(b)
            m.add_bool_or([~lit for lit in lits] + [b])
            out.append(b)
        allowed = sorted({s for i in ms for s in self.ix.allowed[i]})
        lb = min_blocks(allowed, len(ms)) - 1
        if lb > 0:
            m.add(sum(out) >= lb)
        return out

    def _fairness(self, d: int) -> None:
        active = [bs for q, bs in enumerate(self.breaks) if len(self.ix.pmeet[q]) >= 2]
        if len(active) < len(self.breaks):  # someone has 0 breaks for sure: max <= d
            for bs in active:
                if len(bs) > d:
                    self.m.add(sum(bs) <= d)
        elif active:
            lo = self.m.new_int_var(0, self.ix.problem.slots, "minbreaks")
            for bs in active:
                self.m.add(lo <= sum(bs))
                self.m.add(sum(bs) <= lo + d)

    def _symmetry(self) -> None:
        """Identical meetings (same participants and allowed slots, no precedence): order them."""
        ix = self.ix
        involved = {a for a, _ in ix.before} | {b for _, b in ix.before}
        groups: dict[tuple, list[int]] = {}
        for i in range(len(ix.mids)):
            if i not in involved and len(self.x[i]) > 1:
                groups.setdefault((tuple(sorted(ix.parts[i])), tuple(ix.allowed[i])), []).append(i)
        for group in groups.values():
            for a, b in zip(group, group[1:], strict=False):
                sa = sum(s * v for s, v in self.x[a].items())
                sb = sum(s * v for s, v in self.x[b].items())
                self.m.add(sa < sb)

    def hint(self, slots: list[int | None]) -> None:
        for i, s in enumerate(slots):
            for t, v in self.x[i].items():
                self.m.add_hint(v, t == s)

    def stop(self) -> None:
        if self._solver is not None:
            self._solver.stop_search()

    def solve(self, time_limit: float, workers: int = 2, log: bool = False, **params) -> CpResult:
        solver = cp_model.CpSolver()
        self._solver = solver
        solver.parameters.max_time_in_seconds = max(0.01, time_limit)
        solver.parameters.num_workers = workers
        solver.parameters.log_search_progress = log
        for k, v in params.items():
            if isinstance(v, list):
                getattr(solver.parameters, k).extend(v)
            else:
                setattr(solver.parameters, k, v)
        t0 = time.perf_counter()
        code = solver.solve(self.m)
        secs = time.perf_counter() - t0
        status = {
            cp_model.OPTIMAL: "optimal",
            cp_model.FEASIBLE: "feasible",
            cp_model.INFEASIBLE: "infeasible",
        }.get(code, "unknown")
        if status not in ("optimal", "feasible"):
            return CpResult(status, [None] * len(self.x), None, None, secs)
        slots: list[int | None] = []
        for xs in self.x:
            chosen = [s for s, v in xs.items() if solver.boolean_value(v)]
            slots.append(chosen[0] if chosen else None)
        obj = round(solver.objective_value)
        return CpResult(status, slots, obj, round(solver.best_objective_bound), secs)
