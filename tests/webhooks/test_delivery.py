"""Webhook signing, delivery, retries with exponential backoff, and the delivery log."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
from django.utils import timezone

from openexpo.webhooks import services, signing
from openexpo.webhooks.models import Delivery
from tests.webhooks.conftest import Recorder

pytestmark = pytest.mark.django_db
T0 = dt.datetime(2030, 11, 5, 9, 0, tzinfo=dt.UTC)  # after any emit of the test run


def test_signature_is_hmac_sha256_of_timestamp_and_body():
    body = b'{"event":"deal.confirmed"}'
    expected = hmac.new(b"k", b"1700000000." + body, hashlib.sha256).hexdigest()
    header = signing.signature("k", body, 1_700_000_000)
    assert header == f"t=1700000000,v1={expected}"
    assert signing.verify("k", body, header, now=1_700_000_100)
    assert not signing.verify("k", body + b" ", header, now=1_700_000_100)  # body changed
    assert not signing.verify("other", body, header, now=1_700_000_100)  # wrong secret
    assert not signing.verify("k", body, header, now=1_700_000_301)  # too old (replay)
    assert not signing.verify("k", body, "t=x,v1=00", now=1_700_000_000)


def test_backoff_doubles_from_30_seconds_up_to_6_hours():
    assert [services.backoff(n).total_seconds() for n in range(1, 9)] == [
        30,
        60,
        120,
        240,
        480,
        960,
        1920,
        3840,
    ]
    assert services.backoff(20) == dt.timedelta(hours=6)


def emit_one(subscription, django_capture_on_commit_callbacks) -> Delivery:
    with django_capture_on_commit_callbacks(execute=False):
        [pk] = services.emit("deal.confirmed", {"deal": 7})
    return Delivery.objects.get(pk=pk)


def test_delivery_is_signed_and_logged(subscription, django_capture_on_commit_callbacks):
    delivery = emit_one(subscription, django_capture_on_commit_callbacks)
    transport = Recorder([200])
    services.delivery_attempt(delivery_id=delivery.pk, now=T0, transport=transport)
    [(url, body, headers)] = transport.calls
    assert url == "https://hooks.example.org/expo"
    assert json.loads(body) == {
        "id": delivery.pk,
        "event": "deal.confirmed",
        "created": delivery.payload["created"],
        "data": {"deal": 7},
    }
    assert (headers["X-OpenExpo-Event"], headers["X-OpenExpo-Delivery"]) == (
        "deal.confirmed",
        str(delivery.pk),
    )
    assert signing.verify("s3cret", body, headers[signing.HEADER], now=int(T0.timestamp()))
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts, delivery.status_code, delivery.delivered_at) == (
        "delivered",
        1,
        200,
        T0,
    )
    # running the task again sends nothing more
    assert services.delivery_attempt(delivery_id=delivery.pk, now=T0, transport=transport) is None
    assert len(transport.calls) == 1


def test_failures_are_retried_with_backoff_then_given_up(
    subscription, django_capture_on_commit_callbacks
):
    delivery = emit_one(subscription, django_capture_on_commit_callbacks)
    transport = Recorder([500, ConnectionError("refused")] + [503] * 10)
    now, schedule = T0, []
    for _ in range(services.MAX_ATTEMPTS):
        if schedule:  # a retry is not due a second early
            early = now - dt.timedelta(seconds=1)
            assert services.deliveries_retry_due(now=early, transport=transport) == 0
        assert services.deliveries_retry_due(now=now, transport=transport) == 1
        delivery.refresh_from_db()
        if delivery.next_retry_at:
            schedule.append((delivery.next_retry_at - now).total_seconds())
            now = delivery.next_retry_at
    assert schedule == [30, 60, 120, 240, 480, 960, 1920]
    assert (delivery.status, delivery.attempts, delivery.status_code, delivery.next_retry_at) == (
        "failed",
        8,
        503,
        None,
    )
    assert len(transport.calls) == 8
    # the second attempt's network error is in the log until overwritten by the next
    assert services.deliveries_retry_due(now=now + dt.timedelta(days=1), transport=transport) == 0


def test_network_error_is_logged(subscription, django_capture_on_commit_callbacks):
    delivery = emit_one(subscription, django_capture_on_commit_callbacks)
    services.delivery_attempt(
        delivery_id=delivery.pk, now=T0, transport=Recorder([TimeoutError("slow")])
    )
    delivery.refresh_from_db()
    assert (delivery.status, delivery.status_code, delivery.last_error, delivery.next_retry_at) == (
        "pending",
        None,
        "TimeoutError: slow",
        T0 + dt.timedelta(seconds=30),
    )


def test_nothing_recorded_without_subscribers_or_for_other_events(db, django_assert_num_queries):
    with django_assert_num_queries(1):  # the set of subscribed events, then cached
        assert services.emit("badge.revoked", {"badge": 1}) == []
    with django_assert_num_queries(0):
        assert services.emit("badge.revoked", {"badge": 1}) == []
    assert Delivery.objects.count() == 0


def test_inactive_or_unsubscribed_get_nothing(subscription, django_capture_on_commit_callbacks):
    subscription.events = ["badge.revoked"]
    subscription.save()
    services.subscriptions_changed()
    assert services.emit("deal.confirmed", {"deal": 1}) == []
    subscription.active = False
    subscription.save()
    services.subscriptions_changed()
    assert services.emit("badge.revoked", {"badge": 1}) == []


def test_sent_after_commit_over_http_to_a_local_server(
    subscription, django_capture_on_commit_callbacks
):
    received = []

    class Hook(BaseHTTPRequestHandler):
        def do_POST(self):
            body = self.rfile.read(int(self.headers["Content-Length"]))
            received.append((body, self.headers[signing.HEADER]))
            self.send_response(204)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = HTTPServer(("127.0.0.1", 0), Hook)
    thread = threading.Thread(target=server.handle_request, daemon=True)
    thread.start()
    subscription.url = f"http://127.0.0.1:{server.server_port}/hook"
    subscription.save()
    try:
        with django_capture_on_commit_callbacks(execute=True) as callbacks:
            [pk] = services.emit("deal.confirmed", {"deal": 9})
            assert received == []  # nothing leaves before the commit
        thread.join(10)
    finally:
        server.server_close()
    assert len(callbacks) == 1
    [(body, header)] = received
    assert json.loads(body)["data"] == {"deal": 9}
    assert signing.verify("s3cret", body, header, now=int(timezone.now().timestamp()))
    assert Delivery.objects.get(pk=pk).status == "delivered"
