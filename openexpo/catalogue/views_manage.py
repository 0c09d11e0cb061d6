"""Exhibitor pages: list, add, edit and delete the company's own exhibits, their pictures
and launch events. Permission is checked by the services (own company only)."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from openexpo.catalogue import selectors, services
from openexpo.catalogue.forms import ExhibitForm, ImageForm, LaunchForm
from openexpo.catalogue.models import Exhibit, ExhibitImage
from openexpo.core import permissions
from openexpo.core.errors import DomainError
from openexpo.core.feedback import flash, form_error
from openexpo.exhibitors.models import Participation


@login_required
def my_exhibits(request: HttpRequest) -> HttpResponse:
    participations = list(selectors.my_participations(request.user))
    exhibits = (
        Exhibit.objects.filter(participation__in=participations)
        .select_related("participation__edition", "category", "launch_event")
        .prefetch_related("images")
        .order_by("-participation__edition__number", "name_en", "id")
    )
    return render(
        request,
        "catalogue/my_exhibits.html",
        {"participations": participations, "exhibits": exhibits},
    )


@login_required
def exhibit_new(request: HttpRequest, participation_id: int) -> HttpResponse:
    participation = get_object_or_404(
        Participation.objects.select_related("company", "edition"), pk=participation_id
    )
    if not permissions.can_create(request.user, Exhibit, company=participation.company):
        raise Http404
    form = ExhibitForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            exhibit = services.exhibit_create(
                actor=request.user, participation=participation, changes=form.cleaned_data
            )
        except DomainError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("Exhibit added."))
            return redirect("catalogue:exhibit_edit", pk=exhibit.pk)
    return render(
        request, "catalogue/exhibit_form.html", {"form": form, "participation": participation}
    )


def _own_exhibit(request: HttpRequest, pk: int) -> Exhibit:
    exhibit = get_object_or_404(selectors.exhibit_detail_qs(), pk=pk)
    if not permissions.can(request.user, "change", exhibit):
        raise Http404
    return exhibit


@login_required
def exhibit_edit(request: HttpRequest, pk: int) -> HttpResponse:
    exhibit = _own_exhibit(request, pk)
    edition = exhibit.participation.edition
    launch = getattr(exhibit, "launch_event", None)
    form = ExhibitForm(initial=ExhibitForm.initial_for(exhibit))
    launch_initial = {
        "day": launch.day.isoformat() if launch and launch.day else "",
        "start_time": launch.start_time if launch else None,
        "duration_minutes": launch.duration_minutes if launch else 30,
        "venue": launch.venue if launch else "booth",
        "stage_en": launch.stage_en if launch else "",
        "stage_zh": launch.stage_zh if launch else "",
    }
    launch_form = LaunchForm(initial=launch_initial, edition=edition)
    action = request.POST.get("action", "")
    if request.method == "POST" and action == "exhibit":
        form = ExhibitForm(request.POST)
        if form.is_valid():
            try:
                services.exhibit_update(
                    actor=request.user, exhibit=exhibit, changes=form.cleaned_data
                )
            except DomainError as exc:
                form_error(form, exc)
            else:
                messages.success(request, _("Exhibit saved."))
                return redirect("catalogue:exhibit_edit", pk=exhibit.pk)
    elif request.method == "POST" and action == "launch":
        launch_form = LaunchForm(request.POST, edition=edition)
        if launch_form.is_valid():
            data = launch_form.cleaned_data
            try:
                services.launch_event_set(
                    actor=request.user,
                    exhibit=exhibit,
                    day=dt.date.fromisoformat(data["day"]) if data["day"] else None,
                    start_time=data["start_time"],
                    duration_minutes=data["duration_minutes"],
                    venue=data["venue"],
                    stage_en=data["stage_en"],
                    stage_zh=data["stage_zh"],
                )
            except DomainError as exc:
                form_error(launch_form, exc)
            else:
                messages.success(request, _("Launch event saved."))
                return redirect("catalogue:exhibit_edit", pk=exhibit.pk)
    return render(
        request,
        "catalogue/exhibit_form.html",
        {
            "form": form,
            "launch_form": launch_form,
            "image_form": ImageForm(),
            "exhibit": exhibit,
            "participation": exhibit.participation,
        },
    )


@login_required
@require_POST
def exhibit_delete(request: HttpRequest, pk: int) -> HttpResponse:
    exhibit = _own_exhibit(request, pk)
    services.exhibit_delete(actor=request.user, exhibit=exhibit)
    messages.success(request, _("Exhibit deleted."))
    return redirect("catalogue:my_exhibits")


@login_required
@require_POST
def image_add(request: HttpRequest, pk: int) -> HttpResponse:
    exhibit = _own_exhibit(request, pk)
    form = ImageForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Choose a picture to upload."))
    else:
        with flash(request, _("Picture added.")):
            services.exhibit_image_add(
                actor=request.user, exhibit=exhibit, upload=form.cleaned_data["image"]
            )
    return redirect("catalogue:exhibit_edit", pk=exhibit.pk)


@login_required
@require_POST
def image_delete(request: HttpRequest, pk: int) -> HttpResponse:
    image = get_object_or_404(ExhibitImage.objects.select_related("exhibit__participation"), pk=pk)
    if not permissions.can(request.user, "change", image.exhibit):
        raise Http404
    services.exhibit_image_delete(actor=request.user, image=image)
    messages.success(request, _("Picture removed."))
    return redirect("catalogue:exhibit_edit", pk=image.exhibit_id)
