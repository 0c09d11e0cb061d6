"""The schedule-meetings command's logic: read the problem, solve, check, write (no Django)."""

from __future__ import annotations

import sys
from typing import TextIO

from openexpo.solvers.meetings import check, schedule
from openexpo.solvers.meetings_io import read_problem, write_solution
from openexpo.solvers.meetings_types import ProblemError


def run(
    problem_path: str,
    out_path: str,
    *,
    time_limit: float = 60.0,
    workers: int = 2,
    stdout: TextIO | None = None,
    stderr: TextIO | None = None,
) -> int:
    """0 on a written solution (any status), 2 on malformed input (nothing written)."""
    out = stdout or sys.stdout
    err = stderr or sys.stderr
    try:
        problem = read_problem(problem_path)
        solution = schedule(problem, time_limit=time_limit, workers=workers)
    except ProblemError as exc:
        err.write(f"error: {exc}\n")
        return 2
    report = check(problem, solution)
    if report.violations:  # never write a schedule that breaks a rule
        err.write("internal error: " + "; ".join(report.violations[:3]) + "\n")
        return 1
    write_solution(solution, out_path)
    placed = len(solution.assignments)
    line = f"{solution.status}: {placed}/{len(problem.meetings)} meetings placed"
    if solution.total_breaks is not None:
        line += f", {solution.total_breaks} breaks"
    if solution.lower_bound is not None and solution.status == "feasible":
        line += f" (lower bound {solution.lower_bound})"
    line += f", {solution.seconds:.1f} s"
    out.write(line + "\n")
    if solution.reason:
        err.write(f"reason: {solution.reason}\n")
    return 0
