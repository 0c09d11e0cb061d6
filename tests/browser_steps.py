"""Browser steps shared by the per-app browser tests and the end-to-end journey (Playwright).

Each function drives the real pages the way a person does (fill, click, wait for the next page)
and returns what the caller needs next; assertions about the outcome stay in the tests, apart
from the waits that tell a step is done. `base` is the live server's URL.
"""

from __future__ import annotations

import re
from typing import Any

PASSWORD = "pass-word-123"  # tests.factories.UserFactory's


def new_page(browser: Any, *, timeout_ms: int = 60_000, **context: Any) -> Any:
    """A page in a fresh browser context (its own cookies: one person), English interface."""
    page = browser.new_context(locale="en-GB", **context).new_page()
    page.set_default_timeout(timeout_ms)
    return page


def login(browser: Any, base: str, username: str, then: str = "/", password: str = PASSWORD) -> Any:
    """A new person's page, logged in through the login page and landed on `then`."""
    page = new_page(browser)
    login_page(page, base, username, then, password)
    return page


def login_page(
    page: Any, base: str, username: str, then: str = "/", password: str = PASSWORD
) -> None:
    """Log `page` in (after forgetting whoever was logged in) and land on `then`."""
    page.context.clear_cookies()
    page.goto(f"{base}/accounts/login/?next={then}")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("form.stack button[type=submit]")
    page.wait_for_url(f"{base}{then}")


# --- exhibitors and the floor plan -------------------------------------------------------


def exhibitor_signup(
    page: Any,
    base: str,
    *,
    username: str = "medco",
    name_en: str = "MedCo Diagnostics GmbH",
    name_zh: str = "医诊公司",
    country: str = "DE",
    size_class: str = "sme",
) -> None:
    """Sign a company up; lands on the exhibitor's own page."""
    page.goto(f"{base}/exhibitors/signup/")
    page.fill("input[name=username]", username)
    page.fill("input[name=email]", f"boss@{username}.example")
    page.fill("input[name=password1]", "a-Long-pass-123")
    page.fill("input[name=password2]", "a-Long-pass-123")
    page.fill("input[name=name_en]", name_en)
    page.fill("input[name=name_zh]", name_zh)
    page.select_option("select[name=country]", country)
    page.select_option("select[name=size_class]", size_class)
    page.click("#signup-form button[type=submit]")
    page.wait_for_url("**/exhibitors/my/")


def application_submit(
    page: Any, *, area: int, m2: int, plans: str = "", booth: str = "raw"
) -> None:
    """On the application form (already open): ask for `m2` of `booth` space in `area`."""
    page.select_option("select[name=area]", str(area))
    page.select_option("select[name=booth_type]", booth)
    page.fill("input[name=area_requested_m2]", str(m2))
    if plans:
        page.fill("textarea[name=plans_en]", plans)
    page.click("button[name=submit_application]")
    page.wait_for_url("**/exhibitors/applications/*/")


def application_approve(page: Any, base: str, participation: int) -> None:
    """An organiser approves one application from its review page."""
    page.goto(f"{base}/exhibitors/review/{participation}/")
    page.click("#decision-form button[value=approve]")
    page.wait_for_load_state()


def booths_allocate(page: Any, base: str, edition: int, seconds: int = 2) -> str:
    """An organiser runs the booth allocation; returns the finished job's text."""
    page.goto(f"{base}/floorplan/{edition}/plan/")
    page.fill("input[name=time_limit]", str(seconds))
    page.click("#allocate")
    page.wait_for_selector("#job[data-status=done]")
    return page.inner_text("#job")


def booths_publish(page: Any) -> None:
    """On the plan page after an allocation: publish the plan."""
    page.click("#publish")
    page.wait_for_load_state()


# --- visitors and the gate ---------------------------------------------------------------


def visitor_register(
    page: Any,
    base: str,
    edition: int,
    *,
    full_name: str,
    organisation: str,
    doc_number: str = "11010519491231002X",
    country: str = "CN",
    username: str | None = None,
    password: str | None = None,
) -> str:
    """Register (with a new account when `username` is given, else as the logged-in user);
    lands on the badge page and returns the badge's QR payload."""
    page.goto(f"{base}/visitors/register/{edition}/")
    if username is not None:
        page.fill("input[name=username]", username)
        page.fill("input[name=password]", password or "a-long-pass-9")
    page.fill("input[name=full_name]", full_name)
    page.fill("input[name=organisation]", organisation)
    page.select_option("select[name=country]", country)
    page.select_option("select[name=doc_type]", "prc_id")
    page.fill("input[name=doc_number]", doc_number)
    page.check("input[name=consent]")
    page.click("#register-submit")
    page.wait_for_url("**/visitors/badge/")
    return page.locator("section.credential").get_attribute("data-payload")


def badge_number(page: Any) -> int:
    """The "No." printed on the badge shown on the badge page."""
    text = page.locator("section.credential p.prev").inner_text()
    return int(re.search(r"No\.\s*(\d+)", text).group(1))


def gate_open(
    browser: Any, base: str, edition: int, gate: str, username: str = "gatekeeper"
) -> Any:
    """Gate staff log in to a gate's scanning page and wait until its revocation list is in."""
    from playwright.sync_api import expect

    page = login(browser, base, username, f"/visitors/gate/{edition}/{gate}/")
    # (locator waits, not wait_for_function: the site's CSP forbids the eval that needs)
    expect(page.locator("#revoked-count")).not_to_have_text("?")
    return page


def gate_scan(page: Any, payload: str, direction: str = "in") -> None:
    """Scan a payload at the open gate page (the result shows in #result[data-code])."""
    page.evaluate("document.getElementById('result').dataset.code = ''")
    page.check(f"input[name=direction][value={direction}]")
    page.fill("#scan-input", payload)
    page.press("#scan-input", "Enter")


def gate_result(page: Any, expected: str) -> str:
    """Wait for the scan result `expected` and return the code shown."""
    from playwright.sync_api import expect

    expect(page.locator("#result")).to_have_attribute("data-code", expected, timeout=10_000)
    return page.locator("#result").get_attribute("data-code")


# --- matchmaking -------------------------------------------------------------------------


def need_post(page: Any, base: str, *, title: str, text: str, categories: str, origins: str) -> Any:
    """A buyer posts a need on the matchmaking page; returns the first suggested exhibitor."""
    page.goto(f"{base}/matchmaking/")
    page.fill("#id_title", title)
    page.fill("#id_text_en", text)
    page.fill("#id_categories", categories)
    page.fill("#id_origins", origins)
    page.click("#need-form button[type=submit]")
    page.wait_for_selector("#exhibitors .suggestion")
    return page.locator("#exhibitors .suggestion").first


def meeting_request(page: Any, suggestion: Any) -> None:
    """The buyer asks for a meeting with a suggested exhibitor."""
    suggestion.locator("button", has_text="Request meeting").click()
    page.wait_for_selector(".messages li.success")


def meeting_accept(page: Any, base: str, request: int) -> None:
    """The exhibitor accepts a meeting request on its matchmaking desk."""
    page.goto(f"{base}/matchmaking/")
    page.locator(f"#request-{request} button", has_text="Accept").click()
    page.wait_for_selector(f"#request-{request} .status:text('Accepted')")


def meetings_schedule(page: Any, base: str) -> None:
    """An organiser runs the meeting scheduler and waits for it to finish."""
    page.goto(f"{base}/matchmaking/organiser/")
    page.click("button[value=run]")
    page.wait_for_selector("#job .job-status:text('Done')")


def meetings_publish(page: Any, count: int) -> None:
    """On the organiser's page after scheduling: publish the `count` scheduled meetings."""
    page.click("button[value=publish]")
    page.wait_for_selector(f".messages li.success:text('{count} meetings published.')")


def schedule_rows(page: Any, base: str) -> Any:
    """The meetings on the user's own schedule (matchmaking page)."""
    page.goto(f"{base}/matchmaking/")
    return page.locator("#schedule tr.meeting")


# --- deals and the front page ------------------------------------------------------------


def deal_record(
    page: Any,
    base: str,
    *,
    exhibitor: int,
    buyer_organisation: str,
    amount: str,
    currency: str,
    signed_on: str,
    delegation: int | None = None,
    buyer_badge: int | None = None,
    products: str = "",
) -> None:
    """Record a deal through /deals/new/; lands on the deals list."""
    page.goto(f"{base}/deals/new/")
    page.select_option("select[name=exhibitor]", str(exhibitor))
    page.fill("input[name=buyer_organisation]", buyer_organisation)
    if delegation is not None:
        page.select_option("select[name=delegation]", str(delegation))
    if buyer_badge is not None:
        page.fill("input[name=buyer_badge]", str(buyer_badge))
    page.fill("input[name=amount]", amount)
    page.fill("input[name=currency]", currency)
    page.fill("input[name=signed_on]", signed_on)
    if products:
        page.fill("input[name=products]", products)
    page.click("#save-deal")
    page.wait_for_url(f"{base}/deals/")


def deal_confirm_first(page: Any, base: str) -> str:
    """The other side confirms the newest deal on its deals list; returns its status cell."""
    page.goto(f"{base}/deals/")
    page.click("button.confirm")
    page.wait_for_load_state()
    return page.locator("td.status").first.inner_text()


def front_figure(page: Any, base: str, label: str = "Intended deals") -> str:
    """One headline figure's value on the front page."""
    page.goto(f"{base}/")
    return page.locator(".figure", has_text=label).locator(".value").inner_text()
