"""Benchmark: build the full-scale demo expo into SQLite and PostgreSQL.

Targets (Foundation issue): <= 60 s wall into SQLite, <= 90 s into PostgreSQL, and the
ratio against row-by-row `Model.save()` measured on a 1% sample (expect >= 20x).
The baseline replaces the demo's fast inserts with one `Model(...).save()` per row and
builds the same 1% sample; its insert time is extrapolated x100 and compared with the
fast build's measured full-scale time.  `--quick` builds at 2% (sample 0.5%).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench._common import emit, fresh_database, postgres_available  # noqa: E402


def worker(scale: float, mode: str) -> None:
    """Runs inside a child process with the database chosen by the environment."""
    import django

    django.setup()
    from openexpo.core.demo import context, runner

    runner.reference_load()  # not part of the timed build: identical in both modes
    if mode == "save":
        fast_insert = context.bulk_insert

        def save_rows(model, columns, rows, *, batch=20_000):
            fields = {f.attname for f in model._meta.concrete_fields}
            if not set(columns) <= fields:  # e.g. a search index's computed column
                return fast_insert(model, columns, rows, batch=batch)
            total = 0
            for row in rows:
                model(**dict(zip(columns, row, strict=True))).save(force_insert=True)
                total += 1
            return total

        context.bulk_insert = save_rows
    started, cpu = time.perf_counter(), time.process_time()
    # The naive baseline saves rows one by one into the schema as it stands (indexes kept).
    runner.demo_build(scale=scale, seed=6, log=lambda s: None, fast_load=mode == "fast")
    print(json.dumps({"seconds": time.perf_counter() - started, "cpu": time.process_time() - cpu}))


def run(engine: str, scale: float, mode: str) -> dict:
    import subprocess

    env = fresh_database(engine, f"demo_{mode}")
    out = subprocess.run(
        [sys.executable, __file__, "--worker", mode, "--scale", str(scale)],
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return json.loads(out.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--scale", type=float, default=None)
    parser.add_argument("--worker", choices=["fast", "save"])
    args = parser.parse_args()
    if args.worker:
        worker(args.scale, args.worker)
        return
    scale = args.scale or (0.02 if args.quick else 1.0)
    sample = scale / 100 if not args.quick else 0.005
    result: dict = {"bench": "demo", "scale": scale, "sample_scale": sample}
    engines = ["sqlite"] + (["postgresql"] if postgres_available() else [])
    for engine in engines:
        fast_run = run(engine, scale, "fast")
        save_run = run(engine, sample, "save")
        fast, save = fast_run["seconds"], save_run["seconds"]
        extrapolated = save * scale / sample
        result[engine] = {
            "build_seconds": round(fast, 2),
            # CPU time of the building process: what the wall time is on an idle machine for
            # SQLite (in-process); for PostgreSQL the server's own CPU is not included.
            "build_cpu_seconds": round(fast_run["cpu"], 2),
            "load_average": round(os.getloadavg()[0], 1),
            "target_seconds": 60 if engine == "sqlite" else 90,
            "row_by_row_sample_seconds": round(save, 2),
            "row_by_row_extrapolated_seconds": round(extrapolated, 1),
            "ratio_vs_row_by_row": round(extrapolated / fast, 1),
        }
        print(
            f"{engine}: build {fast:.1f} s; row-by-row sample {save:.1f} s "
            f"(x{scale / sample:.0f} = {extrapolated:.0f} s); ratio {extrapolated / fast:.1f}x",
            file=sys.stderr,
        )
    emit(result)


if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "openexpo.settings")
    main()
