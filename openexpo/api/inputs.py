"""Values no column can hold are refused at the API's door, the same on SQLite and PostgreSQL.

After django-ninja has parsed an operation's path, query and body parameters, every string is
checked for NUL characters (PostgreSQL text cannot hold them; SQLite would store them) and every
integer for the 32-bit range of the `integer` columns that ids, numbers, capacities and areas
live in (PostgreSQL refuses more, SQLite stores it, and a huge page number overflows the
query's OFFSET). The caller gets the usual 422 envelope naming the field, before the handler
runs (after authentication), instead of a database error (a 500) on one engine and a stored value on the other.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from typing import Any

from ninja import NinjaAPI
from ninja.errors import ValidationError
from pydantic import BaseModel

INT_MIN, INT_MAX = -(2**31), 2**31 - 1
# Parameters whose fields are query parameters of their own (ninja's pagination input).
FLATTENED = {"ninja_pagination"}


def problems(value: Any, loc: tuple[str, ...]) -> Iterator[dict[str, Any]]:
    """Pydantic-style errors for each NUL-bearing string and out-of-range integer in `value`."""
    if isinstance(value, str):
        if "\x00" in value:
            yield {"type": "string_nul", "loc": loc, "msg": "Must not contain NUL characters"}
    elif isinstance(value, bool):
        return
    elif isinstance(value, int):
        if not INT_MIN <= value <= INT_MAX:
            yield {
                "type": "int_range",
                "loc": loc,
                "msg": f"Must be between {INT_MIN} and {INT_MAX}",
            }
    elif isinstance(value, BaseModel):
        for name in type(value).model_fields:
            yield from problems(getattr(value, name, None), (*loc, name))
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from problems(key, (*loc, str(key)))
            yield from problems(item, (*loc, str(key)))
    elif isinstance(value, list | tuple | set | frozenset):
        for index, item in enumerate(value):
            yield from problems(item, (*loc, str(index)))


def checked(view_func: Callable[..., Any]) -> Callable[..., Any]:
    """Operation decorator: refuse the parsed parameters `problems` finds (422 `invalid`)."""

    @functools.wraps(view_func)
    def run(request: Any, *args: Any, **values: Any) -> Any:
        errors = [
            error
            for name, value in values.items()
            for error in problems(value, () if name in FLATTENED else (name,))
        ]
        if errors:
            raise ValidationError(errors)
        return view_func(request, *args, **values)

    return run


def install(api: NinjaAPI) -> None:
    """Check the parsed inputs of every operation of `api` (routers mounted before or after)."""
    api.add_decorator(checked, mode="operation")
