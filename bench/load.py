"""Morning-peak load (issue 9): gunicorn + PostgreSQL + Redis on loopback, the prod profile.

A bounded mix of gate scans, catalogue searches, meeting requests, deal entries and front pages
from keep-alive client threads; reports throughput, p50/p95/p99 and errors per kind, the
server's CPU (gunicorn + its PostgreSQL backends) per request and the load average.
Full size runs against the whole demo expo (scale 1: 410,000 visitors and badges, 3,400
exhibitors, 35,000 exhibits); `--quick` is the CI size. The baseline, measured in the same run,
is the same mix sent by one client at a time (the server unloaded): the ratio says how much
throughput concurrency buys and what it costs in latency. The modelled peak is the rate a
6th-CIIE morning asks for (below); the headroom is measured throughput over it. Ends with one
JSON line.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import subprocess
import sys
import threading
import time
from collections import defaultdict
from pathlib import Path
from urllib.parse import quote

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench._common import ROOT, emit, fresh_database, manage, percentile, wait_http  # noqa: E402

DB = "load"
REDIS_URL = os.environ.get("OPENEXPO_BENCH_REDIS", "redis://127.0.0.1:6379/3")
# Share of each kind in the morning peak (gates open: scans dominate).
MIX = {"scan": 40, "search": 25, "front": 15, "meeting": 10, "deal": 10}
# A morning peak at 6th-CIIE size: 410,000 registered visitors over six days, a third of them on
# the opening day and half of those through the gates in the first 90 minutes. Scans are 40% of
# the mix, so the whole mix has to run at that scan rate / 0.40.
PEAK_SCANS_PER_S = 410_000 / 3 / 2 / (90 * 60)
WORDS = ["wine", "milk", "coffee", "robot", "medical", "cheese", "car", "葡萄酒", "牛奶", "beef"]

SETUP = r"""
import json, random
from openexpo.api.auth import token_issue
from openexpo.core.models import Edition, User
from openexpo.exhibitors.models import Participation
from openexpo.visitors.badges import badges_issue_all
from openexpo.visitors.models import Badge, Gate, Visitor
ed = Edition.objects.order_by("-number").first()
if not Badge.objects.filter(visitor__edition=ed).exists():
    badges_issue_all(edition=ed)
for i in range(6):
    Gate.objects.get_or_create(edition=ed, code=f"load{i}", defaults={"zone": f"H{i % 3}"})
gate, _ = User.objects.get_or_create(username="load-gate", defaults={"kind": "gate"})
org, _ = User.objects.get_or_create(username="load-organiser", defaults={"kind": "organiser", "is_staff": True})
badges = list(Badge.objects.filter(visitor__edition=ed).order_by("?").values_list("payload", flat=True)[:3000])
parts = list(Participation.objects.filter(edition=ed, status="approved").values_list("pk", flat=True)[:400])
buyers = list(Visitor.objects.filter(edition=ed).values_list("pk", flat=True)[:400])
print(json.dumps({"edition": ed.number, "days": [str(d) for d in ed.days],
    "gate_token": token_issue(user=gate), "org_token": token_issue(user=org),
    "badges": badges, "parts": parts, "buyers": buyers}))
"""


def prepare(scale: float) -> tuple[dict[str, str], dict]:
    """A fresh PostgreSQL database with a demo edition; tokens, badges and ids for the load."""
    env = fresh_database("postgres", DB)
    # The server's secrets from the start: badge signing keys are encrypted with one of them.
    manage(server_env(env), "demo", "--scale", str(scale))
    out = manage(server_env(env), "shell", "-c", SETUP).stdout.strip().splitlines()[-1]
    return env, json.loads(out)


def server_env(env: dict[str, str]) -> dict[str, str]:
    out = dict(env)
    out.update(
        OPENEXPO_PROFILE="prod",
        OPENEXPO_SECRET_KEY="bench-only-secret-key-" + "x" * 40,
        OPENEXPO_ID_HASH_KEY="bench-only-id-hash-key-" + "x" * 40,
        OPENEXPO_BADGE_KEY_SECRET="bench-only-badge-key-" + "x" * 40,
        OPENEXPO_WEBHOOK_SECRET="bench-only-webhook-" + "x" * 40,
        OPENEXPO_HTTPS="0",
        OPENEXPO_API_RATE_LIMIT="0",
        OPENEXPO_API_ANON_RATE_LIMIT="0",  # every client of the bench is 127.0.0.1
        OPENEXPO_REDIS_URL=REDIS_URL,
        OPENEXPO_LOG_LEVEL="ERROR",
        OPENEXPO_VAR_DIR="/tmp/openexpo-bench/load-var",
    )
    out.pop("OPENEXPO_DEBUG", None)
    return out


def start_server(env: dict[str, str], port: int, workers: int, threads: int) -> subprocess.Popen:
    senv = server_env(env)
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"],
        cwd=ROOT,
        env=senv,
        check=True,
    )
    gunicorn = str(Path(sys.executable).parent / "gunicorn")
    return subprocess.Popen(
        [gunicorn, "openexpo.wsgi:application", "-b", f"127.0.0.1:{port}", "--workers",
         str(workers), "--worker-class", "gthread", "--threads", str(threads),
         "--keep-alive", "30", "--timeout", "180", "--log-level", "error"],
        cwd=ROOT,
        env=senv,
    )  # fmt: skip


def wait_ready(port: int) -> None:
    wait_http(port, "/", timeout=300, request_timeout=150)


def cpu_seconds(pids: list[int]) -> float:
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])
        except (OSError, IndexError, ValueError):
            pass
    return total / os.sysconf("SC_CLK_TCK")


def server_pids(master: int, dbname: str) -> list[int]:
    import psycopg

    kids = Path(f"/proc/{master}/task/{master}/children").read_text().split()
    with psycopg.connect("postgresql://postgres@127.0.0.1:5432/postgres") as conn:
        rows = conn.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = %s", [dbname]
        ).fetchall()
    return [master, *map(int, kids), *(r[0] for r in rows)]


class Requests:
    """Builds one request of a kind from the prepared data."""

    def __init__(self, data: dict, rng: random.Random) -> None:
        self.d = data
        self.rng = rng
        self.scan_i = 0
        self.lock = threading.Lock()

    def build(self, kind: str) -> tuple[str, str, str | None, dict]:
        d, rng = self.d, self.rng
        js = {"Content-Type": "application/json"}
        if kind == "front":
            return "GET", "/", None, {}
        if kind == "search":
            return "GET", f"/catalogue/?q={quote(rng.choice(WORDS))}", None, {}
        if kind == "scan":
            with self.lock:
                self.scan_i += 1
                i = self.scan_i
            badges = d["badges"]
            body = {
                "edition": d["edition"],
                "gate": f"load{i % 6}",
                "payload": badges[i % len(badges)],
                "direction": "in" if (i // len(badges)) % 2 == 0 else "out",
            }
            return "POST", "/api/scans", json.dumps(body), {
                **js, "Authorization": f"Bearer {d['gate_token']}"
            }  # fmt: skip
        auth = {**js, "Authorization": f"Bearer {d['org_token']}"}
        if kind == "meeting":
            body = {
                "edition": d["edition"],
                "participation_id": rng.choice(d["parts"]),
                "buyer_id": rng.choice(d["buyers"]),
                "day": rng.choice(d["days"]),
                "message": "load",
            }
            return "POST", "/api/matchmaking/requests", json.dumps(body), auth
        body = {
            "edition": d["edition"],
            "exhibitor": rng.choice(d["parts"]),
            "buyer_organisation": f"Load buyer {rng.randrange(10**6)}",
            "amount": f"{rng.randrange(1000, 10**6)}.00",
            "currency": "USD",
            "signed_on": d["days"][0],
        }
        return "POST", "/api/deals", json.dumps(body), auth


def run_load(
    port: int, data: dict, *, clients: int, total: int, time_limit: float, seed: int = 9
) -> dict:
    """`clients` keep-alive threads send `total` requests in the MIX (or stop at time_limit)."""
    rng = random.Random(seed)
    kinds = [k for k, w in MIX.items() for _ in range(w)]
    plan = [rng.choice(kinds) for _ in range(total)]
    builder = Requests(data, random.Random(seed + 1))
    lat: dict[str, list[float]] = defaultdict(list)
    outcome: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    lock = threading.Lock()
    it = iter(plan)
    end = time.monotonic() + time_limit

    def client() -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        while time.monotonic() < end:
            with lock:
                kind = next(it, None)
            if kind is None:
                return
            method, url, body, headers = builder.build(kind)
            t0 = time.perf_counter()
            try:
                conn.request(method, url, body=body, headers=headers)
                resp = conn.getresponse()
                resp.read()
                status = resp.status
                if resp.getheader("Connection", "").lower() == "close":
                    conn.close()
            except (OSError, http.client.HTTPException):
                status = 0
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            ms = (time.perf_counter() - t0) * 1000
            label = (
                "ok" if 200 <= status < 400 else "refused" if 400 <= status < 500
                else "unavailable" if status == 503 else "error"
            )  # fmt: skip
            with lock:
                lat[kind].append(ms)
                outcome[kind][label] += 1

    t0 = time.perf_counter()
    threads = [threading.Thread(target=client) for _ in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.perf_counter() - t0
    per_kind = {
        kind: {
            "n": len(xs),
            "p50_ms": round(percentile(xs, 50), 1),
            "p95_ms": round(percentile(xs, 95), 1),
            "p99_ms": round(percentile(xs, 99), 1),
            **dict(outcome[kind]),
        }
        for kind, xs in sorted(lat.items())
    }
    everything = [x for xs in lat.values() for x in xs]
    sent = len(everything)
    return {
        "requests": sent,
        "wall_s": round(wall, 2),
        "throughput_per_s": round(sent / wall, 1) if wall else 0.0,
        "p50_ms": round(percentile(everything, 50), 1),
        "p95_ms": round(percentile(everything, 95), 1),
        "p99_ms": round(percentile(everything, 99), 1),
        "errors": sum(o.get("error", 0) for o in outcome.values()),
        "unavailable": sum(o.get("unavailable", 0) for o in outcome.values()),
        "refused": sum(o.get("refused", 0) for o in outcome.values()),
        "kinds": per_kind,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--port", type=int, default=8941)
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--scale", type=float, help="demo scale (default 1, quick 0.005)")
    parser.add_argument("--clients", type=int, help="concurrent clients (default 32, quick 8)")
    parser.add_argument("--requests", type=int, help="requests in the peak (default 8000)")
    args = parser.parse_args()
    scale = args.scale or (0.005 if args.quick else 1.0)
    clients = args.clients or (8 if args.quick else 32)
    total = args.requests or (600 if args.quick else 8000)
    limit = 60.0 if args.quick else 600.0
    sequential_total = 100 if args.quick else 400
    env, data = prepare(scale)
    server = start_server(env, args.port, args.workers, args.threads)
    try:
        wait_ready(args.port)
        run_load(args.port, data, clients=clients, total=60, time_limit=30)  # warm caches
        baseline = run_load(
            args.port, data, clients=1, total=sequential_total, time_limit=limit, seed=5
        )
        pids = server_pids(server.pid, f"openexpo_bench_{DB}")
        load_before = os.getloadavg()
        cpu0 = cpu_seconds(pids)
        result = run_load(args.port, data, clients=clients, total=total, time_limit=limit)
        cpu = cpu_seconds(pids) - cpu0
        load_after = os.getloadavg()
    finally:
        server.terminate()
        server.wait(timeout=30)
    peak = PEAK_SCANS_PER_S / (MIX["scan"] / sum(MIX.values()))
    result.update(
        bench="load",
        quick=args.quick,
        demo_scale=scale,
        clients=clients,
        server=f"gunicorn {args.workers} workers x {args.threads} threads, PostgreSQL, Redis",
        server_cpu_ms_per_request=round(cpu / max(1, result["requests"]) * 1000, 2),
        load_avg_1m=[round(load_before[0], 2), round(load_after[0], 2)],
        cpus=os.cpu_count(),
        baseline="the same mix from 1 client at a time, same run",
        baseline_throughput_per_s=baseline["throughput_per_s"],
        baseline_p50_ms=baseline["p50_ms"],
        baseline_p95_ms=baseline["p95_ms"],
        baseline_errors=baseline["errors"],
        ratio_throughput_vs_baseline=round(
            result["throughput_per_s"] / max(0.1, baseline["throughput_per_s"]), 2
        ),
        ratio_p95_vs_baseline=round(result["p95_ms"] / max(0.1, baseline["p95_ms"]), 2),
        modelled_peak_per_s=round(peak, 1),
        headroom_vs_modelled_peak=round(result["throughput_per_s"] / peak, 2),
    )
    for kind, figures in result["kinds"].items():
        print(f"{kind:8} {figures}", file=sys.stderr)
    emit(result)
    return 0 if result["errors"] == 0 and baseline["errors"] == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
