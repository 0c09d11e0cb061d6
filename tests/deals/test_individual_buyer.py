"""Deals with an individual registered buyer (a visitor of the edition, named by the number on
their badge) rather than, or as well as, a trading delegation: service rules, who may record
and answer, the page form, the API, and the statistics roll-up."""

from __future__ import annotations

from decimal import Decimal

import pytest

from openexpo.api.auth import token_issue
from openexpo.core.errors import DomainError
from openexpo.core.models import AuditEntry
from openexpo.deals.models import Deal
from openexpo.deals.rollup import DIMENSIONS, rollup_live, rollup_rows
from openexpo.deals.services import deal_change, deal_confirm, deal_record
from openexpo.visitors.badges import badge_issue, badge_revoke
from openexpo.visitors.models import Visitor
from tests.deals.conftest import DAY, deal_form
from tests.factories import DelegationFactory, EditionFactory, UserFactory, VisitorFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def buyer(db):
    return UserFactory(username="liwei", kind="buyer")


@pytest.fixture
def visitor(rates, buyer):
    return VisitorFactory(edition=rates, user=buyer, full_name="Li Wei", organisation="Acme")


@pytest.fixture
def badge(rates, visitor):
    return badge_issue(edition=rates, visitor=visitor)


def record(actor, edition, stand, **kw):
    args = dict(
        actor=actor,
        edition=edition,
        exhibitor=stand,
        buyer_organisation="Acme Trading",
        amount=Decimal("920000"),
        currency="EUR",
        signed_on=DAY,
    )
    args.update(kw)
    return deal_record(**args)


def refused(code, fn, **kw):
    before = Deal.objects.count()
    with pytest.raises(DomainError) as err:
        fn(**kw)
    assert err.value.code == code
    assert Deal.objects.count() == before
    return err.value


def record_refused(code, actor, edition, stand, **kw):
    return refused(code, record, actor=actor, edition=edition, stand=stand, **kw)


# --- services ---------------------------------------------------------------------------


def test_exhibitor_names_buyer_by_badge_and_the_buyer_confirms(
    rates, stand_a, exhibitor_a, buyer, visitor, badge
):
    deal = record(exhibitor_a, rates, stand_a, buyer_badge=badge.number)
    assert (deal.buyer_visitor_id, deal.delegation_id) == (visitor.pk, None)
    assert (deal.status, deal.recorded_side) == ("pending", "exhibitor")
    entry = AuditEntry.objects.get(action="deal.record", succeeded=True)
    assert entry.after["buyer_visitor_id"] == visitor.pk
    confirmed = deal_confirm(actor=buyer, deal=deal)
    assert (confirmed.status, confirmed.answered_by) == ("confirmed", buyer)


def test_confirmed_individual_deal_is_in_the_rollup(
    rates, stand_a, exhibitor_a, buyer, visitor, badge, delegation, lead
):
    one = record(exhibitor_a, rates, stand_a, buyer_badge=badge.number)
    deal_confirm(actor=buyer, deal=one)
    two = record(exhibitor_a, rates, stand_a, delegation=delegation, buyer_organisation="Other")
    deal_confirm(actor=lead, deal=two)
    for dim in DIMENSIONS:
        args = {"edition_ids": [rates.pk], "dimension": dim, "kinds": ["intended"]}
        assert rollup_rows(**args) == rollup_live(**args), dim
    buyers = rollup_rows(edition_ids=[rates.pk], dimension="buyer", kinds=["intended"])
    assert buyers == {
        (rates.pk, "Acme Trading"): (1, 100_000_000, 710_000_000),
        (rates.pk, "Other"): (1, 100_000_000, 710_000_000),
    }


def test_unknown_or_revoked_badge_is_refused(rates, stand_a, exhibitor_a, visitor, badge):
    err = record_refused("unknown_buyer", exhibitor_a, rates, stand_a, buyer_badge=badge.number + 1)
    assert err.field == "buyer_badge"
    badge_revoke(badge=badge, actor=None, reason="test")
    record_refused("unknown_buyer", exhibitor_a, rates, stand_a, buyer_badge=badge.number)
    failed = AuditEntry.objects.filter(action="deal.record", succeeded=False)
    assert [e.reason.split(":")[0] for e in failed] == ["unknown_buyer"] * 2


def test_badge_at_another_edition_names_nobody_here(rates, stand_a, exhibitor_a):
    other = EditionFactory(number=5)
    there = badge_issue(edition=other, visitor=VisitorFactory(edition=other))
    record_refused("unknown_buyer", exhibitor_a, rates, stand_a, buyer_badge=there.number)


def test_badge_and_visitor_must_agree(rates, stand_a, exhibitor_a, visitor, badge):
    someone = VisitorFactory(edition=rates)
    record_refused(
        "buyer_mismatch",
        exhibitor_a,
        rates,
        stand_a,
        buyer_badge=badge.number,
        buyer_visitor=someone,
    )
    deal = record(exhibitor_a, rates, stand_a, buyer_badge=badge.number, buyer_visitor=visitor)
    assert deal.buyer_visitor_id == visitor.pk


def test_unapproved_registration_cannot_be_named(rates, stand_a, exhibitor_a):
    pending = VisitorFactory(edition=rates, status=Visitor.Status.PENDING)
    record_refused("buyer_not_approved", exhibitor_a, rates, stand_a, buyer_visitor=pending)


def test_buyer_of_another_delegation_is_refused(
    rates, stand_a, exhibitor_a, delegation, visitor, badge
):
    visitor.delegation = DelegationFactory(edition=rates, code="beijing")
    visitor.save()
    record_refused(
        "buyer_not_in_delegation",
        exhibitor_a,
        rates,
        stand_a,
        buyer_badge=badge.number,
        delegation=delegation,
    )
    visitor.delegation = delegation
    visitor.save()
    deal = record(exhibitor_a, rates, stand_a, buyer_badge=badge.number, delegation=delegation)
    assert (deal.delegation_id, deal.buyer_visitor_id) == (delegation.pk, visitor.pk)


def test_visitor_records_as_buyer_and_the_exhibitor_confirms(
    rates, stand_a, exhibitor_a, buyer, visitor, badge
):
    deal = record(buyer, rates, stand_a, buyer_badge=badge.number)
    assert (deal.recorded_side, deal.recorded_by) == ("buyer", buyer)
    refused("own_deal", deal_confirm, actor=buyer, deal=deal)
    assert deal_confirm(actor=exhibitor_a, deal=deal).status == "confirmed"


def test_visitor_may_not_name_someone_else(rates, stand_a, buyer, visitor):
    other = badge_issue(edition=rates, visitor=VisitorFactory(edition=rates))
    refused(
        "forbidden", record, actor=buyer, edition=rates, stand=stand_a, buyer_badge=other.number
    )


def test_other_visitor_cannot_answer(rates, stand_a, exhibitor_a, visitor, badge):
    deal = record(exhibitor_a, rates, stand_a, buyer_badge=badge.number)
    stranger = UserFactory(username="stranger", kind="buyer")
    badge_issue(edition=rates, visitor=VisitorFactory(edition=rates, user=stranger))
    refused("forbidden", deal_confirm, actor=stranger, deal=deal)
    assert Deal.objects.get().status == "pending"


def test_change_names_the_buyer_by_badge_and_may_not_leave_the_buyers_side(
    rates, stand_a, exhibitor_a, buyer, visitor, badge
):
    deal = record(exhibitor_a, rates, stand_a)
    assert deal.buyer_visitor_id is None
    changed = deal_change(actor=exhibitor_a, deal=deal, changes={"buyer_badge": badge.number})
    assert changed.buyer_visitor_id == visitor.pk
    own = record(buyer, rates, stand_a, buyer_badge=badge.number)
    other = badge_issue(edition=rates, visitor=VisitorFactory(edition=rates))
    refused("forbidden", deal_change, actor=buyer, deal=own, changes={"buyer_badge": other.number})
    assert Deal.objects.get(pk=own.pk).buyer_visitor_id == visitor.pk


# --- page -------------------------------------------------------------------------------


def test_page_records_with_badge_and_the_visitor_confirms(
    client, rates, stand_a, exhibitor_a, buyer, visitor, badge
):
    client.force_login(exhibitor_a)
    page = client.get("/deals/new/").content.decode()
    assert 'name="buyer_badge"' in page
    r = client.post(
        "/deals/new/",
        deal_form(stand_a, None, buyer_organisation="Acme Trading", buyer_badge=str(badge.number)),
    )
    assert r.status_code == 302
    deal = Deal.objects.get()
    assert deal.buyer_visitor_id == visitor.pk
    assert "individual buyer" in client.get("/deals/").content.decode()
    client.force_login(buyer)
    page = client.get("/deals/").content.decode()
    assert f'id="deal-{deal.pk}"' in page and 'class="confirm"' in page
    client.post(f"/deals/{deal.pk}/confirm/")
    assert Deal.objects.get().status == "confirmed"


def test_page_shows_unknown_badge_on_the_field(client, rates, stand_a, exhibitor_a, badge):
    client.force_login(exhibitor_a)
    r = client.post(
        "/deals/new/",
        deal_form(
            stand_a, None, buyer_organisation="Acme Trading", buyer_badge=str(badge.number + 7)
        ),
    )
    assert r.status_code == 200
    assert r.context["form"].errors["buyer_badge"] == [
        f"No registered buyer of this edition holds badge No. {badge.number + 7}. (unknown_buyer)"
    ]
    assert Deal.objects.count() == 0


def test_page_offers_a_visitor_their_own_badge(client, rates, stand_a, buyer, badge, exhibitor_a):
    client.force_login(buyer)
    assert client.get("/deals/new/").context["form"]["buyer_badge"].initial == badge.number
    client.force_login(exhibitor_a)
    assert client.get("/deals/new/").context["form"]["buyer_badge"].initial is None


# --- API --------------------------------------------------------------------------------


def auth(user):
    return {"HTTP_AUTHORIZATION": f"Bearer {token_issue(user=user)}"}


def body(stand, **kw):
    data = {
        "edition": 6,
        "exhibitor": stand.pk,
        "buyer_organisation": "Acme Trading",
        "amount": "920000.00",
        "currency": "EUR",
        "signed_on": DAY.isoformat(),
    }
    data.update(kw)
    return data


def test_api_records_by_badge_and_changes_the_buyer(
    client, rates, stand_a, exhibitor_a, buyer, visitor, badge
):
    r = client.post(
        "/api/deals",
        body(stand_a, buyer_badge=badge.number),
        content_type="application/json",
        **auth(exhibitor_a),
    )
    assert r.status_code == 201, r.content
    assert (r.json()["buyer_visitor"], r.json()["delegation"]) == (visitor.pk, None)
    deal_id = r.json()["id"]
    seen = client.get(f"/api/deals/{deal_id}", **auth(buyer))
    assert seen.status_code == 200 and seen.json()["buyer_visitor"] == visitor.pk
    r = client.post(f"/api/deals/{deal_id}/confirm", **auth(buyer))
    assert r.status_code == 200 and r.json()["status"] == "confirmed"

    r = client.post(
        "/api/deals", body(stand_a), content_type="application/json", **auth(exhibitor_a)
    )
    second = r.json()["id"]
    assert r.json()["buyer_visitor"] is None
    r = client.patch(
        f"/api/deals/{second}",
        {"buyer_badge": badge.number},
        content_type="application/json",
        **auth(exhibitor_a),
    )
    assert r.status_code == 200 and r.json()["buyer_visitor"] == visitor.pk
    r = client.patch(
        f"/api/deals/{second}",
        {"buyer_visitor": None},
        content_type="application/json",
        **auth(exhibitor_a),
    )
    assert r.status_code == 200 and r.json()["buyer_visitor"] is None


def test_api_unknown_badge_is_a_coded_4xx(client, rates, stand_a, exhibitor_a, badge):
    r = client.post(
        "/api/deals",
        body(stand_a, buyer_badge=badge.number + 3),
        content_type="application/json",
        **auth(exhibitor_a),
    )
    assert r.status_code == 400, r.content
    assert r.json()["code"] == "unknown_buyer"
    assert r.json()["field"] == "buyer_badge"
    assert Deal.objects.count() == 0


def test_api_stranger_does_not_see_the_deal(client, rates, stand_a, exhibitor_a, badge):
    deal = record(exhibitor_a, rates, stand_a, buyer_badge=badge.number)
    stranger = UserFactory(username="stranger", kind="buyer")
    assert client.get(f"/api/deals/{deal.pk}", **auth(stranger)).status_code == 404
    assert client.post(f"/api/deals/{deal.pk}/confirm", **auth(stranger)).status_code == 404
    assert Deal.objects.get().status == "pending"


def test_api_badge_number_out_of_range_is_a_422(client, rates, stand_a, exhibitor_a):
    for number in (0, 2**31, 10**30):
        r = client.post(
            "/api/deals",
            body(stand_a, buyer_badge=number),
            content_type="application/json",
            **auth(exhibitor_a),
        )
        assert r.status_code == 422, (number, r.content)
    assert Deal.objects.count() == 0


def test_detail_names_the_buyer_to_herself_and_organisers_only(
    client, rates, stand_a, exhibitor_a, buyer, visitor, badge, organiser
):
    deal = record(exhibitor_a, rates, stand_a, buyer_badge=badge.number)

    def shown(user):
        client.force_login(user)
        page = client.get(f"/deals/{deal.pk}/").content.decode()
        return page.split('id="individual-buyer">', 1)[1].split("</dd>", 1)[0]

    assert shown(buyer) == "Li Wei · Acme"
    assert shown(organiser) == "Li Wei · Acme"
    assert shown(exhibitor_a) == "a registered visitor of this edition"
