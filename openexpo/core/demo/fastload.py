"""Bulk-load mode for the demo build: secondary indexes and foreign keys set aside, then rebuilt.

Loading a million rows into tables that keep every secondary index up to date row by row
costs more than the rows themselves; building each index once at the end, from sorted data,
costs a fraction. On PostgreSQL the foreign keys are dropped too (Django declares them
DEFERRABLE INITIALLY DEFERRED, so every copied row would otherwise queue a check that runs
at commit, one row at a time) and re-added at the end, where PostgreSQL validates each
one with a single join. Unique indexes and constraints stay in place throughout, so
duplicates are still refused as they arrive. Everything happens inside the caller's
transaction: if a rebuilt index or foreign key finds bad data the whole build rolls back.

On SQLite foreign keys cannot be dropped; they are checked row by row as usual.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager

from django.db import connection


def _sqlite_secondary_indexes(tables: set[str]) -> list[tuple[str, str]]:
    """(name, CREATE INDEX statement) of every non-unique index Django made on `tables`."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT name, tbl_name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL"
        )
        return [
            (name, sql)
            for name, table, sql in cursor.fetchall()
            if table in tables and not sql.upper().startswith("CREATE UNIQUE")
        ]


def _postgres_secondary_indexes(tables: set[str]) -> list[tuple[str, str]]:
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT ic.relname, t.relname, pg_get_indexdef(i.indexrelid)
            FROM pg_index i
            JOIN pg_class ic ON ic.oid = i.indexrelid
            JOIN pg_class t ON t.oid = i.indrelid
            WHERE t.relnamespace = 'public'::regnamespace
              AND NOT i.indisunique AND NOT i.indisprimary
              AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)
            """
        )
        return [(name, sql) for name, table, sql in cursor.fetchall() if table in tables]


def _postgres_foreign_keys(tables: set[str]) -> list[tuple[str, str, str]]:
    """(table, constraint name, definition) of every foreign key on `tables`."""
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT t.relname, c.conname, pg_get_constraintdef(c.oid)
            FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid
            WHERE c.contype = 'f' AND t.relnamespace = 'public'::regnamespace
            """
        )
        return [row for row in cursor.fetchall() if row[0] in tables]


@contextmanager
def bulk_load_mode(tables: Iterable[str], *, enabled: bool = True) -> Iterator[None]:
    """Set aside the secondary indexes (and PostgreSQL foreign keys) of `tables`; rebuild after.

    Call inside a transaction. Reads made while the block runs still work (by scans).
    """
    if not enabled:
        yield
        return
    tables = set(tables)
    qn = connection.ops.quote_name
    postgres = connection.vendor == "postgresql"
    if postgres:
        indexes = _postgres_secondary_indexes(tables)
        foreign_keys = _postgres_foreign_keys(tables)
    elif connection.vendor == "sqlite":
        indexes = _sqlite_secondary_indexes(tables)
        foreign_keys = []
    else:  # pragma: no cover - other databases load with their indexes in place
        yield
        return
    with connection.cursor() as cursor:
        if postgres:  # run checks already queued: a table with pending checks can't be altered
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
        for table, name, _definition in foreign_keys:
            cursor.execute(f"ALTER TABLE {qn(table)} DROP CONSTRAINT {qn(name)}")
        for name, _sql in indexes:
            cursor.execute(f"DROP INDEX {qn(name)}")
    yield
    with connection.cursor() as cursor:
        if postgres:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # checks queued by other tables
            cursor.execute("SET LOCAL maintenance_work_mem = '256MB'")
        for _name, sql in indexes:
            cursor.execute(sql)
        for table, name, definition in foreign_keys:
            cursor.execute(f"ALTER TABLE {qn(table)} ADD CONSTRAINT {qn(name)} {definition}")
        if postgres:
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
