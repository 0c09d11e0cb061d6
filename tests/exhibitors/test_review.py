"""Organiser review services: decisions, allowed transitions, bulk, messages, LDC quota."""

from __future__ import annotations

import pytest
from django.core import mail

from openexpo.core.errors import DomainError, PermissionDenied
from openexpo.core.models import AuditEntry, Edition
from openexpo.exhibitors import review, services
from openexpo.exhibitors.models import AreaCapacity, Participation
from tests.factories import CompanyFactory, ParticipationFactory

S = Participation.Status


@pytest.fixture
def submitted(company_a, edition, area):
    return ParticipationFactory(company=company_a, edition=edition, area=area, status=S.SUBMITTED)


def test_approve_records_who_when_from_to_why_and_mails(organiser, submitted, on_commit):
    with on_commit():
        part = services.participation_approve(actor=organiser, part=submitted, reason="Welcome!")
    assert part.status == S.APPROVED
    change = part.transitions.get()
    assert (change.actor, change.from_status, change.to_status, change.reason) == (
        organiser,
        "submitted",
        "approved",
        "Welcome!",
    )
    assert change.at is not None
    audit = AuditEntry.objects.get(action="participation.approved")
    assert (audit.actor, audit.before, audit.after, audit.reason) == (
        organiser,
        {"status": "submitted"},
        {"status": "approved"},
        "Welcome!",
    )
    assert len(mail.outbox) == 1
    assert "Approved" in mail.outbox[0].subject and "Welcome!" in mail.outbox[0].body


def test_reject_needs_a_reason(organiser, submitted):
    with pytest.raises(DomainError) as err:
        services.participation_reject(actor=organiser, part=submitted, reason="  ")
    assert (err.value.code, err.value.field) == ("reason_required", "reason")
    submitted.refresh_from_db()
    assert submitted.status == S.SUBMITTED
    part = services.participation_reject(
        actor=organiser, part=submitted, reason="Off-topic products"
    )
    assert part.status == S.REJECTED


def test_transitions_enforced(organiser, submitted):
    services.participation_waitlist(actor=organiser, part=submitted, reason="Hall full")
    services.participation_reject(actor=organiser, part=submitted, reason="No room after all")
    for call in (services.participation_approve, services.participation_waitlist):
        with pytest.raises(DomainError) as err:
            call(actor=organiser, part=submitted)
        assert err.value.code == "bad_transition"
    submitted.refresh_from_db()
    assert submitted.status == S.REJECTED
    assert list(submitted.transitions.values_list("to_status", flat=True)) == [
        "waitlisted",
        "rejected",
    ]


def test_draft_cannot_be_approved(organiser, company_a, edition, area):
    part = ParticipationFactory(company=company_a, edition=edition, area=area, status=S.DRAFT)
    with pytest.raises(DomainError) as err:
        services.participation_approve(actor=organiser, part=part)
    assert err.value.code == "bad_transition"


def test_approval_refused_when_zone_full(organiser, edition, small_area):
    first = ParticipationFactory(
        edition=edition, area=small_area, area_requested_m2=300, status=S.SUBMITTED
    )
    second = ParticipationFactory(
        edition=edition, area=small_area, area_requested_m2=216, status=S.SUBMITTED
    )
    services.participation_approve(actor=organiser, part=first)
    with pytest.raises(DomainError) as err:
        services.participation_approve(actor=organiser, part=second)
    assert (err.value.code, err.value.field) == ("zone_capacity", "area_requested_m2")
    AreaCapacity.objects.filter(area=small_area).update(capacity_m2=516)
    assert services.participation_approve(actor=organiser, part=second).status == S.APPROVED


def test_message_keeps_status_and_is_mailed(organiser, submitted, on_commit):
    with on_commit():
        services.participation_message(actor=organiser, part=submitted, text="Please send photos.")
    change = submitted.transitions.get()
    assert (change.from_status, change.to_status, change.is_message) == (
        "submitted",
        "submitted",
        True,
    )
    assert "message" in mail.outbox[0].subject and "Please send photos." in mail.outbox[0].body


def test_bulk_decide_reports_each(organiser, edition, area, on_commit):
    parts = [ParticipationFactory(edition=edition, area=area, status=S.SUBMITTED) for _ in range(3)]
    parts[2].status = S.REJECTED
    parts[2].save()
    with on_commit():
        result = services.participation_bulk_decide(
            actor=organiser, ids=[p.pk for p in parts] + [999999], action="approve"
        )
    assert result.done == [parts[0].pk, parts[1].pk]
    assert [pk for pk, _ in result.failed] == [parts[2].pk, 999999]
    assert sorted(Participation.objects.values_list("status", flat=True)) == [
        "approved",
        "approved",
        "rejected",
    ]
    assert len(mail.outbox) == 2


def test_bulk_reject_needs_reason_and_organiser(organiser, exhibitor_a, submitted):
    with pytest.raises(DomainError) as err:
        services.participation_bulk_decide(actor=organiser, ids=[submitted.pk], action="reject")
    assert err.value.field == "reason"
    with pytest.raises(PermissionDenied):
        services.participation_bulk_decide(actor=exhibitor_a, ids=[submitted.pk], action="approve")
    with pytest.raises(DomainError) as err:
        services.participation_bulk_decide(actor=organiser, ids=[submitted.pk], action="delete")
    assert err.value.field == "action"
    submitted.refresh_from_db()
    assert submitted.status == S.SUBMITTED


# --- least-developed countries: free standard booths within the quota --------------------


def ldc_application(company, edition, area, **kw):
    return ParticipationFactory(
        company=company,
        edition=edition,
        area=area,
        status=S.SUBMITTED,
        booth_type="standard",
        area_requested_m2=9,
        **kw,
    )


def test_ldc_free_booth_quota_enforced(organiser, edition, area, ethiopia):
    services.edition_ldc_quota_set(actor=organiser, edition=edition, quota=2)
    parts = [ldc_application(CompanyFactory(country=ethiopia), edition, area) for _ in range(3)]
    for part in parts[:2]:
        assert services.participation_approve(
            actor=organiser, part=part, free_ldc_booth=True
        ).free_ldc_booth
    with pytest.raises(DomainError) as err:
        services.participation_approve(actor=organiser, part=parts[2], free_ldc_booth=True)
    assert (err.value.code, err.value.field) == ("quota_exceeded", "free_ldc_booth")
    assert "2 of 2" in err.value.message
    parts[2].refresh_from_db()
    assert (parts[2].status, parts[2].free_ldc_booth) == (S.SUBMITTED, False)
    assert review.ldc_quota_used(edition) == 2
    # the quota cannot go below what is used; waitlisting one gives its booth back
    with pytest.raises(DomainError) as err:
        services.edition_ldc_quota_set(actor=organiser, edition=edition, quota=1)
    assert err.value.field == "quota"
    services.participation_waitlist(actor=organiser, part=parts[0])
    assert review.ldc_quota_used(edition) == 1
    assert services.participation_approve(
        actor=organiser, part=parts[2], free_ldc_booth=True
    ).free_ldc_booth


def test_ldc_grant_only_for_ldc_and_standard(organiser, edition, area, company_a, ethiopia):
    services.edition_ldc_quota_set(actor=organiser, edition=edition, quota=5)
    german = ldc_application(company_a, edition, area)
    with pytest.raises(DomainError) as err:
        services.participation_approve(actor=organiser, part=german, free_ldc_booth=True)
    assert err.value.code == "not_ldc"
    raw = ParticipationFactory(
        company=CompanyFactory(country=ethiopia),
        edition=edition,
        area=area,
        status=S.SUBMITTED,
        area_requested_m2=36,
    )
    with pytest.raises(DomainError) as err:
        services.participation_approve(actor=organiser, part=raw, free_ldc_booth=True)
    assert err.value.code == "not_standard"
    assert review.ldc_quota_used(edition) == 0


def test_ldc_grant_after_approval(organiser, edition, area, company_ldc, exhibitor_a):
    part = ldc_application(company_ldc, edition, area)
    with pytest.raises(DomainError) as err:
        services.participation_ldc_grant(actor=organiser, part=part)
    assert err.value.code == "not_approved"
    services.participation_approve(actor=organiser, part=part)
    with pytest.raises(DomainError) as err:
        services.participation_ldc_grant(actor=organiser, part=part)
    assert err.value.code == "quota_exceeded"
    Edition.objects.filter(pk=edition.pk).update(ldc_free_booth_quota=1)
    with pytest.raises(PermissionDenied):
        services.participation_ldc_grant(actor=exhibitor_a, part=part)
    assert services.participation_ldc_grant(actor=organiser, part=part).free_ldc_booth is True


def test_quota_set_is_organiser_only(exhibitor_a, edition):
    with pytest.raises(PermissionDenied):
        services.edition_ldc_quota_set(actor=exhibitor_a, edition=edition, quota=100)
    edition.refresh_from_db()
    assert edition.ldc_free_booth_quota == 0
