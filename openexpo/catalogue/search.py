"""The one search service: `search()` for pages and the API, `index_*()` for writers.

Two engines behind one function: SQLite FTS5 (`search_sqlite`) and PostgreSQL tsvector +
pg_trgm (`search_pg`). Both index the tokens of `textindex` (English words, Chinese
bigrams) and answer which documents match, and which match in their names; filtering,
facet counts and relevance order (name matches first, then shorter names) run on the
in-memory facet table of `search_store`. English typos are corrected against the vocabulary
of names when a query finds nothing. Services call `index_exhibits()` / `index_participations()`
explicitly after each write; `rebuild()` (command `search_rebuild`) redoes everything.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

import numpy as np
from django.db import connection, transaction

from openexpo.catalogue import search_docs, search_store, textindex
from openexpo.catalogue.models import SearchDoc

FACETS = {
    "exhibit": [
        "country",
        "region",
        "area",
        "section",
        "chapter",
        "heading",
        "launch",
        "size",
        "ldc",
    ],
    "company": ["country", "region", "area", "size", "ldc"],
}
MAX_PER_PAGE = 100
# facet filters leaving at most this many documents are passed to the engine as ids
ONLY_MAX = 2000


@dataclass(frozen=True)
class SearchQuery:
    """What the user asked: free text, facet filters, one edition, one page."""

    text: str = ""
    kind: str = "exhibit"
    edition_id: int | None = None
    filters: dict[str, str] = field(default_factory=dict)
    page: int = 1
    per_page: int = 20


@dataclass
class SearchResult:
    """Object ids of one page in relevance order, the total, facet counts, the correction."""

    ids: list[int]
    total: int
    facets: dict[str, list[tuple[str, int]]]
    corrected: str = ""
    engine: str = ""


def _engine():
    if connection.vendor == "postgresql":
        from openexpo.catalogue import search_pg

        return search_pg
    from openexpo.catalogue import search_sqlite

    return search_sqlite


def clean_filters(kind: str, filters: dict[str, str]) -> dict[str, object]:
    """Keep known facets with sane values; anything else is ignored, never an error."""
    out: dict[str, object] = {}
    for name in FACETS[kind]:
        value = str(filters.get(name) or "").strip()[:40]
        if not value:
            continue
        if name == "ldc":
            out[name] = value.lower() in {"1", "true", "yes", "on"}
        elif name == "area":
            if value.isdigit():
                out[name] = int(value)
        elif name == "launch" and value == "any":
            out[name] = "any"
        else:
            out[name] = value.upper() if name in {"country", "section"} else value
    return out


def _mask(
    store: search_store.Store, kind: str, edition_id: int | None, filters: dict[str, object]
) -> np.ndarray:
    mask = store.kind == search_store.KINDS[kind]
    if edition_id is not None:
        mask &= store.edition == edition_id
    for name, value in filters.items():
        if name == "launch" and value == "any":
            mask &= store.codes[name] != store.code_of(name, "")
            continue
        wanted = ("1" if value else "0") if name == "ldc" else str(value)
        mask &= store.codes[name] == store.code_of(name, wanted)
    return mask


def _facet_counts(store: search_store.Store, rows: np.ndarray, facets: list[str]) -> dict:
    out: dict[str, list[tuple[str, int]]] = {}
    for name in facets:
        values = store.values[name]
        counts = np.bincount(store.codes[name][rows], minlength=len(values))
        found = [
            (values[i], int(counts[i]))
            for i in np.nonzero(counts)[0]
            if values[i] != "" and not (name == "ldc" and values[i] == "0")
        ]
        if found:
            out[name] = sorted(found, key=lambda item: (-item[1], item[0]))
    return out


def _run(engine, store, parts, kind, edition_id, filters, facets, limit, offset) -> SearchResult:
    """Match (engine), then filter, count facets and order (numpy) one page."""
    mask = _mask(store, kind, edition_id, filters)
    if parts:
        only = None
        if filters and np.count_nonzero(mask) <= ONLY_MAX:
            only = store.ids[mask]
        matched, in_names = engine.match(parts, kind=kind, edition_id=edition_id, only=only)
        rows = store.rows_of(matched)
        rows = rows[mask[rows]]
        tier = np.ones(len(store.kind), dtype=np.int64)
        tier[store.rows_of(in_names)] = 0
        keys = (tier[rows] << 48) | store.order_key[rows]
    else:
        rows = np.nonzero(mask)[0]
        keys = store.order_key[rows] & 0xFFFFFFFF
    total = len(rows)
    end = min(total, offset + limit)
    top_rows, top_keys = rows, keys
    if offset >= total:
        top = rows[:0]
    else:
        if end < total:
            cut = np.argpartition(keys, end - 1)[:end]
            top_rows, top_keys = rows[cut], keys[cut]
        top = top_rows[np.argsort(top_keys, kind="stable")][offset:end]
    return SearchResult(
        ids=[int(i) for i in store.obj_id[top]],
        total=total,
        facets=_facet_counts(store, rows, facets),
    )


def search(query: SearchQuery) -> SearchResult:
    """Run a query on the database's engine; bad input never raises."""
    kind = query.kind if query.kind in FACETS else "exhibit"
    filters = clean_filters(kind, query.filters)
    per_page = max(1, min(query.per_page, MAX_PER_PAGE))
    offset = (max(1, query.page) - 1) * per_page
    facets = [
        f for f in FACETS[kind] if f != "heading" or "chapter" in filters or "heading" in filters
    ]
    engine = _engine()
    store = search_store.get()
    parts = textindex.parse_query(query.text)
    args = (kind, query.edition_id, filters, facets, per_page, offset)
    result = _run(engine, store, parts, *args)
    if result.total == 0 and any(not p.han for p in parts):
        fixed = engine.correct(parts)
        if fixed != parts:
            result = _run(engine, store, fixed, *args)
            if result.total:
                result.corrected = " ".join(p.text for p in fixed)
    result.engine = connection.vendor
    return result


# --- keeping the index current -----------------------------------------------------------


def _replace(kind: str, obj_ids: list[int], docs: list[search_docs.Doc]) -> None:
    engine = _engine()
    with transaction.atomic():
        old = list(
            SearchDoc.objects.filter(kind=kind, obj_id__in=obj_ids).values_list("id", flat=True)
        )
        if old:
            engine.delete_docs(old)
            SearchDoc.objects.filter(id__in=old).delete()
        if docs:
            engine.insert_docs(kind, docs)
            add_terms(docs)
        search_store.touch()


def add_terms(docs: Iterable[search_docs.Doc]) -> None:
    words: set[str] = set()
    for d in docs:
        words |= d.words
    if words:
        _engine().add_terms(sorted(words))


def index_exhibits(exhibit_ids: Iterable[int]) -> None:
    """Bring the index in step with these exhibits (created, changed or deleted)."""
    ids = sorted(set(exhibit_ids))
    if ids:
        _replace(SearchDoc.Kind.EXHIBIT, ids, search_docs.exhibit_docs(ids=ids))


def index_participations(participation_ids: Iterable[int], *, with_exhibits: bool = True) -> None:
    """Re-index companies at editions (after a company, participation or exhibit change)."""
    ids = sorted(set(participation_ids))
    if not ids:
        return
    _replace(SearchDoc.Kind.COMPANY, ids, search_docs.company_docs(ids=ids))
    if with_exhibits:
        from openexpo.catalogue.models import Exhibit

        index_exhibits(
            Exhibit.objects.filter(participation_id__in=ids).values_list("id", flat=True)
        )


def index_company(company_id: int) -> None:
    """Re-index everything of one company (its name or country changed)."""
    from openexpo.exhibitors.models import Participation

    index_participations(
        Participation.objects.filter(company_id=company_id).values_list("id", flat=True)
    )


def rebuild(edition_ids: list[int] | None = None) -> dict[str, int]:
    """Drop and rebuild the index (of every edition, or only of these); returns counts."""
    engine = _engine()
    with transaction.atomic():
        indexes = engine.clear()
        next_id = 1
        counts = {"exhibit": 0, "company": 0, "terms": 0}
        df: dict[str, int] = {}
        for kind, docs in (
            ("company", search_docs.company_docs(editions=edition_ids)),
            ("exhibit", search_docs.exhibit_docs(editions=edition_ids)),
        ):
            for d in docs:
                for w in d.words:
                    df[w] = df.get(w, 0) + 1
            engine.bulk_load(kind, docs, first_id=next_id)
            next_id += len(docs)
            counts[kind] = len(docs)
        engine.load_terms(sorted(df.items()))
        counts["terms"] = len(df)
        engine.finish_bulk(indexes)
        search_store.touch(rebuilt=True)
    if not connection.in_atomic_block:
        engine.after_commit()
    return counts


# --- SQL shared by both engines ------------------------------------------------------------

DOC_COLUMNS = [
    "id",
    "kind",
    "obj_id",
    "edition_id",
    "company_id",
    "country",
    "region",
    "is_ldc",
    "area_id",
    "size_class",
    "section",
    "chapter",
    "heading",
    "launch_type",
    "sort_name",
]


def doc_row(doc_id: int, kind: str, d: search_docs.Doc) -> list:
    f = d.facets
    return [
        doc_id,
        kind,
        d.obj_id,
        f["edition_id"],
        f["company_id"],
        f["country"],
        f["region"],
        bool(f["is_ldc"]),
        f["area_id"],
        f["size_class"],
        f.get("section", ""),
        f.get("chapter", ""),
        f.get("heading", ""),
        f.get("launch_type", ""),
        f.get("sort_name", ""),
    ]
