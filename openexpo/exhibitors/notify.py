"""E-mails to a company about its application, sent after the transaction commits."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from openexpo.exhibitors.models import Company, Participation, ParticipationTransition


def company_recipients(company: Company) -> list[str]:
    """The company's contact address and its staff's addresses, without repeats."""
    found: list[str] = []
    for addr in [company.email, *company.staff.values_list("user__email", flat=True)]:
        if addr and addr.lower() not in {a.lower() for a in found}:
            found.append(addr)
    return found


def _language(company: Company) -> str:
    langs = [
        lang for lang in company.staff.values_list("user__preferred_language", flat=True) if lang
    ]
    return langs[0] if langs else settings.LANGUAGE_CODE


def _render(part: Participation, change: ParticipationTransition) -> tuple[str, str]:
    status = Participation.Status(change.to_status).label
    edition = part.edition.localized("name")
    if change.is_message:
        subject = _("[OpenExpo] A message about your application for %(edition)s") % {
            "edition": edition
        }
        head = _("The organiser sent a message about your application:")
    else:
        subject = _("[OpenExpo] Your application for %(edition)s is now: %(status)s") % {
            "edition": edition,
            "status": status,
        }
        head = _("The status of your application is now: %(status)s.") % {"status": status}
    lines = [
        _("Dear %(company)s,") % {"company": part.company.localized("name")},
        "",
        head,
    ]
    if change.reason:
        lines += ["", change.reason]
    if part.free_ldc_booth and change.to_status == Participation.Status.APPROVED:
        lines += ["", _("You were granted a free standard booth (least-developed country).")]
    lines += [
        "",
        _("Edition: %(edition)s") % {"edition": edition},
        _("Exhibition area: %(area)s") % {"area": part.area.localized("name")},
        _("Area wanted: %(m2)d m²") % {"m2": part.area_requested_m2},
        "",
        _("See your application and its history on OpenExpo."),
    ]
    return subject, "\n".join(lines)


def transition_notify(change: ParticipationTransition) -> None:
    """Queue the e-mail for one transition; it goes out when the transaction commits."""
    part = change.participation
    recipients = company_recipients(part.company)
    if not recipients:
        return
    with translation.override(_language(part.company)):
        subject, body = _render(part, change)

    def send() -> None:
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, recipients, fail_silently=True)

    transaction.on_commit(send)
