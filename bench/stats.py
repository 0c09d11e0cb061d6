"""Benchmark: the deal statistics pages, exports and API at demo scale.

Target (issue 7): every statistics page and endpoint p95 <= 200 ms server time on
PostgreSQL and on SQLite, with ≥ 100,000 deals and 410,000 visitors, and a query count that
does not grow with data. Baseline, measured in the same run: the same tables computed in
Python over all deal rows (fetched with their exhibitor, country and delegation, then
summed in dicts), against computing them with StatsSource, which reads the deal roll-up
(openexpo.deals.rollup). The JSON also gives CPU time per request (the machine is shared),
the load average, and what rebuilding an edition's roll-up costs (paid on a rate change).

`--quick` runs at scale 0.05 (< 1 min once its databases are built). Ends with one JSON line.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench._common import (  # noqa: E402
    WorkerFailed,
    demo_database,
    emit,
    median,
    percentile,
    postgres_available,
    run_worker,
)

BY_KEY = [  # one row per value of a key, every value listed
    "area",
    "country",
    "region",
    "delegation",
    "hs_section",
    "hs_chapter",
    "size",
    "ldc",
    "day",
    "currency",
]
TABLES_PUBLIC = [*BY_KEY, "top_countries", "top_delegations"]
TABLES_ORGANISER = ["top_exhibitors", "top_buyers"]


def _endpoints(number: int) -> list[tuple[str, str]]:
    """(who, url) for every statistics page and endpoint."""
    base = f"/reports/stats/{number}"
    out = [
        ("public", f"{base}/"),
        ("public", f"{base}/all.xlsx"),
        ("public", f"{base}/press.pdf"),
        ("public", f"/api/editions/{number}/deal-stats"),
    ]
    for key in TABLES_PUBLIC:
        out += [
            ("public", f"{base}/{key}/"),
            ("public", f"{base}/{key}.csv"),
            ("public", f"/api/editions/{number}/deal-stats/{key}"),
        ]
    for key in TABLES_ORGANISER:
        out += [
            ("organiser", f"{base}/{key}/"),
            ("organiser", f"/api/editions/{number}/deal-stats/{key}"),
        ]
    return out


def python_tables(edition) -> dict[str, dict]:
    """The baseline: every table summed in Python over all confirmed intended deal rows."""
    from openexpo.deals.models import Deal
    from openexpo.visitors.models import Delegation

    parents = dict(Delegation.objects.values_list("id", "parent_id"))
    codes = dict(Delegation.objects.values_list("id", "code"))
    out: dict[str, dict] = {k: {} for k in [*BY_KEY, *TABLES_ORGANISER]}
    rows = Deal.objects.filter(
        edition_id__in=[edition.pk, edition.previous_id], status="confirmed", kind="intended"
    ).values_list(
        "edition_id",
        "amount_usd",
        "exhibitor__area__code",
        "exhibitor__company__country_id",
        "exhibitor__company__country__un_region",
        "exhibitor__company__country__is_ldc",
        "exhibitor__company__size_class",
        "delegation_id",
        "hs_section",
        "hs_chapter",
        "signed_on",
        "currency",
        "exhibitor__company_id",
        "buyer_organisation",
    )
    for (
        ed,
        usd,
        area,
        country,
        region,
        ldc,
        size,
        deleg,
        sec,
        chap,
        day,
        cur,
        comp,
        buyer,
    ) in rows.iterator(chunk_size=10_000):
        top = deleg
        while top is not None and parents.get(top) is not None:
            top = parents[top]
        keys = {
            "area": area,
            "country": country,
            "region": region,
            "size": size,
            "delegation": codes.get(top, "-"),
            "hs_section": sec,
            "hs_chapter": chap,
            "day": day,
            "currency": cur,
            "top_exhibitors": comp,
            "top_buyers": buyer,
        }
        if ldc:
            keys["ldc"] = country
        for table, key in keys.items():
            cell = out[table].setdefault((ed, key), [0, 0])
            cell[0] += 1
            cell[1] += usd
    return out


FULL_TABLES = [k for k in BY_KEY if k != "day"]  # day rows are keyed by offset, not date


def tables_agree(edition, py: dict, sql: dict) -> bool:
    """Every cell (deals, US$) of the untruncated tables is the same both ways."""
    for key in FULL_TABLES:
        mine = {
            str(k or "-"): (n, round(float(usd), 2))
            for (ed, k), (n, usd) in py[key].items()
            if ed == edition.pk
        }
        theirs = {str(r.key): (r.n, round(float(r.usd), 2)) for r in sql[key].rows if r.n}
        if mine != theirs:
            return False
    return True


def sql_tables(edition) -> dict:
    from openexpo.reports.stats import TABLES, StatsSource, table_build

    source = StatsSource(edition)
    return {key: table_build(source, key, public=False) for key in TABLES}


def worker(repeats: int) -> None:
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from openexpo.core.models import User
    from openexpo.core.selectors import edition_current
    from openexpo.deals.models import Deal
    from openexpo.deals.rollup import rollup_rebuild
    from openexpo.visitors.models import Visitor

    load_start = os.getloadavg()[0]
    edition = edition_current()
    organiser, _ = User.objects.get_or_create(
        username="bench-organiser", defaults={"kind": "organiser"}
    )
    clients = {"public": Client(), "organiser": Client()}
    clients["organiser"].force_login(organiser)
    results = {}
    for who, url in _endpoints(edition.number):
        client = clients[who]
        first = client.get(url)
        if first.status_code != 200:
            results[url] = {
                "status": first.status_code,
                "p95_ms": 0.0,
                "median_ms": 0.0,
                "queries": 0,
                "cpu_p95_ms": 0.0,
            }
            continue
        times, cpu = [], []
        for _ in range(repeats):
            started, cpu_started = time.perf_counter(), time.process_time()
            client.get(url)
            times.append((time.perf_counter() - started) * 1000)
            cpu.append((time.process_time() - cpu_started) * 1000)
        with CaptureQueriesContext(connection) as queries:
            client.get(url)
        results[url] = {
            "p95_ms": round(percentile(times, 95), 1),
            "median_ms": round(median(times), 1),
            "cpu_p95_ms": round(percentile(cpu, 95), 1),
            "cpu_median_ms": round(median(cpu), 1),
            "queries": len(queries),
        }
    load_after_pages = os.getloadavg()[0]

    py_times, sql_times = [], []
    for _ in range(3):
        started = time.perf_counter()
        py = python_tables(edition)
        py_times.append((time.perf_counter() - started) * 1000)
        started = time.perf_counter()
        sql = sql_tables(edition)
        sql_times.append((time.perf_counter() - started) * 1000)
    agree = tables_agree(edition, py, sql)
    started = time.perf_counter()
    rollup_rebuild(edition_id=edition.pk)  # what a rate change costs on top of the rewrite
    rebuild_ms = (time.perf_counter() - started) * 1000
    worst = max(results, key=lambda u: results[u]["p95_ms"])
    print(
        json.dumps(
            {
                "deals": Deal.objects.count(),
                "deals_edition": Deal.objects.filter(edition=edition).count(),
                "visitors_edition": Visitor.objects.filter(edition=edition).count(),
                "endpoints": len(results),
                "p95_max_ms": results[worst]["p95_ms"],
                "p95_worst": worst,
                "p95_median_of_endpoints_ms": median([r["p95_ms"] for r in results.values()]),
                "cpu_p95_max_ms": max(r["cpu_p95_ms"] for r in results.values()),
                "cpu_p95_worst": max(results, key=lambda u: results[u]["cpu_p95_ms"]),
                "load_average_start": load_start,
                "load_average_after_pages": load_after_pages,
                "load_average_end": os.getloadavg()[0],
                "cpu_median_of_endpoints_ms": median(
                    [r["cpu_median_ms"] for r in results.values()]
                ),
                "queries_max": max(r["queries"] for r in results.values()),
                "python_tables_median_ms": round(median(py_times), 1),
                "python_and_sql_agree": agree,
                "sql_tables_median_ms": round(median(sql_times), 1),
                "rollup_rebuild_ms": round(rebuild_ms, 1),
                "per_endpoint": results,
            }
        )
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--worker", action="store_true")
    parser.add_argument("--repeats", type=int, default=None)
    parser.add_argument("--scale", type=float, default=None)
    parser.add_argument("--engines", default="sqlite,postgresql")
    args = parser.parse_args()
    repeats = args.repeats or (5 if args.quick else 20)
    if args.worker:
        worker(repeats)
        return
    scale = args.scale or (0.05 if args.quick else 1.0)
    result: dict = {"bench": "stats", "scale": scale, "target_p95_ms": 200, "repeats": repeats}
    engines = [e for e in args.engines.split(",") if e == "sqlite" or postgres_available()]
    for engine in engines:
        name = f"stats_{str(scale).replace('.', '_')}"
        env, build_s = demo_database(engine, name, scale, seed=1)
        if build_s is not None:
            result[f"{engine}_build_s"] = round(build_s, 1)
        try:
            figures = run_worker(__file__, env, "--repeats", str(repeats))
        except WorkerFailed as failed:
            result[engine] = {"error": failed.tail}
            continue
        figures["ratio_python_vs_sql"] = round(
            figures["python_tables_median_ms"] / figures["sql_tables_median_ms"], 1
        )
        figures["p95_ok"] = figures["p95_max_ms"] <= 200
        if not os.environ.get("OPENEXPO_BENCH_VERBOSE"):  # url: [p95 ms, CPU p95 ms, queries]
            figures["per_endpoint"] = {
                u: [v["p95_ms"], v.get("cpu_p95_ms", 0.0), v["queries"]]
                for u, v in figures["per_endpoint"].items()
            }
        result[engine] = figures
    emit(result)


if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "openexpo.settings")
    main()
