"""Race exact MaxSAT runs (RC2, one child process each) for the optimum; CP-SAT when MaxSAT does not apply."""

from __future__ import annotations

import multiprocessing as mp
import time

from openexpo.solvers.meetings_check import count_breaks
from openexpo.solvers.meetings_cpsat import MeetingModel
from openexpo.solvers.meetings_maxsat import descend, solve_rc2
from openexpo.solvers.meetings_prep import Indexed

# Above this many meetings the exact MaxSAT runs are skipped: CP-SAT alone improves the hint.
MAXSAT_MAX_MEETINGS = 400
# One plan (a list of steps) per child process. ("rc2", solver): core-guided MaxSAT
# bottom-up, whose answer is a proven optimum; "feasible+rc2" first sends any schedule within
# the fairness bound (one SAT call), the safety net while RC2 runs. ("descend", solver): a fair
# schedule at once, then ever better ones top-down (meetings_maxsat.descend), which may prove
# the optimum itself. With two workers two RC2 runs race on different CaDiCaL versions, whose
# run times on one instance differ by 2-3x either way (1.5.3 was first on ticf-13crafb,
# 1.9.5 on forum-13crafb and forum-13crafc); the second sends a fair schedule first.
PLANS: tuple[tuple[tuple[str, str], ...], ...] = (
    (("rc2", "cd15"),),
    (("feasible+rc2", "cd19"),),
)
SINGLE: tuple[tuple[str, str], ...] = (("descend", "cd15"),)


def _child(
    ix: Indexed, conn, plan: tuple[tuple[str, str], ...], hint: list[int | None], lower: int
) -> None:
    try:
        for step, solver in plan:
            if step in ("rc2", "feasible+rc2"):
                first = (lambda s: conn.send(("feasible", s))) if step != "rc2" else None
                slots, cost = solve_rc2(ix, solver, on_feasible=first)
                conn.send(("infeasible",) if slots is None else ("optimal", slots, cost))
                return
            sent = False
            for slots, cost, proven in descend(ix, hint, lower, solver):
                conn.send(("optimal", slots, cost) if proven else ("feasible", slots))
                sent = True
            if not sent:
                conn.send(("infeasible",))
            return
    except Exception as exc:  # pragma: no cover - reported to the parent
        conn.send(("error", repr(exc)))


def total_breaks(ix: Indexed, slots: list[int | None]) -> int:
    return sum(count_breaks([slots[i] for i in ms if slots[i] is not None]) for ms in ix.pmeet)


def optimise(
    ix: Indexed, hint: list[int | None], time_limit: float, workers: int, lower: int = 0
) -> dict:
    """Best schedule found in `time_limit` seconds: status, slots, objective, bound."""
    d = ix.problem.max_break_spread
    # the MaxSAT encoding states fairness as "at most d breaks each", exact only when some
    # participant has fewer than two meetings (then the smallest break count is 0)
    exact = d is None or any(len(ms) < 2 for ms in ix.pmeet)
    if len(ix.mids) <= MAXSAT_MAX_MEETINGS and exact:
        return _race(ix, hint, lower, time_limit, workers)
    return _cpsat(ix, hint, time_limit, workers)


def _race(ix: Indexed, hint: list[int | None], lower: int, time_limit: float, workers: int) -> dict:
    """Run the plans in child processes (with a single worker, the top-down descent alone)."""
    deadline = time.perf_counter() + time_limit
    plans = PLANS if workers >= 2 else (SINGLE,)
    ctx = mp.get_context("fork")
    procs, pipes = [], []
    for plan in plans:
        parent, child = ctx.Pipe(duplex=False)
        proc = ctx.Process(target=_child, args=(ix, child, plan, hint, lower), daemon=True)
        proc.start()
        child.close()
        procs.append(proc)
        pipes.append(parent)
    best: dict = {
        "status": "unknown",
        "slots": [None] * len(ix.mids),
        "objective": None,
        "bound": None,
    }
    try:
        while pipes and time.perf_counter() < deadline:
            for conn in list(pipes):
                if not conn.poll(0):
                    continue
                try:
                    got = conn.recv()
                except EOFError:
                    pipes.remove(conn)
                    continue
                if got[0] == "optimal":
                    return {
                        "status": "optimal",
                        "slots": got[1],
                        "objective": got[2],
                        "bound": got[2],
                    }
                if got[0] == "infeasible":
                    return {
                        "status": "infeasible",
                        "slots": best["slots"],
                        "objective": None,
                        "bound": None,
                    }
                if got[0] == "feasible":
                    cost = total_breaks(ix, got[1])
                    if best["objective"] is None or cost < best["objective"]:
                        best = {
                            "status": "feasible",
                            "slots": got[1],
                            "objective": cost,
                            "bound": None,
                        }
                else:  # an error or the end of a plan: this racer is out
                    pipes.remove(conn)
            time.sleep(0.02)
    finally:
        for proc in procs:
            if proc.is_alive():
                proc.kill()
            proc.join()
    return best


def _cpsat(ix: Indexed, hint: list[int | None], time_limit: float, workers: int) -> dict:
    model = MeetingModel(ix)
    model.hint(hint)
    cp = model.solve(time_limit, workers=workers)
    return {"status": cp.status, "slots": cp.slots, "objective": cp.objective, "bound": cp.bound}
