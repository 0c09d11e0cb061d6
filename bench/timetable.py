"""Benchmark of the forum timetabling solver on CoSPLib real-conference instances.

For every instance with a published solution, it prints the published objective value,
the same solution re-scored by our evaluator (equal when the problem fits our model), the
greedy start's objective, and the CP-SAT result with its ratio to the re-scored reference.
Full run: the 7 instances with references, 60 s each (CP-SAT, 2 workers). `--quick`: 3 small
instances, 10 s each (< 1 min). Ends with one JSON line.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from openexpo.solvers.timetable import evaluate, solve  # noqa: E402
from openexpo.solvers.timetable_cosplib import read_instance, read_solution  # noqa: E402
from openexpo.solvers.timetable_greedy import greedy  # noqa: E402

DATA = Path("/work/shared/data/forum-scheduling")
FULL = ["N2OR", "GECCO20", "GECCO21", "GECCO19", "OR60F", "OR60F2", "OR60F3"]
QUICK = ["N2OR", "GECCO20", "OR60F"]


def _reference(name: str, problem) -> dict:
    out = {}
    for model in ("Exact Model", "Extended Model"):
        path = DATA / "Solutions" / model / f"{name}Solution.xlsx"
        if path.exists():
            placements, stated = read_solution(path)
            try:
                rescored = sum(evaluate(problem, placements).values())
            except ValueError as err:
                rescored = f"invalid under our rules: {err}"
            out[model] = {"published": stated, "rescored": rescored}
    return out


def run(name: str, seconds: float) -> dict:
    problem, unmodelled = read_instance(DATA / "Dataset" / f"{name}.xlsx")
    refs = _reference(name, problem)
    started = time.perf_counter()
    start = greedy(problem)
    greedy_obj = sum(evaluate(problem, start).values()) if start else None
    greedy_s = time.perf_counter() - started
    solution = solve(problem, time_limit=seconds, workers=2, hint=start)
    matched = [r["rescored"] for r in refs.values() if r["published"] == r["rescored"]]
    fits = bool(matched)  # our evaluator reproduces at least one published value
    scored = [r["rescored"] for r in refs.values() if isinstance(r["rescored"], int)]
    best_ref = min(matched) if matched else min(scored, default=None)
    return {
        "instance": name,
        "items": len(problem.items),
        "tracks": len({i.track for i in problem.items}),
        "blocks": len(problem.blocks),
        "rooms": len(problem.rooms),
        "unmodelled_terms": unmodelled,
        "reference": refs,
        "fits_model": fits,
        "greedy": greedy_obj,
        "greedy_seconds": round(greedy_s, 2),
        "cpsat": solution.objective,
        "cpsat_status": solution.status,
        "cpsat_bound": solution.bound,
        "cpsat_seconds": round(solution.seconds, 1),
        "ratio_to_reference": round(solution.objective / best_ref, 3) if best_ref else None,
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--seconds", type=float, default=None)
    args = parser.parse_args()
    names = QUICK if args.quick else FULL
    seconds = args.seconds or (10.0 if args.quick else 60.0)
    started = time.perf_counter()
    rows = []
    for name in names:
        row = run(name, seconds)
        rows.append(row)
        print(
            f"{name:8} ref={row['reference']} greedy={row['greedy']} cpsat={row['cpsat']} "
            f"({row['cpsat_status']}, {row['cpsat_seconds']} s) ratio={row['ratio_to_reference']}",
            file=sys.stderr,
        )
    fitting = [r["ratio_to_reference"] for r in rows if r["fits_model"] and r["ratio_to_reference"]]
    every = [r["ratio_to_reference"] for r in rows if r["ratio_to_reference"]]
    print(
        json.dumps(
            {
                "bench": "timetable",
                "mode": "quick" if args.quick else "full",
                "seconds_per_instance": seconds,
                "median_ratio_to_reference_fitting": statistics.median(fitting)
                if fitting
                else None,
                "median_ratio_to_reference_all": statistics.median(every) if every else None,
                "instances": rows,
                "wall_seconds": round(time.perf_counter() - started, 1),
            },
            ensure_ascii=False,
        )
    )


if __name__ == "__main__":
    main()
