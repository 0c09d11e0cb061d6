"""Benchmark: buyer-need -> exhibit recommendations, throughput, latency and quality.

Generates a deterministic catalogue (35,000 exhibits of 1,400 companies) and 60,000 needs
with hidden targets (openexpo.matchmaking.needgen), then measures:
- batch: top 20 for every need, vectorised sparse products in batches, one pass that also
  calibrates the mutual-fit boost (target <= 120 s);
- on-line: one explained request (`Index.search`), median and p95 (target <= 50 ms);
- quality: precision@10 / recall@10 against the targets, for the recommender and the
  keyword-overlap baseline on the same needs.
`--semantic` adds, on the same needs, the sentence-embedding ranking alone and blended with
the recommender (openexpo.solvers.semantic, the `semantic` install extra), the embedding time
(wall and CPU) and the blend weights tried; without the extra the JSON says so.
`--quick` runs at a tenth of the scale. The last line printed is one JSON object.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from openexpo.matchmaking.needgen import generate_needs, synthetic_catalogue  # noqa: E402
from openexpo.solvers.recommend import Doc, Index  # noqa: E402
from openexpo.solvers.recommend_eval import keyword_baseline_top_k, precision_recall_at_k  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--exhibits", type=int, default=35_000)
    ap.add_argument("--companies", type=int, default=1_400)
    ap.add_argument("--needs", type=int, default=60_000)
    ap.add_argument("--eval", type=int, default=5_000, help="needs used for quality figures")
    ap.add_argument("--semantic", action="store_true", help="also measure sentence embeddings")
    args = ap.parse_args()
    os.environ.setdefault("OMP_NUM_THREADS", "2")
    if args.quick:
        args.exhibits, args.companies, args.needs, args.eval = 3_500, 140, 6_000, 2_000

    t0 = time.perf_counter()
    catalogue = synthetic_catalogue(args.exhibits, args.companies, seed=11)
    needs = generate_needs(catalogue, args.needs, seed=12)
    items = [
        Doc(
            id=e.id,
            text_en=f"{e.name_en}. {e.description_en}",
            text_zh=f"{e.name_zh}。{e.description_zh}",
            categories=(e.category,),
            origins=(e.origin,),
            group=e.company,
        )
        for e in catalogue
    ]
    queries = [
        Doc(
            id=i + 1,
            text_en=n.text_en,
            text_zh=n.text_zh,
            categories=n.categories,
            origins=n.origins,
        )
        for i, n in enumerate(needs)
    ]
    gen_s = time.perf_counter() - t0

    t0 = time.perf_counter()
    index = Index.build(items)
    build_s = time.perf_counter() - t0

    t0, c0 = time.perf_counter(), time.process_time()
    top_ids, _ = index.top_k(queries, k=20, calibrate=True)  # one pass, mutual fit included
    batch_s, batch_cpu = time.perf_counter() - t0, time.process_time() - c0

    latencies, cpu = [], []
    for q in queries[:200]:
        t, c = time.perf_counter(), time.process_time()
        index.search(q, k=20)
        latencies.append((time.perf_counter() - t) * 1000)
        cpu.append((time.process_time() - c) * 1000)
    latencies.sort()

    sample = queries[: args.eval]
    truth = [n.targets for n in needs[: args.eval]]
    p10, r10 = precision_recall_at_k(top_ids[: args.eval], truth, 10)
    plain_ids, _ = index.top_k(sample, k=10, mutual=False)
    p10_plain, r10_plain = precision_recall_at_k(plain_ids, truth, 10)
    t0 = time.perf_counter()
    base_ids = keyword_baseline_top_k(items, sample, k=10)
    baseline_s = time.perf_counter() - t0
    bp10, br10 = precision_recall_at_k(base_ids, truth, 10)

    result = {
        "bench": "recommend",
        "quick": args.quick,
        "exhibits": len(items),
        "needs": len(queries),
        "generate_s": round(gen_s, 2),
        "index_build_s": round(build_s, 2),
        "batch_top20_s": round(batch_s, 2),
        "batch_top20_cpu_s": round(batch_cpu, 2),
        "batch_target_s": 120,
        "online_median_ms": round(statistics.median(latencies), 2),
        "online_median_cpu_ms": round(statistics.median(cpu), 2),
        "online_p95_ms": round(latencies[int(0.95 * len(latencies)) - 1], 2),
        "online_target_ms": 50,
        "eval_needs": len(sample),
        "precision_at_10": round(p10, 4),
        "recall_at_10": round(r10, 4),
        "precision_at_10_no_mutual": round(p10_plain, 4),
        "recall_at_10_no_mutual": round(r10_plain, 4),
        "baseline_precision_at_10": round(bp10, 4),
        "baseline_recall_at_10": round(br10, 4),
        "baseline_s": round(baseline_s, 2),
        "precision_ratio_vs_baseline": round(p10 / bp10, 3) if bp10 else None,
        "recall_ratio_vs_baseline": round(r10 / br10, 3) if br10 else None,
    }
    if args.semantic:
        result.update(semantic_figures(index, items, sample, truth, top_ids[: args.eval]))
    print(json.dumps(result))


def semantic_figures(index, items, sample, truth, rec_ids) -> dict:
    """Semantic-only and blended P@10/R@10 on the same labelled needs, embedding time."""
    from openexpo.solvers import semantic

    if not semantic.available():
        return {"semantic": "not installed", "semantic_hint": semantic.INSTALL_HINT}
    t0, c0 = time.perf_counter(), time.process_time()
    model = semantic.load_model()
    load_s = time.perf_counter() - t0
    t0, c0 = time.perf_counter(), time.process_time()
    sem = semantic.SemanticIndex.build(items, model)
    embed_s, embed_cpu = time.perf_counter() - t0, time.process_time() - c0
    t0, c0 = time.perf_counter(), time.process_time()
    q_emb = sem.embed(sample)
    sem_ids, _ = sem.top_k(sample, k=10, query_emb=q_emb)
    query_s, query_cpu = time.perf_counter() - t0, time.process_time() - c0
    sp, sr = precision_recall_at_k(sem_ids, truth, 10)
    out = {
        "semantic": "installed",
        "semantic_model_load_s": round(load_s, 2),
        "semantic_embed_items": len(items),
        "semantic_embed_s": round(embed_s, 2),
        "semantic_embed_cpu_s": round(embed_cpu, 2),
        "semantic_embed_items_per_s": round(len(items) / embed_s, 1) if embed_s else None,
        "semantic_query_embed_top10_s": round(query_s, 2),
        "semantic_query_embed_top10_cpu_s": round(query_cpu, 2),
        "semantic_precision_at_10": round(sp, 4),
        "semantic_recall_at_10": round(sr, 4),
    }
    # Blends on the same needs: weighted sums (recommender + alpha x cosine) and RRF.
    blends = {}
    for alpha in (0.1, 0.25, 0.5, 1.0, 2.0):
        ids, _ = semantic.blend_top_k(index, sem, sample, k=10, alpha=alpha, query_emb=q_emb)
        p, r = precision_recall_at_k(ids, truth, 10)
        blends[f"sum_{alpha}"] = (round(p, 4), round(r, 4))
    sem50, _ = sem.top_k(sample, k=50, query_emb=q_emb)
    p, r = precision_recall_at_k(semantic.rrf_top_k(rec_ids, sem50, k=10), truth, 10)
    blends["rrf_60"] = (round(p, 4), round(r, 4))
    chosen = f"sum_{semantic.BLEND_ALPHA}"
    out["blend_tried_p10_r10"] = blends
    out["blend_chosen"] = chosen
    out["blend_precision_at_10"], out["blend_recall_at_10"] = blends[chosen]
    return out


if __name__ == "__main__":
    main()
