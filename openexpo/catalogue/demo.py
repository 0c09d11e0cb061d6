"""Demo step: ~35,000 bilingual exhibits with HS categories and ~440 launches."""

from __future__ import annotations

from openexpo.catalogue.models import Exhibit
from openexpo.core.demo.context import DemoContext
from openexpo.core.demo.vocab import ADJECTIVES, DESCRIPTION_EN, DESCRIPTION_ZH, PRODUCTS
from openexpo.core.models import Country, ProductCategory
from openexpo.exhibitors.models import Participation

EXHIBIT_WEIGHT = {"fortune500": 24, "leader": 18, "large": 12, "sme": 8, "startup": 4}
LAUNCH_SPLIT = [("global", 0.42), ("asia", 0.2), ("china", 0.38)]


def build(ctx: DemoContext) -> None:
    rng = ctx.rng(f"catalogue-{ctx.edition.number}")
    parts = list(
        Participation.objects.filter(edition=ctx.edition, status=Participation.Status.APPROVED)
        .order_by("pk")
        .values_list(
            "pk",
            "area__code",
            "company__country_id",
            "company__size_class",
            "company__name_en",
            "company__name_zh",
        )
    )
    if not parts:
        return
    names = dict(Country.objects.values_list("code", "name_en"))
    names_zh = dict(Country.objects.values_list("code", "name_zh"))
    headings = dict(ProductCategory.objects.filter(level=4).values_list("code", "pk"))
    children: dict[str, list[int]] = {}
    for code, pk in ProductCategory.objects.filter(level=6).values_list("code", "pk"):
        children.setdefault(code[:4], []).append(pk)

    total = ctx.n(ctx.spec["exhibits"])
    weights = [EXHIBIT_WEIGHT[p[3]] for p in parts]
    scale = total / sum(weights)
    counts = [max(1, int(w * scale)) for w in weights]
    for i in rng.sample(range(len(parts)), k=min(len(parts), max(0, total - sum(counts)))):
        counts[i] += 1

    rows: list[tuple] = []
    big = []
    for (pid, area, country, size, company_en, company_zh), count in zip(
        parts, counts, strict=True
    ):
        brand_en, brand_zh = company_en.split(" ")[0], company_zh[:3]
        for _ in range(count):
            noun_en, noun_zh, hs = rng.choice(PRODUCTS[area])
            adj_en, adj_zh = rng.choice(ADJECTIVES)
            category = None
            if hs is not None:
                subs = children.get(hs)
                category = rng.choice(subs) if subs and rng.random() < 0.4 else headings.get(hs)
            origin = (
                country
                if (rng.random() < 0.85 or country.startswith("O-"))
                else rng.choice(list(names))
            )
            country_en, country_zh = (
                names.get(origin, origin),
                names_zh.get(origin) or names.get(origin, origin),
            )
            name_zh = f"{brand_zh}{adj_zh}{noun_zh}" if rng.random() > 0.02 else ""
            desc_zh = rng.choice(DESCRIPTION_ZH).format(
                country=country_zh, adj=adj_zh, noun=noun_zh
            )
            rows.append(
                (
                    pid,
                    f"{brand_en} {adj_en} {noun_en.title() if noun_en.islower() else noun_en}",
                    name_zh,
                    rng.choice(DESCRIPTION_EN).format(
                        country=country_en, adj=adj_en, adj_l=adj_en.lower(), noun=noun_en
                    ),
                    desc_zh if rng.random() > 0.03 else "",
                    category,
                    origin,
                    "",
                )
            )
            if size in {"fortune500", "leader"} or rng.random() < 0.05:
                big.append(len(rows) - 1)
    launches = ctx.n(ctx.spec["launches"])
    chosen = rng.sample(big, k=min(len(big), launches))
    kinds = [k for k, share in LAUNCH_SPLIT for _ in range(round(share * len(chosen)) + 1)][
        : len(chosen)
    ]
    for index, kind in zip(chosen, kinds, strict=True):
        row = list(rows[index])
        row[-1] = kind
        rows[index] = tuple(row)
    ctx.insert(
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
        rows,
    )
    build_launches_and_index(ctx)


STAGES = [
    ("Launch Stage A, Hall 1", "首发舞台A（1号馆）"),
    ("Launch Stage B, Hall 4", "首发舞台B（4号馆）"),
    ("Innovation Stage, Hall 8", "创新舞台（8号馆）"),
]


def build_launches_and_index(ctx: DemoContext) -> None:
    """Launch events for this edition's launched exhibits (day, time, stage or booth; a few
    still without a time, for the quality page), then the search index of the current
    edition once it is in (`search_rebuild` indexes every edition)."""
    from openexpo.catalogue import search
    from openexpo.catalogue.models import LaunchEvent
    from openexpo.core.demo import EDITION_SPECS

    rng = ctx.rng(f"catalogue-launches-{ctx.edition.number}")
    days = ctx.edition.days
    launched = (
        Exhibit.objects.filter(participation__edition=ctx.edition)
        .exclude(launch_type="")
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    rows = []
    for pk in launched:
        on_stage = rng.random() < 0.45
        stage_en, stage_zh = rng.choice(STAGES) if on_stage else ("", "")
        timed = rng.random() > 0.06
        start = (
            f"{rng.randrange(9, 17):02d}:{rng.choice([0, 15, 30, 45]):02d}:00" if timed else None
        )
        rows.append(
            (
                pk,
                rng.choice(days[:-1] or days),
                start,
                rng.choice([20, 30, 45, 60]),
                "stage" if on_stage else "booth",
                stage_en,
                stage_zh,
            )
        )
    ctx.insert(
        LaunchEvent,
        ["exhibit_id", "day", "start_time", "duration_minutes", "venue", "stage_en", "stage_zh"],
        rows,
    )
    if ctx.edition.number == max(EDITION_SPECS):
        search.rebuild(edition_ids=[ctx.edition.pk])
