"""Organiser page of competitor pairs: list, add (two company names), remove."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from openexpo.core import permissions
from openexpo.core.errors import DomainError
from openexpo.core.feedback import form_error
from openexpo.core.selectors import edition_get
from openexpo.exhibitors.models import Company
from openexpo.floorplan.competitors import (
    competitor_pair_add,
    competitor_pair_list,
    competitor_pair_remove,
)
from openexpo.floorplan.forms import CompetitorPairForm, company_label
from openexpo.floorplan.models import CompetitorPair


def _organiser_edition(request: HttpRequest, number: int):
    edition = edition_get(number)
    if edition is None or not permissions.is_organiser(request.user):
        raise Http404
    return edition


def competitors(request: HttpRequest, number: int) -> HttpResponse:
    """GET: the edition's pairs and the add form; POST: add a pair."""
    edition = _organiser_edition(request, number)
    form = CompetitorPairForm(request.POST or None, edition=edition)
    if request.method == "POST" and form.is_valid():
        try:
            pair = competitor_pair_add(
                actor=request.user,
                edition=edition,
                company_a=form.cleaned_data["company_a"],
                company_b=form.cleaned_data["company_b"],
                note=form.cleaned_data["note"],
            )
        except DomainError as exc:
            form_error(form, exc)
        else:
            messages.success(
                request,
                _("%(a)s and %(b)s will be kept apart.")
                % {"a": pair.company_a.name_en, "b": pair.company_b.name_en},
            )
            return redirect(reverse("floorplan:competitors", args=[number]))
    names = (
        Company.objects.filter(participations__edition=edition)
        .order_by("name_en")
        .only("pk", "name_en")
    )
    return render(
        request,
        "floorplan/competitors.html",
        {
            "edition": edition,
            "form": form,
            "pairs": competitor_pair_list(user=request.user, edition=edition),
            "suggestions": [company_label(c) for c in names],
        },
        status=400 if request.method == "POST" else 200,
    )


@require_POST
def competitor_remove(request: HttpRequest, number: int, pk: int) -> HttpResponse:
    edition = _organiser_edition(request, number)
    pair = get_object_or_404(CompetitorPair, pk=pk, edition=edition)
    competitor_pair_remove(actor=request.user, pair=pair)
    messages.success(request, _("The pair is removed."))
    return redirect(reverse("floorplan:competitors", args=[number]))
