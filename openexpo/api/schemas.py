"""Schemas shared by several app APIs, and the one error envelope every API error uses."""

import datetime as dt
from typing import Annotated, Any

from ninja import Schema
from pydantic import AfterValidator, WithJsonSchema


def _wall_clock(value: dt.time) -> dt.time:
    if value.tzinfo is not None:
        raise ValueError("give the local time at the venue, without a UTC offset")
    return value


# A wall-clock time at the venue (the edition's time zone), "HH:MM[:SS[.ffffff]]" without an
# offset. JSON Schema's "time" format requires an offset, so it is documented as a pattern.
LocalTime = Annotated[
    dt.time,
    AfterValidator(_wall_clock),
    WithJsonSchema(
        {
            "type": "string",
            "pattern": r"^([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9](\.[0-9]{1,6})?)?$",
            "description": "Local time at the venue (the edition's time zone), no UTC offset.",
        }
    ),
]


class ErrorOut(Schema):
    """Every API error, whatever its status: a stable machine-readable `code`, a human `detail`,
    and where it applies the input `field` at fault, the validation `errors`, or (on 429) the
    seconds to wait. Some domain errors add keys of their own (documented by their endpoint)."""

    code: str
    detail: str
    field: str | None = None
    errors: list[dict[str, Any]] | None = None
    retry_after: int | None = None


# The codes a client can rely on whatever the endpoint; domain errors add their own codes
# (e.g. "booth_overlap_conflict", "already_registered"), listed by each app's services.
GENERIC_CODES = {
    400: "invalid",
    401: "unauthenticated",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    413: "too_large",
    422: "invalid",
    429: "rate_limited",
    500: "server_error",
}

# Statuses documented on every operation (each may happen on any of them).
DOCUMENTED = {
    400: "A domain rule refused the request (the code says which).",
    401: "Invalid or revoked token, or a session write without its CSRF token.",
    403: "Not allowed for this user or for the token's scope.",
    404: "No such object, or not visible to the caller.",
    409: "Conflicts with the current state (codes ending in `conflict`).",
    422: "The request does not match the operation's input schema (`errors` lists each).",
    429: "Too many requests for this token; retry after `retry_after` seconds.",
    500: "Unexpected server error (`server_error`); nothing was partly written.",
}
