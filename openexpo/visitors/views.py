"""Pages of the visitors app: registration, the mobile e-credential, the gate, live
occupancy and the delegation import. HTTP only: each view calls one service or selector."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from openexpo.core import permissions
from openexpo.core.errors import DomainError
from openexpo.core.models import Edition, User
from openexpo.core.selectors import edition_current
from openexpo.visitors import badges as badge_services
from openexpo.visitors import selectors
from openexpo.visitors.forms import ImportForm, RegistrationForm
from openexpo.visitors.importfile import read_members
from openexpo.visitors.models import Badge, Delegation, Gate, Visitor
from openexpo.visitors.render import CATEGORY_COLOURS
from openexpo.visitors.services import Applicant, delegation_members_import, visitor_register


def _edition(number: int | None) -> Edition:
    edition = Edition.objects.filter(number=number).first() if number else edition_current()
    if edition is None:
        raise Http404("No such edition")
    return edition


def register(request: HttpRequest, number: int | None = None) -> HttpResponse:
    edition = _edition(number)
    need_account = not request.user.is_authenticated
    if not need_account and selectors.visitor_for_user(edition=edition, user=request.user):
        return redirect("visitors:my_badge")
    form = RegistrationForm(request.POST or None, need_account=need_account)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        applicant = Applicant(
            full_name=d["full_name"],
            country=d["country"].code,
            doc_type=d["doc_type"],
            doc_number=d["doc_number"],
            doc_country=d["doc_country"],
            organisation=d["organisation"],
            role=d["role"],
            email=d["email"],
            languages=d["languages"],
            interests=d["interests"].split(),
            consent=d["consent"],
        )
        try:
            with transaction.atomic():
                user = request.user
                if need_account:
                    if User.objects.filter(username=d["username"]).exists():
                        raise DomainError(
                            _("This username is taken."), "username_taken", field="username"
                        )
                    user = User.objects.create_user(
                        d["username"], d["email"], d["password"], kind=User.Kind.BUYER
                    )
                visitor = visitor_register(edition=edition, user=user, applicant=applicant)
                if visitor.status == Visitor.Status.APPROVED:
                    badge_services.badge_issue(edition=edition, visitor=visitor)
        except (DomainError, IntegrityError) as err:
            message = err.message if isinstance(err, DomainError) else _("Please try again.")
            field = getattr(err, "field", None)
            form.add_error(field if field in form.fields else None, message)
        else:
            if need_account:
                login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(request, _("You are registered."))
            return redirect("visitors:my_badge")
    return render(request, "visitors/register.html", {"form": form, "edition": edition})


@login_required
def my_badge(request: HttpRequest) -> HttpResponse:
    badges = list(selectors.badge_list_own(user=request.user).filter(status=Badge.Status.ACTIVE))
    for b in badges:
        b.colour = CATEGORY_COLOURS.get(b.category, "#333")
        b.days = [b.first_day + dt.timedelta(days=i) for i in range(16) if b.day_mask >> i & 1]
    return render(request, "visitors/my_badge.html", {"badges": badges})


@login_required
@require_POST
def badge_reissue(request: HttpRequest, pk: int) -> HttpResponse:
    badge = get_object_or_404(Badge.objects.select_related("visitor"), pk=pk)
    if not permissions.can(request.user, "reissue", badge):
        raise PermissionDenied(_("This is not your badge."))
    badge_services.badge_reissue(badge=badge, actor=request.user, reason="lost (self-service)")
    messages.success(request, _("A new badge was issued; the old QR code no longer works."))
    return redirect("visitors:my_badge")


@login_required
def gate_page(request: HttpRequest, number: int, code: str) -> HttpResponse:
    gate = get_object_or_404(
        Gate.objects.select_related("edition"), edition__number=number, code=code
    )
    if not permissions.can(request.user, "scan", gate):
        raise PermissionDenied(_("Only gate staff may open a gate."))
    config = {
        "edition": number,
        "gate": code,
        "bundleUrl": reverse("api:gate_bundle", args=[number, code]),
        "scanUrl": reverse("api:scan"),
        "uploadUrl": reverse("api:scans_upload"),
    }
    return render(request, "visitors/gate.html", {"gate": gate, "config": config})


@login_required
def gate_list(request: HttpRequest, number: int | None = None) -> HttpResponse:
    edition = _edition(number)
    gates = permissions.scope(request.user, Gate.objects.filter(edition=edition), "scan")
    return render(request, "visitors/gate_list.html", {"edition": edition, "gates": gates})


def _occupancy_context(request: HttpRequest, number: int | None) -> dict:
    edition = _edition(number)
    if not permissions.can(request.user, "view_occupancy", edition):
        raise PermissionDenied(_("Only organisers see live occupancy."))
    occ = selectors.occupancy(edition=edition)
    top = max((n for _h, n in occ["entries_by_hour"]), default=0) or 1
    occ["bars"] = [
        (h, n, round(100 * n / top)) for h, n in occ["entries_by_hour"] if 7 <= h <= 20 or n
    ]
    return {
        "edition": edition,
        "occ": occ,
        "conflicts": selectors.conflict_list(edition=edition).filter(resolved=False)[:50],
    }


@login_required
def occupancy_page(request: HttpRequest, number: int | None = None) -> HttpResponse:
    return render(request, "visitors/occupancy.html", _occupancy_context(request, number))


@login_required
def occupancy_fragment(request: HttpRequest, number: int | None = None) -> HttpResponse:
    return render(request, "visitors/_occupancy.html", _occupancy_context(request, number))


@login_required
def delegation_import(request: HttpRequest, pk: int) -> HttpResponse:
    delegation = get_object_or_404(Delegation.objects.select_related("edition"), pk=pk)
    if not permissions.can_create(request.user, Visitor, delegation=delegation):
        raise PermissionDenied(_("Only the delegation's lead may register its members."))
    form = ImportForm(request.POST or None, request.FILES or None)
    report = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            rows = read_members(upload.read(), upload.name)
            report = delegation_members_import(
                delegation=delegation,
                actor=request.user,
                rows=rows,
                dry_run=not form.cleaned_data["commit"],
            )
        except DomainError as err:
            form.add_error("file", err.message)
        else:
            if report.created:
                for v in Visitor.objects.filter(
                    delegation=delegation, badges__isnull=True, status=Visitor.Status.APPROVED
                ):
                    badge_services.badge_issue(edition=delegation.edition, visitor=v)
    return render(
        request, "visitors/import.html", {"delegation": delegation, "form": form, "report": report}
    )
