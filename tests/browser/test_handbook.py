"""The member's home on a phone (360 × 740): the feed fits in each language, and reading a notice
takes its unread mark away."""

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import DemoSite, shot, signed_in
from tests.browser.test_language import switch_to
from tests.browser.test_phone import assert_fits, phone  # noqa: F401 - the 360 × 740 fixture

pytestmark = pytest.mark.browser


def test_a_member_reads_a_notice_and_the_unread_mark_goes(phone: Page, site: DemoSite):  # noqa: F811
    signed_in(phone, site, "member")
    phone.goto(site("/"))
    expect(phone.locator("html")).to_have_attribute("lang", "vi")
    unread = phone.locator("ul.feed li.unread").first
    expect(unread).to_be_visible()
    count_before = int(phone.locator(".unread-count").inner_text())
    notice_id = unread.get_attribute("data-notice")
    shot(phone, "60-phone360-handbook-home-vi", full_page=False)
    assert_fits(phone)
    unread.locator("a.title").click()
    expect(phone.locator("article .notice-body")).to_be_visible()
    shot(phone, "61-phone360-handbook-notice-vi", full_page=False)
    assert_fits(phone)
    phone.locator("p.back a").first.click()
    read = phone.locator(f"ul.feed li[data-notice='{notice_id}']")
    expect(read).to_have_class("read")
    after = phone.locator(".unread-count")
    if count_before > 1:
        expect(after).to_have_text(str(count_before - 1))
    else:
        expect(after).to_have_count(0)


@pytest.mark.parametrize("language", ["en", "ja"])
def test_the_home_fits_in_english_and_japanese(phone: Page, site: DemoSite, language: str):  # noqa: F811
    signed_in(phone, site, "member")
    phone.goto(site("/handbook/"))
    switch_to(phone, language)
    expect(phone.locator("html")).to_have_attribute("lang", language)
    expect(phone.locator("ul.feed li").first).to_be_visible()
    shot(phone, f"62-phone360-handbook-home-{language}", full_page=False)
    assert_fits(phone)
    switch_to(phone, "vi")
