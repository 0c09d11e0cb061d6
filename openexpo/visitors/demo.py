"""Demo step: ~40 trading delegations with sub-delegations and ~410,000 professional visitors."""

from __future__ import annotations

import datetime as dt

from openexpo.core.demo.context import DemoContext
from openexpo.core.demo.names import organisation_zh, person_name_en, person_name_zh
from openexpo.core.demo.vocab import DELEGATIONS, SUB_DELEGATION_KINDS, VISITOR_ROLES
from openexpo.exhibitors.models import Participation
from openexpo.visitors.models import Delegation, Visitor

BIG_DELEGATIONS = {"shanghai": 8, "jiangsu": 6, "zhejiang": 6, "guangdong": 5, "shandong": 4,
                   "beijing": 4, "central-soe": 4, "fujian": 3, "anhui": 3, "sichuan": 3}


def build(ctx: DemoContext) -> None:
    rng = ctx.rng(f"visitors-{ctx.edition.number}")
    tops = ctx.insert_returning_ids(
        Delegation, ["edition_id", "code", "name_en", "name_zh", "parent_id", "lead_id", "province"],
        [(ctx.edition.pk, code, f"{en} Trading Delegation", f"{zh}交易团", None, None, en)
         for code, en, zh in DELEGATIONS],
    )
    sub_rows, sub_parent = [], []
    for top_id, (code, en, zh) in zip(tops, DELEGATIONS, strict=True):
        for kind, kind_en, kind_zh in SUB_DELEGATION_KINDS[: 2 + rng.randint(0, 2)]:
            sub_rows.append((ctx.edition.pk, f"{code}-{kind}", f"{en} {kind_en} Sub-delegation",
                             f"{zh}{kind_zh}分团", top_id, None, en))
            sub_parent.append(top_id)
    subs = ctx.insert_returning_ids(
        Delegation, ["edition_id", "code", "name_en", "name_zh", "parent_id", "lead_id", "province"], sub_rows
    )
    children: dict[int, list[int]] = {}
    for sub, parent in zip(subs, sub_parent, strict=True):
        children.setdefault(parent, []).append(sub)
    codes = [code for code, _en, _zh in DELEGATIONS]
    weights = [BIG_DELEGATIONS.get(code, 1) for code in codes]

    foreign = list(
        Participation.objects.filter(edition=ctx.edition).values_list("company__country_id", flat=True).distinct()
    )
    foreign = sorted(c for c in foreign if not c.startswith("O-")) or ["CN"]
    organisations = [organisation_zh(rng) for _ in range(max(50, ctx.n(60_000)))]
    opened = ctx.before_opening(75)
    n = ctx.n(ctx.spec["visitors"])

    def rows():
        for _ in ctx.progress(range(n), total=n, desc="visitors"):
            r = rng.random()
            if r < 0.85:
                top = rng.choices(range(len(tops)), weights)[0]
                delegation = tops[top]
                if rng.random() < 0.6:
                    delegation = rng.choice(children[tops[top]])
                country, name = "CN", person_name_zh(rng)
            elif r < 0.95:
                delegation, country, name = None, "CN", person_name_zh(rng)
            else:
                delegation, country, name = None, rng.choice(foreign), person_name_en(rng)
            s = rng.random()
            status = "approved" if s < 0.985 else "pending" if s < 0.995 else "rejected"
            when = opened + dt.timedelta(seconds=rng.randrange(70 * 86400))
            yield (ctx.edition.pk, None, name, rng.choice(organisations), rng.choice(VISITOR_ROLES), country,
                   delegation, status, ctx.dt(when))

    ctx.insert(Visitor, ["edition_id", "user_id", "full_name", "organisation", "role", "country_id",
                         "delegation_id", "status", "registered_at"], rows())
