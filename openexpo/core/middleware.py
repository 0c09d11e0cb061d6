"""Middleware: apply a logged-in user's preferred language before LocaleMiddleware runs."""

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse


class UserLanguageMiddleware:
    """A user's saved language wins over the browser's; the switch form sets the cookie."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        lang = getattr(user, "preferred_language", "") if user and user.is_authenticated else ""
        if lang and settings.LANGUAGE_COOKIE_NAME not in request.COOKIES:
            request.COOKIES[settings.LANGUAGE_COOKIE_NAME] = lang
        return self.get_response(request)


class ContentSecurityPolicyMiddleware:
    """Adds settings.CONTENT_SECURITY_POLICY to every response that does not set its own."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if "Content-Security-Policy" not in response:
            response["Content-Security-Policy"] = settings.CONTENT_SECURITY_POLICY
        return response


class DomainPermissionDeniedMiddleware:
    """A page whose service refuses with the domain's PermissionDenied answers 403 (the
    project's 403 page), as Django's own PermissionDenied does, not 500."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
        from django.core.handlers.exception import response_for_exception

        from openexpo.core.errors import PermissionDenied

        if isinstance(exception, PermissionDenied):
            return response_for_exception(request, DjangoPermissionDenied(str(exception)))
        return None
