"""Benchmark: the headline figures page (the front page) at full demo scale.

Target (Foundation issue): median server time <= 150 ms warm, with a query count that does
not grow with data. Baseline: the same figures computed naively in Python over all rows
(the rows fetched and counted one by one), measured in the same run.
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
    bench_env,
    emit,
    fresh_database,
    manage,
    median,
    percentile,
    postgres_available,
    run_worker,
)


def worker(repeats: int) -> None:
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from openexpo.catalogue.models import Exhibit
    from openexpo.core.selectors import edition_current
    from openexpo.exhibitors.models import Participation
    from openexpo.visitors.models import Visitor

    client = Client()
    for _ in range(3):
        assert client.get("/").status_code == 200
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        response = client.get("/")
        times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200
    with CaptureQueriesContext(connection) as queries:
        client.get("/")
    edition = edition_current()

    def naive() -> dict:
        out = {}
        for ed in [edition, edition.previous]:
            parts = [
                p
                for p in Participation.objects.all()
                if p.edition_id == ed.pk and p.status == "approved"
            ]
            out[ed.number] = {
                "exhibitors": len(parts),
                "area": sum(p.area_requested_m2 for p in parts),
                "visitors": sum(
                    1
                    for v in Visitor.objects.filter(edition=ed).iterator()
                    if v.status == "approved"
                ),
                "exhibits": sum(
                    1 for e in Exhibit.objects.filter(participation__edition=ed).iterator()
                ),
            }
        return out

    naive_times = []
    for _ in range(3):
        started = time.perf_counter()
        naive()
        naive_times.append((time.perf_counter() - started) * 1000)
    print(
        json.dumps(
            {
                "median_ms": median(times),
                "p95_ms": percentile(times, 95),
                "queries": len(queries),
                "naive_median_ms": median(naive_times),
                "visitors": Visitor.objects.filter(edition=edition).count(),
            }
        )
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--worker", action="store_true")
    parser.add_argument("--repeats", type=int, default=30)
    args = parser.parse_args()
    if args.worker:
        worker(args.repeats)
        return
    scale = 0.05 if args.quick else 1.0
    result: dict = {"bench": "headline", "scale": scale, "target_median_ms": 150}
    engines = ["sqlite"] + (["postgresql"] if postgres_available() else [])
    for engine in engines:
        name = f"headline_{str(scale).replace('.', '_')}"
        env = bench_env(engine, name)
        built = engine == "sqlite" and Path(env["OPENEXPO_VAR_DIR"], "openexpo.sqlite3").exists()
        if not built:
            env = fresh_database(engine, name)
            manage(env, "demo", "--scale", str(scale), "--quiet")
        else:  # a database kept from an earlier run: bring its schema up to date
            manage(env, "migrate", "-v", "0")
        figures = run_worker(__file__, env, "--repeats", str(args.repeats))
        figures["ratio_naive_vs_page"] = round(figures["naive_median_ms"] / figures["median_ms"], 1)
        result[engine] = {k: round(v, 2) if isinstance(v, float) else v for k, v in figures.items()}
    emit(result)


if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "openexpo.settings")
    main()
