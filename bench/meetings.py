"""Benchmark of the meeting scheduler: the 20 published B2B instances, then expo scale.

(a) Each instance in ../shared/data/b2b-meetings/instances (60 s each, 2 cores): validity,
total breaks against the published optimum (reference.csv, fairness 2) and against the greedy
baseline measured in the same run. (b) A generated expo: ~15,000 accepted meetings between
1,400 exhibitors and 3,300 buyers over 3 days of 24 twenty-minute slots (09:00-17:00) at 300
tables, within 120 s; breaks against greedy. `--quick` runs one instance and a 1/10 expo.
The last line printed is one JSON object.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import resource
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from openexpo.solvers.meetings import (  # noqa: E402
    Meeting,
    Participant,
    Problem,
    check,
    schedule,
    schedule_greedy,
)
from openexpo.solvers.meetings_io import read_problem  # noqa: E402

DATA = Path(__file__).resolve().parents[1].parent.parent / "shared" / "data" / "b2b-meetings"
if not DATA.exists():
    DATA = Path("/work/shared/data/b2b-meetings")


def cpu_seconds() -> float:
    """User + system CPU of this process and its finished children (the SAT racers)."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def fair(problem: Problem, report) -> bool:
    d = problem.max_break_spread
    return d is None or report.max_breaks - report.min_breaks <= d


def run_instances(names: list[str], time_limit: float) -> list[dict]:
    ref = {
        r["instance"]: r for r in csv.DictReader((DATA / "reference.csv").read_text().splitlines())
    }
    rows = []
    for name in names:
        problem = read_problem(DATA / "instances" / f"{name}.json")
        greedy = schedule_greedy(problem)
        g_report = check(problem, greedy)
        started, cpu0, load0 = time.perf_counter(), cpu_seconds(), os.getloadavg()[0]
        sol = schedule(problem, time_limit=time_limit, workers=2)
        seconds = time.perf_counter() - started
        cpu = cpu_seconds() - cpu0
        report = check(problem, sol)
        reference = int(ref[name]["total_breaks"])
        row = {
            "instance": name,
            "status": sol.status,
            "valid": report.valid and report.complete,
            "breaks": sol.total_breaks,
            "reference": reference,
            "at_optimum": sol.total_breaks == reference and report.valid and report.complete,
            "seconds": round(seconds, 2),
            "cpu_seconds": round(cpu, 2),
            "load_avg": round((load0 + os.getloadavg()[0]) / 2, 1),
            "paper_seconds": float(ref[name]["paper_maxsat_seconds"]),
            "greedy_breaks": g_report.total_breaks if g_report.complete else None,
            "greedy_valid": g_report.valid and g_report.complete and fair(problem, g_report),
            "greedy_placed": len(greedy.assignments),
            "meetings": len(problem.meetings),
        }
        rows.append(row)
        print(
            f"{name:26s} {sol.status:10s} breaks={row['breaks']} ref={reference} "
            f"t={row['seconds']:6.1f}s cpu={row['cpu_seconds']:6.1f}s load={row['load_avg']} greedy={row['greedy_breaks']} "
            f"(valid={row['greedy_valid']}, placed {row['greedy_placed']}/{row['meetings']})",
            flush=True,
        )
    return rows


def make_expo(
    meetings: int = 15000,
    exhibitors: int = 1400,
    buyers: int = 3300,
    days: int = 3,
    day_slots: int = 24,
    tables: int = 300,
    seed: int = 7,
) -> Problem:
    """Deterministic expo: buyers attend 1-3 days, some exhibitors sit in forum sessions,
    exhibitor popularity is skewed, 10% of meetings ask for the morning and 10% the afternoon."""
    rng = random.Random(seed)
    slots = days * day_slots
    people: list[Participant] = []
    present: dict[str, set[int]] = {}
    for e in range(exhibitors):
        pid = f"E{e}"
        forbidden: set[int] = set()
        if rng.random() < 0.15:  # a forum session: 3 slots on one day
            d = rng.randrange(days)
            start = d * day_slots + rng.randrange(day_slots - 3)
            forbidden = set(range(start, start + 3))
        people.append(Participant(pid, frozenset(forbidden)))
        present[pid] = set(range(days))
    for b in range(buyers):
        pid = f"B{b}"
        r = rng.random()
        k = 3 if r < 0.5 else 2 if r < 0.8 else 1
        attend = set(rng.sample(range(days), k))
        forbidden = {s for s in range(slots) if s // day_slots not in attend}
        people.append(Participant(pid, frozenset(forbidden)))
        present[pid] = attend
    weights = [1.0 / (1 + e) ** 0.35 for e in range(exhibitors)]
    cap_e = {f"E{e}": 30 for e in range(exhibitors)}
    cap_b = {f"B{b}": 4 * len(present[f"B{b}"]) for b in range(buyers)}
    load: dict[str, int] = {}
    pairs: set[tuple[str, str]] = set()
    out: list[Meeting] = []
    while len(out) < meetings:
        e = f"E{rng.choices(range(exhibitors), weights)[0]}"
        b = f"B{rng.randrange(buyers)}"
        if (e, b) in pairs or load.get(e, 0) >= cap_e[e] or load.get(b, 0) >= cap_b[b]:
            continue
        if not present[e] & present[b]:
            continue
        pairs.add((e, b))
        load[e] = load.get(e, 0) + 1
        load[b] = load.get(b, 0) + 1
        r = rng.random()
        session = "morning" if r < 0.1 else "afternoon" if r < 0.2 else "any"
        out.append(Meeting(f"M{len(out)}", (e, b), session))
    return Problem(
        slots=slots,
        tables=tables,
        participants=tuple(people),
        meetings=tuple(out),
        morning_slots=day_slots // 2,
        max_break_spread=None,
        name=f"expo-{meetings}",
        days=days,
    )


def run_expo(scale: float, time_limit: float) -> dict:
    problem = make_expo(
        meetings=round(15000 * scale),
        exhibitors=round(1400 * scale),
        buyers=round(3300 * scale),
        tables=max(1, round(300 * scale)),
    )
    started = time.perf_counter()
    greedy = schedule_greedy(problem)
    g_seconds = time.perf_counter() - started
    started, cpu0 = time.perf_counter(), cpu_seconds()
    sol = schedule(problem, time_limit=time_limit, workers=2)
    seconds = time.perf_counter() - started
    cpu = cpu_seconds() - cpu0
    report = check(problem, sol)
    g_report = check(problem, greedy)
    out = {
        "meetings": len(problem.meetings),
        "participants": len(problem.participants),
        "tables": problem.tables,
        "days": problem.days,
        "slots_per_day": problem.day_length,
        "status": sol.status,
        "placed": len(sol.assignments),
        "unplaced": len(sol.unplaced),
        "valid": report.valid,
        "breaks": report.total_breaks,
        "seconds": round(seconds, 1),
        "cpu_seconds": round(cpu, 1),
        "load_avg": round(os.getloadavg()[0], 1),
        "greedy_placed": len(greedy.assignments),
        "greedy_breaks": g_report.total_breaks,
        "greedy_seconds": round(g_seconds, 1),
        "breaks_ratio_vs_greedy": round(report.total_breaks / max(1, g_report.total_breaks), 3),
    }
    print(json.dumps(out), flush=True)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--quick", action="store_true", help="one instance and a 1/10 expo, < 1 min")
    ap.add_argument("--time-limit", type=float, default=60.0, help="seconds per instance")
    ap.add_argument("--expo-time-limit", type=float, default=110.0)
    ap.add_argument("--only", default="", help="comma-separated instance names")
    args = ap.parse_args()
    rows: list[dict] = []
    if (DATA / "reference.csv").exists():
        names = sorted(p.name[: -len(".json")] for p in (DATA / "instances").glob("*.json"))
        if args.only:
            names = [
                n if n.endswith(".original") else f"{n}.original" for n in args.only.split(",")
            ]
        if args.quick:
            names, args.time_limit = ["tic-12.original"], 20.0
        rows = run_instances(names, args.time_limit)
    expo = run_expo(0.1, 20.0) if args.quick else run_expo(1.0, args.expo_time_limit)
    with_g = [r for r in rows if r["greedy_valid"] and r["breaks"] is not None]
    summary = {
        "bench": "meetings",
        "quick": args.quick,
        "instances": rows,
        "instances_at_optimum": sum(r["at_optimum"] for r in rows),
        "instances_valid": sum(r["valid"] for r in rows),
        "instances_total": len(rows),
        "instances_proven_optimal": sum(r["status"] == "optimal" for r in rows),
        "median_seconds": statistics.median([r["seconds"] for r in rows]) if rows else None,
        "median_load_avg": statistics.median([r["load_avg"] for r in rows]) if rows else None,
        "max_seconds": max((r["seconds"] for r in rows), default=None),
        "breaks_sum": sum(r["breaks"] or 0 for r in rows),
        "reference_sum": sum(r["reference"] for r in rows),
        "greedy_valid_count": len(with_g),
        "breaks_ratio_vs_greedy": (
            round(
                sum(r["breaks"] for r in with_g) / max(1, sum(r["greedy_breaks"] for r in with_g)),
                3,
            )
            if with_g
            else None
        ),
        "expo": expo,
    }
    print(json.dumps(summary))


if __name__ == "__main__":
    main()
