"""What every app's demo step receives: editions, scale, seeded randomness, fast inserts.

Each app may provide `openexpo/<app>/demo.py` with `build(ctx: DemoContext) -> None`.
The `demo` command runs the steps in STEP_ORDER; a step reads what earlier steps made
from the database (or from `ctx.shared`, a dict earlier steps may fill) and writes its own
rows with `ctx.insert()`, which bypasses per-row `save()` (COPY-like speed on both
databases). Steps must be deterministic: all randomness from `ctx.rng(name)`.
"""

from __future__ import annotations

import random
import zlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import connection
from django.db.models import Model

from openexpo.core.models import Edition

STEP_ORDER = [
    "core",
    "exhibitors",
    "catalogue",
    "visitors",
    "floorplan",
    "forums",
    "matchmaking",
    "deals",
]


@dataclass
class DemoContext:
    """Shared state of one demo build."""

    edition: Edition
    previous: Edition | None
    scale: float
    seed: int
    progress: Callable[..., Any]
    spec: dict[str, Any] = field(default_factory=dict)
    shared: dict[str, Any] = field(default_factory=dict)

    def rng(self, name: str) -> random.Random:
        """A random generator of its own for each named stream, so steps stay independent."""
        return random.Random(self.seed * 1_000_003 + zlib.crc32(name.encode()))

    def n(self, full: int, minimum: int = 1) -> int:
        """A full-scale count scaled down by `--scale`."""
        return max(minimum, round(full * self.scale))

    def insert(
        self,
        model: type[Model],
        columns: Sequence[str],
        rows: Iterable[Sequence[Any]],
        *,
        batch: int = 20_000,
        desc: str = "",
    ) -> int:
        """Insert raw rows (tuples in `columns` order, db column values) fast; returns count."""
        return bulk_insert(model, columns, rows, batch=batch)

    def ids(self, model: type[Model], **filters: Any) -> list[int]:
        return list(model.objects.filter(**filters).order_by("pk").values_list("pk", flat=True))

    def insert_returning_ids(
        self, model: type[Model], columns: Sequence[str], rows: Sequence[Sequence[Any]]
    ) -> list[int]:
        """Insert rows and return their new primary keys, in the order of `rows`."""
        from django.db.models import Max

        before = model.objects.aggregate(m=Max("pk"))["m"] or 0
        bulk_insert(model, columns, rows)
        ids = self.ids(model, pk__gt=before)
        if len(ids) != len(rows):
            raise RuntimeError(f"{model.__name__}: inserted {len(rows)} rows, found {len(ids)}")
        return ids

    def before_opening(self, days: float, hour: int = 9) -> Any:
        """An aware datetime `days` before the edition opens (at `hour`, expo time zone)."""
        import datetime as dt
        from zoneinfo import ZoneInfo

        start = dt.datetime.combine(
            self.edition.start_date, dt.time(hour), ZoneInfo(self.edition.time_zone)
        )
        return start - dt.timedelta(days=days)

    @property
    def edition_created(self) -> Any:
        return self.before_opening(150)

    def dt(self, value: Any) -> Any:
        """A datetime as this database wants it in a raw insert."""
        return connection.ops.adapt_datetimefield_value(value)

    def date(self, value: Any) -> Any:
        return connection.ops.adapt_datefield_value(value)


def _chunks(rows: Iterable[Sequence[Any]], size: int) -> Iterator[list[Sequence[Any]]]:
    chunk: list[Sequence[Any]] = []
    for row in rows:
        chunk.append(row)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def bulk_insert(
    model: type[Model],
    columns: Sequence[str],
    rows: Iterable[Sequence[Any]],
    *,
    batch: int = 20_000,
) -> int:
    """Insert rows with COPY on PostgreSQL and executemany on SQLite.

    `columns` are database column names (use `field.column`, e.g. "company_id").
    Values must already be database-ready (dates, Decimals and JSON as text are fine).
    """
    table = model._meta.db_table
    qn = connection.ops.quote_name
    cols = ", ".join(qn(c) for c in columns)
    total = 0
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            raw = cursor.cursor  # psycopg cursor
            for chunk in _chunks(rows, batch):
                with raw.copy(f"COPY {qn(table)} ({cols}) FROM STDIN") as copy:
                    for row in chunk:
                        copy.write_row(row)
                total += len(chunk)
        else:
            marks = ", ".join(["%s"] * len(columns))
            sql = f"INSERT INTO {qn(table)} ({cols}) VALUES ({marks})"
            for chunk in _chunks(rows, batch):
                cursor.executemany(sql, chunk)
                total += len(chunk)
    return total
