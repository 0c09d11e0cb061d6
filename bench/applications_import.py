"""Bulk import benchmark (issue 3): a 3,400-row partner sheet (CSV and XLSX), dry run and
all-or-nothing import, against a row-by-row ORM import of the same rows as the baseline.

    .venv/bin/python bench/applications_import.py [--quick]

Runs on SQLite and, when reachable, PostgreSQL, each in its own fresh database. Prints
ONE JSON line at the end: medians of the dry run and import times, rows per second, and
the speed-up over the row-by-row baseline measured in the same run.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench._common import emit, fresh_database, median, postgres_available  # noqa: E402

COUNTRIES = ["DE", "FR", "JP", "US", "IT", "ET", "NP", "BD"]


def _sheet(n: int, edition: int) -> list[str]:
    head = "name_en,name_zh,country,size_class,email,website,area,booth_type,area_m2,pavilion,plans_en,plans_zh,status,free_ldc_booth"
    rows = [
        f"Bench Company {edition}-{i},基准公司{i},{COUNTRIES[i % len(COUNTRIES)]},sme,"
        f"c{i}@bench.example,https://c{i}.bench.example,{'medical' if i % 2 else 'food'},"
        f"{'raw' if i % 3 else 'standard'},{36 + 9 * (i % 20) if i % 3 else 18},,"
        f"Plans {i},计划{i},submitted,"
        for i in range(n)
    ]
    return [head, *rows]


def child(rows: int, repeats: int) -> None:
    import os

    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "openexpo.settings")
    django.setup()
    import datetime as dt
    import io

    from django.db import transaction
    from openpyxl import Workbook

    from openexpo.core.models import Country, Edition, ExhibitionArea, User
    from openexpo.exhibitors.importing import applications_import, import_plan
    from openexpo.exhibitors.models import Company, Participation, ParticipationTransition
    from openexpo.exhibitors.tabular import read_sheet

    for code in COUNTRIES:
        Country.objects.get_or_create(
            code=code, defaults={"name_en": code, "is_ldc": code in {"ET", "NP", "BD"}}
        )
    organiser, _ = User.objects.get_or_create(username="bench-org", defaults={"kind": "organiser"})

    def edition(number: int) -> Edition:
        ed = Edition.objects.create(
            number=number,
            name_en=f"Bench {number}",
            start_date=dt.date(2030, 11, 5),
            end_date=dt.date(2030, 11, 10),
        )
        for code in ("medical", "food"):
            ExhibitionArea.objects.create(edition=ed, code=code, kind="business", name_en=code)
        return ed

    out: dict[str, list[float]] = {
        "csv_dry_run_s": [],
        "csv_import_s": [],
        "xlsx_dry_run_s": [],
        "xlsx_import_s": [],
        "row_by_row_s": [],
    }
    number = max([100, *Edition.objects.values_list("number", flat=True)])
    for _ in range(repeats):
        for fmt in ("csv", "xlsx"):
            number += 1
            ed = edition(number)
            lines = _sheet(rows, number)
            if fmt == "csv":
                data = "\n".join(lines).encode()
            else:
                book = Workbook(write_only=True)
                sheet = book.create_sheet()
                for line in lines:
                    sheet.append(line.split(","))
                buf = io.BytesIO()
                book.save(buf)
                data = buf.getvalue()
            t0 = time.perf_counter()
            plan = import_plan(edition=ed, rows=read_sheet(data, f"x.{fmt}"))
            out[f"{fmt}_dry_run_s"].append(time.perf_counter() - t0)
            assert plan.ok and len(plan.applications) == rows, plan.errors[:3]
            t0 = time.perf_counter()
            applications_import(actor=organiser, edition=ed, rows=read_sheet(data, f"x.{fmt}"))
            out[f"{fmt}_import_s"].append(time.perf_counter() - t0)
            assert Participation.objects.filter(edition=ed).count() == rows
        # baseline: the naive import, one save() per company, application and history row
        number += 1
        ed = edition(number)
        areas = {a.code: a for a in ed.areas.all()}
        parsed = read_sheet("\n".join(_sheet(rows, number)).encode(), "x.csv")
        t0 = time.perf_counter()
        with transaction.atomic():
            for _line, r in parsed:
                c = Company.objects.create(
                    name_en=r["name_en"],
                    name_zh=r["name_zh"],
                    country_id=r["country"],
                    email=r["email"],
                    website=r["website"],
                )
                p = Participation.objects.create(
                    company=c,
                    edition=ed,
                    area=areas[r["area"]],
                    booth_type=r["booth_type"],
                    area_requested_m2=int(r["area_m2"]),
                    plans_en=r["plans_en"],
                    plans_zh=r["plans_zh"],
                )
                ParticipationTransition.objects.create(
                    participation=p, actor=organiser, to_status="submitted"
                )
        out["row_by_row_s"].append(time.perf_counter() - t0)
    print(json.dumps({k: round(median(v), 3) for k, v in out.items()}))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--child", action="store_true")
    parser.add_argument("--rows", type=int, default=0)
    parser.add_argument("--repeats", type=int, default=0)
    args = parser.parse_args()
    rows = args.rows or (400 if args.quick else 3400)
    repeats = args.repeats or (1 if args.quick else 3)
    if args.child:
        child(rows, repeats)
        return
    result: dict = {
        "bench": "applications_import",
        "rows": rows,
        "repeats": repeats,
        "quick": args.quick,
    }
    # --quick stays under a minute: SQLite only (PostgreSQL's fresh migrate alone takes ~30 s)
    engines = ["sqlite"] + (["postgres"] if postgres_available() and not args.quick else [])
    for engine in engines:
        env = fresh_database(engine, "applications_import")
        done = subprocess.run(
            [sys.executable, __file__, "--child", "--rows", str(rows), "--repeats", str(repeats)],
            env=env,
            capture_output=True,
            text=True,
            timeout=1800,
        )
        sys.stderr.write(done.stderr[-3000:])
        lines = [ln for ln in done.stdout.splitlines() if ln.startswith("{")]
        fig = json.loads(lines[-1]) if lines else {"error": done.returncode}
        if "csv_import_s" in fig:
            fig["csv_rows_per_s"] = round(rows / fig["csv_import_s"])
            fig["speedup_vs_row_by_row"] = round(fig["row_by_row_s"] / fig["csv_import_s"], 1)
        result[engine] = fig
    emit(result)


if __name__ == "__main__":
    main()
