"""Demo step: ~40 trading delegations with sub-delegations and ~410,000 professional visitors."""

from __future__ import annotations

import datetime as dt
from itertools import repeat

import numpy as np

from openexpo.core.demo.context import DemoContext
from openexpo.core.demo.names import (
    draw,
    organisations_zh,
    person_names_en,
    person_names_zh,
)
from openexpo.core.demo.vocab import DELEGATIONS, SUB_DELEGATION_KINDS, VISITOR_ROLES
from openexpo.exhibitors.models import Participation
from openexpo.visitors.models import Delegation, Visitor

BIG_DELEGATIONS = {
    "shanghai": 8,
    "jiangsu": 6,
    "zhejiang": 6,
    "guangdong": 5,
    "shandong": 4,
    "beijing": 4,
    "central-soe": 4,
    "fujian": 3,
    "anhui": 3,
    "sichuan": 3,
}


def build(ctx: DemoContext) -> None:
    rng = ctx.rng(f"visitors-{ctx.edition.number}")
    tops = ctx.insert_returning_ids(
        Delegation,
        ["edition_id", "code", "name_en", "name_zh", "parent_id", "lead_id", "province"],
        [
            (ctx.edition.pk, code, f"{en} Trading Delegation", f"{zh}交易团", None, None, en)
            for code, en, zh in DELEGATIONS
        ],
    )
    sub_rows, sub_parent = [], []
    for top_id, (code, en, zh) in zip(tops, DELEGATIONS, strict=True):
        for kind, kind_en, kind_zh in SUB_DELEGATION_KINDS[: 2 + rng.randint(0, 2)]:
            sub_rows.append(
                (
                    ctx.edition.pk,
                    f"{code}-{kind}",
                    f"{en} {kind_en} Sub-delegation",
                    f"{zh}{kind_zh}分团",
                    top_id,
                    None,
                    en,
                )
            )
            sub_parent.append(top_id)
    subs = ctx.insert_returning_ids(
        Delegation,
        ["edition_id", "code", "name_en", "name_zh", "parent_id", "lead_id", "province"],
        sub_rows,
    )
    children: dict[int, list[int]] = {}
    for sub, parent in zip(subs, sub_parent, strict=True):
        children.setdefault(parent, []).append(sub)
    codes = [code for code, _en, _zh in DELEGATIONS]
    weights = [BIG_DELEGATIONS.get(code, 1) for code in codes]

    foreign = list(
        Participation.objects.filter(edition=ctx.edition)
        .values_list("company__country_id", flat=True)
        .distinct()
    )
    foreign = sorted(c for c in foreign if not c.startswith("O-")) or ["CN"]
    gen = np.random.default_rng(rng.getrandbits(64))
    organisations = np.array(organisations_zh(gen, max(50, ctx.n(60_000))), dtype=object)
    opened = ctx.before_opening(75)
    n = ctx.n(ctx.spec["visitors"])

    chunk = 20_000
    # Pools drawn once, then sampled per row with numpy: 410,000 rows must take seconds.
    pool = max(200, min(n, 50_000))
    delegation_pool = []
    for top, weight in zip(tops, weights, strict=True):
        delegation_pool += [top] * (4 * weight) + children[top] * (2 * weight)
    delegation_pool_arr = np.array(delegation_pool, dtype=object)
    zh_names = np.array(person_names_zh(gen, pool), dtype=object)
    en_names = np.array(person_names_en(gen, max(50, pool // 10)), dtype=object)
    times = np.array(
        [
            ctx.dt(opened + dt.timedelta(seconds=s))
            for s in sorted(rng.sample(range(70 * 86400), pool))
        ],
        dtype=object,
    )
    foreign_arr = np.array(foreign, dtype=object)
    roles = np.array(VISITOR_ROLES, dtype=object)
    edition_id = ctx.edition.pk
    statuses = np.array(["approved", "pending", "rejected"], dtype=object)

    def rows():
        for start in ctx.progress(range(0, n, chunk), total=-(-n // chunk), desc="visitors"):
            m = min(chunk, n - start)
            kind = gen.random(m)
            overseas = kind >= 0.95
            delegation = draw(gen, delegation_pool_arr, m)
            name = np.where(
                overseas,
                draw(gen, en_names, m),
                draw(gen, zh_names, m),
            )
            country = np.where(overseas, draw(gen, foreign_arr, m), "CN")
            yield from zip(
                repeat(edition_id, m),
                repeat(None, m),
                name.tolist(),
                draw(gen, organisations, m).tolist(),
                draw(gen, roles, m).tolist(),
                country.tolist(),
                np.where(kind < 0.85, delegation, None).tolist(),
                statuses[np.searchsorted([0.985, 0.995], gen.random(m), side="right")].tolist(),
                draw(gen, times, m).tolist(),
                strict=True,
            )

    ctx.insert(
        Visitor,
        [
            "edition_id",
            "user_id",
            "full_name",
            "organisation",
            "role",
            "country_id",
            "delegation_id",
            "status",
            "registered_at",
        ],
        rows(),
    )
    _gates(ctx)


DEMO_GATES = [
    # code, name, zone ("" = the venue perimeter), directions, anti-passback
    *[(f"north-{i}", f"North entrance {i}", "", "inout", True) for i in range(1, 5)],
    *[(f"south-{i}", f"South entrance {i}", "", "inout", True) for i in range(1, 5)],
    ("east-exit", "East exit", "", "out", True),
    ("vip", "VIP lane", "", "inout", False),
]


def _gates(ctx: DemoContext) -> None:
    """Entrance lanes for the gate page (badges are issued by bench/checkin.py or on
    registration: 410,000 signatures would take the demo over its time budget)."""
    from openexpo.visitors.models import Gate

    ctx.insert(
        Gate,
        ["edition_id", "code", "name", "zone", "directions", "antipassback"],
        [(ctx.edition.pk, *g) for g in DEMO_GATES],
    )
