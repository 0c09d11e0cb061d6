"""Demo step: ~40 trading delegations with sub-delegations and ~410,000 professional visitors."""

from __future__ import annotations

import datetime as dt

import numpy as np

from openexpo.core.demo.context import DemoContext
from openexpo.core.demo.names import organisation_zh, person_name_en, person_name_zh
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
    organisations = [organisation_zh(rng) for _ in range(max(50, ctx.n(60_000)))]
    opened = ctx.before_opening(75)
    n = ctx.n(ctx.spec["visitors"])

    chunk = 10_000
    # Pools drawn once, then sampled per row: 410,000 rows must take seconds, not minutes.
    pool = max(200, min(n, 50_000))
    delegation_pool = []
    for top, weight in zip(tops, weights, strict=True):
        delegation_pool += [top] * (4 * weight) + children[top] * (2 * weight)
    zh_names = [person_name_zh(rng) for _ in range(pool)]
    en_names = [person_name_en(rng) for _ in range(max(50, pool // 10))]
    times = [
        ctx.dt(opened + dt.timedelta(seconds=s))
        for s in sorted(rng.sample(range(70 * 86400), pool))
    ]
    edition_id = ctx.edition.pk
    gen = np.random.default_rng(rng.getrandbits(64))
    statuses = ["approved", "pending", "rejected"]

    def rows():
        for start in ctx.progress(range(0, n, chunk), total=-(-n // chunk), desc="visitors"):
            m = min(chunk, n - start)
            kind = gen.random(m)
            delegation = gen.integers(len(delegation_pool), size=m)
            zh = gen.integers(len(zh_names), size=m)
            en = gen.integers(len(en_names), size=m)
            country = gen.integers(len(foreign), size=m)
            org = gen.integers(len(organisations), size=m)
            role = gen.integers(len(VISITOR_ROLES), size=m)
            when = gen.integers(len(times), size=m)
            status = np.searchsorted([0.985, 0.995], gen.random(m), side="right")
            for i in range(m):
                k = kind[i]
                yield (
                    edition_id,
                    None,
                    en_names[en[i]] if k >= 0.95 else zh_names[zh[i]],
                    organisations[org[i]],
                    VISITOR_ROLES[role[i]],
                    foreign[country[i]] if k >= 0.95 else "CN",
                    delegation_pool[delegation[i]] if k < 0.85 else None,
                    statuses[status[i]],
                    times[when[i]],
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
