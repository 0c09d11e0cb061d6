"""Benchmark of the catalogue search service on SQLite and PostgreSQL at demo scale.

Builds its own catalogue (35,000 exhibits of 3,400 companies by default; `--quick`: 5,000)
in a separate SQLite file and a separate PostgreSQL database, times the full index build,
then times English and Chinese queries with facets (server time: the `search()` call) and
the same queries as a naive `icontains` scan with the same facet counts. The last line
printed is one JSON object with medians, p95s and the ratio naive / indexed.

The machine may be shared, so beside wall times it reports CPU times: the Python process's
(`client_cpu`: all of the work on SQLite, which runs in-process) and, on PostgreSQL, the
backend's (`server_cpu`, read from /proc when the server runs on this machine; a mean, as
the kernel counts in 10 ms ticks), and the load average at the start and end of each run.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PG_URL = "postgres://postgres@127.0.0.1:5432/openexpo_bench_search"

NOUNS = [
    ("coffee beans", "咖啡豆"),
    ("insulin pump", "胰岛素泵"),
    ("red wine", "红葡萄酒"),
    ("skin cream", "护肤霜"),
    ("robot arm", "机械臂"),
    ("milk powder", "奶粉"),
    ("olive oil", "橄榄油"),
    ("ultrasound scanner", "超声波扫描仪"),
    ("electric car", "电动汽车"),
    ("chocolate", "巧克力"),
    ("beef steak", "牛排"),
    ("wristwatch", "手表"),
    ("handbag", "手提包"),
    ("perfume", "香水"),
    ("tractor", "拖拉机"),
    ("drone", "无人机"),
    ("camera lens", "相机镜头"),
    ("vitamin tablets", "维生素片"),
    ("heart stent", "心脏支架"),
    ("salmon fillet", "三文鱼片"),
    ("honey", "蜂蜜"),
    ("green tea", "绿茶"),
    ("sports shoes", "运动鞋"),
    ("laser printer", "激光打印机"),
    ("solar panel", "太阳能板"),
    ("wind turbine", "风力涡轮机"),
    ("surgical robot", "手术机器人"),
    ("baby formula", "婴儿配方奶粉"),
    ("face mask", "面膜"),
    ("espresso machine", "意式咖啡机"),
    ("mineral water", "矿泉水"),
    ("cheese", "奶酪"),
    ("dried fruit", "果干"),
    ("carpet", "地毯"),
    ("sofa", "沙发"),
    ("kitchen knife", "厨房刀具"),
    ("hearing aid", "助听器"),
    ("blood glucose meter", "血糖仪"),
    ("smart speaker", "智能音箱"),
    ("yacht", "游艇"),
]
ADJECTIVES = [
    ("organic", "有机"),
    ("premium", "高端"),
    ("smart", "智能"),
    ("portable", "便携式"),
    ("wireless", "无线"),
    ("natural", "天然"),
    ("compact", "紧凑型"),
    ("industrial", "工业"),
    ("luxury", "奢华"),
    ("eco", "环保"),
    ("professional", "专业"),
    ("handmade", "手工"),
    ("frozen", "冷冻"),
    ("fresh", "新鲜"),
    ("digital", "数字"),
    ("electric", "电动"),
]
FILLER_EN = [
    "designed",
    "for",
    "buyers",
    "in",
    "china",
    "with",
    "certified",
    "quality",
    "and",
    "fast",
    "delivery",
    "from",
    "our",
    "factory",
    "trusted",
    "by",
    "hospitals",
    "retailers",
    "and",
    "restaurants",
    "across",
    "asia",
    "europe",
    "and",
    "africa",
]
FILLER_ZH = "专为中国买家设计品质认证快速交付深受医院零售商和餐厅信赖"
QUERIES_EN = [
    "coffee",
    "insulin pump",
    "organic honey",
    "wine",
    "robot",
    "smart speaker",
    "skin cream",
    "premium chocolate",
    "solar",
    "hearing aid",
]
QUERIES_ZH = [
    "咖啡",
    "胰岛素泵",
    "有机蜂蜜",
    "葡萄酒",
    "机器人",
    "智能音箱",
    "护肤",
    "巧克力",
    "太阳能",
    "助听器",
]


# Words in most documents (the synthetic descriptions all say they are for buyers in China),
# and a single Chinese character as typed first: timed apart, outside the target's query set.
QUERIES_BROAD = ["china", "for", "国", "品"]


def _pct(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(round(q * (len(values) - 1))))]


def generate(n_exhibits: int, n_companies: int, seed: int = 6) -> None:
    """Write a synthetic edition, countries, HS tree, companies and exhibits."""
    import datetime as dt

    from openexpo.catalogue.models import Exhibit
    from openexpo.core.demo.context import bulk_insert
    from openexpo.core.models import Country, Edition, ExhibitionArea, ProductCategory
    from openexpo.exhibitors.models import Company, Participation

    rng = random.Random(seed)
    edition = Edition.objects.create(
        number=6,
        name_en="6th CIIE",
        name_zh="第六届进博会",
        start_date=dt.date(2023, 11, 5),
        end_date=dt.date(2023, 11, 10),
    )
    regions = ["Europe", "Asia", "Africa", "Americas", "Oceania"]
    countries = [
        Country(
            code=f"C{i:02d}",
            name_en=f"Country {i}",
            name_zh=f"国家{i}",
            un_region=regions[i % 5],
            is_ldc=i % 9 == 0,
        )
        for i in range(80)
    ]
    Country.objects.bulk_create(countries)
    areas = [
        ExhibitionArea.objects.create(
            edition=edition, code=f"a{i}", kind="business", name_en=f"Area {i}", name_zh=f"展区{i}"
        )
        for i in range(6)
    ]
    sections = [
        "I",
        "II",
        "III",
        "IV",
        "V",
        "VI",
        "VII",
        "VIII",
        "IX",
        "X",
        "XI",
        "XVI",
        "XVII",
        "XVIII",
    ]
    cats = []
    for ch in range(1, 98):
        for h in range(1, 13):
            cats.append(
                ProductCategory(
                    code=f"{ch:02d}{h:02d}",
                    level=4,
                    section=sections[ch % len(sections)],
                    chapter=f"{ch:02d}",
                    name_en=f"Goods {ch}.{h}",
                    name_zh=f"商品{ch}.{h}",
                )
            )
    ProductCategory.objects.bulk_create(cats)
    cat_ids = list(ProductCategory.objects.values_list("id", flat=True))
    sizes = ["fortune500", "leader", "sme", "startup"]
    bulk_insert(
        Company,
        [
            "name_en",
            "name_zh",
            "country_id",
            "size_class",
            "description_en",
            "description_zh",
            "website",
            "email",
            "logo",
            "created",
        ],
        (
            (
                f"{rng.choice(['Nordic', 'Alpine', 'Pacific', 'Royal', 'Global'])} "
                f"{rng.choice(NOUNS)[0].title()} Company {i}",
                f"公司{i}",
                f"C{rng.randrange(80):02d}",
                rng.choice(sizes),
                "",
                "",
                "",
                "",
                "",
                "2023-01-01 00:00:00+00",
            )
            for i in range(n_companies)
        ),
    )
    company_ids = list(Company.objects.values_list("id", flat=True))
    bulk_insert(
        Participation,
        [
            "company_id",
            "edition_id",
            "area_id",
            "booth_type",
            "area_requested_m2",
            "status",
            "consecutive_editions",
            "free_ldc_booth",
            "plans_en",
            "plans_zh",
        ],
        (
            (cid, edition.pk, rng.choice(areas).pk, "raw", 54, "approved", 1, False, "", "")
            for cid in company_ids
        ),
    )
    part_ids = list(Participation.objects.values_list("id", flat=True))
    launches = ["global", "asia", "china"]

    def rows():
        for i in range(n_exhibits):
            (noun_en, noun_zh), (adj_en, adj_zh) = rng.choice(NOUNS), rng.choice(ADJECTIVES)
            model = f"{rng.choice('ABCDEFGHJKLMNPRSTXZ')}{rng.randrange(100, 999)}"
            desc_en = " ".join(rng.sample(FILLER_EN, 14)) + f" {noun_en}"
            desc_zh = "".join(rng.sample(FILLER_ZH, 14)) + noun_zh
            yield (
                rng.choice(part_ids),
                f"{adj_en.title()} {noun_en.title()} {model}",
                f"{adj_zh}{noun_zh}{model}",
                desc_en,
                desc_zh,
                rng.choice(cat_ids) if rng.random() > 0.03 else None,
                None,
                rng.choice(launches) if i % 80 == 0 else "",
            )

    bulk_insert(
        Exhibit,
        [
            "participation_id",
            "name_en",
            "name_zh",
            "description_en",
            "description_zh",
            "category_id",
            "origin_id",
            "launch_type",
        ],
        rows(),
    )


def naive(text: str, edition_id: int, filters: dict) -> tuple[int, list[int], dict]:
    """The baseline: icontains over names and descriptions, with the same facet counts."""
    from django.db.models import Count, Q

    from openexpo.catalogue.models import Exhibit

    qs = Exhibit.objects.filter(
        participation__edition_id=edition_id, participation__status="approved"
    )
    for word in text.split():
        qs = qs.filter(
            Q(name_en__icontains=word)
            | Q(name_zh__icontains=word)
            | Q(description_en__icontains=word)
            | Q(description_zh__icontains=word)
        )
    if "chapter" in filters:
        qs = qs.filter(category__chapter=filters["chapter"])
    total = qs.count()
    page = list(qs.order_by("name_en").values_list("id", flat=True)[:20])
    facets = {}
    for name, path in [
        ("country", "participation__company__country_id"),
        ("region", "participation__company__country__un_region"),
        ("area", "participation__area_id"),
        ("section", "category__section"),
        ("chapter", "category__chapter"),
        ("launch", "launch_type"),
        ("size", "participation__company__size_class"),
        ("ldc", "participation__company__country__is_ldc"),
    ]:
        facets[name] = list(qs.values(path).annotate(n=Count("id")).order_by())
    return total, page, facets


def _server_cpu_s() -> float | None:
    """CPU seconds used so far by this connection's PostgreSQL backend, when it runs on this
    machine and /proc is readable (the search's server time is spent there, not in Python)."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def worker(engine: str, n_exhibits: int, n_companies: int, rounds: int) -> dict:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "openexpo.settings")
    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from openexpo.catalogue import search
    from openexpo.catalogue.models import Exhibit
    from openexpo.core.models import Edition

    call_command("migrate", verbosity=0)
    if Exhibit.objects.count() != n_exhibits:
        with connection.cursor() as c:
            for table in [
                "catalogue_searchdoc",
                "catalogue_exhibit",
                "exhibitors_participation",
                "exhibitors_company",
                "core_exhibitionarea",
                "core_edition",
                "core_productcategory",
                "core_country",
            ]:
                c.execute(f"DELETE FROM {table}")
        t = time.perf_counter()
        generate(n_exhibits, n_companies)
        print(
            f"[{engine}] generated {n_exhibits} exhibits in {time.perf_counter() - t:.1f} s",
            file=sys.stderr,
        )
    load_before = os.getloadavg()[0]
    t, cpu, server = time.perf_counter(), time.process_time(), _server_cpu_s()
    counts = search.rebuild()
    build_s, build_cpu_s = time.perf_counter() - t, time.process_time() - cpu
    build_server_cpu_s = None if server is None else _server_cpu_s() - server
    print(f"[{engine}] index build {build_s:.1f} s: {counts}", file=sys.stderr)
    edition_id = Edition.objects.get(number=6).pk
    cases = [(q, {}) for q in QUERIES_EN + QUERIES_ZH] + [
        ("coffee", {"chapter": "09"}),
        ("咖啡", {"chapter": "09"}),
        ("insulin pmup", {}),
        ("", {}),
    ]
    times: dict[str, list[float]] = {"en": [], "zh": [], "all": []}
    naive_times: list[float] = []
    cpu_ms: list[float] = []
    search.search(search.SearchQuery(text="warm up", edition_id=edition_id))
    server = _server_cpu_s()
    for _ in range(rounds):
        for text, filters in cases:
            start, cpu = time.perf_counter(), time.process_time()
            search.search(search.SearchQuery(text=text, edition_id=edition_id, filters=filters))
            ms = (time.perf_counter() - start) * 1000
            cpu_ms.append((time.process_time() - cpu) * 1000)
            times["all"].append(ms)
            times["zh" if any(ord(ch) > 0x3000 for ch in text) else "en"].append(ms)
    server_ms = None
    if server is not None:
        server_ms = round((_server_cpu_s() - server) * 1000 / len(times["all"]), 2)
    broad: list[float] = []
    for _ in range(max(1, rounds // 2)):
        for text in QUERIES_BROAD:
            start = time.perf_counter()
            search.search(search.SearchQuery(text=text, edition_id=edition_id))
            broad.append((time.perf_counter() - start) * 1000)
    for text, filters in cases:
        start = time.perf_counter()
        naive(text, edition_id, filters)
        naive_times.append((time.perf_counter() - start) * 1000)
    return {
        "engine": engine,
        "exhibits": n_exhibits,
        "index_build_s": round(build_s, 2),
        "index_build_cpu_s": round(build_cpu_s, 2),
        "index_build_server_cpu_s": None
        if build_server_cpu_s is None
        else round(build_server_cpu_s, 2),
        "load_avg_1m_start": round(load_before, 1),
        "load_avg_1m": round(os.getloadavg()[0], 1),
        "queries": len(times["all"]),
        "p50_ms": round(statistics.median(times["all"]), 2),
        "p95_ms": round(_pct(times["all"], 0.95), 2),
        "p50_client_cpu_ms": round(statistics.median(cpu_ms), 2),
        "p95_client_cpu_ms": round(_pct(cpu_ms, 0.95), 2),
        "mean_server_cpu_ms": server_ms,
        "p95_en_ms": round(_pct(times["en"], 0.95), 2),
        "p95_zh_ms": round(_pct(times["zh"], 0.95), 2),
        "broad_p50_ms": round(statistics.median(broad), 2),
        "broad_max_ms": round(max(broad), 2),
        "naive_p50_ms": round(statistics.median(naive_times), 2),
        "naive_p95_ms": round(_pct(naive_times, 0.95), 2),
        "ratio_naive_over_indexed_p95": round(
            _pct(naive_times, 0.95) / max(_pct(times["all"], 0.95), 0.001), 1
        ),
    }


def _ensure_pg_database() -> bool:
    import psycopg

    try:
        with psycopg.connect(
            "postgresql://postgres@127.0.0.1:5432/postgres", autocommit=True, connect_timeout=3
        ) as conn:
            if not conn.execute(
                "SELECT 1 FROM pg_database WHERE datname = 'openexpo_bench_search'"
            ).fetchone():
                conn.execute("CREATE DATABASE openexpo_bench_search")
        return True
    except Exception as exc:  # PostgreSQL not running: bench SQLite only
        print(f"PostgreSQL unavailable: {exc}", file=sys.stderr)
        return False


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--engine", choices=["sqlite", "postgresql", "both"], default="both")
    parser.add_argument("--worker", default="")
    parser.add_argument("--exhibits", type=int, default=0)
    args = parser.parse_args()
    n = args.exhibits or (5000 if args.quick else 35000)
    companies = max(50, n * 3400 // 35000)
    rounds = 3 if args.quick else 10
    if args.worker:
        print(json.dumps(worker(args.worker, n, companies, rounds)))
        return
    engines = ["sqlite", "postgresql"] if args.engine == "both" else [args.engine]
    results = {}
    for engine in engines:
        env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
        env["PYTHONPATH"] = str(ROOT)
        if engine == "sqlite":
            env["OPENEXPO_VAR_DIR"] = f"/tmp/openexpo-bench-search-{n}"
        else:
            if not _ensure_pg_database():
                continue
            env["DATABASE_URL"] = PG_URL
        out = subprocess.run(
            [sys.executable, __file__, "--worker", engine, "--exhibits", str(n)]
            + (["--quick"] if args.quick else []),
            env=env,
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=False,
        )
        sys.stderr.write(out.stderr[-3000:])
        if out.returncode != 0:
            raise SystemExit(f"{engine} worker failed")
        results[engine] = json.loads(out.stdout.strip().splitlines()[-1])
    summary = {
        "bench": "search",
        "exhibits": n,
        "target_p95_ms": 50,
        "target_build_s": 60,
        **{
            f"{e}_{k}": v
            for e, r in results.items()
            for k, v in r.items()
            if k not in {"engine", "exhibits"}
        },
    }
    print(json.dumps(summary))


if __name__ == "__main__":
    main()
