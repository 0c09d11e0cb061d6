"""Demo step: buyers' needs drawn from real exhibits (ground truth kept aside), and ~15,000
accepted one-to-one meetings over the first three days between ~1,400 exhibitors and
~3,300 buyers, left unscheduled for the organiser to run the scheduler."""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter

from openexpo.catalogue.models import Exhibit
from openexpo.core.demo.context import DemoContext
from openexpo.core.models import ProductCategory
from openexpo.exhibitors.models import Participation
from openexpo.matchmaking.models import MatchmakingSetup, MeetingRequest, Need, NeedGroundTruth
from openexpo.matchmaking.needgen import ExhibitRecord, GeneratedNeed, need_from_targets
from openexpo.visitors.models import Visitor

FULL_BUYERS = 3_300
FULL_EXHIBITORS = 1_400
FULL_MEETINGS = 15_000
CAP_PER_DAY = 8
STATUS_MIX = (("accepted", 0.8), ("pending", 0.1), ("declined", 0.07), ("cancelled", 0.03))


def _records(ctx: DemoContext, exhibitor_ids: list[int]) -> list[ExhibitRecord]:
    rows = (
        Exhibit.objects.filter(participation_id__in=exhibitor_ids)
        .order_by("pk")
        .values_list(
            "pk",
            "participation_id",
            "name_en",
            "name_zh",
            "description_en",
            "description_zh",
            "category__code",
            "origin_id",
        )
    )
    return [ExhibitRecord(r[0], r[1], r[2], r[3], r[4], r[5], r[6] or "", r[7] or "") for r in rows]


def build(ctx: DemoContext) -> None:
    rng = ctx.rng(f"matchmaking-{ctx.edition.number}")
    MatchmakingSetup.objects.get_or_create(
        edition=ctx.edition, defaults={"tables": 300, "cap_per_day": CAP_PER_DAY}
    )
    parts = ctx.ids(Participation, edition=ctx.edition, status="approved")
    buyers = list(
        Visitor.objects.filter(edition=ctx.edition, delegation__isnull=False, status="approved")
        .order_by("pk")
        .values_list("pk", flat=True)[: ctx.n(FULL_BUYERS) * 20]
    )
    if not parts or not buyers:
        return
    exhibitors = sorted(rng.sample(parts, k=min(len(parts), ctx.n(FULL_EXHIBITORS))))
    buyers = sorted(rng.sample(buyers, k=min(len(buyers), ctx.n(FULL_BUYERS))))
    records = _records(ctx, exhibitors)
    if not records:
        return
    by_heading: dict[str, list[ExhibitRecord]] = {}
    for r in records:
        by_heading.setdefault(r.category[:4], []).append(r)
    cat_pk = dict(ProductCategory.objects.values_list("code", "pk"))
    codes = sorted({r.category for r in records if r.category})

    needs, truths = [], []
    for buyer in buyers:
        first = rng.choice(records)
        targets = [first]
        pool = by_heading.get(first.category[:4]) or records
        for _ in range(rng.choice((0, 0, 1, 1, 2, 3, 4))):
            pick = rng.choice(pool)
            if pick not in targets:
                targets.append(pick)
        gen = need_from_targets(targets, rng, codes)
        title = (gen.text_en or gen.text_zh)[:80].rstrip(" ,.;。") or "Procurement need"
        needs.append(
            (
                ctx.edition.pk,
                buyer,
                title,
                gen.text_en,
                gen.text_zh,
                gen.quantity,
                gen.budget_min,
                gen.budget_max,
                gen.currency,
                ctx.edition.end_date + dt.timedelta(days=rng.randrange(30, 180)),
                "open",
                ctx.before_opening(rng.randrange(5, 60)),
            )
        )
        truths.append(gen)
    need_ids = ctx.insert_returning_ids(
        Need,
        [
            "edition_id",
            "buyer_id",
            "title",
            "text_en",
            "text_zh",
            "quantity",
            "budget_min",
            "budget_max",
            "currency",
            "deadline",
            "status",
            "created",
        ],
        needs,
    )
    cat_rows, origin_rows, truth_rows = [], [], []
    for nid, gen in zip(need_ids, truths, strict=True):
        cat_rows += [(nid, cat_pk[c]) for c in gen.categories if c in cat_pk]
        origin_rows += [(nid, o) for o in gen.origins]
        truth_rows.append((nid, _json(gen.targets)))
    ctx.insert(Need.categories.through, ["need_id", "productcategory_id"], cat_rows)
    ctx.insert(Need.origins.through, ["need_id", "country_id"], origin_rows)
    ctx.insert(NeedGroundTruth, ["need_id", "exhibit_ids"], truth_rows)
    _meetings(ctx, rng, need_ids, buyers, truths, records)


def _json(ids: tuple[int, ...]) -> str:
    return "[" + ",".join(str(i) for i in ids) + "]"


def _meetings(
    ctx: DemoContext,
    rng: random.Random,
    need_ids: list[int],
    buyers: list[int],
    truths: list[GeneratedNeed],
    records: list[ExhibitRecord],
) -> None:
    """Requests from each buyer to its targets' exhibitors, then to random ones, until the
    full-scale count, respecting the cap per participant per day."""
    days = ctx.edition.days[:3]
    part_of = {r.id: r.company for r in records}
    exhibitors = sorted({r.company for r in records})
    load: Counter[tuple[str, int, dt.date]] = Counter()
    pairs: set[tuple[int, int, dt.date]] = set()
    rows = []
    target = ctx.n(FULL_MEETINGS)
    statuses = [s for s, _ in STATUS_MIX]
    weights = [w for _, w in STATUS_MIX]
    created = ctx.before_opening(3)

    def add(buyer: int, part: int, need: int | None) -> None:
        day = rng.choice(days)
        if (buyer, part, day) in pairs:
            return
        status = rng.choices(statuses, weights)[0]
        if status == "accepted":
            if load[("b", buyer, day)] >= CAP_PER_DAY or load[("e", part, day)] >= CAP_PER_DAY:
                return
            load[("b", buyer, day)] += 1
            load[("e", part, day)] += 1
        pairs.add((buyer, part, day))
        side = "buyer" if rng.random() < 0.7 else "exhibitor"
        session = rng.choices(("any", "morning", "afternoon"), (8, 1, 1))[0]
        rows.append((ctx.edition.pk, buyer, part, side, need, day, session, status, created))

    for buyer, nid, gen in zip(buyers, need_ids, truths, strict=True):
        for exhibit in gen.targets:
            add(buyer, part_of[exhibit], nid)
    for _ in range(target * 3):
        if len(rows) >= target / STATUS_MIX[0][1]:
            break
        add(rng.choice(buyers), rng.choice(exhibitors), None)
    ctx.insert(
        MeetingRequest,
        [
            "edition_id",
            "buyer_id",
            "participation_id",
            "initiated_by",
            "need_id",
            "day",
            "session",
            "status",
            "message",
            "unplaced_reason",
            "published",
            "created",
        ],
        [(*r[:8], "", "", False, r[8]) for r in rows],
    )
