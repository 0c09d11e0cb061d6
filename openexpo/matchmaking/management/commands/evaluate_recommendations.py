"""`manage.py evaluate_recommendations`: precision@10 / recall@10 of the recommender on the
demo's generated needs against their hidden targets, with the keyword-overlap baseline."""

from __future__ import annotations

import json
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from openexpo.core.selectors import edition_current, edition_get
from openexpo.matchmaking import recommendations
from openexpo.matchmaking.models import NeedGroundTruth
from openexpo.solvers.recommend_eval import keyword_baseline_top_k, precision_recall_at_k


class Command(BaseCommand):
    help = "Measure recommendation quality on the demo needs' ground truth (prints JSON)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--edition", type=int, default=None)
        parser.add_argument("--limit", type=int, default=5000)

    def handle(self, *args: Any, edition: int | None, limit: int, **options: Any) -> None:
        ed = edition_get(edition) if edition else edition_current()
        if ed is None:
            raise CommandError("No such edition.")
        truth = dict(
            NeedGroundTruth.objects.filter(need__edition=ed)
            .order_by("need_id")
            .values_list("need_id", "exhibit_ids")[:limit]
        )
        if not truth:
            raise CommandError("No generated needs with ground truth: run `manage.py demo` first.")
        queries = [d for d in recommendations._need_docs(ed) if d.id in truth]
        t0 = time.perf_counter()
        index = recommendations.index_for(ed, "offers")
        built = time.perf_counter() - t0
        t0 = time.perf_counter()
        ids, _ = index.top_k(queries, k=10, exclude=None)
        ranked = time.perf_counter() - t0
        targets = [truth[q.id] for q in queries]
        p, r = precision_recall_at_k(ids, targets, 10)
        items = recommendations._offer_docs(ed)
        bp, br = precision_recall_at_k(keyword_baseline_top_k(items, queries, 10), targets, 10)
        self.stdout.write(
            json.dumps(
                {
                    "edition": ed.number,
                    "needs": len(queries),
                    "items": len(items),
                    "index_s": round(built, 2),
                    "rank_s": round(ranked, 2),
                    "precision_at_10": round(p, 4),
                    "recall_at_10": round(r, 4),
                    "baseline_precision_at_10": round(bp, 4),
                    "baseline_recall_at_10": round(br, 4),
                }
            )
        )
