"""Run exact MaxSAT (RC2, one child process per SAT solver) and CP-SAT side by side; first proof wins."""

from __future__ import annotations

import multiprocessing as mp
import threading
import time

from openexpo.solvers.meetings_cpsat import MeetingModel
from openexpo.solvers.meetings_maxsat import solve_rc2
from openexpo.solvers.meetings_prep import Indexed

# Above this many meetings the exact MaxSAT runs are skipped: CP-SAT alone improves the hint.
MAXSAT_MAX_MEETINGS = 400
# SAT back ends raced against each other (their run times on one instance vary a lot).
SAT_SOLVERS = ("g3", "mgh")


def _rc2_child(ix: Indexed, conn, solver: str) -> None:
    try:
        conn.send(solve_rc2(ix, solver))
    except Exception as exc:  # pragma: no cover - reported to the parent
        conn.send(("error", repr(exc)))


def optimise(ix: Indexed, hint: list[int | None], time_limit: float, workers: int) -> dict:
    """Best schedule found in `time_limit` seconds: status, slots, objective, bound."""
    deadline = time.perf_counter() + time_limit
    d = ix.problem.max_break_spread
    # the MaxSAT encoding states fairness as "at most d breaks each", exact only when some
    # participant has fewer than two meetings (then the smallest break count is 0)
    exact = d is None or any(len(ms) < 2 for ms in ix.pmeet)
    use_sat = len(ix.mids) <= MAXSAT_MAX_MEETINGS and exact
    procs = []
    pipes = []
    if use_sat:
        ctx = mp.get_context("fork")
        for solver in SAT_SOLVERS[: max(1, workers)]:
            parent, child = ctx.Pipe(duplex=False)
            proc = ctx.Process(target=_rc2_child, args=(ix, child, solver), daemon=True)
            proc.start()
            child.close()
            procs.append(proc)
            pipes.append(parent)
    model = MeetingModel(ix)
    model.hint(hint)
    box: dict = {}

    # next to the SAT racers CP-SAT only secures a fallback schedule early on
    cp_limit = min(time_limit, max(5.0, 0.2 * time_limit)) if use_sat else time_limit

    def run_cp() -> None:
        box["cp"] = model.solve(cp_limit, workers=1 if use_sat else workers)

    th = threading.Thread(target=run_cp, daemon=True)
    th.start()
    result: dict = {}
    try:
        while time.perf_counter() < deadline and not result:
            for conn in list(pipes):
                if not conn.poll(0):
                    continue
                got = conn.recv()
                pipes.remove(conn)
                if got and got[0] == "error":
                    continue
                slots, cost = got
                if slots is None:
                    result = {"status": "infeasible"}
                else:
                    result = {"status": "optimal", "slots": slots, "objective": cost, "bound": cost}
                break
            if not th.is_alive() and (box["cp"].status in ("optimal", "infeasible") or not pipes):
                break
            time.sleep(0.02)
    finally:
        for proc in procs:
            if proc.is_alive():
                proc.kill()
            proc.join()
    model.stop()
    th.join()
    if result:
        return result
    cp = box["cp"]
    return {"status": cp.status, "slots": cp.slots, "objective": cp.objective, "bound": cp.bound}
