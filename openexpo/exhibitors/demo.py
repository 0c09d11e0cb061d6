"""Demo step: exhibiting countries, companies and their participations at an edition.

Counts follow the edition's spec (6th CIIE: 154 countries/regions/organisations, 3,400
companies, ~367,000 m² with ~95% raw space). Companies of the previous edition come back
(with consecutive-edition counts), national pavilions group SMEs, and companies from
least-developed countries get free standard booths up to the edition's quota.
"""

from __future__ import annotations

import math
import random

from openexpo.core.demo.context import DemoContext
from openexpo.core.demo.names import CompanyNamer
from openexpo.core.demo.vocab import AREAS, COUNTRY_WEIGHTS
from openexpo.core.models import Country, ExhibitionArea
from openexpo.exhibitors.models import Company, Participation

RAW_MEDIAN_M2 = {"fortune500": 700, "leader": 420, "large": 220, "sme": 90, "startup": 54}
EXTRA_APPLICATIONS = [("submitted", 0.03), ("waitlisted", 0.01), ("rejected", 0.01)]


def _exhibiting_countries(ctx: DemoContext) -> list[str]:
    """The same ordered candidate list for every edition, so a smaller edition's countries
    are a subset of a larger one's: weighted countries first, then LDCs, then the rest."""
    rng = ctx.rng("countries")  # not per edition: the order must be stable
    rows = list(Country.objects.order_by("code").values_list("code", "kind", "is_ldc"))
    orgs = [c for c, kind, _ in rows if kind == "organisation"]
    weighted = [c for c, _, _ in rows if c in COUNTRY_WEIGHTS]
    ldcs = [c for c, kind, ldc in rows if ldc and kind != "organisation"]
    rest = [
        c
        for c, kind, ldc in rows
        if c not in COUNTRY_WEIGHTS and not ldc and kind != "organisation" and c != "CN"
    ]
    rng.shuffle(ldcs)
    rng.shuffle(rest)
    rng.shuffle(orgs)
    n_total = ctx.n(ctx.spec["countries"], minimum=3)
    n_orgs = min(len(orgs), round(ctx.spec["organisations"] * n_total / ctx.spec["countries"]))
    countries = weighted[: n_total - n_orgs]
    n_ldc = min(len(ldcs), round(0.2 * n_total))
    countries += ldcs[: max(0, min(n_ldc, n_total - n_orgs - len(countries)))]
    countries += rest[: max(0, n_total - n_orgs - len(countries))]
    return countries + orgs[:n_orgs]


def _size_plan(ctx: DemoContext, n_new: int, kept: list[str]) -> list[str]:
    """Size classes for new companies so the edition's totals match its spec."""
    spec = ctx.spec
    want = {
        "fortune500": ctx.n(spec["fortune500"], 0),
        "leader": ctx.n(spec["leaders"], 0),
        "sme": ctx.n(spec["smes"], 0),
        "startup": ctx.n(spec["startups"], 0),
    }
    for size in kept:
        if size in want:
            want[size] = max(0, want[size] - 1)
    plan = [size for size, n in want.items() for _ in range(n)][:n_new]
    plan += ["large"] * (n_new - len(plan))
    ctx.rng(f"sizes-{ctx.edition.number}").shuffle(plan)
    return plan


def _pick_area(
    rng: random.Random,
    size: str,
    area_codes: list[str],
    weights: list[float],
    big_weights: list[float],
) -> str:
    """Small companies spread like the exhibitor counts; big ones like the floor area."""
    if size == "startup" and rng.random() < 0.6:
        return "innovation"
    code = rng.choices(
        area_codes, big_weights if size in {"fortune500", "leader", "large"} else weights
    )[0]
    return "food" if code == "innovation" and size != "startup" else code


def _requested(rng: random.Random, size: str, standard: bool) -> int:
    if standard:
        return 9 * rng.choice((1, 1, 2, 2, 3, 4))
    median = RAW_MEDIAN_M2[size]
    return max(36, min(5000, round(rng.lognormvariate(math.log(median), 0.55))))


def build(ctx: DemoContext) -> None:
    rng = ctx.rng(f"exhibitors-{ctx.edition.number}")
    countries = _exhibiting_countries(ctx)
    ldc = set(Country.objects.filter(is_ldc=True).values_list("code", flat=True))
    areas = dict(ExhibitionArea.objects.filter(edition=ctx.edition).values_list("code", "id"))
    area_codes = [a[0] for a in AREAS]
    area_weights = [a[5] for a in AREAS]
    big_weights = [a[6] for a in AREAS]
    n_companies = max(ctx.n(ctx.spec["companies"]), len(countries))

    # Returning companies from the previous edition (about 70% of it).
    returning: list[tuple[int, str, str, str, int]] = []
    if ctx.previous is not None:
        prev = list(
            Participation.objects.filter(edition=ctx.previous, status=Participation.Status.APPROVED)
            .order_by("pk")
            .values_list(
                "company_id",
                "company__country_id",
                "company__size_class",
                "area__code",
                "consecutive_editions",
            )
        )
        rng.shuffle(prev)
        exhibiting = set(countries)
        returning = [p for p in prev if p[1] in exhibiting][
            : min(len(prev) * 7 // 10, n_companies * 6 // 10)
        ]

    # New companies: every exhibiting country gets at least one, the rest by weight.
    n_new = n_companies - len(returning)
    present = {r[1] for r in returning}
    new_countries = [c for c in countries if c not in present][:n_new]
    weights = [COUNTRY_WEIGHTS.get(c, 1) for c in countries]
    new_countries += rng.choices(countries, weights, k=n_new - len(new_countries))
    sizes = _size_plan(ctx, n_new, [r[2] for r in returning])
    taken = set(Company.objects.values_list("name_en", flat=True))
    namer = CompanyNamer(ctx.rng(f"names-{ctx.edition.number}"), taken)
    new_rows, new_meta = [], []
    for country, size in zip(new_countries, sizes, strict=True):
        if country.startswith("O-"):
            size = "large"
        area = (
            "services"
            if country.startswith("O-")
            else _pick_area(rng, size, area_codes, area_weights, big_weights)
        )
        name_en, name_zh = namer.make(area, country)
        new_rows.append(
            (name_en, name_zh, country, size, "", "", "", "", "", ctx.dt(ctx.edition_created))
        )
        new_meta.append((country, size, area))
    columns = [
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
    ]
    new_ids = ctx.insert_returning_ids(Company, columns, new_rows)

    companies = [(cid, c, s, a, n + 1) for cid, c, s, a, n in returning]
    companies += [
        (cid, c, s, a, 1 if ctx.previous else rng.choice((1, 1, 1, 2, 3, 4)))
        for cid, (c, s, a) in zip(new_ids, new_meta, strict=True)
    ]

    # Booth type and area asked; raw space scaled so the edition's total matches its spec.
    ldc_quota = ctx.edition.ldc_free_booth_quota
    pavilion_countries = {c for c in countries if COUNTRY_WEIGHTS.get(c, 1) >= 8}
    plans = []
    for cid, country, size, area, consecutive in companies:
        standard = size in {"sme", "startup"} and (
            area == "innovation" or country in ldc or rng.random() < 0.3
        )
        free = False
        if country in ldc and standard and ldc_quota > 0:
            free, ldc_quota = True, ldc_quota - 1
        pavilion = (
            country
            if (size == "sme" and country in pavilion_countries and rng.random() < 0.4)
            else None
        )
        if area == "country":
            pavilion = country if not country.startswith("O-") else None
        plans.append(
            [cid, area, standard, _requested(rng, size, standard), consecutive, pavilion, free]
        )
    std_total = sum(p[3] for p in plans if p[2])
    raw_total = sum(p[3] for p in plans if not p[2])
    target_raw = max(0, ctx.n(ctx.spec["area_m2"]) - std_total)
    factor = target_raw / raw_total if raw_total else 1
    for p in plans:
        if not p[2]:
            p[3] = max(36, round(p[3] * factor))

    submitted = ctx.dt(ctx.edition_created)
    rows = [
        (
            cid,
            ctx.edition.pk,
            areas[area],
            "standard" if standard else "raw",
            m2,
            None,
            "approved",
            consecutive,
            pavilion,
            free,
            "",
            "",
            submitted,
        )
        for cid, area, standard, m2, consecutive, pavilion, free in plans
    ]
    # Applications that are still in the organisers' queue or were turned down.
    extra_sizes = ["sme", "startup", "large"]
    extra_rows, extra_meta = [], []
    for status, share in EXTRA_APPLICATIONS:
        for _ in range(ctx.n(round(ctx.spec["companies"] * share), 0)):
            country = rng.choices(countries, weights)[0]
            size = rng.choice(extra_sizes)
            area = _pick_area(rng, size, area_codes, area_weights, big_weights)
            name_en, name_zh = namer.make(area, country)
            extra_rows.append((name_en, name_zh, country, size, "", "", "", "", "", submitted))
            extra_meta.append((status, area, size))
    extra_ids = ctx.insert_returning_ids(Company, columns, extra_rows)
    for cid, (status, area, size) in zip(extra_ids, extra_meta, strict=True):
        rows.append(
            (
                cid,
                ctx.edition.pk,
                areas[area],
                "raw",
                _requested(rng, size, False),
                None,
                status,
                1,
                None,
                False,
                "",
                "",
                submitted,
            )
        )
    ctx.insert(
        Participation,
        [
            "company_id",
            "edition_id",
            "area_id",
            "booth_type",
            "area_requested_m2",
            "area_granted_m2",
            "status",
            "consecutive_editions",
            "pavilion_id",
            "free_ldc_booth",
            "plans_en",
            "plans_zh",
            "submitted_at",
        ],
        rows,
    )
