"""The handbook as an installable app on a phone (360 × 740): the service worker keeps the feed and
the notices the member opened, serves them without a line under an offline banner, and signing out
forgets them (decision 0012)."""

import re

import pytest
from django.utils import translation
from playwright.sync_api import Page, expect

from tests.browser.conftest import DemoSite, path_of, shot, signed_in, signed_out
from tests.browser.test_phone import assert_fits, phone  # noqa: F401 - the 360 × 740 fixture

pytestmark = pytest.mark.browser


def controlled(page: Page) -> None:
    """Wait until the service worker is active and controls the page (it claims open pages)."""
    page.wait_for_function("() => navigator.serviceWorker.controller !== null")


def kept_pages(page: Page) -> list[str]:
    return page.evaluate(
        """async () => {
            if (!(await caches.has('sotay-pages'))) return [];
            const cache = await caches.open('sotay-pages');
            return (await cache.keys()).map((r) => new URL(r.url).pathname + new URL(r.url).search);
        }"""
    )


def test_the_feed_and_an_opened_notice_are_read_offline(phone: Page, site: DemoSite):  # noqa: F811
    signed_in(phone, site, "member")
    phone.goto(site("/handbook/"))
    controlled(phone)
    # Installing kept the feed as it was; opening a notice through the worker keeps that too.
    phone.wait_for_function("() => caches.has('sotay-pages')")
    notices = phone.locator("ul.feed li")
    opened, never_opened = notices.nth(0).get_attribute("data-notice"), notices.nth(1).get_attribute("data-notice")
    notices.nth(0).locator("a.title").click()
    expect(phone.locator("article .notice-body")).to_be_visible()
    title = phone.locator("main h1").inner_text()
    assert f"/handbook/notices/{opened}/" in kept_pages(phone)
    expect(phone.locator(".offline-banner")).to_have_count(0)

    phone.context.set_offline(True)
    banner = phone.locator(".offline-banner")
    expect(banner).to_be_visible()  # the `offline` event, on a page that came over the line
    phone.goto(site("/handbook/"))
    expect(phone.locator("ul.feed li").first).to_be_visible()
    expect(banner).to_be_visible()
    expect(banner.locator("time")).to_have_text(re.compile(r"\d\d:\d\d"))  # when the worker kept it
    shot(phone, "63-phone360-handbook-offline-vi", full_page=False)
    assert_fits(phone)
    phone.goto(site(f"/handbook/notices/{opened}/"))
    expect(phone.locator("main h1")).to_have_text(title)
    expect(banner).to_be_visible()
    # A notice never opened is not on the device: the offline page says so.
    phone.goto(site(f"/handbook/notices/{never_opened}/"))
    with translation.override("vi"):
        expect(phone.locator("main h1")).to_have_text(translation.gettext("You are offline"))
    assert path_of(phone) == f"/handbook/notices/{never_opened}/"

    phone.context.set_offline(False)
    phone.goto(site("/handbook/"))
    expect(phone.locator(".offline-banner")).to_have_count(0)
    phone.locator("header details.dropdown summary").click()
    with phone.expect_navigation():
        phone.locator("header form[action='/logout/'] button").click()
    signed_out("member")  # the session is gone on the server too: later tests sign in again
    assert path_of(phone).startswith("/login/")
    assert kept_pages(phone) == []
    assert phone.evaluate("caches.keys()") == []
    assert phone.evaluate("navigator.serviceWorker.getRegistrations().then((r) => r.length)") == 0
