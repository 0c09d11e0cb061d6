"""The parts of bench/checkin.py, each run in its own process: `a`, `b` or `c`."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def _per_call_us(fn, items: list, reps: int = 5) -> tuple[float, float]:
    """Median (CPU µs, wall µs) per call of fn over items, over `reps` passes."""
    cpu, wall = [], []
    for _ in range(reps):
        t0, w0 = time.process_time(), time.perf_counter()
        for x in items:
            fn(x)
        cpu.append((time.process_time() - t0) / len(items) * 1e6)
        wall.append((time.perf_counter() - w0) / len(items) * 1e6)
    return round(statistics.median(cpu), 2), round(statistics.median(wall), 2)


def part_a(quick: bool) -> dict:
    """In-process verification + decision, one core.

    Components first (each per call, CPU and wall): the Ed25519 verify with OpenSSL
    (`cryptography`) and with libsodium (PyNaCl, what the Verifier uses), decoding the QR
    text, the revocation-list lookup, the day check, the anti-passback lookup and update.
    Then whole scans: cold (first sight of each badge: decode + a real verify + decision +
    the scan appended to a write-behind buffer), warm (the same texts again: exits,
    re-entries) and a day's mix (each badge: in, refused duplicate, out, in, out). Rates
    are per CPU-second of this process (time.process_time), and per wall-second beside
    them; the load average says how busy the shared machine was."""
    from nacl.bindings import crypto_sign_open

    from openexpo.solvers import badgecodec as bc
    from openexpo.solvers.gate import IN, OUT, Gate, GateState

    load0 = os.getloadavg()[0]
    n = 5_000 if quick else 20_000
    priv, pub = bc.generate_key()
    signer = bc.Signer(priv)
    day = dt.date(2023, 11, 6)
    first, mask = bc.day_mask_for([day + dt.timedelta(days=i) for i in range(-1, 5)])
    texts = [
        signer.encode(edition=6, badge_id=i, category="visitor", first_day=first, day_mask=mask)
        for i in range(1, n + 1)
    ]
    parsed = [bc.parse(t) for t in texts[:2000]]
    ossl = bc.Ed25519PublicKey.from_public_bytes(pub)
    revoked = {i: 1 for i in range(n + 1, n + 2001)}  # a 2,000-entry revocation list
    inside: dict[int, tuple] = {}
    today = day.toordinal()
    creds = [c for c, _b, _s in parsed]
    parts = {
        "verify_openssl": _per_call_us(lambda p: ossl.verify(p[2], p[1]), parsed),
        "verify_libsodium": _per_call_us(lambda p: crypto_sign_open(p[2] + p[1], pub), parsed),
        "decode": _per_call_us(bc.parse, texts[:2000]),
        "revocation_lookup": _per_call_us(lambda c: c.revision < revoked.get(c.badge_id, 0), creds),
        "day_check": _per_call_us(lambda c: c.valid_on(today), creds),
        "antipassback_lookup_and_set": _per_call_us(
            lambda c: c.badge_id in inside or inside.__setitem__(c.badge_id, ("G1", "", None)),
            creds,
        ),
    }
    gate = Gate("G1")
    cold, cold_wall, warm, mixed = [], [], [], []
    for _rep in range(3):
        st = GateState(edition=6, verifier=bc.Verifier({0: pub}))
        st.revoked = dict(revoked)
        log: list[tuple] = []  # the write-behind buffer a server would flush in batches
        t0, w0 = time.process_time(), time.perf_counter()
        for t in texts:
            d = st.scan(t, gate, IN, day)
            log.append((d.badge_id, d.code, d.direction))
        cold.append(n / (time.process_time() - t0))
        cold_wall.append(n / (time.perf_counter() - w0))
        t0 = time.process_time()
        for t in texts:
            st.scan(t, gate, OUT, day)
        for t in texts:
            st.scan(t, gate, IN, day)
        warm.append(2 * n / (time.process_time() - t0))
        st2 = GateState(edition=6, verifier=bc.Verifier({0: pub}))
        t0 = time.process_time()
        for t in texts:
            st2.scan(t, gate, IN, day)
            st2.scan(t, gate, IN, day)  # refused: already inside
            st2.scan(t, gate, OUT, day)
            st2.scan(t, gate, IN, day)
            st2.scan(t, gate, OUT, day)
        mixed.append(5 * n / (time.process_time() - t0))
    return {
        "badges": n,
        "cold_scans_per_cpu_s": round(statistics.median(cold)),
        "cold_scans_per_wall_s": round(statistics.median(cold_wall)),
        "warm_scans_per_cpu_s": round(statistics.median(warm)),
        "day_mix_scans_per_cpu_s": round(statistics.median(mixed)),
        "cold_cpu_us_per_scan": round(1e6 / statistics.median(cold), 1),
        "component_cpu_us": {k: v[0] for k, v in parts.items()},
        "component_wall_us": {k: v[1] for k, v in parts.items()},
        "libsodium_vs_openssl_verify": round(
            parts["verify_openssl"][0] / parts["verify_libsodium"][0], 2
        ),
        "target_per_s": 10_000,
        "cold_ratio_to_target": round(statistics.median(cold) / 10_000, 2),
        "load_avg_1m": [round(load0, 2), round(os.getloadavg()[0], 2)],
    }


def _django() -> None:
    import django

    django.setup()


def _admin_conn():
    import psycopg

    url = os.environ["DATABASE_URL"].replace("postgres://", "postgresql://", 1)
    base, name = url.rsplit("/", 1)
    return psycopg.connect(base + "/postgres", autocommit=True), name


def prepare() -> dict:
    """A migrated template database; each part starts from a fresh copy of it."""
    conn, name = _admin_conn()
    with conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}_tpl" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}_tpl"')
    os.environ["DATABASE_URL"] = os.environ["DATABASE_URL"] + "_tpl"
    _django()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)
    return {"template": f"{name}_tpl"}


def _reset_db() -> None:
    from django.db import connection

    connection.close()
    conn, name = _admin_conn()
    with conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}" TEMPLATE "{name}_tpl"')


def _edition():
    from openexpo.core.models import Country, Edition

    today = dt.date.today()
    Country.objects.get_or_create(code="CN", defaults={"name_en": "China", "alpha3": "CHN"})
    ed, _ = Edition.objects.get_or_create(
        number=99,
        defaults=dict(
            name_en="Bench Expo",
            start_date=today - dt.timedelta(days=1),
            end_date=today + dt.timedelta(days=4),
        ),
    )
    return ed


def part_c(quick: bool) -> dict:
    """Issue badges (payload + signature, written with COPY) for 410,000 visitors; PDF for
    a 1,000-badge sample."""
    _django()
    _reset_db()
    from django.utils import timezone

    from openexpo.core.demo.context import bulk_insert
    from openexpo.visitors.badges import badges_issue_all
    from openexpo.visitors.keys import signer_for
    from openexpo.visitors.models import Badge, Visitor
    from openexpo.visitors.render import badges_pdf

    n = 10_000 if quick else 410_000
    ed = _edition()
    now = timezone.now()
    bulk_insert(
        Visitor,
        [
            "edition_id",
            "full_name",
            "organisation",
            "role",
            "country_id",
            "status",
            "registered_at",
        ],
        ((ed.pk, f"Visitor {i}", "Buyer Co.", "", "CN", "approved", now) for i in range(n)),
    )
    signer = signer_for(edition=ed)
    t0 = time.process_time()
    first, mask = dt.date(2023, 11, 5).toordinal(), 0b111111
    for i in range(min(n, 50_000)):
        signer.encode(edition=99, badge_id=i, category="visitor", first_day=first, day_mask=mask)
    sign_rate = min(n, 50_000) / (time.process_time() - t0)
    import resource

    def children_cpu() -> float:
        r = resource.getrusage(resource.RUSAGE_CHILDREN)
        return r.ru_utime + r.ru_stime

    load0 = os.getloadavg()[0]
    t0, w0, k0 = time.process_time(), time.perf_counter(), children_cpu()
    made = badges_issue_all(edition=ed)
    issue_s, issue_wall = time.process_time() - t0, time.perf_counter() - w0
    signing_children_s = children_cpu() - k0  # the signing pool's processes
    sample = list(
        Badge.objects.filter(edition=ed)
        .select_related("edition", "visitor__country")
        .order_by("number")[: 200 if quick else 1000]
    )
    t0 = time.process_time()
    pdf = badges_pdf(sample)
    pdf_s = time.process_time() - t0
    return {
        "visitors": n,
        "badges_issued": made,
        "issue_all_cpu_s": round(issue_s + signing_children_s, 1),
        "issue_all_cpu_s_main_process": round(issue_s, 1),
        "issue_all_wall_s": round(issue_wall, 1),
        "load_avg_1m": [round(load0, 2), round(os.getloadavg()[0], 2)],
        "issue_target_s": 60,
        "payloads_signed_per_s": round(sign_rate),
        "pdf_sample_badges": len(sample),
        "pdf_s": round(pdf_s, 1),
        "pdf_ms_per_badge": round(pdf_s / max(1, len(sample)) * 1000, 1),
        "pdf_bytes": len(pdf),
    }


def _cpu_seconds(pids: list[int]) -> float:
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])  # utime + stime (clock ticks)
        except (OSError, IndexError, ValueError):
            pass
    return total / os.sysconf("SC_CLK_TCK")


def _server_pids(master: int, dbname: str) -> list[int]:
    """gunicorn workers and the PostgreSQL backends serving the bench database."""
    kids = Path(f"/proc/{master}/task/{master}/children").read_text().split()
    conn, _ = _admin_conn()
    with conn:
        rows = conn.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = %s", [dbname]
        ).fetchall()
    return [master, *map(int, kids), *(r[0] for r in rows)]


def part_b(quick: bool) -> dict:
    """gunicorn + PostgreSQL; 12 keep-alive clients on loopback (bench/checkin_load.py).

    The server is CHECKIN_SERVER="class,workers,threads" (default gthread,2,4);
    OPENEXPO_SCAN_FAST_LANE=0 in the environment sends every scan through Django."""
    _django()
    _reset_db()
    from django.db import connection

    from openexpo.api.auth import token_issue
    from openexpo.core.models import User
    from openexpo.visitors.badges import badges_issue_all
    from openexpo.visitors.models import Badge, Gate, Scan, Visitor

    n = 1_000 if quick else 5_000
    ed = _edition()
    Visitor.objects.bulk_create(
        [Visitor(edition=ed, full_name=f"V{i}", country_id="CN") for i in range(n)]
    )
    badges_issue_all(edition=ed)
    for i in range(6):
        Gate.objects.create(edition=ed, code=f"g{i}", zone=f"H{i % 3}")
    user = User.objects.create(username="gate-bench", kind="gate")
    token = token_issue(user=user)
    payloads = list(Badge.objects.order_by("number").values_list("payload", flat=True))
    connection.close()
    port = 8931
    wclass, workers, threads = (os.environ.get("CHECKIN_SERVER") or "gthread,2,4").split(",")
    env = dict(os.environ, OPENEXPO_DEBUG="0", OPENEXPO_LOG_LEVEL="ERROR")
    server = subprocess.Popen(
        [
            str(Path(sys.executable).parent / "gunicorn"),
            "openexpo.wsgi:application",
            "-b",
            f"127.0.0.1:{port}",
            "--workers",
            workers,
            "--worker-class",
            wclass,
            "--threads",
            threads,
            "--keep-alive",
            "30",
            "--log-level",
            "error",
        ],
        cwd=str(ROOT),
        env=env,
    )
    try:
        from bench.checkin_load import run_load, wait_ready

        wait_ready(port, timeout=30)
        dbname = os.environ["DATABASE_URL"].rsplit("/", 1)[1]
        warm = run_load(
            port=port,
            token=token,
            payloads=["warm-up"] * 48,
            edition=99,
            gates=["g0"],
            clients=12,
            time_limit=10,
        )["sent_ok"]
        pids = _server_pids(server.pid, dbname)
        load0 = os.getloadavg()[0]
        cpu0, client0 = _cpu_seconds(pids), time.process_time()
        stats = run_load(
            port=port,
            token=token,
            payloads=payloads,
            edition=99,
            gates=[f"g{i}" for i in range(6)],
            clients=12,
            time_limit=120 if not quick else 30,
        )
        server_cpu = _cpu_seconds(pids) - cpu0
        client_cpu = time.process_time() - client0
        load1 = os.getloadavg()[0]
    finally:
        server.terminate()
        server.wait(timeout=20)
    ok = max(1, stats["sent_ok"])
    stats["server_cpu_ms_per_scan"] = round(server_cpu / ok * 1000, 3)
    stats["client_cpu_ms_per_scan"] = round(client_cpu / ok * 1000, 3)
    # what 2 cores would sustain if the server had them to itself (the load generator runs
    # elsewhere): scans per server CPU-second x 2
    stats["capacity_2_cores_per_s"] = round(2000 / max(0.001, stats["server_cpu_ms_per_scan"]))
    stats["accepted_share"] = round(stats["accepted"] / ok, 3)
    rows = Scan.objects.count() - warm  # less the warm-up scans
    stats.update(
        {
            "load_avg_1m": [round(load0, 2), round(load1, 2)],
            "scan_rows": rows,
            "lost": stats["sent_ok"] - rows,
            "database": "postgresql",
            "server": f"gunicorn {workers}x{threads} {wclass}",
            "fast_lane": os.environ.get("OPENEXPO_SCAN_FAST_LANE", "1") != "0",
            "target_accepted_per_s": 500,
            "target_p95_ms": 50,
        }
    )
    return stats


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("part", choices=["a", "b", "c", "prepare"])
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    fig = (
        prepare()
        if args.part == "prepare"
        else {"a": part_a, "b": part_b, "c": part_c}[args.part](args.quick)
    )
    print(json.dumps(fig))
