"""Benchmark of booth allocation at CIIE scale: CP-SAT LNS against the greedy baseline.

Full scale: 3,400 applications (~365,000 m², ~95% raw space, national pavilions, LDC
standard booths) in 13 generated halls with ~8% spare booth-row floor; `--quick` runs a
smaller problem three times. No database. The last line printed is one JSON object.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from openexpo.solvers.booth_venue import (  # noqa: E402
    demand_of,
    largest_of,
    make_applications,
    make_venue,
    with_last_halls,
)
from openexpo.solvers.booths import Problem, check, floor_use, solve  # noqa: E402


def build(n: int, seed: int, slack: float, time_limit: float) -> Problem:
    scale = n / 3400
    apps = make_applications(
        n,
        seed=seed,
        pavilions=max(1, round(40 * scale)),
        ldc=max(1, round(24 * scale)),
        competitor_pairs=max(1, round(30 * scale)),
    )
    halls, zones = make_venue(demand_of(apps), slack=slack, largest=largest_of(apps))
    apps = with_last_halls(apps, zones, seed=seed + 1)
    return Problem(tuple(halls), tuple(zones), tuple(apps), time_limit=time_limit, workers=2)


def run(n: int, seed: int, slack: float, time_limit: float) -> dict:
    problem = build(n, seed, slack, time_limit)
    started = time.monotonic()
    base: list = []
    sol = solve(problem, baseline=base)
    seconds = time.monotonic() - started
    greedy = base[0]
    out = {"seed": seed, "seconds": round(seconds, 1)}
    for name, s in (("opt", sol), ("greedy", greedy)):
        violations = check(problem, s)
        use = floor_use(problem, s)
        out[name] = {
            "placed": len(s.placements),
            "unplaced": len(s.unplaced),
            "asked_m2": s.stats["asked_m2"],
            "granted_m2": s.stats["granted_m2"],
            "granted_of_placed_asked": s.stats["granted_of_placed_asked"],
            "same_hall_as_last": s.stats["same_hall_as_last"],
            "wasted_m2": use["wasted_m2"],
            "free_usable_m2": use["free_usable_m2"],
            "capacity_m2": use["capacity_m2"],
            "violations": len(violations),
            "greedy_seconds": greedy.stats["seconds"],
        }
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--runs", type=int)
    ap.add_argument("--slack", type=float, default=1.04)
    ap.add_argument("--time-limit", type=float)
    args = ap.parse_args()
    n = 800 if args.quick else 3400
    runs = args.runs or (3 if args.quick else 1)
    limit = args.time_limit or (10.0 if args.quick else 85.0)
    results = []
    for r in range(runs):
        res = run(n, 6 + r, args.slack, limit)
        results.append(res)
        print(
            f"run {r}: {res['seconds']} s  opt placed {res['opt']['placed']}/{n} "
            f"granted {res['opt']['granted_m2']} m² wasted {res['opt']['wasted_m2']} m² "
            f"same hall {res['opt']['same_hall_as_last']} violations {res['opt']['violations']} | "
            f"greedy placed {res['greedy']['placed']} granted {res['greedy']['granted_m2']} m² "
            f"wasted {res['greedy']['wasted_m2']} m² violations {res['greedy']['violations']}",
            flush=True,
        )

    def med(path: tuple[str, str]) -> float:
        return statistics.median(r[path[0]][path[1]] for r in results)

    summary = {
        "bench": "booths",
        "applications": n,
        "runs": runs,
        "time_limit_s": limit,
        "median_seconds": statistics.median(r["seconds"] for r in results),
        "asked_m2": med(("opt", "asked_m2")),
        "opt_placed": med(("opt", "placed")),
        "greedy_placed": med(("greedy", "placed")),
        "opt_placed_pct": round(100 * med(("opt", "placed")) / n, 2),
        "opt_unplaced": med(("opt", "unplaced")),
        "greedy_unplaced": med(("greedy", "unplaced")),
        "opt_granted_m2": med(("opt", "granted_m2")),
        "greedy_granted_m2": med(("greedy", "granted_m2")),
        "opt_wasted_m2": med(("opt", "wasted_m2")),
        "greedy_wasted_m2": med(("greedy", "wasted_m2")),
        "opt_same_hall": med(("opt", "same_hall_as_last")),
        "greedy_same_hall": med(("greedy", "same_hall_as_last")),
        "opt_violations": max(r["opt"]["violations"] for r in results),
        "greedy_violations": max(r["greedy"]["violations"] for r in results),
        "greedy_seconds": statistics.median(r["opt"]["greedy_seconds"] for r in results),
    }
    summary["granted_ratio_vs_greedy"] = round(
        summary["opt_granted_m2"] / max(1, summary["greedy_granted_m2"]), 4
    )
    summary["placed_ratio_vs_greedy"] = round(
        summary["opt_placed"] / max(1, summary["greedy_placed"]), 4
    )
    summary["granted_vs_asked"] = round(summary["opt_granted_m2"] / max(1, summary["asked_m2"]), 4)
    print(json.dumps(summary))


if __name__ == "__main__":
    main()
