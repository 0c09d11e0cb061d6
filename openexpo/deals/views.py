"""Deal pages: my deals, record a deal, confirm/dispute/decide, one deal with its audit trail
(organisers), and the exchange-rate table (organisers). HTTP only: services do the work."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from openexpo.core import permissions
from openexpo.core.errors import DomainError
from openexpo.core.models import Edition
from openexpo.core.selectors import edition_current
from openexpo.deals import rates, selectors, services
from openexpo.deals.forms import DealForm, DisputeForm, RateForm
from openexpo.deals.models import Deal


def _edition() -> Edition:
    edition = edition_current()
    if edition is None:
        raise Http404("No edition")
    return edition


def _deal(request: HttpRequest, pk: int) -> Deal:
    try:
        return selectors.deal_get(user=request.user, pk=pk)
    except DomainError:
        raise Http404("No such deal")


@login_required
def deal_list(request: HttpRequest) -> HttpResponse:
    edition = _edition()
    status = request.GET.get("status") or None
    page = Paginator(selectors.deal_list(user=request.user, edition=edition, status=status), 50)
    deals = page.get_page(request.GET.get("page"))
    for deal in deals:
        deal.my_side = services.side_of(
            request.user,
            exhibitor=deal.exhibitor,
            delegation=deal.delegation,
            buyer_visitor=deal.buyer_visitor,
        )
    return render(
        request,
        "deals/list.html",
        {
            "edition": edition,
            "deals": deals,
            "status": status,
            "statuses": Deal.Status.choices,
            "organiser": permissions.is_organiser(request.user),
            "dispute_form": DisputeForm(),
        },
    )


@login_required
def deal_new(request: HttpRequest) -> HttpResponse:
    edition = _edition()
    form = DealForm(request.POST or None, user=request.user, edition=edition)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.deal_record(
                actor=request.user,
                edition=edition,
                exhibitor=data["exhibitor"],
                buyer_organisation=data["buyer_organisation"],
                delegation=data["delegation"],
                buyer_badge=data["buyer_badge"],
                kind=data["kind"],
                amount=data["amount"],
                currency=data["currency"],
                signed_on=data["signed_on"],
                products=form.product_codes(),
            )
        except DomainError as exc:
            form.add_error(
                exc.field if exc.field in form.fields else None, f"{exc.message} ({exc.code})"
            )
        else:
            messages.success(request, _("Deal recorded; it now waits for the other side."))
            return redirect("deals:list")
    return render(request, "deals/form.html", {"form": form, "edition": edition})


def _act(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    deal = _deal(request, pk)
    try:
        if action == "confirm":
            services.deal_confirm(actor=request.user, deal=deal)
            messages.success(request, _("Deal confirmed."))
        elif action == "dispute":
            services.deal_dispute(
                actor=request.user, deal=deal, reason=request.POST.get("reason", "")
            )
            messages.success(request, _("Deal disputed; the organisers will decide."))
        else:
            services.deal_decide(
                actor=request.user,
                deal=deal,
                status=request.POST.get("status", ""),
                note=request.POST.get("note", ""),
            )
            messages.success(request, _("Decision saved."))
    except DomainError as exc:
        messages.error(request, f"{exc.message} ({exc.code})")
    return redirect(request.POST.get("next") or "deals:list")


@login_required
@require_POST
def deal_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(request, pk, "confirm")


@login_required
@require_POST
def deal_dispute(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(request, pk, "dispute")


@login_required
@require_POST
def deal_decide(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(request, pk, "decide")


@login_required
def deal_detail(request: HttpRequest, pk: int) -> HttpResponse:
    deal = _deal(request, pk)
    organiser = permissions.is_organiser(request.user)
    trail = list(selectors.deal_audit(user=request.user, deal=deal)) if organiser else []
    return render(
        request, "deals/detail.html", {"deal": deal, "trail": trail, "organiser": organiser}
    )


@login_required
def rate_table(request: HttpRequest) -> HttpResponse:
    if not permissions.is_organiser(request.user):
        raise Http404("Organisers only")
    edition = _edition()
    form = RateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            _rate, changed = rates.rate_set(
                actor=request.user, edition=edition, **form.cleaned_data
            )
        except DomainError as exc:
            form.add_error(None, f"{exc.message} ({exc.code})")
        else:
            messages.success(request, _("Rate saved; %(n)d deals recomputed.") % {"n": changed})
            return redirect("deals:rates")
    return render(
        request,
        "deals/rates.html",
        {"edition": edition, "rates": rates.rate_list(edition=edition), "form": form},
    )
