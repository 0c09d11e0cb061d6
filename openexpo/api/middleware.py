"""Answers Django gives under /api/ before django-ninja runs, put in the API's error envelope.

django-ninja answers a method its path does not have with a bare 405, and a path no operation
matches never reaches it (Django's HTML 404 page). Under /api/ both leave as the envelope, with
the stable codes `method_not_allowed` (keeping the Allow header) and `not_found`.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, JsonResponse

from openexpo.api.errors import envelope

PREFIX = "/api/"
ANSWERS = {
    404: ("not_found", "No API operation at this path."),
    405: ("method_not_allowed", "This path does not take this method."),
}


class ApiErrorEnvelopeMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        answer = ANSWERS.get(response.status_code)
        if (
            answer is None
            or not request.path_info.startswith(PREFIX)
            or response.get("Content-Type", "").startswith("application/json")
        ):
            return response
        code, detail = answer
        if response.status_code == 405:
            detail = f"{detail} Allowed: {response.get('Allow', '')}."
        enveloped = JsonResponse(
            envelope(code, detail),
            status=response.status_code,
            content_type="application/json; charset=utf-8",
        )
        if "Allow" in response:
            enveloped["Allow"] = response["Allow"]
        return enveloped
