"""Browser test (Playwright + Debian's Chromium): search the catalogue in Chinese and in
English, filter by HS chapter, open an exhibit, switch the page to Chinese."""

from __future__ import annotations

import pytest

from tests import browser_steps as steps


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_search_filter_open_and_switch_language(live_server, browser, catalogue, tmp_path):
    page = steps.new_page(browser)
    page.goto(f"{live_server.url}/catalogue/")
    assert page.locator("h1").inner_text() == "Exhibit catalogue"

    # Chinese query, English interface: the English names are shown
    page.fill("form.search input[name=q]", "胰岛素")
    page.click("form.search button[type=submit]")
    page.wait_for_url("**q=*")
    titles = page.locator("li.result a.title").all_inner_texts()
    assert titles == ["Insulin Pump X2", "Smart Pen"]

    # English query with a typo, then the chapter facet
    page.fill("form.search input[name=q]", "coffe beans")
    page.click("form.search button[type=submit]")
    page.wait_for_url("**q=coffe*")
    assert page.locator("li.result a.title").all_inner_texts() == ["Yirgacheffe Coffee Beans"]

    page.fill("form.search input[name=q]", "")
    page.click("form.search button[type=submit]")
    page.wait_for_load_state()
    page.click("section[data-facet=chapter] a[data-value='90']")
    page.wait_for_url("**chapter=90*")
    assert sorted(page.locator("li.result a.title").all_inner_texts()) == [
        "Insulin Pump X2",
        "Smart Pen",
    ]
    assert page.locator("section[data-facet=chapter] li.selected").count() == 1

    # open an exhibit
    page.click("li.result a.title >> text=Insulin Pump X2")
    page.wait_for_url("**/catalogue/exhibits/**")
    assert page.locator("h1").inner_text() == "Insulin Pump X2"
    assert "Alpha Medical GmbH" in page.locator("dl.facts").inner_text()

    # switch the interface to Chinese: content and labels follow
    with page.expect_navigation():
        page.select_option("form.lang select[name=language]", "zh-hans")
    assert page.locator("h1").inner_text() == "胰岛素泵X2"
    assert "阿尔法医疗" in page.locator("dl.facts").inner_text()
    assert page.locator("header nav").get_by_text("展品目录").count() == 1
    page.screenshot(path=str(tmp_path / "exhibit-zh.png"))
    page.goto(f"{live_server.url}/catalogue/?q=insulin")
    assert page.locator("li.result a.title").all_inner_texts() == ["胰岛素泵X2", "智能注射笔"]
    assert page.locator("p.total").inner_text() == "2条结果"
