"""Backup and restore of every table: one streamed, gzip-compressed JSON-lines archive.

Layout, one JSON document per line:
  {"format": "openexpo-backup", "version": 1, "vendor": ..., "created": ...}
  {"table": "core_user", "model": "core.User", "columns": ["id", ...]}
  [1, "admin", ...]                      one line per row, in primary-key order
  ... further tables ...
  {"manifest": {"core_user": {"rows": 12, "sha256": "..."}, ...}}
The checksum of a table is the SHA-256 of its row lines as written, so a restore can check
that it read back exactly what was saved (and a second backup of the restored database has
the same manifest).
"""

from __future__ import annotations

import base64
import datetime as dt
import decimal
import gzip
import hashlib
import json
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from django.apps import apps
from django.core.management.color import no_style
from django.db import connections, models, transaction
from django.utils import timezone

FORMAT = "openexpo-backup"
VERSION = 1
CHUNK = 2000
# Filled by `migrate` itself (content types, permissions, the search index's state row):
# a freshly migrated database counts as empty, and restore replaces these rows with the
# archive's (ids must match).
AUTO_FILLED = {"django_content_type", "auth_permission", "catalogue_searchstate"}


class BackupError(Exception):
    def __init__(self, message: str, code: str) -> None:
        super().__init__(message)
        self.code = code


def backup_models() -> list[type[models.Model]]:
    """Every concrete model with its own table, M2M through tables included, by table name."""
    seen: dict[str, type[models.Model]] = {}
    for model in apps.get_models(include_auto_created=True):
        opts = model._meta
        if opts.proxy or not opts.managed or opts.db_table in seen:
            continue
        seen[opts.db_table] = model
    return [seen[t] for t in sorted(seen)]


def table_fields(model: type[models.Model]) -> list[models.Field]:
    """The table's own stored columns (inherited parents' columns live in their own tables)."""
    return [
        f
        for f in model._meta.local_concrete_fields
        if not getattr(f, "generated", False) and f.column
    ]


def encode(value: Any) -> Any:
    """A column value as JSON: dates and times ISO (instants in UTC), decimals and UUIDs as text, bytes base64."""
    if isinstance(value, dt.datetime) and value.tzinfo is not None:
        return value.astimezone(dt.UTC).isoformat()  # one spelling per instant
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, bytes | memoryview):
        return base64.b64encode(bytes(value)).decode("ascii")
    if isinstance(value, dt.timedelta):
        return value.total_seconds()
    return value


def _line(doc: Any) -> bytes:
    return json.dumps(doc, ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode()


def backup_write(out: IO[bytes], *, using: str = "default") -> dict[str, dict[str, Any]]:
    """Stream every table into `out` (a binary file); return the manifest."""
    connection = connections[using]
    manifest: dict[str, dict[str, Any]] = {}
    with gzip.GzipFile(fileobj=out, mode="wb", compresslevel=6) as gz:
        head = {
            "format": FORMAT,
            "version": VERSION,
            "vendor": connection.vendor,
            "created": timezone.now().isoformat(),
        }
        gz.write(_line(head) + b"\n")
        # One snapshot for all tables on PostgreSQL (repeatable read): a consistent backup
        # even while the site keeps writing.
        with transaction.atomic(using=using):
            if connection.vendor == "postgresql":
                with connection.cursor() as cursor:
                    cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
            for model in backup_models():
                fields = table_fields(model)
                columns = [f.column for f in fields]
                label = model._meta.label
                gz.write(_line({"table": model._meta.db_table, "model": label, "columns": columns}))
                gz.write(b"\n")
                digest = hashlib.sha256()
                count = 0
                rows = (
                    model._base_manager.using(using)
                    .order_by("pk")
                    .values_list(*[f.attname for f in fields])
                    .iterator(chunk_size=CHUNK)
                )
                for row in rows:
                    line = _line([encode(v) for v in row])
                    digest.update(line)
                    gz.write(line + b"\n")
                    count += 1
                manifest[model._meta.db_table] = {"rows": count, "sha256": digest.hexdigest()}
        gz.write(_line({"manifest": manifest}) + b"\n")
    return manifest


class Archive:
    """Reads an archive table by table; `manifest` is set once the last table has been read."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.manifest: dict[str, dict[str, Any]] | None = None

    def tables(self) -> Iterator[tuple[dict, Iterator[tuple[bytes, list]]]]:
        """(table header, its rows as (raw line, values)) for each table, in order."""
        with gzip.open(self.path, "rb") as gz:
            lines = (raw.rstrip(b"\n") for raw in gz)
            head = json.loads(next(lines))
            if head.get("format") != FORMAT or head.get("version") != VERSION:
                raise BackupError(
                    f"{self.path} is not an OpenExpo backup v{VERSION}.", "bad_format"
                )
            following: list[dict] = []

            def rows() -> Iterator[tuple[bytes, list]]:
                for raw in lines:
                    doc = json.loads(raw)
                    if not isinstance(doc, list):
                        following.append(doc)
                        return
                    yield raw, doc

            doc = json.loads(next(lines))
            while "manifest" not in doc:
                table_rows = rows()
                yield doc, table_rows
                for _ in table_rows:  # rows the caller left unread
                    pass
                if not following:
                    raise BackupError("The archive ends before its manifest.", "truncated")
                doc = following.pop()
            self.manifest = doc["manifest"]


def archive_rows(path: Path) -> dict[str, list[list]]:
    """Every table's rows (decoded), for comparisons in tests."""
    return {h["table"]: [values for _raw, values in rows] for h, rows in Archive(path).tables()}


def database_rows(*, using: str = "default") -> dict[str, int]:
    """Tables that hold rows now (auto-filled ones left out), with their counts."""
    out = {}
    for model in backup_models():
        if model._meta.db_table in AUTO_FILLED:
            continue
        n = model._base_manager.using(using).count()
        if n:
            out[model._meta.db_table] = n
    return out


def restore_read(path: Path, *, using: str = "default", force: bool = False) -> dict[str, int]:
    """Load the archive into the (migrated) database; return rows restored per table."""
    connection = connections[using]
    filled = database_rows(using=using)
    if filled and not force:
        some = ", ".join(f"{t} ({n})" for t, n in list(filled.items())[:5])
        raise BackupError(
            f"The database is not empty ({some}…): restore into an empty database, "
            "or pass --force to replace its contents.",
            "not_empty",
        )
    by_table = {m._meta.db_table: m for m in backup_models()}
    restored: dict[str, int] = {}
    qn = connection.ops.quote_name
    with transaction.atomic(using=using), connection.constraint_checks_disabled():
        with connection.cursor() as cursor:
            for table in reversed(list(by_table)):  # empty everything (children first)
                if force or table in AUTO_FILLED:
                    by_table[table]._base_manager.using(using).all()._raw_delete(using)
            archive = Archive(path)
            digests: dict[str, str] = {}
            for header, rows in archive.tables():
                table = header["table"]
                model = by_table.get(table)
                if model is None:
                    raise BackupError(f"The archive has a table this code lacks: {table}", "schema")
                fields = {f.column: f for f in table_fields(model)}
                if set(header["columns"]) != set(fields):
                    raise BackupError(f"Columns of {table} differ from the archive.", "schema")
                cols = [fields[c] for c in header["columns"]]
                sql = "INSERT INTO {} ({}) VALUES ({})".format(
                    qn(table),
                    ", ".join(qn(c) for c in header["columns"]),
                    ", ".join(["%s"] * len(cols)),
                )
                digest = hashlib.sha256()
                batch: list[list[Any]] = []
                count = 0
                for raw, values in rows:
                    digest.update(raw)
                    batch.append(
                        [
                            f.get_db_prep_save(
                                f.to_python(v) if v is not None else None, connection
                            )
                            for f, v in zip(cols, values, strict=True)
                        ]
                    )
                    count += 1
                    if len(batch) >= CHUNK:
                        cursor.executemany(sql, batch)
                        batch.clear()
                if batch:
                    cursor.executemany(sql, batch)
                restored[table] = count
                digests[table] = digest.hexdigest()
            for table, want in (archive.manifest or {}).items():
                if (restored.get(table), digests.get(table)) != (want["rows"], want["sha256"]):
                    raise BackupError(f"Table {table} does not match the manifest.", "checksum")
        connection.check_constraints(table_names=list(restored))
        with connection.cursor() as cursor:
            for sql in connection.ops.sequence_reset_sql(no_style(), list(by_table.values())):
                cursor.execute(sql)
    return restored
