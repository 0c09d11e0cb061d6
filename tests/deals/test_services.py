"""Deal services: record, confirm, dispute, decide, change; refusals change nothing and are audited."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from openexpo.core.errors import DomainError
from openexpo.core.models import AuditEntry
from openexpo.deals.models import Deal
from openexpo.deals.services import (
    deal_change,
    deal_confirm,
    deal_decide,
    deal_dispute,
    deal_record,
)
from tests.deals.conftest import DAY
from tests.factories import (
    CategoryFactory,
    DelegationFactory,
    EditionFactory,
    ParticipationFactory,
    UserFactory,
    VisitorFactory,
)

pytestmark = pytest.mark.django_db


def record(actor, edition, stand, delegation, **kw):
    args = dict(
        actor=actor,
        edition=edition,
        exhibitor=stand,
        buyer_organisation="Shanghai Pharma",
        delegation=delegation,
        amount=Decimal("920000"),
        currency="EUR",
        signed_on=DAY,
    )
    args.update(kw)
    return deal_record(**args)


def failed(action):
    return list(AuditEntry.objects.filter(action=action, succeeded=False))


def test_exhibitor_records_buyer_confirms(rates, stand_a, delegation, exhibitor_a, lead):
    CategoryFactory(code="3004", section="VI", chapter="30")
    deal = record(exhibitor_a, rates, stand_a, delegation, products=["3004"])
    assert (deal.status, deal.recorded_side) == ("pending", "exhibitor")
    assert (deal.amount_usd, deal.amount_cny) == (Decimal("1000000.00"), Decimal("7100000.00"))
    assert (deal.hs_section, deal.hs_chapter) == ("VI", "30")
    assert list(deal.products.values_list("code", flat=True)) == ["3004"]
    confirmed = deal_confirm(actor=lead, deal=deal)
    assert confirmed.status == "confirmed"
    assert confirmed.answered_by == lead
    entries = list(
        AuditEntry.objects.filter(object_type="deals.Deal", object_id=str(deal.pk)).order_by(
            "at", "id"
        )
    )
    assert [e.action for e in entries] == ["deal.record", "deal.confirm"]
    assert entries[1].before["status"] == "pending"
    assert entries[1].after["status"] == "confirmed"
    assert entries[0].after["amount_usd"] == "1000000.00"


def test_buyer_records_exhibitor_disputes_organiser_decides(
    rates, stand_a, delegation, exhibitor_a, lead, organiser
):
    deal = record(lead, rates, stand_a, delegation)
    assert deal.recorded_side == "buyer"
    with pytest.raises(DomainError) as err:
        deal_dispute(actor=exhibitor_a, deal=deal, reason=" ")
    assert err.value.code == "reason_required"
    disputed = deal_dispute(actor=exhibitor_a, deal=deal, reason="We agreed 800k")
    assert disputed.status == "disputed"
    with pytest.raises(DomainError) as err:
        deal_decide(actor=lead, deal=deal, status="confirmed")
    assert err.value.code == "forbidden"
    decided = deal_decide(actor=organiser, deal=deal, status="rejected", note="no proof")
    assert decided.status == "rejected"
    assert Deal.objects.get(pk=deal.pk).status == "rejected"


@pytest.mark.parametrize(
    ("amount", "currency", "code"),
    [
        (Decimal("-1"), "EUR", "invalid_amount"),
        (Decimal("0"), "EUR", "invalid_amount"),
        (Decimal("1000000000001"), "USD", "amount_too_large"),
        (Decimal("5"), "XYZ", "unknown_currency"),
        (Decimal("5"), "AUD", "missing_rate"),
    ],
)
def test_bad_input_changes_nothing_and_is_audited(
    rates, stand_a, delegation, exhibitor_a, amount, currency, code
):
    with pytest.raises(DomainError) as err:
        record(exhibitor_a, rates, stand_a, delegation, amount=amount, currency=currency)
    assert err.value.code == code
    assert Deal.objects.count() == 0
    [entry] = failed("deal.record")
    assert entry.reason.startswith(code)
    assert entry.actor == exhibitor_a
    assert entry.after["currency"] == currency
    assert entry.after["exhibitor"] == stand_a.pk


def test_company_not_at_this_edition(rates, company_a, delegation, exhibitor_a):
    other = EditionFactory(
        number=5, start_date=dt.date(2022, 11, 5), end_date=dt.date(2022, 11, 10)
    )
    old_stand = ParticipationFactory(edition=other, company=company_a)
    with pytest.raises(DomainError) as err:
        record(exhibitor_a, rates, old_stand, delegation)
    assert err.value.code == "not_at_edition"
    other_delegation = DelegationFactory(edition=other, code="old")
    stand = ParticipationFactory(edition=rates, company=company_a)
    with pytest.raises(DomainError) as err:
        record(exhibitor_a, rates, stand, other_delegation)
    assert err.value.code == "not_at_edition"
    withdrawn = ParticipationFactory(edition=rates, status="withdrawn")
    with pytest.raises(DomainError) as err:
        record(UserFactory(kind="organiser", username="org2"), rates, withdrawn, delegation)
    assert err.value.code == "not_at_edition"
    assert Deal.objects.count() == 0
    assert len(failed("deal.record")) == 3


def test_recording_for_someone_elses_company_is_refused(rates, stand_b, delegation, exhibitor_a):
    with pytest.raises(DomainError) as err:
        record(exhibitor_a, rates, stand_b, None)
    assert err.value.code == "forbidden"
    assert Deal.objects.count() == 0
    assert len(failed("deal.record")) == 1


def test_confirming_own_or_someone_elses_deal(
    rates, stand_a, stand_b, delegation, exhibitor_a, exhibitor_b
):
    deal = record(exhibitor_a, rates, stand_a, delegation)
    with pytest.raises(DomainError) as err:
        deal_confirm(actor=exhibitor_a, deal=deal)
    assert err.value.code == "own_deal"
    with pytest.raises(DomainError) as err:
        deal_confirm(actor=exhibitor_b, deal=deal)
    assert err.value.code == "forbidden"
    with pytest.raises(DomainError) as err:
        deal_dispute(actor=exhibitor_b, deal=deal, reason="not ours")
    assert err.value.code == "forbidden"
    assert Deal.objects.get(pk=deal.pk).status == "pending"
    assert sorted(e.reason.split(":")[0] for e in failed("deal.confirm")) == [
        "forbidden",
        "own_deal",
    ]
    assert len(failed("deal.dispute")) == 1


def test_confirmed_deal_is_locked_except_for_organisers(
    rates, stand_a, delegation, exhibitor_a, lead, organiser
):
    deal = record(exhibitor_a, rates, stand_a, delegation)
    deal_confirm(actor=lead, deal=deal)
    with pytest.raises(DomainError) as err:
        deal_change(actor=exhibitor_a, deal=deal, changes={"amount": Decimal("1")})
    assert err.value.code == "locked"
    stored = Deal.objects.get(pk=deal.pk)
    assert stored.amount == Decimal("920000.00")
    [entry] = failed("deal.change")
    assert entry.before["amount"] == "920000.00"
    assert entry.after["changes"] == {"amount": "1"}
    with pytest.raises(DomainError) as err:
        deal_confirm(actor=lead, deal=deal)
    assert err.value.code == "bad_state"
    changed = deal_change(
        actor=organiser, deal=deal, changes={"amount": Decimal("460000"), "currency": "eur"}
    )
    assert (changed.status, changed.amount_usd) == ("confirmed", Decimal("500000.00"))
    entry = AuditEntry.objects.get(action="deal.change", succeeded=True)
    assert (entry.before["amount"], entry.after["amount"]) == ("920000.00", "460000.00")


def test_change_pending_recomputes_and_reopens_dispute(
    rates, stand_a, delegation, exhibitor_a, lead
):
    deal = record(exhibitor_a, rates, stand_a, delegation)
    deal_dispute(actor=lead, deal=deal, reason="too high")
    changed = deal_change(
        actor=exhibitor_a, deal=deal, changes={"amount": Decimal("15000000"), "currency": "JPY"}
    )
    assert (changed.status, changed.amount_usd, changed.amount_cny) == (
        "pending",
        Decimal("100000.00"),
        Decimal("710000.00"),
    )
    with pytest.raises(DomainError) as err:
        deal_change(actor=exhibitor_a, deal=deal, changes={"status": "confirmed"})
    assert err.value.code == "invalid"
    with pytest.raises(DomainError) as err:
        deal_change(actor=exhibitor_a, deal=deal, changes={"currency": "AUD"})
    assert err.value.code == "missing_rate"
    assert Deal.objects.get(pk=deal.pk).currency == "JPY"


def test_registered_buyer_may_confirm(rates, stand_a, exhibitor_a):
    buyer = UserFactory(username="buyer1", kind="buyer")
    visitor = VisitorFactory(edition=rates, user=buyer)
    deal = record(exhibitor_a, rates, stand_a, None, buyer_visitor=visitor)
    assert deal_confirm(actor=buyer, deal=deal).status == "confirmed"
