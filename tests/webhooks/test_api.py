"""Organisers manage webhook subscriptions and read the delivery log over the API."""

from __future__ import annotations

import pytest

from openexpo.api.auth import token_issue
from openexpo.webhooks.models import Delivery, Subscription
from openexpo.webhooks.services import emit

pytestmark = pytest.mark.django_db


def test_organiser_manages_subscriptions_and_reads_the_log(client, organiser, exhibitor_a):
    auth = {"Authorization": f"Bearer {token_issue(user=organiser)}"}
    body = {"url": "https://hooks.example.org/x", "events": ["deal.confirmed"]}
    created = client.post("/api/webhooks", body, content_type="application/json", headers=auth)
    assert created.status_code == 201
    sub = created.json()
    assert (sub["events"], sub["active"], len(sub["secret"]) > 20) == (
        ["deal.confirmed"],
        True,
        True,
    )
    assert "secret" not in client.get("/api/webhooks", headers=auth).json()["items"][0]
    bad = client.post(
        "/api/webhooks",
        {"url": "ftp://x", "events": ["x"]},
        content_type="application/json",
        headers=auth,
    )
    assert (bad.status_code, bad.json()["code"], bad.json()["field"]) == (400, "invalid", "url")
    [pk] = emit("deal.confirmed", {"deal": 1})
    log = client.get("/api/webhook-deliveries?status=pending", headers=auth).json()
    assert [(d["id"], d["event"], d["attempts"]) for d in log["items"]] == [
        (pk, "deal.confirmed", 0)
    ]
    off = client.patch(
        f"/api/webhooks/{sub['id']}",
        {"active": False},
        content_type="application/json",
        headers=auth,
    )
    assert off.json()["active"] is False
    assert emit("deal.confirmed", {"deal": 2}) == []
    assert client.delete(f"/api/webhooks/{sub['id']}", headers=auth).status_code == 204
    assert (Subscription.objects.count(), Delivery.objects.count()) == (0, 0)


def test_others_may_not(client, exhibitor_a):
    auth = {"Authorization": f"Bearer {token_issue(user=exhibitor_a)}"}
    body = {"url": "https://evil.example.org/", "events": ["deal.confirmed"]}
    r = client.post("/api/webhooks", body, content_type="application/json", headers=auth)
    assert (r.status_code, r.json()["code"]) == (403, "forbidden")
    assert client.get("/api/webhook-deliveries", headers=auth).status_code == 403
    assert Subscription.objects.count() == 0
