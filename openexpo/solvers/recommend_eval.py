"""Evaluating recommendations: the keyword-overlap baseline and precision/recall at k."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np
from scipy import sparse

from openexpo.solvers.recommend import Doc
from openexpo.solvers.recommend_text import tokens


def keyword_baseline_top_k(
    items: Sequence[Doc], queries: Sequence[Doc], k: int = 10, batch: int = 1000
) -> np.ndarray:
    """The keyword-overlap baseline: rank items by how many distinct words they share with
    the query (English and Chinese words, no weighting, no categories)."""
    vocab: dict[str, int] = {}

    def binary(docs: Sequence[Doc], grow: bool) -> sparse.csr_matrix:
        rows, cols = [], []
        for r, d in enumerate(docs):
            for t in set(tokens(d.text_en, d.text_zh)):
                c = vocab.get(t)
                if c is None and grow:
                    c = vocab[t] = len(vocab)
                if c is not None:
                    rows.append(r)
                    cols.append(c)
        return sparse.csr_matrix(
            (np.ones(len(rows), dtype=np.float32), (rows, cols)),
            shape=(len(docs), max(1, len(vocab))),
        )

    item_m = binary(items, True)
    item_t = item_m.T.tocsr()
    ids = np.array([d.id for d in items], dtype=np.int64)
    out = np.full((len(queries), k), -1, dtype=np.int64)
    for start in range(0, len(queries), batch):
        q = binary(queries[start : start + batch], False)
        q = sparse.csr_matrix((q.data, q.indices, q.indptr), shape=(q.shape[0], item_t.shape[0]))
        s = np.asarray((q @ item_t).todense())
        kk = min(k, s.shape[1])
        part = np.argpartition(-s, kk - 1, axis=1)[:, :kk]
        ps = np.take_along_axis(s, part, axis=1)
        order = np.lexsort((part, -ps), axis=1)
        top = np.take_along_axis(part, order, axis=1)
        good = np.take_along_axis(ps, order, axis=1) > 0
        out[start : start + q.shape[0], :kk] = np.where(good, ids[top], -1)
    return out


def precision_recall_at_k(
    ranked: np.ndarray,
    truth: Sequence[Iterable[int]],
    k: int = 10,
) -> tuple[float, float]:
    """Mean precision@k and recall@k of ranked item ids against the true item sets."""
    p = r = 0.0
    n = 0
    for row, true in zip(ranked, truth, strict=True):
        true_set = set(true)
        if not true_set:
            continue
        hits = len(true_set.intersection(int(x) for x in row[:k] if x >= 0))
        p += hits / k
        r += hits / len(true_set)
        n += 1
    return (p / n, r / n) if n else (0.0, 0.0)
