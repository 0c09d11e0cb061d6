"""Check-in benchmark (issue 4): (a) in-process verify + decide, (c) issuing badges for the
demo's 410,000 visitors and a 1,000-badge PDF, (b) the HTTP scan endpoint under gunicorn
on PostgreSQL with a bounded loopback load (bench/checkin_load.py).

    .venv/bin/python bench/checkin.py [--quick] [--parts a,c,b]

Each part runs in its own process (its own settings and database) and prints one JSON
line; this script prints them merged as ONE JSON line at the end. Figures are medians.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
PG_URL = os.environ.get("BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432/openexpo_bench_checkin")


def _run_part(part: str, quick: bool) -> dict:
    env = dict(
        os.environ,
        DJANGO_SETTINGS_MODULE="openexpo.settings",
        DATABASE_URL=PG_URL,
        OPENEXPO_VAR_DIR="/tmp/bench-checkin",
        PYTHONPATH=str(ROOT),
    )
    cmd = [sys.executable, str(ROOT / "bench" / "checkin_parts.py"), part] + (
        ["--quick"] if quick else []
    )
    out = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=1800)
    sys.stderr.write(out.stderr[-4000:])
    lines = [ln for ln in out.stdout.splitlines() if ln.startswith("{")]
    if out.returncode != 0 or not lines:
        return {"error": f"part {part} failed (exit {out.returncode})", "stdout": out.stdout[-500:]}
    return json.loads(lines[-1])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--parts", default="a,c,b")
    parser.add_argument(
        "--pretix-venv", default="", help="run pretix's redeem endpoint the same way"
    )
    parser.add_argument(
        "--pretix-json", default="", help="or take a finished bench/checkin_pretix.py line"
    )
    args = parser.parse_args()
    result: dict = {"bench": "checkin", "quick": args.quick}
    if set(args.parts.split(",")) - {"a"}:
        _run_part("prepare", args.quick)
    for part in args.parts.split(","):
        fig = _run_part(part.strip(), args.quick)
        print(f"part {part}: {json.dumps(fig)}", file=sys.stderr)
        result[part.strip()] = fig
    b = result.get("b", {})
    if args.pretix_venv:
        cmd = [
            sys.executable,
            str(ROOT / "bench" / "checkin_pretix.py"),
            "--venv",
            args.pretix_venv,
        ]
        out = subprocess.run(
            cmd + (["--quick"] if args.quick else []),
            capture_output=True,
            text=True,
            timeout=3600,
            env=dict(os.environ, PYTHONPATH=str(ROOT)),
        )
        sys.stderr.write(out.stderr[-3000:])
        lines = [ln for ln in out.stdout.splitlines() if ln.startswith("{")]
        result["pretix"] = json.loads(lines[-1]) if lines else {"error": "pretix run failed"}
    if args.pretix_json and not args.pretix_venv:
        lines = [ln for ln in Path(args.pretix_json).read_text().splitlines() if ln.startswith("{")]
        result["pretix"] = json.loads(lines[-1]) if lines else {"error": "no pretix figures"}
    p = result.get("pretix", {})
    if "accepted_per_s" in b and p.get("entry_phase_accepted_per_s"):
        result["ratio_vs_pretix_accepted_per_s"] = round(
            b["accepted_per_s"] / max(1, p.get("accepted_per_s", 0)), 1
        )
        result["ratio_vs_pretix_entry_rate"] = round(
            b["entry_phase_accepted_per_s"] / p["entry_phase_accepted_per_s"], 1
        )
        result["ratio_vs_pretix_server_cpu"] = (
            round(p["server_cpu_ms_per_scan"] / b["server_cpu_ms_per_scan"], 1)
            if p.get("server_cpu_ms_per_scan")
            else None
        )
    elif "accepted_per_s" in b:
        # not measured here: the pretix figure on this kind of machine is 11-26 scans/s
        result["ratio_vs_pretix_reported_26_per_s"] = round(b["entry_phase_accepted_per_s"] / 26, 1)
        result["pretix_measured_here"] = False
    print(json.dumps(result))


if __name__ == "__main__":
    main()
