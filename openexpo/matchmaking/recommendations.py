"""Recommendations from the database: buyer need -> exhibits and exhibitors, exhibitor ->
buyers, each with reasons; dismissed suggestions never return.

The scoring is `openexpo.solvers.recommend`; this module turns rows into `Doc`s, keeps one
built index per edition and side in memory (rebuilt when rows are added or removed, or
after 15 minutes for edits), adds the delegation signal and resolves ids back to names.

Semantic ranking (optional, default off): with OPENEXPO_SEMANTIC=1 (setting or environment)
and the `semantic` install extra, buyer -> exhibit suggestions add the sentence-embedding
term of `openexpo.solvers.semantic` (embeddings cached by text across index rebuilds).
Without the extra a warning is logged once and the lexical ranking is used.
"""

from __future__ import annotations

import logging
import os
import threading
import time
from collections import Counter
from dataclasses import dataclass
from typing import Any

import numpy as np
from django.conf import settings
from django.db.models import Count, Max

from openexpo.catalogue.models import Exhibit
from openexpo.core.models import Edition
from openexpo.exhibitors.models import Participation
from openexpo.matchmaking.models import CapabilityStatement, Dismissal, MeetingRequest, Need
from openexpo.solvers.recommend import Doc, Index, Match, group_top

TTL_SECONDS = 900.0  # also rebuilt at once when rows are added or removed
DELEGATION_BOOST = 0.05
RECHECK_SECONDS = 5.0  # how long a built index is trusted without asking the database
_cache: dict[tuple[int, str], tuple[tuple, float, Index]] = {}
_checked: dict[tuple[int, str], float] = {}
_lock = threading.Lock()
_semantic: dict[tuple[int, str], tuple[Index, Any]] = {}  # key -> (index, SemanticIndex)
_embeddings: dict[str, Any] = {}  # text -> unit vector, kept across rebuilds
_warned: list[bool] = []
log = logging.getLogger(__name__)


def semantic_enabled() -> bool:
    """OPENEXPO_SEMANTIC=1 (Django setting, else environment) and the extra installed."""
    value = getattr(settings, "OPENEXPO_SEMANTIC", None)
    if value is None:
        value = os.environ.get("OPENEXPO_SEMANTIC", "")
    if str(value).strip().lower() not in ("1", "true", "yes", "on"):
        return False
    from openexpo.solvers import semantic

    if semantic.available():
        return True
    if not _warned:
        _warned.append(True)
        log.warning("OPENEXPO_SEMANTIC is set but %s", semantic.INSTALL_HINT)
    return False


def _stamp(edition: Edition) -> tuple:
    ex = Exhibit.objects.filter(participation__edition=edition).aggregate(
        n=Count("id"), m=Max("id")
    )
    cap = CapabilityStatement.objects.filter(participation__edition=edition).aggregate(
        n=Count("id"), m=Max("id")
    )
    nd = Need.objects.filter(edition=edition, status=Need.Status.OPEN).aggregate(
        n=Count("id"), m=Max("id")
    )
    return (ex["n"], ex["m"], cap["n"], cap["m"], nd["n"], nd["m"])


def need_doc(need: Need) -> Doc:
    return Doc(
        id=need.pk,
        text_en=f"{need.title}. {need.text_en}",
        text_zh=need.text_zh,
        categories=tuple(c.code for c in need.categories.all()),
        origins=tuple(o.code for o in need.origins.all()),
        group=need.buyer_id,
    )


def _need_docs(edition: Edition) -> list[Doc]:
    qs = Need.objects.filter(edition=edition, status=Need.Status.OPEN).prefetch_related(
        "categories", "origins"
    )
    return [need_doc(n) for n in qs.order_by("id")]


def _offer_docs(edition: Edition, participation_id: int | None = None) -> list[Doc]:
    """Exhibits (positive ids) and capability statements (negative ids), grouped by
    participation (all of the edition's, or one participation's)."""
    only = {"participation_id": participation_id} if participation_id else {}
    docs = [
        Doc(
            id=e["id"],
            text_en=f"{e['name_en']}. {e['description_en']}",
            text_zh=f"{e['name_zh']}。{e['description_zh']}",
            categories=(e["category__code"],) if e["category__code"] else (),
            origins=(e["origin_id"],) if e["origin_id"] else (),
            group=e["participation_id"],
        )
        for e in Exhibit.objects.filter(
            participation__edition=edition,
            participation__status=Participation.Status.APPROVED,
            **only,
        )
        .order_by("id")
        .values(
            "id",
            "name_en",
            "name_zh",
            "description_en",
            "description_zh",
            "category__code",
            "origin_id",
            "participation_id",
        )
    ]
    for cap in CapabilityStatement.objects.filter(
        participation__edition=edition, **only
    ).prefetch_related("categories"):
        docs.append(
            Doc(
                id=-cap.pk,
                text_en=cap.text_en,
                text_zh=cap.text_zh,
                categories=tuple(c.code for c in cap.categories.all()),
                group=cap.participation_id,
            )
        )
    return docs


def participation_doc(participation: Participation, offers: list[Doc] | None = None) -> Doc:
    """An exhibitor as one query: all its offers together."""
    mine = [
        d
        for d in (offers or _offer_docs(participation.edition, participation.pk))
        if d.group == participation.pk
    ]
    origins = {o for d in mine for o in d.origins} | {participation.company.country_id}
    return Doc(
        id=participation.pk,
        text_en=" ".join(d.text_en for d in mine)[:20_000],
        text_zh=" ".join(d.text_zh for d in mine)[:20_000],
        categories=tuple(sorted({c for d in mine for c in d.categories})),
        origins=tuple(sorted(origins)),
        group=participation.pk,
    )


def index_for(edition: Edition, side: str) -> Index:
    """The edition's index of offers (side "offers") or of needs (side "needs"), cached."""
    key = (edition.pk, side)
    now = time.monotonic()
    with _lock:
        hit = _cache.get(key)
        if hit and now - _checked.get(key, 0.0) < RECHECK_SECONDS:
            return hit[2]
    stamp = _stamp(edition)
    with _lock:
        if hit and hit[0] == stamp and now - hit[1] < TTL_SECONDS:
            _checked[key] = now
            return hit[2]
    offers = _offer_docs(edition)
    needs = _need_docs(edition)
    sem = None
    if side == "offers":
        index = Index.build(offers)
        index.calibrate(needs)
        if semantic_enabled():
            from openexpo.solvers.semantic import SemanticIndex

            sem = SemanticIndex.build(offers, cache=_embeddings)
    else:
        index = Index.build(needs)
        parts = Participation.objects.filter(pk__in={d.group for d in offers}).select_related(
            "company", "edition"
        )
        index.calibrate([participation_doc(p, offers) for p in parts])
    with _lock:
        _cache[key] = (stamp, time.monotonic(), index)
        _checked[key] = time.monotonic()
        if sem is not None:
            _semantic[key] = (index, sem)
        else:
            _semantic.pop(key, None)
    return index


def _semantic_for(edition: Edition, index: Index) -> Any:
    """The semantic index built with `index` (None when off or not built with it)."""
    hit = _semantic.get((edition.pk, "offers"))
    return hit[1] if hit and hit[0] is index and semantic_enabled() else None


def cache_recheck() -> None:
    """After a write: the next request asks the database whether the index is stale."""
    with _lock:
        _checked.clear()


def cache_clear() -> None:
    with _lock:
        _cache.clear()
        _checked.clear()
        _semantic.clear()


@dataclass(frozen=True)
class Suggestion:
    kind: str  # exhibit | capability | exhibitor | buyer
    id: int
    participation_id: int | None
    buyer_id: int | None
    title: str
    company: str
    score: float
    reasons: tuple[dict[str, str], ...]


def _reasons(match: Match, extra: dict[str, str] | None = None) -> tuple[dict[str, str], ...]:
    out = [{"kind": r.kind, "detail": r.detail} for r in match.reasons]
    if extra:
        out.append(extra)
    return tuple(out)


def _delegation_counts(need_buyer: Any) -> Counter[int]:
    """Accepted meetings of the buyer's delegation with each participation."""
    if not need_buyer.delegation_id:
        return Counter()
    rows = (
        MeetingRequest.objects.filter(
            buyer__delegation_id=need_buyer.delegation_id,
            status=MeetingRequest.Status.ACCEPTED,
        )
        .exclude(buyer=need_buyer)
        .values_list("participation_id", flat=True)
    )
    return Counter(rows)


def recommend_for_need(need: Need, k: int = 10) -> dict[str, list[Suggestion]]:
    """Exhibits (and capability statements) and exhibitors for a buyer's need."""
    index = index_for(need.edition, "offers")
    dismissed = Dismissal.objects.filter(side=Dismissal.Side.BUYER, buyer_id=need.buyer_id)
    gone_items = [d.exhibit_id for d in dismissed if d.exhibit_id]
    gone_groups = [d.participation_id for d in dismissed if not d.exhibit_id]
    delegation = _delegation_counts(need.buyer)
    near = index.ids[np.isin(index.groups, list(delegation))] if delegation else []
    boost = {int(i): DELEGATION_BOOST for i in near}
    options: dict[str, Any] = {
        "k": max(50, 5 * k),
        "exclude_items": gone_items,
        "exclude_groups": gone_groups,
        "boost": boost,
    }
    sem = _semantic_for(need.edition, index)
    if sem is not None:
        from openexpo.solvers.semantic import blend_search

        matches = blend_search(index, sem, need_doc(need), **options)
    else:
        matches = index.search(need_doc(need), **options)
    companies = dict(
        Participation.objects.filter(pk__in={m.group for m in matches}).values_list(
            "pk", "company__name_en"
        )
    )
    top = matches[:k]
    names = dict(
        Exhibit.objects.filter(pk__in=[m.item for m in top if m.item > 0]).values_list(
            "pk", "name_en"
        )
    )
    caps = CapabilityStatement.objects.in_bulk([-m.item for m in top if m.item < 0])

    def extra(group: int) -> dict[str, str] | None:
        n = delegation.get(group)
        return (
            {"kind": "delegation", "detail": f"{n} meeting(s) with your delegation"} if n else None
        )

    items = []
    for m in matches[:k]:
        title = names.get(m.item, "") if m.item > 0 else str(caps.get(-m.item, ""))
        items.append(
            Suggestion(
                "exhibit" if m.item > 0 else "capability",
                abs(m.item),
                m.group,
                None,
                title,
                companies.get(m.group, ""),
                round(m.score, 4),
                _reasons(m, extra(m.group)),
            )
        )
    best: dict[int, Match] = {}
    for m in matches:
        best.setdefault(m.group, m)
    groups = group_top(
        [m.item for m in matches], [m.score for m in matches], {m.item: m.group for m in matches}, k
    )
    exhibitors = [
        Suggestion(
            "exhibitor",
            g,
            g,
            None,
            companies.get(g, ""),
            companies.get(g, ""),
            round(s, 4),
            _reasons(best[g], extra(g)),
        )
        for g, s in groups
    ]
    return {"exhibits": items, "exhibitors": exhibitors}


def recommend_buyers(participation: Participation, k: int = 10) -> list[Suggestion]:
    """Buyers (through their open needs) for an exhibitor."""
    index = index_for(participation.edition, "needs")
    gone = list(
        Dismissal.objects.filter(
            side=Dismissal.Side.EXHIBITOR, participation=participation
        ).values_list("buyer_id", flat=True)
    )
    met = Counter(
        MeetingRequest.objects.filter(
            participation=participation,
            status=MeetingRequest.Status.ACCEPTED,
        )
        .exclude(buyer__delegation=None)
        .values_list("buyer__delegation_id", flat=True)
    )
    near = Need.objects.filter(
        edition=participation.edition, status=Need.Status.OPEN, buyer__delegation_id__in=list(met)
    ).values_list("pk", flat=True)
    boost = {nid: DELEGATION_BOOST for nid in near} if met else {}
    matches = index.search(
        participation_doc(participation), k=max(50, 5 * k), exclude_groups=gone, boost=boost
    )
    needs = Need.objects.select_related("buyer", "buyer__delegation").in_bulk(
        [m.item for m in matches]
    )
    out: list[Suggestion] = []
    seen: set[int] = set()
    for m in matches:
        need = needs.get(m.item)
        if need is None or m.group in seen:
            continue
        seen.add(m.group)
        extra = None
        if need.buyer.delegation_id:
            n = met.get(need.buyer.delegation_id, 0)
            detail = need.buyer.delegation.name + (f" ({n} meeting(s) with you)" if n else "")
            extra = {"kind": "delegation", "detail": detail}
        out.append(
            Suggestion(
                "buyer",
                need.pk,
                participation.pk,
                need.buyer_id,
                need.title,
                need.buyer.organisation,
                round(m.score, 4),
                _reasons(m, extra),
            )
        )
        if len(out) >= k:
            break
    return out
