"""PostgreSQL engine of the search service: a weighted tsvector column built from our own
tokens (no text-search parser involved; names weigh A), a GIN index, and pg_trgm over the
vocabulary of names for typo correction."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from django.db import connection

from openexpo.catalogue import search_docs, textindex
from openexpo.catalogue.search import DOC_COLUMNS, doc_row
from openexpo.catalogue.search_sqlite import best_candidate, edits1
from openexpo.core.demo.context import bulk_insert

MAX_POSITION = 16383


def _lexeme(token: str) -> str:
    return "'" + token.replace("\\", "").replace("'", "''") + "'"


def tsvector_literal(names: str, body: str) -> str:
    """`'tok':1A,4A 'other':9B`: positions keep phrases, weights rank names above bodies."""
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
    return " ".join(f"{_lexeme(t)}:{','.join(p)}" for t, p in positions.items())


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


def match(parts: Sequence[textindex.QueryPart]) -> tuple[np.ndarray, np.ndarray]:
    """Doc ids matching every part anywhere, and those matching every part in their names
    (one index scan; the names test runs on the rows already fetched)."""
    sql = "SELECT id, tsv @@ %s::tsquery FROM catalogue_searchdoc WHERE tsv @@ %s::tsquery"
    with connection.cursor() as cursor:
        cursor.execute(sql, [tsquery(parts, "A"), tsquery(parts)])
        rows = cursor.fetchall()
    matched = np.fromiter((r[0] for r in rows), dtype=np.int64, count=len(rows))
    in_names = np.fromiter((r[0] for r in rows if r[1]), dtype=np.int64)
    return matched, in_names


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


def insert_text(rows: list[tuple[int, str, str]]) -> None:
    with connection.cursor() as cursor:
        cursor.executemany(
            "UPDATE catalogue_searchdoc SET tsv = %s::tsvector WHERE id = %s",
            [(tsvector_literal(names, body), doc_id) for doc_id, names, body in rows],
        )


def add_terms(words: list[str]) -> None:
    with connection.cursor() as cursor:
        cursor.executemany(
            "INSERT INTO catalogue_searchterm(term, df) VALUES (%s, 1) ON CONFLICT (term) DO NOTHING",
            [(w,) for w in words],
        )


def clear() -> None:
    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE catalogue_searchdoc, catalogue_searchterm")


def bulk_load(kind: str, docs: list[search_docs.Doc], *, first_id: int) -> None:
    from openexpo.catalogue.models import SearchDoc

    rows = (
        [*doc_row(first_id + i, kind, d), tsvector_literal(d.names, d.body)]
        for i, d in enumerate(docs)
    )
    bulk_insert(SearchDoc, [*DOC_COLUMNS, "tsv"], rows)


def load_terms(terms: list[tuple[str, int]]) -> None:
    from openexpo.catalogue.models import SearchTerm

    bulk_insert(SearchTerm, ["term", "df"], terms)


def finish_bulk() -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT setval(pg_get_serial_sequence('catalogue_searchdoc', 'id'),"
            " (SELECT COALESCE(MAX(id), 0) + 1 FROM catalogue_searchdoc), false)"
        )
        cursor.execute("ANALYZE catalogue_searchdoc")
        cursor.execute("ANALYZE catalogue_searchterm")
