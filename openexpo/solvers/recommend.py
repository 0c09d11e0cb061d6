"""Content-based, reciprocal buyer–exhibitor recommendation (pure: numpy/scipy, no Django).

A document (`Doc`) is either side of a match: an exhibit or capability statement, or a
buyer's need. Its features are one sparse row: TF-IDF over English words and
jieba-segmented Chinese words (L2-normalised, weight `w_text`), the HS hierarchy of its
categories (section, chapter, heading, subheading prefixes; weights summing to `w_cat`)
and its origin country or preferred origins (`w_origin`). The score of a query against an
item is one sparse dot product, so a batch of queries is one sparse matrix product; the
top k per row come from `argpartition`.

Mutual fit: after `calibrate()`, each item knows the best score any query of the other
side gives it; a pair that is also among the item's own best fits (score / best close to 1)
is boosted by `mutual` times that ratio, so reciprocal matches rank higher.
See docs/algorithms/recommend.md.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

import numpy as np
from scipy import sparse

from openexpo.solvers.recommend_text import LEVEL_WEIGHTS, hs_section, tokens


@dataclass(frozen=True)
class Doc:
    """One side of a match. `group` is the company (items) or delegation (needs)."""

    id: int
    text_en: str = ""
    text_zh: str = ""
    categories: tuple[str, ...] = ()
    origins: tuple[str, ...] = ()
    group: int = 0


@dataclass(frozen=True)
class Weights:
    text: float = 0.75
    cat: float = 0.20
    origin: float = 0.05
    mutual: float = 0.25


@dataclass(frozen=True)
class Reason:
    """Why a pair was suggested: kind is category | words | origin | mutual | delegation."""

    kind: str
    detail: str
    weight: float


@dataclass(frozen=True)
class Match:
    item: int
    group: int
    score: float
    reasons: tuple[Reason, ...] = ()


def _cat_features(codes: Iterable[str]) -> set[str]:
    feats: set[str] = set()
    for raw in codes:
        code = "".join(ch for ch in str(raw) if ch.isdigit())
        if len(code) < 2:
            continue
        section = hs_section(code)
        if section:
            feats.add(f"#s:{section}")
        for n in (2, 4, 6):
            if len(code) >= n:
                feats.add(f"#{n}:{code[:n]}")
    return feats


@dataclass
class Index:
    """Items of one side, ready to be searched by documents of the other side."""

    ids: np.ndarray
    groups: np.ndarray
    vocab: dict[str, int]
    idf: np.ndarray
    matrix: sparse.csr_matrix  # items x features, weighted
    matrix_t: sparse.csr_matrix  # features x items
    weights: Weights
    n_words: int = 0  # columns below this are words; above, category and origin features
    best: np.ndarray | None = None  # best score any query gives each item (calibrate)
    item_tokens: list[dict[str, float]] = field(default_factory=list, repr=False)
    item_cats: list[tuple[str, ...]] = field(default_factory=list, repr=False)
    item_origins: list[tuple[str, ...]] = field(default_factory=list, repr=False)
    position: dict[int, int] = field(default_factory=dict, repr=False)

    # --- building ---------------------------------------------------------------------

    @classmethod
    def build(cls, items: Sequence[Doc], weights: Weights | None = None) -> Index:
        weights = weights or Weights()
        toks = [Counter(tokens(d.text_en, d.text_zh)) for d in items]
        df: Counter[str] = Counter()
        for c in toks:
            df.update(c.keys())
        n = max(1, len(items))
        words = sorted(w for w, k in df.items() if k < 0.5 * n or n < 20)
        vocab = {w: i for i, w in enumerate(words)}
        idf = np.array([math.log((1 + n) / (1 + df[w])) + 1.0 for w in words], dtype=np.float64)
        index = cls(
            ids=np.array([d.id for d in items], dtype=np.int64),
            groups=np.array([d.group for d in items], dtype=np.int64),
            vocab=vocab,
            idf=idf,
            matrix=sparse.csr_matrix((0, 0)),
            matrix_t=sparse.csr_matrix((0, 0)),
            weights=weights,
        )
        index._extend_vocab(items)
        index.matrix = index._encode(items, toks)
        index.matrix_t = index.matrix.T.tocsr()
        index.item_tokens = index._token_weights(toks)
        index.item_cats = [d.categories for d in items]
        index.item_origins = [d.origins for d in items]
        index.position = {int(i): k for k, i in enumerate(index.ids)}
        return index

    def _extend_vocab(self, items: Sequence[Doc]) -> None:
        extra: set[str] = set()
        for d in items:
            extra |= _cat_features(d.categories)
            extra |= {f"@{o}" for o in d.origins if o}
        base = len(self.vocab)
        for k, feat in enumerate(sorted(extra)):
            self.vocab[feat] = base + k
        self.n_words = base

    def _token_weights(self, toks: Sequence[Counter[str]]) -> list[dict[str, float]]:
        out = []
        for c in toks:
            out.append(
                {
                    w: (1 + math.log(k)) * self.idf[self.vocab[w]]
                    for w, k in c.items()
                    if w in self.vocab and self.vocab[w] < self.n_words
                }
            )
        return out

    def _encode(
        self,
        docs: Sequence[Doc],
        toks: Sequence[Counter[str]] | None = None,
        *,
        item_side: bool = True,
    ) -> sparse.csr_matrix:
        """Feature rows; item rows carry the weights, query rows unit values."""
        rows: list[int] = []
        cols: list[int] = []
        vals: list[float] = []
        w = self.weights
        text_w = w.text if item_side else 1.0
        for r, d in enumerate(docs):
            counts = toks[r] if toks is not None else Counter(tokens(d.text_en, d.text_zh))
            text = [
                (self.vocab[t], (1 + math.log(k)) * self.idf[self.vocab[t]])
                for t, k in counts.items()
                if t in self.vocab and self.vocab[t] < self.n_words
            ]
            norm = math.sqrt(sum(v * v for _, v in text)) or 1.0
            for col, v in text:
                rows.append(r)
                cols.append(col)
                vals.append(text_w * v / norm)
            for feat in _cat_features(d.categories):
                col = self.vocab.get(feat)
                if col is not None:
                    rows.append(r)
                    cols.append(col)
                    vals.append(w.cat * LEVEL_WEIGHTS[feat[1]] if item_side else 1.0)
            for o in set(d.origins):
                col = self.vocab.get(f"@{o}")
                if col is not None:
                    rows.append(r)
                    cols.append(col)
                    vals.append(w.origin if item_side else 1.0)
        shape = (len(docs), len(self.vocab))
        return sparse.csr_matrix((vals, (rows, cols)), shape=shape, dtype=np.float32)

    def encode_queries(self, docs: Sequence[Doc]) -> sparse.csr_matrix:
        return self._encode(docs, item_side=False)

    # --- searching ----------------------------------------------------------------------

    def scores(self, queries: sparse.csr_matrix) -> np.ndarray:
        """Dense scores (queries x items); text part is the cosine in [0, w.text]."""
        return np.asarray((queries @ self.matrix_t).todense(), dtype=np.float32)

    def calibrate(self, queries: Sequence[Doc], batch: int = 2000) -> None:
        """Record each item's best score over `queries` (the other side), for mutual fit."""
        best = np.zeros(len(self.ids), dtype=np.float32)
        for start in range(0, len(queries), batch):
            s = self.scores(self.encode_queries(queries[start : start + batch]))
            if s.size:
                np.maximum(best, s.max(axis=0), out=best)
        self.best = best

    def _rank(
        self,
        s: np.ndarray,
        k: int,
        exclude_rows: Sequence[np.ndarray] | None,
        mutual: bool,
        extra: np.ndarray | None = None,
    ) -> tuple[np.ndarray, np.ndarray]:
        """Top k per row; `extra` (same shape, e.g. the semantic term) is added after the
        mutual boost."""
        if mutual and self.best is not None and self.weights.mutual:
            ratio = np.divide(s, self.best, out=np.zeros_like(s), where=self.best > 0)
            s = s * (1 + self.weights.mutual * np.minimum(ratio, 1.0))
        if extra is not None:
            s = s + extra
        if exclude_rows is not None:
            for r, cols in enumerate(exclude_rows):
                if len(cols):
                    s[r, cols] = -1.0
        k = min(k, s.shape[1])
        if k == 0:
            return np.zeros((s.shape[0], 0), dtype=np.int64), np.zeros((s.shape[0], 0))
        part = np.argpartition(-s, k - 1, axis=1)[:, :k]
        part_scores = np.take_along_axis(s, part, axis=1)
        order = np.lexsort((part, -part_scores), axis=1)
        top = np.take_along_axis(part, order, axis=1)
        return top, np.take_along_axis(part_scores, order, axis=1)

    def top_k(
        self,
        queries: Sequence[Doc],
        k: int = 20,
        *,
        batch: int = 1000,
        exclude: Mapping[int, Iterable[int]] | None = None,
        mutual: bool = True,
        calibrate: bool = False,
        pool: int = 3,
        workers: int = 2,
    ) -> tuple[np.ndarray, np.ndarray]:
        """Top-k item ids and scores for each query (rows in query order; -1 pads).

        With `calibrate=True` the queries are also the whole other side: ONE pass records
        each item's best score and keeps the `pool`·k best raw candidates per query; the
        mutual boost then re-ranks the candidates (the boost is at most 1 + mutual, so a
        pool of 3·k is ample). Batches run on `workers` threads (scipy and numpy release
        the GIL in the products and partitions)."""
        inline = calibrate and mutual and bool(self.weights.mutual)
        width = min(len(self.ids), pool * k) if inline else k
        best = np.zeros(len(self.ids), dtype=np.float32)
        out_ids = np.full((len(queries), width), -1, dtype=np.int64)
        out_scores = np.zeros((len(queries), width), dtype=np.float32)

        def run(start: int) -> tuple[int, np.ndarray, np.ndarray, np.ndarray | None]:
            chunk = queries[start : start + batch]
            s = self.scores(self.encode_queries(chunk))
            colmax = s.max(axis=0) if inline and s.size else None
            rows = None
            if exclude:
                rows = [
                    np.array(
                        [self.position[i] for i in exclude.get(q.id, ()) if i in self.position],
                        dtype=np.int64,
                    )
                    for q in chunk
                ]
            top, sc = self._rank(s, width, rows, mutual and not inline)
            return start, top, sc, colmax

        starts = range(0, len(queries), batch)
        with ThreadPoolExecutor(max_workers=max(1, workers)) as ex:
            for start, top, sc, colmax in ex.map(run, starts):
                if colmax is not None:
                    np.maximum(best, colmax, out=best)
                valid = sc > 0
                n = top.shape[0]
                out_ids[start : start + n, : top.shape[1]] = np.where(valid, top, -1)
                out_scores[start : start + n, : top.shape[1]] = np.where(valid, sc, 0)
        if inline:
            self.best = best
            cols = np.maximum(out_ids, 0)
            ratio = np.divide(
                out_scores, best[cols], out=np.zeros_like(out_scores), where=best[cols] > 0
            )
            boosted = out_scores * (1 + self.weights.mutual * np.minimum(ratio, 1.0))
            boosted[out_ids < 0] = -1.0
            order = np.lexsort((cols, -boosted), axis=1)[:, :k]
            out_ids = np.take_along_axis(out_ids, order, axis=1)
            out_scores = np.take_along_axis(boosted, order, axis=1)
            out_scores[out_ids < 0] = 0
        ids = np.where(out_ids >= 0, self.ids[np.maximum(out_ids, 0)], -1)
        return ids, out_scores

    def search(
        self,
        query: Doc,
        k: int = 20,
        *,
        exclude_items: Iterable[int] = (),
        exclude_groups: Iterable[int] = (),
        boost: Mapping[int, float] | None = None,
        mutual: bool = True,
        extra: np.ndarray | None = None,
    ) -> list[Match]:
        """One query, explained: the top-k items with the reasons for each. `extra` (one
        value per item, index order) is added to the scores after the mutual boost."""
        q = self.encode_queries([query])
        s = self.scores(q)
        cols = [self.position[i] for i in exclude_items if i in self.position]
        groups = set(exclude_groups)
        if groups:
            cols.extend(np.flatnonzero(np.isin(self.groups, list(groups))).tolist())
        if boost:
            for item, bonus in boost.items():
                if item in self.position:
                    s[0, self.position[item]] += bonus
        raw = s.copy()
        top, sc = self._rank(
            s, k, [np.array(cols, dtype=np.int64)], mutual, None if extra is None else extra[None]
        )
        qtok = self._query_token_weights(query)
        out = []
        for col, score in zip(top[0], sc[0], strict=True):
            if score <= 0:
                break
            out.append(
                Match(
                    item=int(self.ids[col]),
                    group=int(self.groups[col]),
                    score=float(score),
                    reasons=self.explain(query, int(col), qtok, float(raw[0, col])),
                )
            )
        return out

    def _query_token_weights(self, query: Doc) -> dict[str, float]:
        counts = Counter(tokens(query.text_en, query.text_zh))
        return {
            w: (1 + math.log(k)) * self.idf[self.vocab[w]]
            for w, k in counts.items()
            if w in self.vocab and self.vocab[w] < self.n_words
        }

    def explain(
        self, query: Doc, col: int, qtok: dict[str, float] | None = None, score: float | None = None
    ) -> tuple[Reason, ...]:
        """Reasons for one pair, strongest first."""
        reasons: list[Reason] = []
        qtok = self._query_token_weights(query) if qtok is None else qtok
        itok = self.item_tokens[col]
        shared = sorted(set(qtok) & set(itok), key=lambda w: -qtok[w] * itok[w])
        if shared:
            reasons.append(
                Reason(
                    "words", ", ".join(shared[:5]), float(sum(qtok[w] * itok[w] for w in shared))
                )
            )
        cat = _shared_category(query.categories, self.item_cats[col])
        if cat:
            reasons.append(Reason("category", cat, self.weights.cat))
        origin = set(query.origins) & set(self.item_origins[col])
        if origin:
            reasons.append(Reason("origin", ", ".join(sorted(origin)), self.weights.origin))
        best = float(self.best[col]) if self.best is not None else 0.0
        if score is not None and best > 0 and score >= 0.8 * best:
            reasons.append(Reason("mutual", f"{min(1.0, score / best):.2f}", self.weights.mutual))
        return tuple(sorted(reasons, key=lambda r: -r.weight))


def _shared_category(query_cats: Sequence[str], item_cats: Sequence[str]) -> str:
    """The deepest HS prefix both sides share ('' if none), e.g. '0201' or 'section II'."""
    best = ""
    for a in query_cats:
        for b in item_cats:
            n = 0
            while n < min(len(a), len(b)) and a[n] == b[n]:
                n += 1
            n = 6 if n >= 6 else 4 if n >= 4 else 2 if n >= 2 else 0
            if n and n > len(best):
                best = a[:n]
            elif not best and hs_section(a) and hs_section(a) == hs_section(b):
                best = f"section {hs_section(a)}"
    return best


def group_top(
    ids: Sequence[int], scores: Sequence[float], groups: Mapping[int, int], k: int
) -> list[tuple[int, float]]:
    """Aggregate item matches into their groups (companies): best score plus a small bonus
    for each further matching item; the k best groups."""
    total: dict[int, float] = {}
    count: Counter[int] = Counter()
    for i, s in zip(ids, scores, strict=True):
        g = groups[i]
        total[g] = max(total.get(g, 0.0), float(s))
        count[g] += 1
    ranked = sorted(total, key=lambda g: (-(total[g] * (1 + 0.05 * (count[g] - 1))), g))
    return [(g, total[g] * (1 + 0.05 * (count[g] - 1))) for g in ranked[:k]]
