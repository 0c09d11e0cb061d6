"""The in-memory facet table: every SearchDoc's facet values as numpy columns.

The engines only answer "which documents match" (a few milliseconds even for thousands of
hits); filtering, facet counting and ordering then run as vectorised numpy operations over
this table instead of SQL GROUP BYs, which keeps a search at tens of milliseconds on the
whole catalogue. Each process keeps one copy per database and reloads it when the token in
`SearchState` (changed by every index write, in the same transaction) differs: after a
rebuild it reloads, after other writes it only reads the rows added and the ids still alive.
"""

from __future__ import annotations

import secrets
import threading
from dataclasses import dataclass

import numpy as np
from django.db import connection

FACET_COLUMNS = {
    "country": "country",
    "region": "region",
    "area": "area_id",
    "section": "section",
    "chapter": "chapter",
    "heading": "heading",
    "launch": "launch_type",
    "size": "size_class",
    "ldc": "is_ldc",
}
KINDS = {"exhibit": 0, "company": 1}
_SELECT = (
    "SELECT id, kind, obj_id, edition_id, country, region, area_id, section, chapter, heading,"
    " launch_type, size_class, is_ldc, sort_name FROM catalogue_searchdoc"
)


@dataclass
class Store:
    """Facet columns of every document, addressed by row position; `pos` maps doc id → row.

    Rows of deleted documents stay in place with kind -1, so they never match.
    """

    token: str
    ids: np.ndarray
    pos: np.ndarray
    kind: np.ndarray
    edition: np.ndarray
    obj_id: np.ndarray
    order: Order
    codes: dict[str, np.ndarray]
    values: dict[str, list[str]]

    def __post_init__(self) -> None:
        self.order_key = self.order.key

    @property
    def generation(self) -> str:
        return self.token.split(".")[0]

    def rows_of(self, doc_ids: np.ndarray) -> np.ndarray:
        doc_ids = doc_ids[(doc_ids >= 0) & (doc_ids < len(self.pos))]
        rows = self.pos[doc_ids]
        return rows[rows >= 0]

    def code_of(self, facet: str, value: str) -> int:
        try:
            return self.values[facet].index(value)
        except ValueError:
            return -1


def _value(facet: str, raw: object) -> str:
    if facet == "ldc":
        return "1" if raw else "0"
    return "" if raw is None else str(raw)


# Alphabetical ranks are spaced this far apart at load, so names added later get a rank
# between their neighbours without sorting every name again.
RANK_GAP = 1 << 10
RANK_END = 1 << 32  # ranks live in the low 32 bits of a sort key


@dataclass
class Order:
    """Sort keys of the rows: shorter names first (a match is a larger part of them), then
    alphabetical; `sorted_names` / `sorted_ranks` are every name in order with its rank."""

    names: np.ndarray
    length: np.ndarray
    rank: np.ndarray
    sorted_names: np.ndarray
    sorted_ranks: np.ndarray

    @property
    def key(self) -> np.ndarray:
        return (self.length << 32) | self.rank


def _lengths(names: list[str]) -> np.ndarray:
    return np.minimum(np.fromiter(map(len, names), dtype=np.int64, count=len(names)), 255)


def order_of(names: list[str]) -> Order:
    """Sort every name once."""
    n = len(names)
    gap = max(1, min(RANK_GAP, (RANK_END - 1) // (n + 1)))
    array = np.asarray(names, dtype=object)
    by_name = np.argsort(array, kind="stable")
    rank = np.empty(n, dtype=np.int64)
    rank[by_name] = (np.arange(n, dtype=np.int64) + 1) * gap
    return Order(array, _lengths(names), rank, array[by_name], rank[by_name])


def order_extend(order: Order, names: list[str]) -> Order | None:
    """`order` with rows of these names appended, each ranked between its neighbours (after
    equal names); None when some gap between neighbours is too narrow (sort again then)."""
    if not names:
        return order
    if not len(order.sorted_ranks):
        return order_of(names)
    new = np.asarray(names, dtype=object)
    by_name = np.argsort(new, kind="stable")
    new_sorted = new[by_name]
    at = np.searchsorted(order.sorted_names, new_sorted, side="right")
    ranks = order.sorted_ranks
    below = np.where(at > 0, ranks[np.maximum(at - 1, 0)], 0)
    above = np.where(at < len(ranks), ranks[np.minimum(at, len(ranks) - 1)], RANK_END - 1)
    starts, first, counts = np.unique(at, return_index=True, return_counts=True)
    group = np.repeat(np.arange(len(starts)), counts)
    k = np.arange(len(at)) - first[group] + 1  # 1-based place among the names of one gap
    c = counts[group] + 1
    if np.any(above - below < c):
        return None
    placed = below + (above - below) * k // c
    rank = np.empty(len(names), dtype=np.int64)
    rank[by_name] = placed
    return Order(
        np.concatenate([order.names, new]),
        np.concatenate([order.length, _lengths(names)]),
        np.concatenate([order.rank, rank]),
        np.insert(order.sorted_names, at, new_sorted),
        np.insert(ranks, at, placed),
    )


def _fetch(where: str = "", params: tuple = ()) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(_SELECT + where + " ORDER BY id", list(params))
        return cursor.fetchall()


def _columns(rows: list[tuple], values: dict[str, list[str]]) -> dict[str, np.ndarray]:
    """numpy columns of `rows`; new facet values are appended to `values`."""
    n = len(rows)
    out = {
        "ids": np.fromiter((r[0] for r in rows), dtype=np.int64, count=n),
        "kind": np.fromiter((KINDS.get(r[1], -1) for r in rows), dtype=np.int8, count=n),
        "obj_id": np.fromiter((r[2] for r in rows), dtype=np.int64, count=n),
        "edition": np.fromiter((r[3] or 0 for r in rows), dtype=np.int64, count=n),
    }
    for i, facet in enumerate(FACET_COLUMNS, start=4):
        known = values.setdefault(facet, [])
        table = {v: k for k, v in enumerate(known)}
        column = [table.setdefault(_value(facet, r[i]), len(table)) for r in rows]
        known.extend(list(table)[len(known) :])
        out[facet] = np.asarray(column, dtype=np.int32)
    return out


def _positions(ids: np.ndarray) -> np.ndarray:
    pos = np.full(int(ids.max(initial=0)) + 1, -1, dtype=np.int64)
    pos[ids] = np.arange(len(ids))
    return pos


def load(token: str) -> Store:
    """Read every document's facets (one query) into numpy columns."""
    rows = _fetch()
    values: dict[str, list[str]] = {}
    cols = _columns(rows, values)
    return Store(
        token,
        cols["ids"],
        _positions(cols["ids"]),
        cols["kind"],
        cols["edition"],
        cols["obj_id"],
        order_of([r[13] or "" for r in rows]),
        {f: cols[f] for f in FACET_COLUMNS},
        values,
    )


def _alive_ids() -> np.ndarray:
    """Every document id, sent as one string (far cheaper than one row per id)."""
    agg = "string_agg(id::text, ',')" if connection.vendor == "postgresql" else "group_concat(id)"
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {agg} FROM catalogue_searchdoc")
        return parse_ids(cursor.fetchone()[0])


def parse_ids(text: str | None) -> np.ndarray:
    """Ids sent by the database as one comma-separated string (`string_agg` / `group_concat`):
    parsed in C, far cheaper than one Python row per id."""
    if not text:
        return np.empty(0, dtype=np.int64)
    return np.fromstring(text, dtype=np.int64, sep=",")


def refresh(store: Store, token: str) -> Store:
    """Apply the writes since `store` was read: rows deleted (marked dead) and rows added,
    without reading the whole table (ids of concurrent writers may commit out of order, so
    new rows are found by set difference, not only above the highest known id)."""
    alive = _alive_ids()
    known = alive < len(store.pos)
    present = np.zeros(len(store.pos), dtype=bool)
    present[alive[known]] = True
    kind = store.kind.copy()
    kind[~present[store.ids]] = -1
    added = alive[~known]
    added = np.sort(np.concatenate([added, alive[known][store.pos[alive[known]] < 0]]))
    rows = []
    if len(added):
        wanted = set(added.tolist())
        rows = [r for r in _fetch(" WHERE id >= %s", (int(added.min()),)) if r[0] in wanted]
    values = {f: list(v) for f, v in store.values.items()}
    cols = _columns(rows, values)
    ids = np.concatenate([store.ids, cols["ids"]])
    new_names = [r[13] or "" for r in rows]
    order = order_extend(store.order, new_names)
    if order is None:
        order = order_of([*store.order.names, *new_names])
    return Store(
        token,
        ids,
        _positions(ids),
        np.concatenate([kind, cols["kind"]]),
        np.concatenate([store.edition, cols["edition"]]),
        np.concatenate([store.obj_id, cols["obj_id"]]),
        order,
        {f: np.concatenate([store.codes[f], cols[f]]) for f in FACET_COLUMNS},
        values,
    )


_cache: dict[str, Store] = {}
_lock = threading.Lock()


def current_token() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT token FROM catalogue_searchstate WHERE id = 1")
        row = cursor.fetchone()
    return row[0] if row else "missing"


def get() -> Store:
    """The store of this database, brought up to date if the index changed since it was read."""
    key = f"{connection.alias}:{connection.settings_dict.get('NAME')}"
    token = current_token()
    store = _cache.get(key)
    if store is not None and store.token == token:
        return store
    with _lock:
        if store is not None and store.generation == token.split(".")[0]:
            store = refresh(store, token)
        else:
            store = load(token)
        _cache[key] = store
    return store


def touch(*, rebuilt: bool = False) -> None:
    """Mark the index as changed (call inside the writing transaction). A rebuild starts a
    new generation (ids restart), so readers reload; other writes let them catch up."""
    from openexpo.catalogue.models import SearchState

    generation = secrets.token_hex(6) if rebuilt else current_token().split(".")[0]
    SearchState.objects.update_or_create(
        pk=1, defaults={"token": f"{generation}.{secrets.token_hex(6)}"[:32]}
    )
