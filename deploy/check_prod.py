"""`make check-prod`: the production shape under faults (issue 9), on this machine.

1. PostgreSQL restarted during load: requests answer 503 (never 500) and recover at once after;
   every deal the clients saw created is there with its audit entry, none half-written.
2. Redis down: pages still answer (the cache reads as a miss), a scheduling job started
   meanwhile stays queued in PostgreSQL and runs once Redis and a worker are back.
3. A Celery worker's process killed mid-job: the message comes back (acks late), the dead run
   is reclaimed and the job finishes; the booth plan is the old one or the new one, never half.

The disruptive steps are brief and always restore the services (other work shares them).
Ends with one JSON line.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench._common import ROOT, emit, manage  # noqa: E402
from bench.load import prepare, run_load, server_env, start_server, wait_ready  # noqa: E402

PORT = 8951


def pg_version() -> str:
    return sorted(os.listdir("/etc/postgresql"))[-1]


def pg_ready() -> bool:
    return subprocess.run(["pg_isready", "-q", "-h", "127.0.0.1", "-p", "5432"]).returncode == 0


def pg_ensure_up() -> None:
    if not pg_ready():
        subprocess.run(
            ["pg_ctlcluster", "--skip-systemctl-redirect", pg_version(), "main", "start"],
            check=False,
        )
    for _ in range(60):
        if pg_ready():
            return
        time.sleep(0.5)
    raise RuntimeError("PostgreSQL did not come back")


def redis_up() -> bool:
    out = subprocess.run(["redis-cli", "-h", "127.0.0.1", "ping"], capture_output=True, text=True)
    return out.stdout.strip() == "PONG"


def redis_ensure_up() -> None:
    if not redis_up():
        subprocess.run(
            ["redis-server", "--daemonize", "yes", "--bind", "127.0.0.1", "--port", "6379",
             "--save", "", "--appendonly", "no"],
            check=False,
        )  # fmt: skip
    for _ in range(40):
        if redis_up():
            return
        time.sleep(0.25)
    raise RuntimeError("Redis did not come back")


def shell(env: dict[str, str], code: str) -> dict:
    """Run Django code in the bench database; its last stdout line is JSON."""
    out = manage(server_env(env), "shell", "-c", code).stdout.strip().splitlines()
    return json.loads(out[-1])


def sequential(data: dict, kinds: list[str], each: int = 3) -> dict:
    """Every kind `each` times, one at a time: does the server answer normally?"""
    from bench import load

    saved = load.MIX
    try:
        load.MIX = {k: 1 for k in kinds}
        return run_load(PORT, data, clients=1, total=each * len(kinds), time_limit=60)
    finally:
        load.MIX = saved


def fault_postgres_restart(env: dict[str, str], data: dict) -> dict:
    from bench import load

    load.MIX = {"scan": 30, "deal": 40, "front": 20, "search": 10}
    box: dict = {}
    runner = threading.Thread(
        target=lambda: box.update(
            run_load(PORT, data, clients=6, total=100_000, time_limit=14, seed=31)
        )
    )
    runner.start()
    time.sleep(4)
    started = time.monotonic()
    try:
        subprocess.run(
            ["pg_ctlcluster", "--skip-systemctl-redirect", pg_version(), "main", "restart"],
            check=True,
            capture_output=True,
        )
    finally:
        pg_ensure_up()
    restart_s = time.monotonic() - started
    runner.join()
    after = sequential(data, ["front", "scan", "deal", "search"])
    check = shell(
        env,
        r"""
import json
from openexpo.core.models import AuditEntry
from openexpo.deals.models import Deal
from openexpo.deals.rollup import rollup_live, rollup_rows, DIMENSIONS
ids = list(Deal.objects.filter(buyer_organisation__startswith="Load buyer").values_list("pk", flat=True))
audited = set(AuditEntry.objects.filter(object_id__in=[str(i) for i in ids], action__startswith="deal")
              .values_list("object_id", flat=True))
eds = list(Deal.objects.values_list("edition_id", flat=True).distinct())
kinds = list(Deal.Kind.values)
mismatch = [d for d in DIMENSIONS if rollup_rows(edition_ids=eds, dimension=d, kinds=kinds)
            != rollup_live(edition_ids=eds, dimension=d, kinds=kinds)]
print(json.dumps({"deals": len(ids), "without_audit": len(set(map(str, ids)) - audited),
                  "rollup_mismatch": mismatch}))
""",
    )
    during = {k: v for k, v in box.items() if k != "kinds"}
    print("during restart", json.dumps(box.get("kinds")), file=sys.stderr)
    ok = (
        during.get("errors", 1) == 0
        and after["errors"] == 0
        and after["unavailable"] == 0
        and check["without_audit"] == 0
        and not check["rollup_mismatch"]
    )
    return {
        "ok": ok,
        "restart_s": round(restart_s, 1),
        "during": {k: during.get(k) for k in ("requests", "errors", "unavailable", "refused")},
        "after_restart": {k: after[k] for k in ("requests", "errors", "unavailable")},
        **check,
    }


def start_worker(env: dict[str, str]) -> subprocess.Popen:
    wenv = server_env(env)
    wenv["OPENEXPO_CELERY_VISIBILITY_TIMEOUT"] = "20"
    return subprocess.Popen(
        [str(Path(sys.executable).parent / "celery"), "-A", "openexpo", "worker",
         "--concurrency", "1", "--loglevel", "warning", "--hostname", f"check-{os.getpid()}@%h",
         "--without-gossip", "--without-mingle", "--without-heartbeat"],
        cwd=ROOT,
        env=wenv,
    )  # fmt: skip


def stop(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def job_status_fast(env: dict[str, str], job_id: int) -> str:
    import psycopg

    url = env["DATABASE_URL"].replace("postgres://", "postgresql://", 1)
    with psycopg.connect(url, autocommit=True) as conn:
        row = conn.execute(
            "SELECT status FROM core_backgroundjob WHERE id = %s", [job_id]
        ).fetchone()
    return row[0] if row else ""


def job_status(env: dict[str, str], job_id: int) -> dict:
    return shell(
        env,
        "import json; from openexpo.core.models import BackgroundJob as J; "
        f"j = J.objects.get(pk={job_id}); "
        "print(json.dumps({'status': j.status, 'progress': j.progress, 'message': j.message[:200]}))",
    )


def wait_job(env: dict[str, str], job_id: int, until: set[str], timeout: float) -> dict:
    end = time.monotonic() + timeout
    state = job_status(env, job_id)
    while state["status"] not in until and time.monotonic() < end:
        time.sleep(1)
        state = job_status(env, job_id)
    return state


def fault_redis_down(env: dict[str, str], data: dict) -> dict:
    import http.client

    down_at = time.monotonic()
    try:
        subprocess.run(["redis-cli", "-h", "127.0.0.1", "shutdown", "nosave"], check=False)
        pages = sequential(data, ["front", "search", "scan", "deal"], each=2)
        conn = http.client.HTTPConnection("127.0.0.1", PORT, timeout=60)
        conn.request(
            "POST",
            f"/api/matchmaking/editions/{data['edition']}/schedule-jobs",
            body=json.dumps({"time_limit": 5}),
            headers={"Content-Type": "application/json",
                     "Authorization": f"Bearer {data['org_token']}"},
        )  # fmt: skip
        resp = conn.getresponse()
        body = json.loads(resp.read() or b"{}")
        job_id = body.get("id")
        queued = job_status(env, job_id) if job_id else {}
    finally:
        redis_ensure_up()
    down_s = time.monotonic() - down_at
    worker = start_worker(env)
    try:
        final = wait_job(env, job_id, {"done", "failed"}, 120) if job_id else {}
    finally:
        stop(worker)
    ok = (
        pages["errors"] == 0
        and pages["unavailable"] == 0
        and resp.status == 202
        and queued.get("status") == "queued"
        and final.get("status") == "done"
    )
    return {
        "ok": ok,
        "redis_down_s": round(down_s, 1),
        "requests_while_down": {k: pages[k] for k in ("requests", "errors", "refused")},
        "job_start_status": resp.status,
        "job_while_down": queued.get("status"),
        "job_after": final.get("status"),
    }


def fault_worker_killed(env: dict[str, str]) -> dict:
    start = shell(
        env,
        r"""
import json
from django.db import transaction
from openexpo.core.models import Edition, User
from openexpo.floorplan.allocation import allocation_start
from openexpo.floorplan.models import Booth
ed = Edition.objects.order_by("-number").first()
org = User.objects.get(username="load-organiser")
before = list(Booth.objects.filter(hall__edition=ed).order_by("pk").values_list("pk", flat=True))
with transaction.atomic():
    job = allocation_start(actor=org, edition=ed, time_limit=25)
print(json.dumps({"job": job.pk, "edition": ed.pk, "booths_before": len(before)}))
""",
    )
    job_id = start["job"]
    worker = start_worker(env)
    killed_pid = None
    try:
        end = time.monotonic() + 120
        status = job_status_fast(env, job_id)
        while status == "queued" and time.monotonic() < end:
            time.sleep(0.05)
            status = job_status_fast(env, job_id)
        kids = Path(f"/proc/{worker.pid}/task/{worker.pid}/children").read_text().split()
        if status == "running" and kids:  # mid-run
            killed_pid = int(kids[0])
            os.kill(killed_pid, signal.SIGKILL)
        mid = shell(
            env,
            "import json; from openexpo.floorplan.models import Booth; "
            f"print(json.dumps({{'booths': Booth.objects.filter(hall__edition_id={start['edition']}).count()}}))",
        )
        final = wait_job(env, job_id, {"done", "failed"}, 150)
    finally:
        stop(worker)
    after = shell(
        env,
        r"""
import json
from openexpo.core.models import BackgroundJob
from openexpo.floorplan.models import Booth
j = BackgroundJob.objects.get(pk=__JOB__)
n = Booth.objects.filter(hall__edition_id=__ED__).count()
pinned = Booth.objects.filter(hall__edition_id=__ED__, pinned=True).count()
print(json.dumps({"booths": n, "stored": (j.result or {}).get("stored"), "pinned": pinned}))
""".replace("__JOB__", str(job_id)).replace("__ED__", str(start["edition"])),
    )
    ok = (
        killed_pid is not None
        and mid["booths"] == start["booths_before"]
        and final["status"] == "done"
        and after["booths"] == after["stored"] + after["pinned"]
    )
    return {
        "ok": ok,
        "killed_pool_process": killed_pid,
        "booths_before": start["booths_before"],
        "booths_right_after_kill": mid["booths"],
        "job_after": final["status"],
        "job_message": final.get("message", "")[:120],
        "booths_after": after["booths"],
        "stored_by_job": after["stored"],
    }


def main() -> int:
    env, data = prepare(0.005)
    redis_ensure_up()
    server = start_server(env, PORT, workers=2, threads=4)
    results: dict = {}
    try:
        wait_ready(PORT)
        run_load(PORT, data, clients=8, total=60, time_limit=30)  # warm up
        load_before = os.getloadavg()[0]
        normal = run_load(PORT, data, clients=8, total=600, time_limit=60)
        normal["load_avg_1m"] = round(load_before, 2)
        print("load", json.dumps(normal), file=sys.stderr)
        results["load"] = {"ok": normal["errors"] == 0, **normal}
        for name, step in (
            ("postgres_restart", lambda: fault_postgres_restart(env, data)),
            ("redis_down", lambda: fault_redis_down(env, data)),
            ("worker_killed", lambda: fault_worker_killed(env)),
        ):
            try:
                results[name] = step()
            except Exception as exc:  # report and go on: every fault gets its line
                results[name] = {"ok": False, "exception": repr(exc)[:300]}
            finally:
                pg_ensure_up()
                redis_ensure_up()
            print(name, json.dumps(results[name]), file=sys.stderr)
    finally:
        stop(server)
        pg_ensure_up()
        redis_ensure_up()
    ok = all(r.get("ok") for r in results.values())
    emit({"check": "prod-faults", "ok": ok, **results, "load_avg_1m": os.getloadavg()[0]})
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
