"""Webhook fixtures: a subscription to every event and a transport that records each call."""

from __future__ import annotations

import pytest

from openexpo.webhooks.models import EVENTS, Subscription
from openexpo.webhooks.services import subscriptions_changed


class Recorder:
    """A transport (url, body, headers, timeout) -> status that answers from a script."""

    def __init__(self, statuses: list[int | Exception] | None = None) -> None:
        self.statuses = list(statuses or [])
        self.calls: list[tuple[str, bytes, dict[str, str]]] = []

    def __call__(self, url: str, body: bytes, headers: dict[str, str], timeout: float) -> int:
        self.calls.append((url, body, headers))
        answer = self.statuses.pop(0) if self.statuses else 204
        if isinstance(answer, Exception):
            raise answer
        return answer


@pytest.fixture
def subscription(db):
    sub = Subscription.objects.create(
        url="https://hooks.example.org/expo", secret="s3cret", events=list(EVENTS)
    )
    subscriptions_changed()
    return sub
