"""Browser test (Playwright + Debian's Chromium): a visitor registers for a full session, lands
on the waiting list; the seat holder cancels; the visitor is promoted and e-mailed."""

from __future__ import annotations

import pytest
from django.core import mail

from openexpo.forums.models import Registration
from openexpo.forums.seats import registration_create
from tests import browser_steps as steps
from tests.factories import ForumSessionFactory, UserFactory


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_waiting_list_promotion_in_the_browser(live_server, browser, subforum):
    session = ForumSessionFactory(subforum=subforum, capacity=1, title_en="Green finance")
    holder = UserFactory(username="holder")
    UserFactory(username="waiter", email="waiter@example.org")
    registration_create(user=holder, session=session)
    url = f"/forum/sessions/{session.pk}/"

    waiter = steps.login(browser, live_server.url, "waiter", url)
    assert waiter.inner_text("#seat-count").startswith("1 of 1 seats taken")
    assert waiter.inner_text("#register") == "Join the waiting list"
    waiter.click("#register")
    waiter.wait_for_selector("#my-status[data-status=waitlisted]")
    assert "position 1" in waiter.inner_text("#my-status")

    seat_holder = steps.login(browser, live_server.url, "holder", url)
    seat_holder.click("#cancel")
    seat_holder.wait_for_selector("#register")

    waiter.reload()
    waiter.wait_for_selector("#my-status[data-status=confirmed]")
    assert "seat 1" in waiter.inner_text("#my-status")
    assert list(
        Registration.objects.filter(session=session).values_list("user__username", "status")
    ) == [
        ("holder", "cancelled"),
        ("waiter", "confirmed"),
    ]
    assert [m.to for m in mail.outbox] == [["waiter@example.org"]]
