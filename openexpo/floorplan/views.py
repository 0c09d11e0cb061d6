"""Pages of the floor plan: public hall maps, the booth map, the organiser's plan desk."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ObjectDoesNotExist
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from openexpo.core import permissions
from openexpo.core.errors import DomainError
from openexpo.core.feedback import flash
from openexpo.core.selectors import edition_get
from openexpo.exhibitors.models import Participation
from openexpo.floorplan import selectors, services
from openexpo.floorplan.allocation import allocation_start, plan_check
from openexpo.floorplan.models import Booth
from openexpo.floorplan.svg import booth_svg, hall_svg


def _edition(number: int):
    edition = edition_get(number)
    if edition is None:
        raise Http404
    return edition


def hall_index(request: HttpRequest, number: int) -> HttpResponse:
    """The halls of an edition; ?q= finds an exhibitor or product in every hall and goes
    straight to the hall map when one hall holds all the matches."""
    edition = _edition(number)
    halls = selectors.hall_list(edition=edition)
    query = request.GET.get("q", "").strip()
    found = []
    public = selectors.plan_is_public(edition, request.user)
    if query and public:
        found = selectors.booth_search_halls(edition=edition, query=query)
        if len(found) == 1:
            url = reverse("floorplan:hall_map", args=[found[0][0].pk])
            return redirect(f"{url}?{urlencode({'q': query})}")
    return render(
        request,
        "floorplan/hall_index.html",
        {
            "edition": edition,
            "halls": halls,
            "plan": selectors.plan_get(edition=edition),
            "organiser": permissions.is_organiser(request.user),
            "query": query,
            "found": found,
            "public": public,
        },
    )


def hall_map(request: HttpRequest, hall_id: int) -> HttpResponse:
    """The interactive map of one hall; ?q= highlights the booths of matching exhibitors."""
    hall = get_object_or_404(selectors.hall_get_qs(), pk=hall_id)
    public = selectors.plan_is_public(hall.edition, request.user)
    booths = (
        list(selectors.booth_list(user=request.user, hall=hall))
        if public
        else list(Booth.objects.filter(hall=hall).select_related("participation"))
    )
    query = request.GET.get("q", "")
    highlight = selectors.booth_search(hall=hall, query=query) if public and query else set()
    colours = selectors.area_colours(edition=hall.edition)
    svg = hall_svg(hall, booths, colours=colours, public=public, highlight=highlight)
    legend = [(z.area, colours.get(z.area_id, "#ddd")) for z in hall.zones.all()]
    found = [b for b in booths if b.pk in highlight]
    elsewhere = [
        (h, n)
        for h, n in (
            selectors.booth_search_halls(edition=hall.edition, query=query)
            if public and query
            else []
        )
        if h.pk != hall.pk
    ]
    return render(
        request,
        "floorplan/hall_map.html",
        {
            "hall": hall,
            "edition": hall.edition,
            "svg": svg,
            "query": query,
            "found": found,
            "elsewhere": elsewhere,
            "legend": list(dict((a.pk, (a, c)) for a, c in legend).values()),
            "public": public,
            "halls": selectors.hall_list(edition=hall.edition),
        },
    )


def booth_map_svg(request: HttpRequest, participation_id: int) -> HttpResponse:
    """/floorplan/booth/<participation_id>.svg: the small map for an exhibitor page."""
    booth = selectors.booth_for_participation(participation_id=participation_id)
    if booth is None or not selectors.booth_list(user=request.user).filter(pk=booth.pk).exists():
        raise Http404
    hall = selectors.hall_get(hall_id=booth.hall_id)
    booth.hall = hall
    near = Booth.objects.filter(
        hall=hall,
        x__lt=booth.x + booth.width + 40,
        x__gt=booth.x - 80,
        y__lt=booth.y + booth.depth + 40,
        y__gt=booth.y - 80,
    ).select_related("participation__company")
    svg = booth_svg(booth, near, colours=selectors.area_colours(edition=hall.edition))
    return HttpResponse(svg, content_type="image/svg+xml")


def plan_desk(request: HttpRequest, number: int) -> HttpResponse:
    """The organiser's page: run the allocation, watch it, pin/move booths, publish."""
    edition = _edition(number)
    if not permissions.is_organiser(request.user):
        raise Http404
    halls = list(selectors.hall_list(edition=edition))
    code = request.GET.get("hall") or (halls[0].code if halls else "")
    hall = next((h for h in halls if h.code == code), None)
    booths = list(selectors.booth_list(user=request.user, hall=hall)) if hall else []
    svg = ""
    if hall is not None:  # the result on the map, zoom and pan as on the public map
        full = selectors.hall_get(hall_id=hall.pk)
        colours = selectors.area_colours(edition=edition)
        svg = hall_svg(full, booths, colours=colours, public=True, element_id="desk-map")
    checked = request.GET.get("check") == "1"
    return render(
        request,
        "floorplan/plan_desk.html",
        {
            "edition": edition,
            "halls": halls,
            "hall": hall,
            "booths": booths,
            "plan": selectors.plan_get(edition=edition),
            "svg": svg,
            "checked": checked,
            "violations": plan_check(edition) if checked else [],
            "pairs": edition.competitor_pairs.count(),
        },
    )


def job_progress(request: HttpRequest, job_id: int) -> HttpResponse:
    if not permissions.is_organiser(request.user):
        raise Http404
    try:
        job = selectors.job_get(job_id=job_id)
    except ObjectDoesNotExist:
        raise Http404("No such job") from None
    return render(request, "floorplan/_job.html", {"job": job})


def _back(number: int, hall: str = "") -> HttpResponse:
    url = f"/floorplan/{number}/plan/" + (f"?hall={hall}" if hall else "")
    return redirect(url)


@require_POST
def allocate(request: HttpRequest, number: int) -> HttpResponse:
    edition = _edition(number)
    try:
        job = allocation_start(
            actor=request.user,
            edition=edition,
            time_limit=float(request.POST.get("time_limit") or 60),
        )
        messages.info(request, _("Allocation job %(id)s started.") % {"id": job.pk})
    except (DomainError, ValueError) as exc:
        messages.error(request, str(exc))
    return _back(number)


@require_POST
def publish(request: HttpRequest, number: int) -> HttpResponse:
    edition = _edition(number)
    with flash(request, _("The floor plan is published.")):
        services.plan_publish(actor=request.user, edition=edition)
    return _back(number)


@require_POST
def booth_edit(request: HttpRequest, booth_id: int) -> HttpResponse:
    """Move or pin/unpin one booth (organiser)."""
    if not permissions.is_organiser(request.user):
        raise Http404
    booth = get_object_or_404(Booth.objects.select_related("hall__edition"), pk=booth_id)
    number = booth.hall.edition.number
    try:
        action = request.POST.get("action")
        if action == "pin":
            services.booth_pin(actor=request.user, booth=booth, pinned=not booth.pinned)
        elif action == "move":
            services.booth_move(
                actor=request.user, booth=booth, x=int(request.POST["x"]), y=int(request.POST["y"])
            )
            messages.success(request, _("Booth %(code)s moved.") % {"code": booth.code})
        elif action == "delete":
            services.booth_delete(actor=request.user, booth=booth)
            messages.success(request, _("Booth %(code)s removed.") % {"code": booth.code})
    except (DomainError, ValueError, KeyError) as exc:
        messages.error(request, str(exc))
    return _back(number, booth.hall.code)


@require_POST
def booth_draw(request: HttpRequest, number: int) -> HttpResponse:
    """Draw a booth by hand on the plan desk (organiser); it is pinned."""
    edition = _edition(number)
    if not permissions.is_organiser(request.user):
        raise Http404
    code = request.POST.get("hall", "")
    hall = selectors.hall_list(edition=edition).filter(code=code).first()
    if hall is None:
        raise Http404
    try:
        part_id = request.POST.get("participation", "").strip().lstrip("#")
        part = None
        if part_id:
            part = Participation.objects.filter(pk=int(part_id), edition=edition).first()
            if part is None:
                raise DomainError(
                    _("No application #%(id)s at this edition.") % {"id": part_id}, "invalid"
                )
        booth = services.booth_create(
            actor=request.user,
            hall=hall,
            code=request.POST.get("code", "").strip(),
            x=int(request.POST["x"]),
            y=int(request.POST["y"]),
            width=int(request.POST["width"]),
            depth=int(request.POST["depth"]),
            kind=request.POST.get("kind") or Booth.Kind.RAW_SPACE,
            participation=part,
        )
        messages.success(request, _("Booth %(code)s drawn and pinned.") % {"code": booth.code})
    except (DomainError, ValueError, KeyError) as exc:
        messages.error(request, str(exc))
    return _back(number, hall.code)
