"""Needs, dismissals and meeting requests: the rules and their error codes."""

from __future__ import annotations

from decimal import Decimal

import pytest

from openexpo.core.errors import DomainError, PermissionDenied
from openexpo.matchmaking import meeting_services, recommendations, services
from openexpo.matchmaking.models import Dismissal, MeetingRequest, Need
from tests.factories import ParticipationFactory, UserFactory, VisitorFactory
from tests.matchmaking.conftest import DAY

pytestmark = pytest.mark.django_db

NEED = {
    "title": "Beef for Chengdu",
    "text_en": "Chilled beef, boneless",
    "text_zh": "冷鲜牛肉",
    "categories": ["0201"],
    "origins": ["AU"],
    "quantity": "20 t",
    "budget_min": "100000",
    "budget_max": "250000",
    "currency": "cny",
}


def test_buyer_posts_a_need(buyer_user, buyer, cats, countries):
    need = services.need_create(actor=buyer_user, buyer=buyer, data=NEED)
    need.refresh_from_db()
    assert need.edition_id == buyer.edition_id
    assert [c.code for c in need.categories.all()] == ["0201"]
    assert [c.code for c in need.origins.all()] == ["AU"]
    assert need.budget_max == Decimal("250000.00")
    assert need.currency == "CNY"


@pytest.mark.parametrize(
    ("change", "code"),
    [
        ({"currency": "XYZ"}, "invalid_currency"),
        ({"budget_min": "300000"}, "invalid_budget"),
        ({"categories": ["9999"]}, "unknown_category"),
        ({"origins": ["ZZ"]}, "unknown_country"),
        ({"currency": ""}, "invalid_currency"),
        ({"title": " "}, "invalid"),
    ],
)
def test_bad_needs_are_refused_and_nothing_is_saved(
    buyer_user, buyer, cats, countries, change, code
):
    with pytest.raises(DomainError) as err:
        services.need_create(actor=buyer_user, buyer=buyer, data={**NEED, **change})
    assert err.value.code == code
    assert Need.objects.count() == 0


def test_only_the_buyer_or_its_delegation_lead_posts_needs(
    buyer, delegation, seller_user, cats, countries
):
    with pytest.raises(PermissionDenied):
        services.need_create(actor=seller_user, buyer=buyer, data=NEED)
    need = services.need_create(actor=delegation.lead, buyer=buyer, data=NEED)
    assert need.buyer_id == buyer.pk


def test_recommendations_with_reasons_and_dismissals(
    buyer_user, buyer, meat_part, robot_part, cats, countries
):
    need = services.need_create(actor=buyer_user, buyer=buyer, data=NEED)
    recs = recommendations.recommend_for_need(need, k=5)
    first = recs["exhibits"][0]
    assert first.company == "Outback Meats"
    assert first.participation_id == meat_part.pk
    kinds = {r["kind"]: r["detail"] for r in first.reasons}
    assert kinds["category"] == "0201"
    assert kinds["origin"] == "AU"
    assert "beef" in kinds["words"]
    assert [s.participation_id for s in recs["exhibitors"]][0] == meat_part.pk
    services.dismissal_create(actor=buyer_user, side="buyer", buyer=buyer, participation=meat_part)
    again = recommendations.recommend_for_need(need, k=5)
    assert meat_part.pk not in [s.participation_id for s in again["exhibits"] + again["exhibitors"]]


def test_exhibitor_sees_buyers_and_dismisses_them(
    buyer_user, buyer, seller_user, meat_part, robot_part, cats, countries
):
    services.need_create(actor=buyer_user, buyer=buyer, data=NEED)
    recs = recommendations.recommend_buyers(meat_part)
    assert [s.buyer_id for s in recs] == [buyer.pk]
    assert {"kind": "delegation", "detail": "Sichuan delegation"} in recs[0].reasons
    services.dismissal_create(
        actor=seller_user, side="exhibitor", buyer=buyer, participation=meat_part
    )
    assert recommendations.recommend_buyers(meat_part) == []
    # Dismissing twice is harmless.
    services.dismissal_create(
        actor=seller_user, side="exhibitor", buyer=buyer, participation=meat_part
    )
    assert Dismissal.objects.count() == 1


def test_request_accept_by_the_addressed_side(buyer_user, buyer, seller_user, meat_part):
    req = meeting_services.meeting_request_create(
        actor=buyer_user, buyer=buyer, participation=meat_part, day=DAY
    )
    assert (req.initiated_by, req.status) == ("buyer", "pending")
    with pytest.raises(PermissionDenied) as err:
        meeting_services.meeting_request_accept(actor=buyer_user, request=req)
    assert err.value.code == "not_addressed"
    req.refresh_from_db()
    assert req.status == "pending"
    meeting_services.meeting_request_accept(actor=seller_user, request=req)
    req.refresh_from_db()
    assert (req.status, req.responded_by_id) == ("accepted", seller_user.pk)
    with pytest.raises(DomainError) as err:
        meeting_services.meeting_request_decline(actor=seller_user, request=req)
    assert err.value.code == "not_pending"


def test_exhibitor_to_buyer_request_is_answered_by_the_buyer(
    buyer_user, buyer, seller_user, robot_user, meat_part
):
    req = meeting_services.meeting_request_create(
        actor=seller_user, buyer=buyer, participation=meat_part, day=DAY
    )
    assert req.initiated_by == "exhibitor"
    with pytest.raises(PermissionDenied):
        meeting_services.meeting_request_decline(actor=robot_user, request=req)
    meeting_services.meeting_request_decline(actor=buyer_user, request=req)
    req.refresh_from_db()
    assert req.status == "declined"


def test_requests_across_editions_to_oneself_and_duplicates(
    buyer_user, buyer, seller_user, meat_part, other_edition
):
    other = ParticipationFactory(edition=other_edition, company=meat_part.company)
    with pytest.raises(DomainError) as err:
        meeting_services.meeting_request_create(
            actor=buyer_user, buyer=buyer, participation=other, day=DAY
        )
    assert err.value.code == "edition_mismatch"
    me_as_buyer = VisitorFactory(
        edition=meat_part.edition, user=seller_user, full_name="Seller as buyer"
    )
    with pytest.raises(DomainError) as err:
        meeting_services.meeting_request_create(
            actor=seller_user, buyer=me_as_buyer, participation=meat_part, day=DAY
        )
    assert err.value.code == "self_request"
    with pytest.raises(DomainError) as err:
        meeting_services.meeting_request_create(
            actor=buyer_user, buyer=buyer, participation=meat_part, day=other_edition.start_date
        )
    assert err.value.code == "invalid_day"
    meeting_services.meeting_request_create(
        actor=buyer_user, buyer=buyer, participation=meat_part, day=DAY
    )
    with pytest.raises(DomainError) as err:
        meeting_services.meeting_request_create(
            actor=buyer_user, buyer=buyer, participation=meat_part, day=DAY
        )
    assert err.value.code == "duplicate_conflict"
    assert MeetingRequest.objects.count() == 1


def test_strangers_cannot_request_for_others(buyer, meat_part):
    stranger = UserFactory(username="stranger", kind="buyer")
    with pytest.raises(PermissionDenied):
        meeting_services.meeting_request_create(
            actor=stranger, buyer=buyer, participation=meat_part, day=DAY
        )
    assert MeetingRequest.objects.count() == 0


def test_cap_per_participant_per_day(buyer_user, buyer, seller_user, meat_part, edition):
    setup = services.setup_for(edition)
    setup.cap_per_day = 1
    setup.save()
    other_buyer = VisitorFactory(edition=edition, full_name="Li Lei")
    first = meeting_services.meeting_request_create(
        actor=seller_user, buyer=buyer, participation=meat_part, day=DAY
    )
    second = meeting_services.meeting_request_create(
        actor=seller_user, buyer=other_buyer, participation=meat_part, day=DAY
    )
    meeting_services.meeting_request_accept(actor=buyer_user, request=first)
    with pytest.raises(DomainError) as err:
        meeting_services.meeting_request_accept(
            actor=UserFactory(username="org", kind="organiser"), request=second
        )
    assert err.value.code == "cap_reached"
    second.refresh_from_db()
    assert second.status == "pending"


def test_cancel_frees_the_pair_for_a_new_request(buyer_user, buyer, seller_user, meat_part):
    req = meeting_services.meeting_request_create(
        actor=buyer_user, buyer=buyer, participation=meat_part, day=DAY
    )
    meeting_services.meeting_request_cancel(actor=seller_user, request=req)
    req.refresh_from_db()
    assert req.status == "cancelled"
    with pytest.raises(DomainError) as err:
        meeting_services.meeting_request_cancel(actor=seller_user, request=req)
    assert err.value.code == "not_open"
    again = meeting_services.meeting_request_create(
        actor=buyer_user, buyer=buyer, participation=meat_part, day=DAY
    )
    assert again.status == "pending"


def test_dismissal_checks_permission_before_the_rest(
    buyer_user, buyer, seller_user, robot_user, meat_part, other_edition, cats, countries
):
    """Who may act for neither side is refused whatever else is wrong (unknown side, other
    edition); who may act is then told what is wrong."""
    stranger_part = ParticipationFactory(edition=other_edition)
    for side, part in (("sideways", meat_part), ("buyer", stranger_part)):
        with pytest.raises(PermissionDenied):
            services.dismissal_create(actor=robot_user, side=side, buyer=buyer, participation=part)
    with pytest.raises(PermissionDenied):  # the seller may not speak for the buyer
        services.dismissal_create(
            actor=seller_user, side="buyer", buyer=buyer, participation=meat_part
        )
    with pytest.raises(DomainError) as err:
        services.dismissal_create(
            actor=seller_user, side="sideways", buyer=buyer, participation=meat_part
        )
    assert (err.value.code, err.value.field) == ("invalid", "side")
    with pytest.raises(DomainError) as err:
        services.dismissal_create(
            actor=buyer_user, side="buyer", buyer=buyer, participation=stranger_part
        )
    assert err.value.code == "edition_mismatch"
    assert Dismissal.objects.count() == 0
