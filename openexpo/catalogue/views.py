"""Public pages: exhibit catalogue, exhibitor directory, company and exhibit pages, launch
calendar with its ICS export, and the organisers' catalogue quality page."""

from __future__ import annotations

from collections import OrderedDict
from typing import Any
from urllib.parse import urlencode

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _

from openexpo.catalogue import selectors
from openexpo.catalogue.ics import launch_start, launches_ics
from openexpo.catalogue.models import Exhibit, LaunchEvent
from openexpo.catalogue.search import FACETS
from openexpo.core import permissions
from openexpo.core.selectors import edition_current

PER_PAGE = 20
MAX_FACET_VALUES = 30


def booth_url(booth: Any) -> str:
    """The booth on the floor plan: its hall's map with the booth highlighted."""
    if booth is None:
        return ""
    try:
        url = reverse("floorplan:hall_map", kwargs={"hall_id": booth.hall_id})
    except NoReverseMatch:
        return ""
    return f"{url}?{urlencode({'q': booth.code})}"


def visible_booth(request: HttpRequest, participation: Any) -> Any:
    """The participation's booth if this viewer may see it: the plan is published, or the
    viewer is an organiser or the exhibitor itself (the floor plan's own rule)."""
    from openexpo.floorplan.selectors import booth_list

    booth = selectors.booth_of(participation) if participation else None
    if booth is None or not booth_list(user=request.user).filter(pk=booth.pk).exists():
        return None
    return booth


def _plan_public(request: HttpRequest, edition: Any) -> bool:
    """Whether result lists may show booths: the edition's plan is published (or organiser)."""
    from openexpo.floorplan.models import FloorPlan

    return permissions.is_organiser(request.user) or (
        edition is not None
        and FloorPlan.objects.filter(edition=edition, published_at__isnull=False).exists()
    )


def _page_number(request: HttpRequest) -> int:
    raw = request.GET.get("page", "1")
    return min(int(raw), 500) if raw.isdigit() and int(raw) > 0 else 1


def _search_page(request: HttpRequest, kind: str, template: str) -> HttpResponse:
    edition = edition_current()
    filters = {name: request.GET.get(name, "") for name in FACETS[kind]}
    text = request.GET.get("q", "")[:200]
    result = selectors.catalogue_search(
        text=text,
        kind=kind,
        edition=edition,
        filters=filters,
        page=_page_number(request),
        per_page=PER_PAGE,
    )
    rows = []
    show_booths = bool(result.items) and _plan_public(request, edition)
    for item in result.items:
        participation = item if kind == "company" else item.participation
        booth = selectors.booth_of(participation) if show_booths else None
        rows.append(
            {
                "item": item,
                "participation": participation,
                "booth": booth,
                "booth_url": booth_url(booth),
            }
        )
    params = request.GET.copy()
    params.pop("page", None)
    return render(
        request,
        template,
        {
            "edition": edition,
            "result": result,
            "rows": rows,
            "q": text,
            "filters": filters,
            "query_string": params.urlencode(),
            "facet_groups": [
                (name, selectors.FACET_TITLES[name], result.facets[name][:MAX_FACET_VALUES])
                for name in FACETS[kind]
                if name in result.facets
            ],
        },
    )


def catalogue(request: HttpRequest) -> HttpResponse:
    return _search_page(request, "exhibit", "catalogue/search.html")


def directory(request: HttpRequest) -> HttpResponse:
    return _search_page(request, "company", "catalogue/directory.html")


def exhibit_detail(request: HttpRequest, pk: int) -> HttpResponse:
    exhibit = get_object_or_404(selectors.exhibit_detail_qs(), pk=pk)
    if exhibit.participation.status != "approved" and not permissions.can(
        request.user, "view_private", exhibit
    ):
        raise Http404
    booth = visible_booth(request, exhibit.participation)
    launch = getattr(exhibit, "launch_event", None) if exhibit.launch_type else None
    return render(
        request,
        "catalogue/exhibit.html",
        {
            "exhibit": exhibit,
            "company": exhibit.participation.company,
            "booth": booth,
            "booth_url": booth_url(booth),
            "launch": launch,
            "launch_start": launch_start(launch) if launch else None,
            "can_edit": permissions.can(request.user, "change", exhibit),
        },
    )


def company_detail(request: HttpRequest, pk: int) -> HttpResponse:
    company = selectors.company_public(pk)
    if company is None:
        raise Http404
    participation = selectors.company_participation(company, edition_current())
    booth = visible_booth(request, participation)
    return render(
        request,
        "catalogue/company.html",
        {
            "company": company,
            "participation": participation,
            "booth": booth,
            "booth_url": booth_url(booth),
            "exhibits": selectors.company_exhibits(participation),
        },
    )


def _launch_filters(request: HttpRequest) -> dict[str, str]:
    return {k: request.GET.get(k, "")[:20] for k in ("day", "launch", "chapter", "area")}


def _valid_day(value: str) -> str:
    import datetime as dt

    try:
        return dt.date.fromisoformat(value).isoformat()
    except ValueError:
        return ""


def launches(request: HttpRequest) -> HttpResponse:
    edition = edition_current()
    filters = _launch_filters(request)
    filters["day"] = _valid_day(filters["day"])
    events = list(selectors.launch_list(edition=edition, **filters))
    by_day: OrderedDict = OrderedDict()
    for event in events:
        hour = event.start_time.hour if event.start_time else None
        by_day.setdefault(event.day, OrderedDict()).setdefault(hour, []).append(event)
    params = request.GET.copy()
    return render(
        request,
        "catalogue/launches.html",
        {
            "edition": edition,
            "by_day": by_day,
            "filters": filters,
            "count": len(events),
            "days": edition.days if edition else [],
            "launch_choices": Exhibit.Launch.choices[1:],
            "areas": edition.areas.all() if edition else [],
            "query_string": params.urlencode(),
        },
    )


def _where(event: LaunchEvent) -> str:
    if event.venue == LaunchEvent.Venue.STAGE:
        return event.localized("stage")
    booth = selectors.booth_of(event.exhibit.participation)
    return _("Booth %(code)s") % {"code": booth.code} if booth else _("At the exhibitor's booth")


def launches_ics_view(request: HttpRequest) -> HttpResponse:
    filters = _launch_filters(request)
    filters["day"] = _valid_day(filters["day"])
    events = selectors.launch_list(edition=edition_current(), **filters)
    body = launches_ics(events, host=request.get_host().split(":")[0], where=_where)
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="launches.ics"'
    return response


def launch_detail(request: HttpRequest, pk: int) -> HttpResponse:
    event = get_object_or_404(selectors.launch_detail_qs(), pk=pk)
    exhibit = event.exhibit
    if exhibit.participation.status != "approved" or not exhibit.launch_type:
        raise Http404
    booth = selectors.booth_of(exhibit.participation)
    return render(
        request,
        "catalogue/launch.html",
        {
            "event": event,
            "exhibit": exhibit,
            "company": exhibit.participation.company,
            "booth": booth,
            "booth_url": booth_url(booth),
            "start": launch_start(event),
            "where": _where(event),
        },
    )


def quality(request: HttpRequest) -> HttpResponse:
    if not permissions.is_organiser(request.user):
        if not request.user.is_authenticated:
            from django.contrib.auth.views import redirect_to_login

            return redirect_to_login(request.get_full_path())
        return HttpResponse(_("Organisers only."), status=403)
    edition = edition_current()
    return render(
        request, "catalogue/quality.html", {"edition": edition, **selectors.quality_report(edition)}
    )
