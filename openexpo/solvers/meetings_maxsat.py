"""Partial MaxSAT encoding of meeting scheduling (soft clause = "no break here"), solved by RC2."""

from __future__ import annotations

from pysat.card import CardEnc, EncType, ITotalizer
from pysat.examples.rc2 import RC2
from pysat.formula import WCNF, IDPool
from pysat.solvers import Solver

from openexpo.solvers.meetings_cpsat import min_blocks
from openexpo.solvers.meetings_prep import Indexed


class MaxSatEncoding:
    """Variables: x[m,s] meeting m in slot s; u[p,s] participant p busy in s; l[p,s] p busy at
    some slot >= s; b[p,s] p ends a block at s-1 and meets again later (one break).
    Hard: each meeting once, one meeting per participant per slot, tables per slot, precedences,
    fairness (at most d breaks each). Soft (weight 1): not b[p,s]. Implied: each participant is
    busy in exactly n_p slots; at least (min blocks - 1) breaks from its free runs; `window`: a
    participant with n meetings busy at s and again at s+n or later has a break in between;
    `slotcount`: at most 2 x tables participants are busy in one slot (the table capacity stated
    over the busy flags, which propagates far better than over the meeting flags alone).
    `unary`: the soft clauses are "fewer than j breaks" per participant (a totalizer over its
    break flags) rather than one per break flag, so RC2's cores are much smaller.
    """

    def __init__(
        self,
        ix: Indexed,
        *,
        fairness: bool = True,
        implied: bool = True,
        intervals: bool = False,
        window: bool = True,
        reverse: bool = True,
        slotcount: bool = True,
        unary: bool = True,
    ) -> None:
        self.unary = unary
        self.intervals = intervals
        self.window = window
        self.reverse = reverse
        self.slotcount = slotcount
        self.busy_at: dict[int, list[int]] = {}
        self.ix = ix
        self.pool = IDPool()
        self.w = WCNF()
        self.x: list[dict[int, int]] = []
        self.brk: list[list[int]] = []
        self._build(fairness, implied)

    def var(self, *key) -> int:
        return self.pool.id(key)

    def _card(self, lits: list[int], bound: int, kind: str, enc: int = EncType.seqcounter) -> None:
        if kind == "atmost" and len(lits) <= bound:
            return
        if kind != "atmost" and bound > len(lits):  # cannot hold
            self.w.append([])
            return
        if kind == "atmost" and bound == 1 and len(lits) <= 6:
            for i in range(len(lits)):
                for j in range(i + 1, len(lits)):
                    self.w.append([-lits[i], -lits[j]])
            return
        enc = getattr(CardEnc, kind)(lits=lits, bound=bound, vpool=self.pool, encoding=enc)
        for c in enc.clauses:
            self.w.append(c)

    def _build(self, fairness: bool, implied: bool) -> None:
        ix, w = self.ix, self.w
        S = ix.problem.slots
        for i, allowed in enumerate(ix.allowed):
            xs = {s: self.var("x", i, s) for s in allowed}
            self.x.append(xs)
            w.append(list(xs.values()))
            self._card(list(xs.values()), 1, "atmost")
        for s in range(S):
            col = [xs[s] for xs in self.x if s in xs]
            if len(col) > ix.problem.tables:
                self._card(col, ix.problem.tables, "atmost", EncType.kmtotalizer)
        for a, b in ix.before:
            for s, v in self.x[b].items():
                w.append([-v] + [u for t, u in self.x[a].items() if t < s])
        self._symmetry()
        if self.reverse:
            self._reversal()
        d = ix.problem.max_break_spread
        few = any(len(ms) < 2 for ms in ix.pmeet)
        for q, ms in enumerate(ix.pmeet):
            u = []
            for s in range(S):
                terms = [self.x[i][s] for i in ms if s in self.x[i]]
                if not terms:
                    u.append(None)
                    continue
                v = self.var("u", q, s)
                w.append([-v] + terms)
                for t in terms:
                    w.append([-t, v])
                self._card(terms, 1, "atmost")
                u.append(v)
            for s, v in enumerate(u):
                if v is not None:
                    self.busy_at.setdefault(s, []).append(v)
            if implied and len(ms) >= 2:
                busy = [v for v in u if v is not None]
                self._card(busy, len(ms), "equals")
            self.brk.append(self._breaks(q, u, len(ms)) if len(ms) >= 2 else [])
            if len(ms) >= 2 and fairness and d is not None and few:
                self._card(self.brk[q], d, "atmost")
            if implied and len(ms) >= 2 and self.intervals:
                self._intervals(q, u, len(ms))
            if implied and len(ms) >= 2:
                allowed = sorted({s for i in ms for s in ix.allowed[i]})
                lb = min_blocks(allowed, len(ms)) - 1
                if lb > 0:
                    self._card(self.brk[q], lb, "atleast")
        # each meeting makes len(parts) participants busy; stated for pairs (the usual case)
        if self.slotcount and ix.parts and all(len(ps) == 2 for ps in ix.parts):
            for col in self.busy_at.values():
                if len(col) > 2 * ix.problem.tables:
                    self._card(col, 2 * ix.problem.tables, "atmost", EncType.kmtotalizer)
        cap = d if fairness and d is not None and few else None
        for bs in self.brk:
            if self.unary and len(bs) > 1:
                # soft "fewer than j+1 breaks" per participant: a core then names participants,
                # not (participant, slot) pairs, so cores are far smaller
                top = len(bs) if cap is None else min(cap, len(bs))
                tot = ITotalizer(lits=bs, ubound=top, top_id=self.pool.top)
                while self.pool.top < tot.top_id:  # reserve the totalizer's variables
                    self.pool.id(("tot", self.pool.top + 1))
                for c in tot.cnf.clauses:
                    w.append(c)
                for r in tot.rhs[:top]:
                    w.append([-r], weight=1)
            else:
                for b in bs:
                    w.append([-b], weight=1)

    def _reversal(self) -> None:
        """Mirror symmetry (slot s <-> S-1-s) when nothing tells the two ends of the day apart."""
        ix = self.ix
        p = ix.problem
        S = p.slots
        if ix.before or any(m.fixed_slot is not None for m in p.meetings):
            return
        if any(m.session != "any" for m in p.meetings):
            return
        for q in p.participants:
            if {S - 1 - s for s in q.forbidden_slots} != set(q.forbidden_slots):
                return
        for xs in self.x:
            if len(xs) == S:
                for s, v in xs.items():
                    if s > (S - 1) // 2:
                        self.w.append([-v])
                return

    def _intervals(self, q: int, u: list[int | None], n: int) -> None:
        """No break at all means the n busy slots are one interval [a, a+n-1]: z[q,a]."""
        S = len(u)
        zs = []
        for a in range(S - n + 1):
            if any(u[s] is None for s in range(a, a + n)):
                continue
            z = self.var("z", q, a)
            for s in range(a, a + n):
                self.w.append([-z, u[s]])
            if a > 0 and u[a - 1] is not None:
                self.w.append([-z, -u[a - 1]])
            if a + n < S and u[a + n] is not None:
                self.w.append([-z, -u[a + n]])
            zs.append(z)
        self.w.append(self.brk[q] + zs)

    def _symmetry(self) -> None:
        ix = self.ix
        involved = {a for a, _ in ix.before} | {b for _, b in ix.before}
        groups: dict[tuple, list[int]] = {}
        for i, mt in enumerate(ix.problem.meetings):
            if i in involved or mt.fixed_slot is not None or not self.x[i]:
                continue
            groups.setdefault((tuple(sorted(ix.parts[i])), tuple(ix.allowed[i])), []).append(i)
        for group in groups.values():
            for a, b in zip(group, group[1:], strict=False):
                for s, v in self.x[b].items():
                    self.w.append([-v] + [u for t, u in self.x[a].items() if t < s])

    def _breaks(self, q: int, u: list[int | None], n: int) -> list[int]:
        S = len(u)
        later: list[int | None] = [None] * (S + 1)
        for s in range(S - 1, -1, -1):
            parts = [v for v in (u[s], later[s + 1]) if v is not None]
            if not parts:
                continue
            v = self.var("l", q, s)
            self.w.append([-v] + parts)
            for t in parts:
                self.w.append([-t, v])
            later[s] = v
        out = []
        at: dict[int, int] = {}
        for s in range(1, S):
            if u[s - 1] is None or later[s] is None:
                continue
            b = self.var("b", q, s)
            # u[s-1] and not u[s] and later[s+1]  ->  b
            nxt = later[s + 1] if s + 1 <= S else None
            if nxt is None:
                continue
            clause = [-u[s - 1], -nxt, b]
            if u[s] is not None:
                clause.insert(1, u[s])
            self.w.append(clause)
            # b -> exactly that pattern (keeps counts exact)
            self.w.append([-b, u[s - 1]])
            self.w.append([-b, nxt])
            if u[s] is not None:
                self.w.append([-b, -u[s]])
            out.append(b)
            at[s] = b
        if self.window:
            # n meetings cannot span more than n slots without a break in between
            for s in range(S - n):
                if u[s] is None or later[s + n] is None:
                    continue
                inner = [at[r] for r in range(s + 1, s + n + 1) if r in at]
                self.w.append([-u[s], -later[s + n]] + inner)
        return out

    def decode(self, model: list[int]) -> list[int | None]:
        true = {v for v in model if v > 0}
        return [next((s for s, v in xs.items() if v in true), None) for xs in self.x]


def solve_rc2(
    ix: Indexed, solver: str = "cd15", on_feasible=None, **options
) -> tuple[list[int | None] | None, int | None]:
    """Optimal slots and total breaks by core-guided MaxSAT (RC2); (None, None) if infeasible.

    With `on_feasible`, one SAT call on the hard clauses first finds any schedule within the
    fairness bound and passes it to `on_feasible` (a safety net while RC2 runs)."""
    enc = MaxSatEncoding(ix, **options)
    if on_feasible is not None:
        with Solver(name=solver, bootstrap_with=enc.w.hard) as sat:
            if not sat.solve():
                return None, None
            on_feasible(enc.decode(sat.get_model()))
    with RC2(enc.w, solver=solver, adapt=True, exhaust=True, minz=True, trim=5) as rc2:
        model = rc2.compute()
        if model is None:
            return None, None
        return enc.decode(model), rc2.cost


def solve_feasible(ix: Indexed, solver: str = "cd15", **options) -> list[int | None] | None:
    """Any complete schedule within the fairness bound (the hard clauses only); None if none."""
    enc = MaxSatEncoding(ix, **options)
    with Solver(name=solver, bootstrap_with=enc.w.hard) as sat:
        if not sat.solve():
            return None
        return enc.decode(sat.get_model())


def descend(
    ix: Indexed,
    hint: list[int | None],
    lower: int = 0,
    solver: str = "cd15",
    *,
    budget: int = 10000,
    **options,
):
    """Top-down search: yield ever better complete schedules as (slots, total breaks, proven).

    The first is any schedule within the fairness bound. Then each SAT call asks for at most
    `target` breaks (an assumption on a totalizer) with the solver's phases set to the last
    schedule, so it searches next to it. Targets move like a galloping search: a quick success
    doubles the step, a call that runs out of its conflict budget halves it (and doubles the budget), an unsatisfiable
    target raises the lower bound. `proven` is True on the last item when no schedule with
    fewer breaks exists (the item then repeats the best schedule).
    """
    enc = MaxSatEncoding(ix, unary=False, **options)
    brk = [b for bs in enc.brk for b in bs]
    phases = [-b for b in brk]
    for i, xs in enumerate(enc.x):
        phases += [v if s == hint[i] else -v for s, v in xs.items()]
    with Solver(name=solver, bootstrap_with=enc.w.hard) as sat:
        sat.set_phases(phases)
        if not sat.solve():
            return
        model = sat.get_model()
        best, ub = model, _cost(model, brk)
        yield enc.decode(best), ub, ub <= lower
        if ub <= lower:
            return
        tot = ITotalizer(lits=brk, ubound=ub, top_id=enc.pool.top)
        sat.append_formula(tot.cnf.clauses)
        step = max(1, (ub - lower) // 4)
        while lower < ub:
            target = max(lower, ub - step)
            if target == ub - 1:
                sat.add_clause([-tot.rhs[ub - 1]])
                found = sat.solve()
            else:
                sat.conf_budget(budget)
                found = sat.solve_limited(assumptions=[-tot.rhs[target]])
            if found:
                model = sat.get_model()
                best, ub = model, _cost(model, brk)
                sat.add_clause([-tot.rhs[ub]])
                sat.set_phases(model)
                yield enc.decode(best), ub, ub <= lower
                step = max(1, min(step * 2, (ub - lower) // 2))
            elif found is None:
                step, budget = max(1, step // 2), min(2 * budget, 200000)
            else:
                lower = target + 1
                step = max(1, (ub - lower) // 2)
        yield enc.decode(best), ub, True


def _cost(model: list[int], brk: list[int]) -> int:
    true = {v for v in model if v > 0}
    return sum(1 for b in brk if b in true)
