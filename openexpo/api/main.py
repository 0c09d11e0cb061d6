"""The NinjaAPI instance, error handlers and router mounting."""

from __future__ import annotations

from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError
from ninja.errors import ValidationError as NinjaValidationError

from openexpo.api.auth import ExpoAuth
from openexpo.core.errors import DomainError, PermissionDenied

api = NinjaAPI(
    title="OpenExpo API",
    version="1",
    description="Editions, exhibitors, exhibits, floor plan, visitors, matchmaking, deals, forum.",
    auth=ExpoAuth(),
    urls_namespace="api",
    docs_url="/docs",
)


@api.exception_handler(PermissionDenied)
def _forbidden(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    return api.create_response(request, exc.as_dict(), status=403)


@api.exception_handler(DomainError)
def _domain_error(request: HttpRequest, exc: DomainError) -> HttpResponse:
    status = 404 if exc.code == "not_found" else 409 if exc.code.endswith("conflict") else 400
    return api.create_response(request, exc.as_dict(), status=status)


@api.exception_handler(ObjectDoesNotExist)
def _missing(request: HttpRequest, exc: Exception) -> HttpResponse:
    return api.create_response(request, {"code": "not_found", "detail": "Not found."}, status=404)


@api.exception_handler(Http404)
def _http404(request: HttpRequest, exc: Exception) -> HttpResponse:
    return api.create_response(request, {"code": "not_found", "detail": "Not found."}, status=404)


@api.exception_handler(ValidationError)
def _django_validation(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    detail = "; ".join(exc.messages)
    return api.create_response(request, {"code": "invalid", "detail": detail}, status=400)


@api.exception_handler(NinjaValidationError)
def _validation(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
    parts = []
    for err in exc.errors:
        loc = ".".join(str(p) for p in err.get("loc", []) if p not in {"query", "body", "path"})
        parts.append(f"{loc}: {err.get('msg')}" if loc else str(err.get("msg")))
    return api.create_response(
        request, {"code": "invalid", "detail": "; ".join(parts), "errors": exc.errors}, status=422
    )


@api.exception_handler(AuthenticationError)
def _unauthenticated(request: HttpRequest, exc: Exception) -> HttpResponse:
    return api.create_response(
        request,
        {"code": "unauthenticated", "detail": "Invalid token or missing CSRF token."},
        status=401,
    )


def _mount() -> None:
    from openexpo.catalogue.api import router as catalogue
    from openexpo.core.api import router as core
    from openexpo.deals.api import router as deals
    from openexpo.exhibitors.api import router as exhibitors
    from openexpo.floorplan.api import router as floorplan
    from openexpo.forums.api import router as forums
    from openexpo.matchmaking.api import router as matchmaking
    from openexpo.reports.api import router as reports
    from openexpo.visitors.api import router as visitors

    api.add_router("/", core)
    api.add_router("/", exhibitors)
    api.add_router("/", catalogue)
    api.add_router("/", reports)
    api.add_router("/", floorplan)
    api.add_router("/", visitors)
    api.add_router("/", matchmaking)
    api.add_router("/", deals)
    api.add_router("/", forums)


_mount()
