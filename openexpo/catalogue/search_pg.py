"""PostgreSQL engine of the search service: a weighted tsvector column built from our own
tokens (no text-search parser involved; names weigh A), a GIN index, and pg_trgm over the
vocabulary of names for typo correction.

The GIN index has `fastupdate` off: with it on, writes pile up in a pending list that every
query scans sequentially (a few thousand pending entries made each query several times
slower and pushed the planner to a sequential scan). A rebuild drops the indexes, COPYs the
rows and creates the indexes afterwards, which is far faster than maintaining them row by row.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from django.db import connection

from openexpo.catalogue import search_docs, textindex
from openexpo.catalogue.search import DOC_COLUMNS, doc_row
from openexpo.catalogue.search_sqlite import best_candidate, edits1
from openexpo.catalogue.search_store import parse_ids
from openexpo.core.demo.context import bulk_insert

MAX_POSITION = 16383


def _lexeme(token: str) -> str:
    return "'" + token.replace("\\", "").replace("'", "''") + "'"


def scope_lexemes(kind: str, edition_id: int | None) -> list[str]:
    """Lexemes naming a document's kind and edition, so the GIN index itself keeps a query
    to one kind at one edition (our tokens are `[0-9a-z]+` or Han, never with `_`)."""
    out = [f"_k_{kind}"]
    if edition_id is not None:
        out.append(f"_e_{edition_id}")
    return out


def tsvector_literal(names: str, body: str, scope: Sequence[str] = ()) -> str:
    """`'tok':1A,4A 'other':9B '_k_exhibit'`: positions keep phrases, weights rank names above
    bodies; the scope lexemes have no position."""
    positions: dict[str, list[str]] = {}
    pos = 0
    for weight, text in (("A", names), ("B", body)):
        for token in text.split():
            pos += 1
            if pos > MAX_POSITION:
                break
            seen = positions.setdefault(token, [])
            if len(seen) < 64:
                seen.append(f"{pos}{weight}")
        pos += 1
    out = [f"{_lexeme(t)}:{','.join(p)}" for t, p in positions.items()]
    return " ".join(out + [_lexeme(s) for s in scope])


def _doc_tsvector(kind: str, d: search_docs.Doc) -> str:
    return tsvector_literal(d.names, d.body, scope_lexemes(kind, d.facets["edition_id"]))


def tsquery(parts: Sequence[textindex.QueryPart], weight: str = "") -> str:
    """A tsquery of our own lexemes: phrases with `<->`, prefixes with `:*`, `weight` limits
    matches to names (A)."""
    terms = []
    for p in parts:
        lexemes = [_lexeme(t) + (":" + weight if weight else "") for t in p.phrase]
        if p.prefix:
            lexemes[-1] = _lexeme(p.phrase[-1]) + ":*" + weight
        terms.append("(" + " <-> ".join(lexemes) + ")")
    return " & ".join(terms)


def match(
    parts: Sequence[textindex.QueryPart],
    *,
    kind: str | None = None,
    edition_id: int | None = None,
    only: np.ndarray | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """Doc ids matching every part anywhere, and those matching every part in their names.

    One index scan answers both (the names test runs on the rows fetched), each list sent
    as one string. `kind` and
    `edition_id` join the query as scope lexemes, so the GIN index drops other kinds and
    editions before any table row is read; `only` (the ids a selective facet filter leaves)
    lets the planner read just those rows instead.
    """
    where = tsquery(parts)
    if kind is not None:
        scope = " & ".join(_lexeme(s) for s in scope_lexemes(kind, edition_id))
        where = f"{where} & {scope}"
    sql = (
        "SELECT string_agg(id::text, ','), string_agg(id::text, ',') FILTER"
        " (WHERE tsv @@ %s::tsquery) FROM catalogue_searchdoc WHERE tsv @@ %s::tsquery"
    )
    params: list = [tsquery(parts, "A"), where]
    if only is not None:
        sql += " AND id = ANY(string_to_array(%s, ',')::bigint[])"
        params.append(",".join(map(str, only.tolist())))
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        matched, in_names = cursor.fetchone()
    return parse_ids(matched), parse_ids(in_names)


def _known(cursor, part: textindex.QueryPart) -> bool:
    if part.prefix:
        cursor.execute(
            "SELECT 1 FROM catalogue_searchterm WHERE left(term, %s) = %s LIMIT 1",
            [len(part.text), part.text],
        )
    else:
        cursor.execute("SELECT 1 FROM catalogue_searchterm WHERE term = %s", [part.text])
    return cursor.fetchone() is not None


def correct(parts: list[textindex.QueryPart]) -> list[textindex.QueryPart]:
    """Replace unknown English words by their closest name word, found by trigram distance."""
    out = []
    with connection.cursor() as cursor:
        for p in parts:
            if p.han or textindex.allowed_typos(p.text) == 0 or _known(cursor, p):
                out.append(p)
                continue
            if textindex.allowed_typos(p.text) == 1:
                # short words share few trigrams with their typo: look up every one-edit variant
                cursor.execute(
                    "SELECT term, df FROM catalogue_searchterm WHERE term = ANY(%s)",
                    [sorted(edits1(p.text))],
                )
            else:
                cursor.execute(
                    "SELECT term, df FROM catalogue_searchterm ORDER BY term <-> %s LIMIT 60",
                    [p.text],
                )
            fixed = best_candidate(p.text, cursor.fetchall())
            out.append(textindex.QueryPart(fixed, False) if fixed else p)
    return out


# --- writes ----------------------------------------------------------------------------------


def delete_docs(doc_ids: list[int]) -> None:
    """Nothing to do: the tsvector lives in the SearchDoc row itself."""


def insert_docs(kind: str, docs: list[search_docs.Doc]) -> None:
    """Insert documents with their tsvector in one write each (ids from the sequence)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence('catalogue_searchdoc', 'id'))"
            " FROM generate_series(1, %s)",
            [len(docs)],
        )
        ids = [r[0] for r in cursor.fetchall()]
        cols = ", ".join([*DOC_COLUMNS, "tsv"])
        marks = ", ".join(["%s"] * len(DOC_COLUMNS) + ["%s::tsvector"])
        cursor.executemany(
            f"INSERT INTO catalogue_searchdoc ({cols}) VALUES ({marks})",
            [
                [*doc_row(i, kind, d), _doc_tsvector(kind, d)]
                for i, d in zip(ids, docs, strict=True)
            ],
        )


def add_terms(words: list[str]) -> None:
    with connection.cursor() as cursor:
        cursor.executemany(
            "INSERT INTO catalogue_searchterm(term, df) VALUES (%s, 1) ON CONFLICT (term) DO NOTHING",
            [(w,) for w in words],
        )


INDEXES = {
    "catalogue_searchdoc_tsv": "CREATE INDEX catalogue_searchdoc_tsv ON catalogue_searchdoc"
    " USING gin (tsv) WITH (fastupdate = off)",
    "catalogue_searchterm_trgm": "CREATE INDEX catalogue_searchterm_trgm ON catalogue_searchterm"
    " USING gist (term gist_trgm_ops)",
}


def clear() -> list[str]:
    """Empty the tables and drop the text indexes; returns the statements that make anew the
    indexes dropped (for `finish_bulk`). An index already set aside by the caller (the demo's
    bulk-load mode drops every secondary index and rebuilds it at its end) is left to it."""
    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE catalogue_searchdoc, catalogue_searchterm")
        cursor.execute(
            "SELECT relname FROM pg_class WHERE relkind = 'i' AND relname = ANY(%s)"
            " AND relnamespace = current_schema()::regnamespace",
            [list(INDEXES)],
        )
        present = sorted(r[0] for r in cursor.fetchall())
        for name in present:
            cursor.execute(f"DROP INDEX {name}")
    return [INDEXES[name] for name in present]


def bulk_load(kind: str, docs: list[search_docs.Doc], *, first_id: int) -> None:
    from openexpo.catalogue.models import SearchDoc

    rows = ([*doc_row(first_id + i, kind, d), _doc_tsvector(kind, d)] for i, d in enumerate(docs))
    bulk_insert(SearchDoc, [*DOC_COLUMNS, "tsv"], rows)


def load_terms(terms: list[tuple[str, int]]) -> None:
    from openexpo.catalogue.models import SearchTerm

    bulk_insert(SearchTerm, ["term", "df"], terms)


def finish_bulk(indexes: list[str]) -> None:
    """Create the text indexes `clear` dropped over the loaded rows, reset the id sequence,
    analyse."""
    with connection.cursor() as cursor:
        if indexes and connection.in_atomic_block:
            cursor.execute("SET LOCAL maintenance_work_mem = '256MB'")
        for sql in indexes:
            cursor.execute(sql)
        cursor.execute(
            "SELECT setval(pg_get_serial_sequence('catalogue_searchdoc', 'id'),"
            " (SELECT COALESCE(MAX(id), 0) + 1 FROM catalogue_searchdoc), false)"
        )
        cursor.execute("ANALYZE catalogue_searchdoc")
        cursor.execute("ANALYZE catalogue_searchterm")


def after_commit() -> None:
    """VACUUM the fresh tables (outside any transaction): it marks their pages all-visible,
    so the facet table's catch-up after a write reads the document ids from the primary-key
    index alone instead of scanning the table."""
    with connection.cursor() as cursor:
        cursor.execute("VACUUM (ANALYZE) catalogue_searchdoc, catalogue_searchterm")
