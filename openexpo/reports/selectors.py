"""Headline figures of an edition, as a press release reports them, computed live.

Each figure comes from one aggregate query per table, so the query count is fixed
whatever the size of the edition.
"""

from __future__ import annotations

import contextvars
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import close_old_connections, connection
from django.db.models import Count, Q, Sum
from django.db.models.functions import Coalesce

from openexpo.catalogue.models import Exhibit
from openexpo.core.models import Edition
from openexpo.deals.models import Deal
from openexpo.exhibitors.models import Company, Participation
from openexpo.forums.models import SubForum
from openexpo.visitors.models import Visitor

COUNTED = [Participation.Status.APPROVED]
_POOL = ThreadPoolExecutor(max_workers=3, thread_name_prefix="figures")


def _in_worker(func: Callable[[Edition], Any], edition: Edition) -> Any:
    close_old_connections()
    return func(edition)


def fan_out(funcs: list[Callable[[Edition], Any]], edition: Edition) -> list[Any]:
    """Run independent read-only aggregates concurrently (the database does the work and
    releases the GIL), unless the caller is inside a transaction."""
    if connection.in_atomic_block:
        return [func(edition) for func in funcs]
    # each worker runs in a copy of the caller's context, so reads_from_replica() (a context
    # variable) routes its queries as it does the caller's
    futures = [
        _POOL.submit(contextvars.copy_context().run, _in_worker, func, edition)
        for func in funcs[1:]
    ]
    first = funcs[0](edition)
    return [first, *(f.result() for f in futures)]


@dataclass(frozen=True)
class Figures:
    """One edition's headline figures."""

    countries: int = 0
    exhibitors: int = 0
    fortune500: int = 0
    leaders: int = 0
    smes: int = 0
    startups: int = 0
    ldc_exhibitors: int = 0
    visitors: int = 0
    area_m2: int = 0
    raw_area_m2: int = 0
    exhibits: int = 0
    launches: dict[str, int] = field(default_factory=dict)
    deal_value_usd: Decimal = Decimal(0)
    deals: int = 0
    subforums: int = 0
    area_by_zone: list[tuple[str, str, str, int]] = field(default_factory=list)

    @property
    def raw_share(self) -> float:
        return self.raw_area_m2 / self.area_m2 if self.area_m2 else 0.0

    @property
    def launches_total(self) -> int:
        return sum(self.launches.values())


def _participation_figures(edition: Edition) -> tuple[dict, list[dict]]:
    parts = Participation.objects.filter(edition=edition, status__in=COUNTED)
    area = Coalesce("area_granted_m2", "area_requested_m2")
    totals = parts.aggregate(
        exhibitors=Count("id"),
        countries=Count("company__country", distinct=True),
        fortune500=Count("id", filter=Q(company__size_class=Company.Size.FORTUNE_500)),
        leaders=Count("id", filter=Q(company__size_class=Company.Size.LEADER)),
        smes=Count("id", filter=Q(company__size_class=Company.Size.SME)),
        startups=Count("id", filter=Q(company__size_class=Company.Size.STARTUP)),
        ldc=Count("id", filter=Q(company__country__is_ldc=True)),
        area=Coalesce(Sum(area), 0),
        raw_area=Coalesce(Sum(area, filter=Q(booth_type=Participation.BoothType.RAW_SPACE)), 0),
    )
    zones = list(
        parts.values("area__code", "area__name_en", "area__name_zh", "area__sort_order")
        .annotate(m2=Sum(area))
        .order_by("area__sort_order")
    )
    return totals, zones


def _launch_counts(edition: Edition) -> dict[str, int]:
    rows = (
        Exhibit.objects.filter(participation__edition=edition, participation__status__in=COUNTED)
        .values("launch_type")
        .annotate(n=Count("id"))
    )
    return {row["launch_type"]: row["n"] for row in rows}


def _deal_totals(edition: Edition) -> dict:
    """Confirmed intended deals: count and US$ value, read from the deals roll-up (a handful of
    rows per currency, kept in step by every deal write) rather than summing ~100,000 deals."""
    from openexpo.deals.rollup import rollup_rows

    cells = rollup_rows(
        edition_ids=[edition.pk], dimension="currency", kinds=[Deal.Kind.INTENDED]
    ).values()
    return {
        "value": Decimal(sum(usd for _n, usd, _cny in cells)) / 100,
        "n": sum(n for n, _usd, _cny in cells),
    }


def _visitor_count(edition: Edition) -> int:
    return Visitor.objects.filter(edition=edition, status=Visitor.Status.APPROVED).count()


def _subforum_count(edition: Edition) -> int:
    return SubForum.objects.filter(edition=edition).count()


def figures_for(edition: Edition | None) -> Figures:
    """Compute the figures of one edition (all zeros for None).

    The aggregates are independent, so outside a transaction they run side by side on
    separate connections (see `fan_out`); inside one (tests, a caller's atomic block)
    they run in order on the caller's connection, which alone sees uncommitted rows.
    """
    if edition is None:
        return Figures()
    (p, zones), launches, deals, visitors, subforums = fan_out(
        [_participation_figures, _launch_counts, _deal_totals, _visitor_count, _subforum_count],
        edition,
    )
    exhibits = sum(launches.values())
    launches = {k: v for k, v in launches.items() if k}
    return Figures(
        countries=p["countries"],
        exhibitors=p["exhibitors"],
        fortune500=p["fortune500"],
        leaders=p["leaders"],
        smes=p["smes"],
        startups=p["startups"],
        ldc_exhibitors=p["ldc"],
        visitors=visitors,
        area_m2=p["area"],
        raw_area_m2=p["raw_area"],
        exhibits=exhibits,
        launches=launches,
        deal_value_usd=deals["value"],
        deals=deals["n"],
        subforums=subforums,
        area_by_zone=[
            (z["area__code"], z["area__name_en"], z["area__name_zh"], z["m2"]) for z in zones
        ],
    )


def change(now: float | int | Decimal, before: float | int | Decimal) -> float | None:
    """Relative change against the previous edition; None when there is nothing to compare."""
    if not before:
        return None
    return float((Decimal(str(now)) - Decimal(str(before))) / Decimal(str(before)))


PREVIOUS_CACHE_SECONDS = 300


def _figures_kept(edition: Edition, key: str, seconds: int) -> Figures:
    """`edition`'s figures from the cache under `key`, computed and kept `seconds` on a miss."""
    figures = cache.get(key)
    if figures is None:
        figures = figures_for(edition)
        cache.set(key, figures, seconds)
    return figures


def figures_for_previous(edition: Edition | None) -> Figures:
    """A previous edition's figures change rarely: computed live, then kept for 5 minutes."""
    if edition is None:
        return Figures()
    return _figures_kept(edition, f"openexpo:figures:{edition.pk}", PREVIOUS_CACHE_SECONDS)


def figures_for_live(edition: Edition | None) -> Figures:
    """The current edition's figures: live, or at most settings.HEADLINE_CACHE_SECONDS old
    (0, the default outside production, computes them on every call). In production a few
    seconds spare the database one set of aggregates per front-page view at a gate-opening
    peak, when thousands of people reload the page."""
    seconds = getattr(settings, "HEADLINE_CACHE_SECONDS", 0)
    if edition is None or seconds <= 0:
        return figures_for(edition)
    return _figures_kept(edition, f"openexpo:figures-live:{edition.pk}", seconds)


def headline(edition: Edition | None) -> dict:
    """The figures of `edition` (live, see figures_for_live) and its previous edition."""
    now = figures_for_live(edition)
    before = figures_for_previous(edition.previous if edition else None)
    keys = [
        "countries",
        "exhibitors",
        "fortune500",
        "leaders",
        "smes",
        "startups",
        "ldc_exhibitors",
        "visitors",
        "area_m2",
        "raw_area_m2",
        "exhibits",
        "launches_total",
        "deal_value_usd",
        "deals",
        "subforums",
    ]
    rows = {
        k: {
            "value": getattr(now, k),
            "previous": getattr(before, k),
            "change": change(getattr(now, k), getattr(before, k)),
        }
        for k in keys
    }
    for kind in ["global", "asia", "china"]:
        rows[f"launches_{kind}"] = {
            "value": now.launches.get(kind, 0),
            "previous": before.launches.get(kind, 0),
            "change": change(now.launches.get(kind, 0), before.launches.get(kind, 0)),
        }
    rows["raw_share"] = {"value": now.raw_share, "previous": before.raw_share, "change": None}
    return {"edition": edition, "now": now, "before": before, "rows": rows}
