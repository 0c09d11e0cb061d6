"""Template context shared by every page: the edition being shown."""

from django.http import HttpRequest

from openexpo.core.selectors import edition_for_request


def expo(request: HttpRequest) -> dict:
    return {"current_edition": edition_for_request(request)}
