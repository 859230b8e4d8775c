"""Vietnamese whatever the browser asks for; the header's switcher changes it and it sticks."""

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import DemoSite, path_of, shot, signed_in

pytestmark = pytest.mark.browser


def switch_to(page: Page, language: str) -> None:
    with page.expect_navigation():
        page.locator("header select[name=language]").select_option(language)


def test_vietnamese_by_default_even_for_an_english_browser(page: Page, site: DemoSite):
    assert page.evaluate("navigator.language") == "en-US"
    page.goto(site("/login/"))
    expect(page.locator("html")).to_have_attribute("lang", "vi")
    expect(page.locator("header select[name=language]")).to_have_value("vi")


def test_language_switcher(page: Page, site: DemoSite):
    signed_in(page, site, "province")
    page.goto(site("/members/"))
    html = page.locator("html")
    select = page.locator("header select[name=language]")
    expect(html).to_have_attribute("lang", "vi")

    for language in ("en", "ja"):
        switch_to(page, language)
        assert path_of(page) == "/members/"  # back on the page it was switched from
        expect(html).to_have_attribute("lang", language)
        expect(select).to_have_value(language)
        page.goto(site("/units/"))
        expect(html).to_have_attribute("lang", language)
        shot(page, f"11-units-{language}")
        page.goto(site("/members/"))
        expect(html).to_have_attribute("lang", language)

    switch_to(page, "vi")
    expect(html).to_have_attribute("lang", "vi")
    page.goto(site("/units/"))
    expect(html).to_have_attribute("lang", "vi")
    expect(select).to_have_value("vi")
