"""The API's exception handlers: every error leaves as one envelope (schemas.ErrorOut)."""

from __future__ import annotations

import logging
import math
from typing import Any

from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.core.signals import got_request_exception
from django.db import DataError
from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import HttpError, Throttled
from ninja.errors import ValidationError as NinjaValidationError

from openexpo.api.schemas import DOCUMENTED, GENERIC_CODES
from openexpo.core.errors import DomainError, PermissionDenied
from openexpo.core.resilience import database_connections_reset, database_unavailable

logger = logging.getLogger("openexpo.api")


def envelope(code: str, detail: str, field: str | None = None, **extra: Any) -> dict[str, Any]:
    out: dict[str, Any] = {"code": code, "detail": detail}
    if field:
        out["field"] = field
    return out | {k: v for k, v in extra.items() if v is not None}


def domain_status(exc: DomainError) -> int:
    if isinstance(exc, PermissionDenied):
        return 403
    if exc.code == "not_found":
        return 404
    return 409 if exc.code.endswith("conflict") else 400


def install(api: NinjaAPI) -> None:
    """Register the handlers on `api` (replacing ninja's defaults)."""

    def respond(request: HttpRequest, body: dict[str, Any], status: int) -> HttpResponse:
        return api.create_response(request, body, status=status)

    @api.exception_handler(DomainError)
    def _domain(request: HttpRequest, exc: DomainError) -> HttpResponse:
        body = exc.as_dict()
        body.setdefault("detail", exc.message)
        return respond(request, body, domain_status(exc))

    @api.exception_handler(ObjectDoesNotExist)
    def _missing(request: HttpRequest, exc: Exception) -> HttpResponse:
        return respond(request, envelope("not_found", "Not found."), 404)

    @api.exception_handler(Http404)
    def _http404(request: HttpRequest, exc: Exception) -> HttpResponse:
        return respond(request, envelope("not_found", "Not found."), 404)

    @api.exception_handler(ValidationError)
    def _django_validation(request: HttpRequest, exc: ValidationError) -> HttpResponse:
        field = next(iter(exc.message_dict), None) if hasattr(exc, "error_dict") else None
        field = None if field == "__all__" else field
        return respond(request, envelope("invalid", "; ".join(exc.messages), field), 400)

    @api.exception_handler(NinjaValidationError)
    def _validation(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
        parts, fields = [], []
        for err in exc.errors:
            loc = _field_of(err.get("loc", []))
            fields.append(loc)
            parts.append(f"{loc}: {err.get('msg')}" if loc else str(err.get("msg")))
        errors = [_plain(e) for e in exc.errors]
        body = envelope("invalid", "; ".join(parts), fields[0] if fields else None, errors=errors)
        return respond(request, body, 422)

    @api.exception_handler(Throttled)
    def _throttled(request: HttpRequest, exc: Throttled) -> HttpResponse:
        wait = getattr(exc, "wait", None)
        retry_after = None if wait is None else max(1, math.ceil(wait))
        user = getattr(request, "user", None)
        who = "this token" if user is not None and user.is_authenticated else "this address"
        detail = f"Too many requests for {who}."
        if retry_after is not None:
            detail += f" Retry after {retry_after} s."
        response = respond(request, envelope("rate_limited", detail, retry_after=retry_after), 429)
        if retry_after is not None:
            response["Retry-After"] = str(retry_after)
        return response

    @api.exception_handler(HttpError)
    def _http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        code = GENERIC_CODES.get(exc.status_code, "error")
        return respond(request, envelope(code, str(exc.message)), exc.status_code)

    @api.exception_handler(DataError)
    def _data_error(request: HttpRequest, exc: DataError) -> HttpResponse:
        # A value the database refused (e.g. longer than a PostgreSQL varchar): the caller's
        # input, though a check before the query should have caught it (openexpo/api/inputs.py).
        logger.warning(
            "API input refused by the database on %s %s: %s", request.method, request.path, exc
        )
        return respond(request, envelope("invalid", "A value does not fit its field."), 400)

    @api.exception_handler(Exception)
    def _unexpected(request: HttpRequest, exc: Exception) -> HttpResponse:
        if database_unavailable(exc):  # PostgreSQL restarting: retry shortly, nothing written
            response = respond(
                request, envelope("service_unavailable", "Briefly unavailable; retry."), 503
            )
            database_connections_reset()
            response["Retry-After"] = "2"
            return response
        # Logged with its traceback, and signalled like any Django 500 (error reporters and the
        # test client see it); the caller gets the envelope, never a traceback.
        logger.error(
            "API error on %s %s",
            request.method,
            request.path,
            exc_info=(type(exc), exc, exc.__traceback__),
        )
        got_request_exception.send(sender=None, request=request)
        return respond(request, envelope("server_error", "Internal server error."), 500)


def _field_of(loc: Any) -> str:
    """The input field of a pydantic error location: ("body", "payload", "name_en") ->
    "name_en" (the body's parameter name is the handler's, not the client's), ("file", "logo")
    -> "logo", ("query", "page") -> "page"."""
    parts = [str(p) for p in loc]
    if len(parts) > 2 and parts[0] == "body":
        parts = parts[2:]
    return ".".join(p for p in parts if p not in {"query", "body", "path", "file", "form"})


def _plain(err: dict[str, Any]) -> dict[str, Any]:
    """A pydantic error as JSON-safe data (its `ctx` may hold exception objects)."""
    return {
        "type": str(err.get("type", "")),
        "loc": [str(p) for p in err.get("loc", [])],
        "msg": str(err.get("msg", "")),
    }


def document(schema: dict[str, Any]) -> dict[str, Any]:
    """Add the error envelope to every operation's responses in the OpenAPI `schema`."""
    from openexpo.api.schemas import ErrorOut

    components = schema.setdefault("components", {}).setdefault("schemas", {})
    components.setdefault(
        "ErrorOut", ErrorOut.model_json_schema(ref_template="#/components/schemas/{model}")
    )
    ref = {"$ref": "#/components/schemas/ErrorOut"}
    for path in schema.get("paths", {}).values():
        for operation in path.values():
            if not isinstance(operation, dict) or "responses" not in operation:
                continue
            responses = operation["responses"]
            for status, description in DOCUMENTED.items():
                if status not in responses and str(status) not in responses:
                    responses[status] = {
                        "description": description,
                        "content": {"application/json": {"schema": ref}},
                    }
    return schema
