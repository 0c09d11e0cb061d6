"""A bounded loopback load generator for the scan endpoint: threads + http.client
keep-alive, a fixed number of requests and a time limit; 127.0.0.1 only."""

from __future__ import annotations

import http.client
import json
import random
import threading
import time

from bench._common import wait_http


def wait_ready(port: int, timeout: float = 30) -> None:
    wait_http(port, "/api/editions/99/badge-key", timeout=timeout, request_timeout=2)


def _plan(payloads: list[str], gates: list[str], rng: random.Random) -> list[tuple[str, str, str]]:
    """Phase 1: every badge enters once (accepted). Phase 2: a mix of repeats (refused by
    anti-passback), exits (accepted), and unknown/random codes (refused)."""
    first = [(p, "in", gates[i % len(gates)]) for i, p in enumerate(payloads)]
    rest = []
    for i, p in enumerate(payloads):
        g = gates[(i + 3) % len(gates)]
        kind = i % 4
        if kind == 0:
            rest.append((p, "in", g))  # repeat: already inside
        elif kind == 1:
            rest.append((p, "out", g))  # exit: accepted
        elif kind == 2:
            rest.append(
                (
                    "OX1:"
                    + "".join(rng.choice("0123456789ABCDEFGHIJKLMNOPQRSTUV") for _ in range(128)),
                    "in",
                    g,
                )
            )
        else:
            rest.append((f"RANDOM-{rng.random()}", "in", g))
    return first + rest


def openexpo_request(token: str, edition: int):
    """Request builder and response judge for OpenExpo's POST /api/scans."""
    headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}

    def build(payload: str, direction: str, gate: str) -> tuple[str, str, dict]:
        body = json.dumps(
            {"edition": edition, "gate": gate, "payload": payload, "direction": direction}
        )
        return "/api/scans", body, headers

    def judge(status: int, data: bytes) -> tuple[bool, str] | None:
        if status != 200:
            return None
        out = json.loads(data)
        return out["accepted"], out["code"]

    return build, judge


def pretix_request(token: str, organizer: str, list_id: int):
    """Request builder and judge for pretix's POST /api/v1/organizers/<o>/checkinrpc/redeem/."""
    headers = {"Authorization": f"Token {token}", "Content-Type": "application/json"}
    path = f"/api/v1/organizers/{organizer}/checkinrpc/redeem/"

    def build(payload: str, direction: str, gate: str) -> tuple[str, str, dict]:
        body = json.dumps(
            {
                "secret": payload,
                "lists": [list_id],
                "type": "exit" if direction == "out" else "entry",
            }
        )
        return path, body, headers

    def judge(status: int, data: bytes) -> tuple[bool, str] | None:
        if status >= 500:
            return None
        try:
            out = json.loads(data)
        except ValueError:
            return None
        ok = out.get("status") == "ok"
        return ok, "ok" if ok else str(out.get("reason") or out.get("status") or status)

    return build, judge


def run_load(
    *,
    port: int,
    token: str,
    payloads: list[str],
    edition: int,
    gates: list[str],
    clients: int = 12,
    time_limit: float = 120,
    request=None,
) -> dict:
    """`request` = (build, judge): defaults to OpenExpo's scan endpoint (openexpo_request)."""
    rng = random.Random(4)
    plan = _plan(payloads, gates, rng)
    n_first = len(payloads)
    lock = threading.Lock()
    cursor = [0]
    lat: list[tuple[int, float, bool, float]] = []  # (index, seconds, accepted, done at)
    errors = [0]
    codes: dict[str, int] = {}
    deadline = time.monotonic() + time_limit
    build, judge = request or openexpo_request(token, edition)

    def worker() -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        while time.monotonic() < deadline:
            with lock:
                i = cursor[0]
                if i >= len(plan):
                    break
                cursor[0] += 1
            payload, direction, gate = plan[i]
            path, body, headers = build(payload, direction, gate)
            t0 = time.perf_counter()
            try:
                conn.request("POST", path, body=body, headers=headers)
                resp = conn.getresponse()
                data = resp.read()
                dt_s = time.perf_counter() - t0
                verdict = judge(resp.status, data)
                if verdict is None:
                    with lock:
                        errors[0] += 1
                    continue
                accepted, code = verdict
                with lock:
                    lat.append((i, dt_s, accepted, time.perf_counter()))
                    codes[code] = codes.get(code, 0) + 1
            except (OSError, http.client.HTTPException):
                with lock:
                    errors[0] += 1
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        conn.close()

    t_start = time.perf_counter()
    threads = [threading.Thread(target=worker) for _ in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.perf_counter() - t_start
    ok = len(lat)
    accepted = sum(1 for _, _, a, _ in lat if a)
    first = [(s, a, done) for i, s, a, done in lat if i < n_first]
    first_lat = sorted(s for s, _, _ in first)
    first_wall = max((done for _, _, done in first), default=t_start) - t_start
    all_lat = sorted(s for _, s, _, _ in lat)

    def pct(xs: list[float], q: float) -> float:
        return round(xs[min(len(xs) - 1, int(q * len(xs)))] * 1000, 1) if xs else 0.0

    return {
        "requests_planned": len(plan),
        "sent_ok": ok,
        "http_errors": errors[0],
        "wall_s": round(wall, 2),
        "scans_per_s": round(ok / wall),
        "accepted": accepted,
        "accepted_per_s": round(accepted / wall),
        "entry_phase_accepted_per_s": round(sum(1 for _, a, _ in first if a) / first_wall)
        if first_wall
        else 0,
        "p50_ms": pct(all_lat, 0.5),
        "p95_ms": pct(all_lat, 0.95),
        "p95_first_scans_ms": pct(first_lat, 0.95),
        "codes": codes,
        "clients": clients,
    }
