"""The in-memory facet table: every SearchDoc's facet values as numpy columns.

The engines only answer "which documents match" (a few milliseconds even for thousands of
hits); filtering, facet counting and ordering then run as vectorised numpy operations over
this table instead of SQL GROUP BYs, which keeps a search at tens of milliseconds on the
whole catalogue. Each process keeps one copy per database and reloads it when the token in
`SearchState` (changed by every index write, in the same transaction) differs.
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
    """Facet columns of every document, addressed by row position; `pos` maps doc id → row."""

    token: str
    pos: np.ndarray
    kind: np.ndarray
    edition: np.ndarray
    obj_id: np.ndarray
    order_key: np.ndarray
    codes: dict[str, np.ndarray]
    values: dict[str, list[str]]

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


def load(token: str) -> Store:
    """Read every document's facets (one query) into numpy columns."""
    with connection.cursor() as cursor:
        cursor.execute(_SELECT)
        rows = cursor.fetchall()
    n = len(rows)
    max_id = max((r[0] for r in rows), default=0)
    pos = np.full(max_id + 1, -1, dtype=np.int64)
    pos[np.fromiter((r[0] for r in rows), dtype=np.int64, count=n)] = np.arange(n)
    kind = np.fromiter((KINDS.get(r[1], 9) for r in rows), dtype=np.int8, count=n)
    edition = np.fromiter((r[3] or 0 for r in rows), dtype=np.int64, count=n)
    obj_id = np.fromiter((r[2] for r in rows), dtype=np.int64, count=n)
    codes: dict[str, np.ndarray] = {}
    values: dict[str, list[str]] = {}
    for i, facet in enumerate(FACET_COLUMNS, start=4):
        table: dict[str, int] = {}
        column = [table.setdefault(_value(facet, r[i]), len(table)) for r in rows]
        codes[facet] = np.asarray(column, dtype=np.int32)
        values[facet] = list(table)
    names = [r[13] or "" for r in rows]
    alpha = np.empty(n, dtype=np.int64)
    alpha[np.argsort(np.asarray(names, dtype=object), kind="stable")] = np.arange(n)
    length = np.fromiter((min(len(s), 255) for s in names), dtype=np.int64, count=n)
    # shorter names first (a match is a larger part of them), then alphabetical
    order_key = (length << 32) | alpha
    return Store(token, pos, kind, edition, obj_id, order_key, codes, values)


_cache: dict[str, Store] = {}
_lock = threading.Lock()


def current_token() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT token FROM catalogue_searchstate WHERE id = 1")
        row = cursor.fetchone()
    return row[0] if row else "missing"


def get() -> Store:
    """The store of this database, reloaded if the index changed since it was read."""
    key = f"{connection.alias}:{connection.settings_dict.get('NAME')}"
    token = current_token()
    store = _cache.get(key)
    if store is not None and store.token == token:
        return store
    with _lock:
        store = load(token)
        _cache[key] = store
    return store


def touch() -> None:
    """Mark the index as changed (call inside the writing transaction)."""
    from openexpo.catalogue.models import SearchState

    SearchState.objects.update_or_create(pk=1, defaults={"token": secrets.token_hex(8)})
