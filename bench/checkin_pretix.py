"""pretix's check-in redeem endpoint under the same load as bench/checkin.py part b.

pretix runs from its OWN virtualenv (never the project's): create it once with
    python3.11 -m venv /tmp/pretix-venv && /tmp/pretix-venv/bin/pip install pretix gunicorn
then `python bench/checkin_pretix.py --venv /tmp/pretix-venv [--quick]`. The script writes a
pretix.cfg for a PostgreSQL database `pretix_bench`, migrates it, makes one event with
50,000 paid orders (one position each), serves pretix with gunicorn (2 workers x 6 threads)
and drives POST /api/v1/organizers/bench/checkinrpc/redeem/ with 12 keep-alive loopback
clients: first entries, then repeats, exits and unknown secrets. Prints one JSON line.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench._common import wait_http  # noqa: E402

WORK = Path("/tmp/pretix-bench")
CFG = """[pretix]
instance_name=bench
url=http://127.0.0.1:{port}
datadir={work}/data
currency=EUR
[database]
backend=postgresql
name=pretix_bench
user=postgres
host=127.0.0.1
[mail]
from=bench@localhost
[django]
debug=off
"""
SETUP = r"""
import datetime as dt, json, os, secrets, sys
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pretix.settings")
import django
django.setup()
from decimal import Decimal
from django.utils import timezone
from django_scopes import scopes_disabled
N = int(sys.argv[1])
with scopes_disabled():
    from pretix.base.models import Event, Item, Order, OrderPosition, Organizer, Team
    now = timezone.now()
    o = Organizer.objects.create(name="Bench", slug="bench")
    ev = Event.objects.create(organizer=o, name="Bench", slug="bench", date_from=now - dt.timedelta(days=1),
                              date_to=now + dt.timedelta(days=5), live=True, currency="EUR")
    item = Item.objects.create(event=ev, name="Ticket", default_price=Decimal("10.00"), admission=True)
    cl = ev.checkin_lists.create(name="Default", all_products=True)
    team = Team.objects.create(organizer=o, name="Bench", all_events=True, all_event_permissions=True)
    token = team.tokens.create(name="bench")
    sc = o.sales_channels.get(identifier="web")
    Order.objects.bulk_create([Order(code=f"B{i:07d}", event=ev, organizer=o, status="p",
        email=f"b{i}@example.org", datetime=now, expires=now + dt.timedelta(days=10),
        total=Decimal("10.00"), locale="en", sales_channel=sc) for i in range(N)], batch_size=5000)
    orders = list(Order.objects.filter(event=ev).order_by("code"))
    # bulk_create skips OrderPosition.save(), which draws the ticket secret and the
    # pseudonymisation id: draw them here the way pretix does (random, unique)
    OrderPosition.all.bulk_create([OrderPosition(order=od, organizer=o, item=item, price=Decimal("10.00"),
        tax_rate=Decimal("0.00"), tax_value=Decimal("0.00"), positionid=1, attendee_name_parts={},
        secret=secrets.token_hex(16), pseudonymization_id=f"P{i:09d}") for i, od in enumerate(orders)],
        batch_size=5000)
    secrets = list(OrderPosition.all.filter(order__event=ev).order_by("order__code").values_list("secret", flat=True))
    json.dump({"token": token.token, "list": cl.pk, "secrets": secrets}, open(sys.argv[2], "w"))
"""


def _psql(sql: str, db: str = "postgres") -> str:
    out = subprocess.run(
        ["psql", "-h", "127.0.0.1", "-U", "postgres", "-d", db, "-Atc", sql],
        capture_output=True,
        text=True,
        check=True,
    )
    return out.stdout.strip()


def prepare(venv: Path, port: int, orders: int, env: dict) -> dict:
    """pretix's database with `orders` paid orders: migrated once into a template database
    (pretix_bench_tpl, minutes), then copied from it and filled with bulk inserts."""
    data = WORK / f"data-{orders}.json"
    if data.exists():
        return json.loads(data.read_text())
    (WORK / "data").mkdir(parents=True, exist_ok=True)
    _psql("DROP DATABASE IF EXISTS pretix_bench WITH (FORCE)")
    if not _psql("SELECT 1 FROM pg_database WHERE datname = 'pretix_bench_tpl'"):
        _psql("CREATE DATABASE pretix_bench")
        subprocess.run(
            [str(venv / "bin/python"), "-m", "pretix", "migrate"],
            env=env,
            check=True,
            capture_output=True,
        )
        _psql("CREATE DATABASE pretix_bench_tpl TEMPLATE pretix_bench")
    else:
        _psql("CREATE DATABASE pretix_bench TEMPLATE pretix_bench_tpl")
    (WORK / "setup.py").write_text(SETUP)
    t0 = time.perf_counter()
    subprocess.run(
        [str(venv / "bin/python"), str(WORK / "setup.py"), str(orders), str(data)],
        env=env,
        check=True,
        cwd=str(WORK),
    )
    fixture = json.loads(data.read_text())
    fixture["setup_s"] = round(time.perf_counter() - t0, 1)
    data.write_text(json.dumps(fixture))
    return fixture


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--venv", default="/tmp/pretix-venv")
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    venv, port = Path(args.venv), 8932
    if not (venv / "bin/gunicorn").exists():
        print(json.dumps({"error": f"no pretix virtualenv at {venv}"}))
        return
    WORK.mkdir(parents=True, exist_ok=True)
    (WORK / "pretix.cfg").write_text(CFG.format(port=port, work=WORK))
    env = {
        k: v for k, v in os.environ.items() if k not in {"DJANGO_SETTINGS_MODULE", "DATABASE_URL"}
    }
    env["PRETIX_CONFIG_FILE"] = str(WORK / "pretix.cfg")
    fixture = prepare(venv, port, 50_000, env)
    _psql("DELETE FROM pretixbase_checkin", "pretix_bench")
    n = 1_000 if args.quick else 5_000
    secrets = fixture["secrets"][:n]
    server = subprocess.Popen(
        [
            str(venv / "bin/gunicorn"),
            "pretix.wsgi",
            "-b",
            f"127.0.0.1:{port}",
            "--workers",
            "2",
            "--worker-class",
            "gthread",
            "--threads",
            "6",
            "--keep-alive",
            "30",
            "--log-level",
            "error",
        ],
        env=env,
        cwd=str(WORK),
    )
    try:
        from bench.checkin_load import pretix_request, run_load

        req = pretix_request(fixture["token"], "bench", fixture["list"])
        wait_http(port, "/api/v1/", timeout=90, request_timeout=5, interval=1)
        run_load(
            port=port,
            token="",
            payloads=["warm-up"] * 24,
            edition=0,
            gates=["x"],
            clients=12,
            time_limit=30,
            request=req,
        )
        from bench.checkin_parts import _cpu_seconds

        kids = Path(f"/proc/{server.pid}/task/{server.pid}/children").read_text().split()
        db = _psql(
            "SELECT string_agg(pid::text, ' ') FROM pg_stat_activity WHERE datname = 'pretix_bench'"
        )
        pids = [server.pid, *map(int, kids), *map(int, db.split())]
        cpu0 = _cpu_seconds(pids)
        stats = run_load(
            port=port,
            token="",
            payloads=secrets,
            edition=0,
            gates=["x"],
            clients=12,
            time_limit=60 if args.quick else 180,
            request=req,
        )
        cpu = _cpu_seconds(pids) - cpu0
        stats["server_cpu_ms_per_scan"] = round(cpu / max(1, stats["sent_ok"]) * 1000, 2)
        stats["load_avg_1m"] = os.getloadavg()[0]
    finally:
        server.terminate()
        server.wait(timeout=30)
    stats["checkin_rows"] = int(_psql("SELECT count(*) FROM pretixbase_checkin", "pretix_bench"))
    stats["server"] = "pretix gunicorn 2x6 gthread, PostgreSQL"
    print(json.dumps(stats))


if __name__ == "__main__":
    main()
