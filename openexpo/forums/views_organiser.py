"""Organiser pages of the forum: remaining conflicts, programme import (dry-run first), no-shows."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from openexpo.core import permissions
from openexpo.core.errors import DomainError, PermissionDenied
from openexpo.forums import selectors
from openexpo.forums.conflicts import edition_conflicts
from openexpo.forums.importer import ProgrammeImportError, programme_import
from openexpo.forums.views import _edition


def _organiser(request: HttpRequest) -> None:
    if not permissions.is_organiser(request.user):
        raise PermissionDenied()


def _forbidden(request: HttpRequest) -> HttpResponse | None:
    try:
        _organiser(request)
    except PermissionDenied:
        return render(request, "forums/forbidden.html", status=403)
    return None


def conflicts(request: HttpRequest) -> HttpResponse:
    if (denied := _forbidden(request)) is not None:
        return denied
    edition = _edition(request)
    return render(
        request,
        "forums/conflicts.html",
        {
            "edition": edition,
            "conflicts": edition_conflicts(edition=edition),
        },
    )


def programme_import_page(request: HttpRequest) -> HttpResponse:
    if (denied := _forbidden(request)) is not None:
        return denied
    edition = _edition(request)
    context: dict = {"edition": edition}
    if request.method == "POST":
        upload = request.FILES.get("file")
        if upload is None:
            context["error"] = DomainError("Choose a JSON, XLSX or CSV file.", "invalid")
        else:
            try:
                context["report"] = programme_import(
                    actor=request.user,
                    edition=edition,
                    data=upload.read(),
                    filename=upload.name,
                    dry_run=request.POST.get("apply") != "1",
                    allow_conflicts=request.POST.get("allow_conflicts") == "1",
                )
            except ProgrammeImportError as err:
                context["report"] = err.report
                context["error"] = err
            except DomainError as err:
                context["error"] = err
        if "report" in context and context["report"].applied:
            context["conflicts"] = edition_conflicts(edition=edition)
    return render(
        request, "forums/import.html", context, status=400 if context.get("error") else 200
    )


def noshows(request: HttpRequest) -> HttpResponse:
    if (denied := _forbidden(request)) is not None:
        return denied
    edition = _edition(request)
    return render(
        request,
        "forums/noshows.html",
        {"edition": edition, **selectors.noshow_stats(edition=edition)},
    )
