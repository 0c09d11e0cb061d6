"""Organiser pages: the review queue with filters and bulk actions, one application's
decision page, and the LDC free-booth quota."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseForbidden, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from openexpo.core import permissions
from openexpo.core.errors import DomainError
from openexpo.core.feedback import flash, form_error
from openexpo.core.models import Edition
from openexpo.core.selectors import edition_current
from openexpo.exhibitors import services
from openexpo.exhibitors.capacity import area_approved_m2, area_capacity_m2
from openexpo.exhibitors.forms import BulkForm, DecisionForm, QueueFilterForm, QuotaForm
from openexpo.exhibitors.models import Participation
from openexpo.exhibitors.review import ldc_quota_used
from openexpo.exhibitors.selectors import participation_history, review_queue, status_counts

PAGE_SIZE = 50


def organiser_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    @wraps(view)
    @login_required
    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not permissions.is_organiser(request.user):
            return HttpResponseForbidden(_("Only organisers may review applications."))
        return view(request, *args, **kwargs)

    return wrapped


def _queue_context(request: HttpRequest, params: dict) -> dict:
    if not params.get("edition") and (current := edition_current()) is not None:
        params = {**params, "edition": str(current.number)}  # show the edition being reviewed
    filters = QueueFilterForm(params)
    filters.is_valid()
    d = filters.cleaned_data
    edition = d.get("edition") or edition_current()
    ldc = {"yes": True, "no": False}.get(d.get("ldc") or "")
    qs = review_queue(
        edition=edition,
        area=d.get("area") or "",
        status=d.get("status") or "",
        booth_type=d.get("booth_type") or "",
        country=d.get("country") or "",
        ldc=ldc,
        q=d.get("q") or "",
    )
    page = Paginator(qs, PAGE_SIZE).get_page(params.get("page"))
    kept = {k: v for k, v in params.items() if k in filters.fields and v}
    return {
        "filters": filters,
        "page": page,
        "edition": edition,
        "query": urlencode(kept),
        "counts": [
            (value, Participation.Status(value).label, n)
            for value, n in (status_counts(edition) if edition else {}).items()
        ],
        "areas": edition.areas.all() if edition else [],
        "quota_used": ldc_quota_used(edition) if edition else 0,
    }


@organiser_required
def queue(request: HttpRequest) -> HttpResponse:
    ctx = _queue_context(request, request.GET.dict())
    template = (
        "exhibitors/review/_queue.html"
        if request.headers.get("HX-Request")
        else "exhibitors/review/queue.html"
    )
    return render(request, template, ctx)


@organiser_required
@require_POST
def bulk(request: HttpRequest) -> HttpResponse:
    form = BulkForm(request.POST)
    query = request.POST.get("query", "")
    if not form.is_valid():
        messages.error(request, _("Choose an action and at least one application."))
    else:
        d = form.cleaned_data
        try:
            result = services.participation_bulk_decide(
                actor=request.user, ids=d["ids"], action=d["action"], reason=d["reason"]
            )
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("%(n)d applications updated.") % {"n": len(result.done)})
            for pk, why in result.failed:
                messages.error(request, _("Application #%(pk)d: %(why)s") % {"pk": pk, "why": why})
    if request.headers.get("HX-Request"):
        ctx = _queue_context(request, QueryDict(query).dict())
        return render(request, "exhibitors/review/_queue.html", ctx)
    return redirect(f"{reverse('exhibitors:review_queue')}?{query}")


DECISIONS = {
    "approve": services.participation_approve,
    "waitlist": services.participation_waitlist,
    "reject": services.participation_reject,
}


@organiser_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    part = get_object_or_404(review_queue(), pk=pk)
    form = DecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            if d["action"] == "message":
                services.participation_message(actor=request.user, part=part, text=d["reason"])
            elif d["action"] == "approve":
                services.participation_approve(
                    actor=request.user,
                    part=part,
                    reason=d["reason"],
                    free_ldc_booth=d["free_ldc_booth"],
                )
            else:
                DECISIONS[d["action"]](actor=request.user, part=part, reason=d["reason"])
        except DomainError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("Done."))
            return redirect("exhibitors:review_detail", pk=part.pk)
    edition = part.edition
    return render(
        request,
        "exhibitors/review/detail.html",
        {
            "part": part,
            "form": form,
            "history": list(participation_history(part)),
            "quota_used": ldc_quota_used(edition),
            "capacity": area_capacity_m2(part.area),
            "approved_m2": area_approved_m2(part.area),
        },
    )


@organiser_required
@require_POST
def ldc_grant(request: HttpRequest, pk: int) -> HttpResponse:
    part = get_object_or_404(review_queue(), pk=pk)
    with flash(request, _("Free standard booth granted.")):
        services.participation_ldc_grant(actor=request.user, part=part)
    return redirect("exhibitors:review_detail", pk=part.pk)


@organiser_required
@require_POST
def quota(request: HttpRequest, number: int) -> HttpResponse:
    edition = get_object_or_404(Edition, number=number)
    form = QuotaForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("The quota must be a whole number, 0 or more."))
    else:
        with flash(request, _("Quota saved.")):
            services.edition_ldc_quota_set(
                actor=request.user, edition=edition, quota=form.cleaned_data["quota"]
            )
    return redirect(f"{reverse('exhibitors:review_queue')}?edition={edition.number}")
