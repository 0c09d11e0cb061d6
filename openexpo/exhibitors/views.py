"""Exhibitor self-service pages: sign up, profile, apply, see status, history and messages."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from openexpo.core import permissions
from openexpo.core.errors import DomainError
from openexpo.core.feedback import form_error
from openexpo.core.models import Edition
from openexpo.core.selectors import edition_current, edition_get
from openexpo.exhibitors import services
from openexpo.exhibitors.forms import ApplicationForm, ProfileForm, SignupForm
from openexpo.exhibitors.models import Company, Participation
from openexpo.exhibitors.rules import EDITABLE, transition_allowed
from openexpo.exhibitors.selectors import (
    company_participations,
    participation_history,
    participation_list,
)
from openexpo.floorplan import selectors as plan
from openexpo.floorplan.models import Booth


def my_company(request: HttpRequest) -> Company:
    ids = permissions.company_ids(request.user)
    if not ids:
        raise Http404(_("You are not registered as exhibitor staff."))
    return Company.objects.select_related("country").get(pk=min(ids))


def signup(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("exhibitors:dashboard")
    form = SignupForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            staff = services.company_signup(
                username=d["username"],
                email=d["email"],
                password=d["password1"],
                name_en=d["name_en"],
                name_zh=d["name_zh"],
                country=d["country"],
                size_class=d["size_class"],
                website=d["website"],
                description_en=d["description_en"],
                description_zh=d["description_zh"],
                logo=d["logo"],
                preferred_language=request.LANGUAGE_CODE,
            )
        except DomainError as exc:
            if exc.field == "password":
                exc.field = "password1"
            form_error(form, exc)
        else:
            login(request, staff.user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(request, _("Welcome! Your company is registered."))
            return redirect("exhibitors:dashboard")
    return render(request, "exhibitors/signup.html", {"form": form})


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    company = my_company(request)
    parts = list(company_participations(company))
    edition = edition_current()
    applied = edition is not None and any(p.edition_id == edition.pk for p in parts)
    return render(
        request,
        "exhibitors/dashboard.html",
        {
            "company": company,
            "participations": parts,
            "edition": edition,
            "can_apply": edition and not applied,
        },
    )


@login_required
def profile(request: HttpRequest) -> HttpResponse:
    company = my_company(request)
    initial = {f: getattr(company, f) for f in services.COMPANY_EDITABLE}
    form = ProfileForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        changes = {f: d[f] for f in services.COMPANY_EDITABLE if d[f] != initial[f]}
        try:
            if changes:
                services.company_update(actor=request.user, company=company, changes=changes)
            if d["logo"]:
                services.company_logo_set(actor=request.user, company=company, upload=d["logo"])
        except DomainError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("Profile saved."))
            return redirect("exhibitors:dashboard")
    return render(request, "exhibitors/profile.html", {"form": form, "company": company})


def _edition_from(request: HttpRequest) -> Edition:
    number = request.GET.get("edition", "")
    edition = edition_get(int(number)) if number.isdigit() else edition_current()
    if edition is None:
        raise Http404(_("No such edition."))
    return edition


def _application_data(form: ApplicationForm) -> dict:
    d = form.cleaned_data
    return {
        k: d[k]
        for k in ("area", "booth_type", "area_requested_m2", "pavilion", "plans_en", "plans_zh")
    }


@login_required
def apply(request: HttpRequest) -> HttpResponse:
    company = my_company(request)
    edition = _edition_from(request)
    existing = Participation.objects.filter(company=company, edition=edition).first()
    if existing is not None:
        return redirect("exhibitors:application", pk=existing.pk)
    form = ApplicationForm(request.POST or None, edition=edition)
    if request.method == "POST" and form.is_valid():
        try:
            part = services.participation_apply(
                actor=request.user,
                company=company,
                edition=edition,
                submit="save_draft" not in request.POST,
                **_application_data(form),
            )
        except DomainError as exc:
            form_error(form, exc)
        else:
            messages.success(
                request,
                _("Your application is saved: %(status)s.") % {"status": part.get_status_display()},
            )
            return redirect("exhibitors:application", pk=part.pk)
    return render(
        request, "exhibitors/apply.html", {"form": form, "edition": edition, "company": company}
    )


def _own_application(request: HttpRequest, pk: int) -> Participation:
    """The application if the user may see it, else 404 (never reveal others' applications)."""
    return get_object_or_404(permissions.scope(request.user, participation_list()), pk=pk)


@login_required
def application(request: HttpRequest, pk: int) -> HttpResponse:
    part = _own_application(request, pk)
    history = list(participation_history(part))
    actions = [
        v
        for v, s in (("submit", "submitted"), ("withdraw", "withdrawn"), ("reopen", "draft"))
        if transition_allowed(part.status, s)
    ]
    return render(
        request,
        "exhibitors/application.html",
        {
            "part": part,
            "history": history,
            "actions": actions,
            "editable": part.status in EDITABLE,
            "booth": _published_booth(request, part),
        },
    )


def _published_booth(request: HttpRequest, part: Participation) -> Booth | None:
    """The application's booth once the floor plan is published (organisers: always)."""
    if not plan.plan_is_public(part.edition, request.user):
        return None
    return plan.booth_for_participation(participation_id=part.pk)


@login_required
def application_edit(request: HttpRequest, pk: int) -> HttpResponse:
    part = _own_application(request, pk)
    initial = {
        k: getattr(part, k)
        for k in ("area", "booth_type", "area_requested_m2", "pavilion", "plans_en", "plans_zh")
    }
    form = ApplicationForm(request.POST or None, edition=part.edition, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = _application_data(form)
        changes = {k: v for k, v in data.items() if v != initial[k]}
        try:
            if changes:
                services.participation_update(actor=request.user, part=part, changes=changes)
        except DomainError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("Application saved."))
            return redirect("exhibitors:application", pk=part.pk)
    return render(
        request, "exhibitors/apply.html", {"form": form, "edition": part.edition, "part": part}
    )


ACTIONS = {
    "submit": services.participation_submit,
    "withdraw": services.participation_withdraw,
    "reopen": services.participation_reopen,
}


@login_required
@require_POST
def application_action(request: HttpRequest, pk: int, verb: str) -> HttpResponse:
    part = _own_application(request, pk)
    if verb not in ACTIONS:
        raise Http404
    kwargs = {"reason": request.POST.get("reason", "")[:2000]} if verb == "withdraw" else {}
    try:
        part = ACTIONS[verb](actor=request.user, part=part, **kwargs)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request,
            _("Your application is now: %(status)s.") % {"status": part.get_status_display()},
        )
    return redirect("exhibitors:application", pk=part.pk)
