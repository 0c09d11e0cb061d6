"""Each key event is recorded by its service, inside the service's transaction."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from openexpo.webhooks.models import Delivery
from tests.factories import (
    DelegationFactory,
    ParticipationFactory,
    UserFactory,
    VisitorFactory,
)

pytestmark = pytest.mark.django_db


def logged() -> list[tuple[str, dict]]:
    return [(d.event, d.payload["data"]) for d in Delivery.objects.order_by("pk")]


def test_application_decided(subscription, organiser, edition):
    from openexpo.exhibitors.review import participation_reject

    part = ParticipationFactory(edition=edition, status="submitted")
    participation_reject(actor=organiser, part=part, reason="No room")
    assert logged() == [
        (
            "application.decided",
            {
                "application": part.pk,
                "company": part.company_id,
                "status": "rejected",
                "edition": 6,
            },
        )
    ]


def test_booths_published(subscription, organiser, edition):
    from openexpo.floorplan.services import plan_publish

    plan_publish(actor=organiser, edition=edition)
    assert logged() == [("booths.published", {"edition": 6, "applications": []})]


def test_badge_revoked(subscription, organiser, edition):
    from openexpo.visitors.badges import badge_issue, badge_revoke

    badge = badge_issue(edition=edition, visitor=VisitorFactory(edition=edition))
    badge_revoke(badge=badge, actor=organiser, reason="lost")
    assert logged() == [("badge.revoked", {"badge": badge.pk, "number": badge.number})]


def test_meeting_accepted(subscription, organiser, edition):
    from openexpo.matchmaking import meeting_services

    part = ParticipationFactory(edition=edition)
    buyer = VisitorFactory(edition=edition, user=UserFactory(kind="buyer"))
    req = meeting_services.meeting_request_create(
        actor=organiser, buyer=buyer, participation=part, day=edition.start_date
    )
    assert logged() == []  # a request is not an event
    meeting_services.meeting_request_accept(actor=organiser, request=req)
    assert logged() == [
        (
            "meeting.accepted",
            {"meeting_request": req.pk, "buyer": buyer.pk, "participation": part.pk},
        )
    ]


def test_deal_confirmed_and_nothing_on_refusal(
    subscription, organiser, edition, exhibitor_a, company_a
):
    from openexpo.core.errors import DomainError
    from openexpo.deals.models import ExchangeRate
    from openexpo.deals.services import deal_confirm, deal_record

    ExchangeRate.objects.create(
        edition=edition, currency="CNY", valid_from=edition.start_date, per_usd=Decimal("7.1")
    )
    lead = UserFactory(kind="buyer")
    stand = ParticipationFactory(edition=edition, company=company_a)
    deal = deal_record(
        actor=exhibitor_a,
        edition=edition,
        exhibitor=stand,
        buyer_organisation="Shanghai Pharma",
        delegation=DelegationFactory(edition=edition, lead=lead),
        amount=Decimal("1000"),
        currency="USD",
        signed_on=edition.start_date + dt.timedelta(days=1),
    )
    with pytest.raises(DomainError):
        deal_confirm(actor=exhibitor_a, deal=deal)  # own deal: refused, no event
    assert logged() == []
    deal_confirm(actor=lead, deal=deal)
    assert logged() == [("deal.confirmed", {"deal": deal.pk, "exhibitor": stand.pk})]
