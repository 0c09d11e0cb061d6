"""Helpers shared by the benchmarks: separate databases, Django set-up, medians, JSON line."""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PG_BASE = os.environ.get("OPENEXPO_BENCH_PG", "postgres://postgres@127.0.0.1:5432")


def bench_env(engine: str, name: str) -> dict[str, str]:
    """Environment for a child process using its own SQLite file or PostgreSQL database."""
    env = dict(os.environ)
    env["DJANGO_SETTINGS_MODULE"] = "openexpo.settings"
    env["PYTHONPATH"] = str(ROOT)
    if engine == "sqlite":
        env.pop("DATABASE_URL", None)
        env["OPENEXPO_VAR_DIR"] = f"/tmp/openexpo-bench/{name}"
    else:
        env["DATABASE_URL"] = f"{PG_BASE}/openexpo_bench_{name}"
    return env


def fresh_database(engine: str, name: str) -> dict[str, str]:
    """Create an empty, migrated database for a benchmark and return its environment."""
    env = bench_env(engine, name)
    if engine == "sqlite":
        subprocess.run(["rm", "-rf", env["OPENEXPO_VAR_DIR"]], check=True)
    else:
        import psycopg

        with psycopg.connect(
            f"{PG_BASE.replace('postgres://', 'postgresql://')}/postgres", autocommit=True
        ) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS openexpo_bench_{name} WITH (FORCE)")
            conn.execute(f"CREATE DATABASE openexpo_bench_{name}")
    manage(env, "migrate", "-v", "0")
    return env


def manage(env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), *args],
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )


def postgres_available() -> bool:
    try:
        import psycopg

        with psycopg.connect(
            f"{PG_BASE.replace('postgres://', 'postgresql://')}/postgres", connect_timeout=3
        ):
            return True
    except Exception:
        return False


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    index = min(len(ordered) - 1, max(0, round(p / 100 * (len(ordered) - 1))))
    return ordered[index]


def emit(result: dict) -> None:
    """The one JSON line every benchmark ends with."""
    print(json.dumps(result, sort_keys=True, default=str))
