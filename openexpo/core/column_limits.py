"""Values longer or larger than their column are refused on save, naming the field.

PostgreSQL refuses a string beyond a `varchar(n)` or a decimal beyond its precision with a
DataError that names no field (a bare 400 at best); SQLite stores it silently. Before each save
of an OpenExpo model, every CharField is checked against its max_length and every
DecimalField against its digits, and the first value that does not fit raises
`ColumnLimitError` (a DomainError, code "invalid", with the field's name): the API answers its
400 envelope naming the field, pages show it on the form field, and both databases behave
alike. Bulk writes (bulk_create, update) bypass signals; they are only used by the demo
builder and importers, which check their rows themselves.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import models
from django.db.models.signals import pre_save

from openexpo.core.errors import DomainError


class ColumnLimitError(DomainError):
    """A value that does not fit its column."""


def _decimal_problem(field: models.DecimalField, value: Any) -> str | None:
    try:
        number = value if isinstance(value, Decimal) else Decimal(str(value))
    except (InvalidOperation, ValueError):
        return "is not a number"
    if not number.is_finite():
        return "must be a finite number"
    sign, digits, exponent = number.as_tuple()
    assert isinstance(exponent, int)
    decimals = max(0, -exponent)
    whole = max(0, len(digits) + exponent)
    if decimals > field.decimal_places:
        return f"has more than {field.decimal_places} decimal places"
    if whole > field.max_digits - field.decimal_places:
        return f"has more than {field.max_digits - field.decimal_places} digits before the point"
    return None


def problem(field: models.Field, value: Any) -> str | None:
    """Why `value` does not fit `field`'s column, or None."""
    if value is None:
        return None
    if isinstance(field, models.CharField) and field.max_length:
        if len(str(value)) > field.max_length:
            return f"has more than {field.max_length} characters"
    elif isinstance(field, models.DecimalField) and field.max_digits is not None:
        return _decimal_problem(field, value)
    return None


def check_instance(instance: models.Model) -> None:
    """Raise ColumnLimitError for the first concrete field whose value does not fit."""
    for field in instance._meta.concrete_fields:
        reason = problem(field, getattr(instance, field.attname, None))
        if reason:
            raise ColumnLimitError(
                f"{field.verbose_name.capitalize()} {reason}.", "invalid", field=field.name
            )


def _on_pre_save(sender: type[models.Model], instance: models.Model, raw: bool, **_: Any) -> None:
    if raw or not sender.__module__.startswith("openexpo."):
        return  # fixtures load as they are; Django's own models keep their own rules
    check_instance(instance)


def connect() -> None:
    pre_save.connect(_on_pre_save, dispatch_uid="openexpo.column_limits")
