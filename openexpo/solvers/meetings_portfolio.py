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
# One plan per child process: ("rc2", solver) runs core-guided MaxSAT bottom-up, whose first
# answer is a proven optimum; ("descend", solver) sends a schedule within the fairness bound
# at once and then ever better ones top-down (meetings_maxsat.descend), so that a good
# schedule is at hand when no proof comes in time, and it may prove the optimum itself.
PLANS: tuple[tuple[str, str], ...] = (("rc2", "cd15"), ("descend", "cd15"))


def _child(ix: Indexed, conn, plan: tuple[str, str], hint: list[int | None], lower: int) -> None:
    step, solver = plan
    try:
        if step == "rc2":
            slots, cost = solve_rc2(ix, solver)
            conn.send(("infeasible",) if slots is None else ("optimal", slots, cost))
            return
        sent = False
        for slots, cost, proven in descend(ix, hint, lower, solver):
            conn.send(("optimal", slots, cost) if proven else ("feasible", slots))
            sent = True
        if not sent:
            conn.send(("infeasible",))
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
    """Run the plans in child processes (one with a single worker: the top-down one)."""
    deadline = time.perf_counter() + time_limit
    plans = PLANS if workers >= 2 else PLANS[1:]
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
