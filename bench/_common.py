"""Helpers shared by the benchmarks: separate databases, Django set-up, medians, JSON line."""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import time
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


def demo_database(
    engine: str, name: str, scale: float, *, seed: int | None = None
) -> tuple[dict[str, str], float | None]:
    """The environment of a database holding the demo at `scale`, built once and then kept.

    A marker file under /tmp/openexpo-bench says the build finished; a kept database only has
    its schema brought up to date. Returns the environment and the build's seconds (None if kept).
    """
    env = bench_env(engine, name)
    marker = Path(f"/tmp/openexpo-bench/{name}-{engine}.built")
    if marker.exists():
        manage(env, "migrate", "-v", "0")
        return env, None
    env = fresh_database(engine, name)
    extra = ["--seed", str(seed)] if seed is not None else []
    started = time.perf_counter()
    manage(env, "demo", "--scale", str(scale), *extra, "--quiet")
    seconds = time.perf_counter() - started
    marker.parent.mkdir(parents=True, exist_ok=True)
    marker.write_text(str(scale))
    return env, seconds


class WorkerFailed(RuntimeError):
    """A benchmark's worker process exited with an error; `tail` is the end of its stderr."""

    def __init__(self, tail: list[str]) -> None:
        super().__init__("\n".join(tail))
        self.tail = tail


def run_worker(script: str, env: dict[str, str], *args: str) -> dict:
    """Run `script --worker *args` in `env` and return the JSON of its last stdout line."""
    out = subprocess.run(
        [sys.executable, script, "--worker", *args], env=env, capture_output=True, text=True
    )
    if out.returncode != 0:
        raise WorkerFailed(out.stderr.strip().splitlines()[-3:])
    return json.loads(out.stdout.strip().splitlines()[-1])


def emit(result: dict) -> None:
    """The one JSON line every benchmark ends with."""
    print(json.dumps(result, sort_keys=True, default=str))


def wait_http(
    port: int,
    path: str = "/",
    *,
    timeout: float = 300,
    request_timeout: float = 150,
    interval: float = 0.3,
) -> None:
    """Wait until a server on 127.0.0.1:`port` answers GET `path` (any status)."""
    import http.client

    end = time.monotonic() + timeout
    while time.monotonic() < end:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=request_timeout)
            conn.request("GET", path)
            conn.getresponse().read()
            return
        except OSError:
            time.sleep(interval)
    raise RuntimeError(f"the server on port {port} did not start")
