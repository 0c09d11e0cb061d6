"""The facet table's sort order: built once, extended in place as documents are added."""

from __future__ import annotations

import random

import numpy as np

from openexpo.catalogue import search, search_store
from openexpo.catalogue.models import Exhibit
from openexpo.catalogue.search import SearchQuery
from openexpo.catalogue.search_store import order_extend, order_of


def _in_key_order(order: search_store.Order) -> list[str]:
    return list(order.names[np.argsort(order.key, kind="stable")])


def _expected(names: list[str]) -> list[str]:
    return sorted(names, key=lambda s: (min(len(s), 255), s))


def test_extended_order_is_the_order_of_all_names():
    rng = random.Random(5)
    words = ["pump", "coffee", "咖啡", "tea", "x", "", "a" * 300, "pumps", "Pump", "泵"]
    first = [" ".join(rng.sample(words, 2)) for _ in range(200)]
    order, everything = order_of(first), list(first)
    for size in (1, 7, 50, 0, 120):
        more = [" ".join(rng.sample(words, 2)) for _ in range(size)] + ["", "zz", first[3]]
        order = order_extend(order, more)
        everything += more
        assert order is not None
        assert _in_key_order(order) == _expected(everything)
        assert list(order.names) == everything


def test_a_gap_too_narrow_asks_for_a_new_sort():
    order = order_of(["a", "c"])
    assert order_extend(order, ["b"] * (search_store.RANK_GAP - 1)) is not None
    assert order_extend(order, ["b"] * search_store.RANK_GAP) is None
    assert _in_key_order(order_extend(order_of([]), ["b", "a"])) == ["a", "b"]


def test_refreshed_store_orders_like_a_fresh_load(catalogue):
    stale = search_store.get()
    pump = catalogue.ex.pump
    Exhibit.objects.filter(pk=pump.pk).update(name_en="Aardvark Pump")
    search.index_exhibits([pump.pk, catalogue.ex.beans.pk])
    refreshed = search_store.get()
    assert refreshed.generation == stale.generation
    fresh = search_store.load(refreshed.token)
    alive = refreshed.kind >= 0

    def ranked(store: search_store.Store, rows: np.ndarray) -> list[int]:
        return [int(i) for i in store.ids[rows[np.argsort(store.order_key[rows])]]]

    assert ranked(refreshed, np.nonzero(alive)[0]) == ranked(fresh, np.arange(len(fresh.ids)))
    result = search.search(SearchQuery(edition_id=catalogue.edition.pk))
    assert result.ids[0] == pump.pk  # "aardvark pump" sorts first


def test_ids_sent_as_one_string():
    assert search_store.parse_ids(None).tolist() == []
    assert search_store.parse_ids("").tolist() == []
    assert search_store.parse_ids("3,1,20000000000").tolist() == [3, 1, 20000000000]
    assert search_store.parse_ids("7").dtype == np.int64
