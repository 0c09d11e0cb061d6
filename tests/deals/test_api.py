"""Deals API: record, confirm, dispute, decide (own only); rates (organisers); statistics."""

from __future__ import annotations

from decimal import Decimal

import pytest

from openexpo.api.auth import token_issue
from openexpo.core.models import AuditEntry
from openexpo.deals.models import Deal, ExchangeRate
from tests.deals.conftest import DAY

pytestmark = pytest.mark.django_db


def auth(user):
    return {"HTTP_AUTHORIZATION": f"Bearer {token_issue(user=user)}"}


def body(stand, delegation, **kw):
    data = {
        "edition": 6,
        "exhibitor": stand.pk,
        "buyer_organisation": "Shanghai Pharma",
        "amount": "920000.00",
        "currency": "EUR",
        "signed_on": DAY.isoformat(),
        "delegation": delegation.pk if delegation else None,
    }
    data.update(kw)
    return data


def test_record_confirm_through_the_api(client, rates, stand_a, delegation, exhibitor_a, lead):
    r = client.post(
        "/api/deals",
        body(stand_a, delegation),
        content_type="application/json",
        **auth(exhibitor_a),
    )
    assert r.status_code == 201, r.content
    deal = r.json()
    assert (deal["status"], deal["amount_usd"], deal["amount_cny"]) == (
        "pending",
        "1000000.00",
        "7100000.00",
    )
    r = client.post(f"/api/deals/{deal['id']}/confirm", **auth(exhibitor_a))
    assert (r.status_code, r.json()["code"]) == (400, "own_deal")
    r = client.post(f"/api/deals/{deal['id']}/confirm", **auth(lead))
    assert (r.status_code, r.json()["status"]) == (200, "confirmed")
    r = client.get("/api/editions/6/deal-stats/area")
    assert r.status_code == 200
    assert r.json()["total"]["usd"] == "1000000.00"
    assert r.json()["rows"][0]["suppressed"] is True  # one deal: hidden from the public


def test_bad_input_gives_codes_and_changes_nothing(
    client, rates, stand_a, stand_b, delegation, exhibitor_a
):
    cases = [
        ({"amount": "-3"}, 400, "invalid_amount"),
        ({"amount": "0"}, 400, "invalid_amount"),
        ({"amount": "2000000000000"}, 400, "amount_too_large"),
        ({"currency": "ZZZ"}, 400, "unknown_currency"),
        ({"currency": "AUD"}, 400, "missing_rate"),
        ({"exhibitor": stand_b.pk}, 403, "forbidden"),
        # permission first: a missing exhibitor is nobody's, so not the caller's
        ({"exhibitor": 999999}, 403, "forbidden"),
    ]
    for change, status, code in cases:
        r = client.post(
            "/api/deals",
            body(stand_a, delegation, **change),
            content_type="application/json",
            **auth(exhibitor_a),
        )
        assert (r.status_code, r.json()["code"]) == (status, code), change
    assert Deal.objects.count() == 0
    assert AuditEntry.objects.filter(action="deal.record", succeeded=False).count() == 7


def test_permission_is_checked_before_the_body(client, rates, stand_a, delegation, exhibitor_b):
    """Who may not record this deal learns nothing about the body: 403 for any body."""
    for change in ({}, {"currency": "ZZZ"}, {"amount": "-3"}, {"exhibitor": 999999}):
        r = client.post(
            "/api/deals",
            body(stand_a, delegation, **change),
            content_type="application/json",
            **auth(exhibitor_b),
        )
        assert (r.status_code, r.json()["code"]) == (403, "forbidden"), change
    assert Deal.objects.count() == 0


def test_organiser_naming_a_missing_exhibitor_is_told_which_field(
    client, rates, stand_a, delegation, organiser
):
    r = client.post(
        "/api/deals",
        body(stand_a, delegation, exhibitor=999999),
        content_type="application/json",
        **auth(organiser),
    )
    assert (r.status_code, r.json()["code"], r.json()["field"]) == (
        400,
        "not_at_edition",
        "exhibitor",
    )


def test_only_own_deals_are_visible(
    client, rates, stand_a, stand_b, delegation, exhibitor_a, exhibitor_b, organiser
):
    r = client.post(
        "/api/deals",
        body(stand_a, delegation),
        content_type="application/json",
        **auth(exhibitor_a),
    )
    pk = r.json()["id"]
    assert client.get("/api/deals", **auth(exhibitor_b)).json()["count"] == 0
    assert client.get(f"/api/deals/{pk}", **auth(exhibitor_b)).status_code == 404
    assert (
        client.post(
            f"/api/deals/{pk}/dispute",
            {"reason": "x"},
            content_type="application/json",
            **auth(exhibitor_b),
        ).status_code
        == 404
    )
    assert client.get("/api/deals", **auth(exhibitor_a)).json()["count"] == 1
    assert client.get(f"/api/deals/{pk}/audit", **auth(exhibitor_a)).status_code == 403
    trail = client.get(f"/api/deals/{pk}/audit", **auth(organiser)).json()
    assert [e["action"] for e in trail] == ["deal.record"]
    assert client.get("/api/deals").json()["count"] == 0  # anonymous


def test_patch_and_decide(client, rates, stand_a, delegation, exhibitor_a, lead, organiser):
    pk = client.post(
        "/api/deals",
        body(stand_a, delegation),
        content_type="application/json",
        **auth(exhibitor_a),
    ).json()["id"]
    r = client.patch(
        f"/api/deals/{pk}",
        {"amount": "460000", "products": []},
        content_type="application/json",
        **auth(exhibitor_a),
    )
    assert (r.status_code, r.json()["amount_usd"]) == (200, "500000.00")
    r = client.post(
        f"/api/deals/{pk}/dispute",
        {"reason": "wrong"},
        content_type="application/json",
        **auth(lead),
    )
    assert r.json()["status"] == "disputed"
    r = client.post(
        f"/api/deals/{pk}/decide",
        {"status": "confirmed"},
        content_type="application/json",
        **auth(lead),
    )
    assert (r.status_code, r.json()["code"]) == (403, "forbidden")
    r = client.post(
        f"/api/deals/{pk}/decide",
        {"status": "confirmed", "note": "checked"},
        content_type="application/json",
        **auth(organiser),
    )
    assert r.json()["status"] == "confirmed"
    r = client.patch(
        f"/api/deals/{pk}", {"amount": "1"}, content_type="application/json", **auth(exhibitor_a)
    )
    assert (r.status_code, r.json()["code"]) == (400, "locked")


def test_rates_api(client, rates, stand_a, exhibitor_a, organiser):
    client.post(
        "/api/deals", body(stand_a, None), content_type="application/json", **auth(exhibitor_a)
    )
    payload = {"currency": "EUR", "valid_from": "2023-10-01", "per_usd": "0.8"}
    r = client.put(
        "/api/editions/6/rates", payload, content_type="application/json", **auth(exhibitor_a)
    )
    assert r.status_code == 403
    r = client.put(
        "/api/editions/6/rates", payload, content_type="application/json", **auth(organiser)
    )
    assert r.json() == {
        "currency": "EUR",
        "valid_from": "2023-10-01",
        "per_usd": "0.80000000",
        "deals_recomputed": 1,
    }
    assert Deal.objects.get().amount_usd == Decimal("1150000.00")
    assert ExchangeRate.objects.filter(currency="EUR").count() == 1
    listed = client.get("/api/editions/6/rates").json()
    assert [r["currency"] for r in listed] == ["CNY", "EUR", "GBP", "JPY"]


def test_stats_api_tables_and_errors(client, rates, organiser):
    assert "top_exhibitors" not in client.get("/api/editions/6/deal-stats").json()
    assert "top_exhibitors" in client.get("/api/editions/6/deal-stats", **auth(organiser)).json()
    assert client.get("/api/editions/6/deal-stats/top_exhibitors").status_code == 404
    assert client.get("/api/editions/6/deal-stats/area?kind=x").status_code == 400
    assert client.get("/api/editions/9/deal-stats/area").status_code == 404


@pytest.mark.parametrize("field", ["products", "amount", "currency", "kind", "signed_on"])
def test_change_to_null_names_the_field_and_changes_nothing(
    client, rates, stand_a, delegation, exhibitor_a, field
):
    """Found by the API fuzzing: {"products": null} was a 500."""
    made = client.post(
        "/api/deals",
        body(stand_a, delegation),
        content_type="application/json",
        **auth(exhibitor_a),
    ).json()
    r = client.patch(
        f"/api/deals/{made['id']}",
        {field: None},
        content_type="application/json",
        **auth(exhibitor_a),
    )
    assert (r.status_code, r.json()["code"], r.json()["field"]) == (400, "invalid", field)
    assert client.get(f"/api/deals/{made['id']}", **auth(exhibitor_a)).json() == made
