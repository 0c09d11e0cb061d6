"""SQLite engine of the search service: an FTS5 table (rowid = SearchDoc.id) with a names column,
and an FTS5 trigram table over the vocabulary of names for typo correction."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from django.db import connection

from openexpo.catalogue import search_docs, textindex
from openexpo.catalogue.search import DOC_COLUMNS, doc_row
from openexpo.catalogue.search_store import parse_ids

FTS = "catalogue_searchfts"
TRI = "catalogue_searchterm_tri"


def match_expr(parts: Sequence[textindex.QueryPart]) -> str:
    """An FTS5 query built only from our own tokens: every part is a quoted phrase."""
    terms = []
    for p in parts:
        phrase = " ".join(p.phrase).replace('"', "")
        terms.append(f'"{phrase}"' + ("*" if p.prefix else ""))
    return " AND ".join(terms)


def match(
    parts: Sequence[textindex.QueryPart],
    *,
    kind: str | None = None,
    edition_id: int | None = None,
    only: np.ndarray | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """Doc ids matching every part anywhere, and those matching every part in their names.

    FTS5 answers from its own index without reading table rows, so the scope (`kind`,
    `edition_id`, `only`) is left to the caller's facet table."""
    expr = match_expr(parts)
    sql = f"SELECT group_concat(rowid) FROM {FTS} WHERE {FTS} MATCH %s"
    with connection.cursor() as cursor:
        cursor.execute(sql, [expr])
        matched = parse_ids(cursor.fetchone()[0])
        cursor.execute(sql, [f"names : ({expr})"])
        in_names = parse_ids(cursor.fetchone()[0])
    return matched, in_names


def _known(cursor, part: textindex.QueryPart) -> bool:
    if part.prefix:
        cursor.execute(
            "SELECT 1 FROM catalogue_searchterm WHERE term >= %s AND term < %s LIMIT 1",
            [part.text, part.text + "\uffff"],
        )
    else:
        cursor.execute("SELECT 1 FROM catalogue_searchterm WHERE term = %s", [part.text])
    return cursor.fetchone() is not None


ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789"


def edits1(word: str) -> set[str]:
    """Every string one edit away (delete, swap, replace, insert)."""
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    deletes = {a + b[1:] for a, b in splits if b}
    swaps = {a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1}
    replaces = {a + c + b[1:] for a, b in splits if b for c in ALPHABET}
    inserts = {a + c + b for a, b in splits for c in ALPHABET}
    return (deletes | swaps | replaces | inserts) - {word}


def _closest(cursor, word: str) -> str | None:
    """Short words: look up all their one-edit variants; long ones: shared trigrams."""
    if textindex.allowed_typos(word) == 1:
        variants = sorted(edits1(word))
        marks = ", ".join(["%s"] * len(variants))
        cursor.execute(
            f"SELECT term, df FROM catalogue_searchterm WHERE term IN ({marks})", variants
        )
        return best_candidate(word, cursor.fetchall())
    grams = sorted({word[i : i + 3] for i in range(len(word) - 2)})
    expr = " OR ".join(f'"{g}"' for g in grams)
    cursor.execute(
        f"SELECT t.term, t.df FROM {TRI} JOIN catalogue_searchterm t ON t.rowid = {TRI}.rowid"
        f" WHERE {TRI} MATCH %s ORDER BY rank LIMIT 100",
        [expr],
    )
    return best_candidate(word, cursor.fetchall())


def best_candidate(word: str, candidates: list[tuple[str, int]]) -> str | None:
    limit = textindex.allowed_typos(word)
    scored = []
    for term, df in candidates:
        dist = textindex.levenshtein(word, term, limit)
        if 0 < dist <= limit:
            scored.append((dist, -df, term))
    return min(scored)[2] if scored else None


def correct(parts: list[textindex.QueryPart]) -> list[textindex.QueryPart]:
    """Replace unknown English words by their closest name word (edit distance ≤ 1–2)."""
    out = []
    with connection.cursor() as cursor:
        for p in parts:
            if p.han or textindex.allowed_typos(p.text) == 0 or _known(cursor, p):
                out.append(p)
                continue
            fixed = _closest(cursor, p.text)
            out.append(textindex.QueryPart(fixed, False) if fixed else p)
    return out


# --- writes ----------------------------------------------------------------------------------


def delete_docs(doc_ids: list[int]) -> None:
    marks = ", ".join(["%s"] * len(doc_ids))
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {FTS} WHERE rowid IN ({marks})", doc_ids)


def insert_docs(kind: str, docs: list[search_docs.Doc]) -> None:
    """Insert documents (ids chosen by SQLite) and their FTS rows."""
    from openexpo.catalogue.models import SearchDoc

    objs = SearchDoc.objects.bulk_create([SearchDoc(kind=kind, **d.facets) for d in docs])
    with connection.cursor() as cursor:
        cursor.executemany(
            f"INSERT INTO {FTS}(rowid, names, body) VALUES (%s, %s, %s)",
            [(o.id, d.names, d.body) for o, d in zip(objs, docs, strict=True)],
        )


def add_terms(words: list[str]) -> None:
    with connection.cursor() as cursor:
        for w in words:
            cursor.execute(
                "INSERT OR IGNORE INTO catalogue_searchterm(term, df) VALUES (%s, 1)", [w]
            )
            if cursor.rowcount == 1:
                cursor.execute(
                    f"INSERT INTO {TRI}(rowid, term) SELECT rowid, term FROM catalogue_searchterm"
                    " WHERE term = %s",
                    [w],
                )


FTS_DDL = (
    f"CREATE VIRTUAL TABLE {FTS} USING fts5("
    "names, body, prefix='2 3', tokenize='unicode61 remove_diacritics 0')"
)


def clear() -> list[str]:
    """Empty everything; the FTS table is dropped and made anew (far faster than DELETE).
    Nothing is left for `finish_bulk` to make."""
    with connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {TRI}({TRI}) VALUES ('delete-all')")
        cursor.execute(f"DROP TABLE IF EXISTS {FTS}")
        cursor.execute(FTS_DDL)
        cursor.execute("DELETE FROM catalogue_searchterm")
        cursor.execute("DELETE FROM catalogue_searchdoc")
    return []


def bulk_load(kind: str, docs: list[search_docs.Doc], *, first_id: int) -> None:
    cols = ", ".join(DOC_COLUMNS)
    marks = ", ".join(["%s"] * len(DOC_COLUMNS))
    with connection.cursor() as cursor:
        cursor.executemany(
            f"INSERT INTO catalogue_searchdoc ({cols}) VALUES ({marks})",
            [doc_row(first_id + i, kind, d) for i, d in enumerate(docs)],
        )
        cursor.executemany(
            f"INSERT INTO {FTS}(rowid, names, body) VALUES (%s, %s, %s)",
            [(first_id + i, d.names, d.body) for i, d in enumerate(docs)],
        )


def load_terms(terms: list[tuple[str, int]]) -> None:
    with connection.cursor() as cursor:
        cursor.executemany("INSERT INTO catalogue_searchterm(term, df) VALUES (%s, %s)", terms)
        cursor.execute(f"INSERT INTO {TRI}({TRI}) VALUES ('rebuild')")


def finish_bulk(indexes: list[str]) -> None:
    """Nothing to do: FTS5 merges its segments as it goes."""


def after_commit() -> None:
    """Nothing to do."""
