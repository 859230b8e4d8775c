"""Phones 360 px wide: nothing wider than the screen, the header in two rows at most, and after a
search the first result on the first screen."""

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

from tests.browser.conftest import TIMEOUT_MS, DemoSite, shot, signed_in

pytestmark = pytest.mark.browser

WIDTH, HEIGHT = 360, 740
# Two rows of the header's controls; three would be over 130 px.
TWO_ROWS_PX = 110


@pytest.fixture
def phone(browser: Browser) -> Iterator[Page]:
    context: BrowserContext = browser.new_context(
        locale="vi-VN",
        viewport={"width": WIDTH, "height": HEIGHT},
        device_scale_factor=2,
        is_mobile=True,
        has_touch=True,
    )
    context.set_default_timeout(TIMEOUT_MS)
    try:
        yield context.new_page()
    finally:
        context.close()


def assert_fits(page: Page) -> None:
    """Nothing sideways: a mobile browser zooms out to show wider content, so innerWidth grows too."""
    width = page.evaluate(
        """() => ({scroll: document.documentElement.scrollWidth, inner: window.innerWidth,
                   header: document.querySelector('body > header').getBoundingClientRect().height})"""
    )
    assert width["inner"] == WIDTH, width
    assert width["scroll"] <= WIDTH, width
    assert width["header"] <= TWO_ROWS_PX, width


def top_of(page: Page, selector: str) -> float:
    return page.locator(selector).first.evaluate("el => el.getBoundingClientRect().top")


@pytest.mark.parametrize("username", ["province", "secretary", "member"])
def test_the_header_fits_in_two_rows(phone: Page, site: DemoSite, username: str):
    signed_in(phone, site, username)
    phone.goto(site("/"))
    expect(phone.locator("main h1")).to_be_visible()
    shot(phone, f"20-phone360-home-{username}", full_page=False)
    assert_fits(phone)
    # The account menu opens on the screen, its password link within reach.
    phone.locator("header details.dropdown summary").click()
    change = phone.locator("header details.dropdown a[href='/account/password/']")
    expect(change).to_be_visible()
    box = change.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= WIDTH, box
    shot(phone, f"20-phone360-menu-{username}", full_page=False)


def test_the_sign_in_page(phone: Page, site: DemoSite):
    phone.goto(site("/login/"))
    shot(phone, "20-phone360-login", full_page=False)
    assert_fits(phone)


def test_a_deep_unit_s_breadcrumb_stays_on_the_screen(phone: Page, site: DemoSite):
    signed_in(phone, site, "province")
    phone.goto(site(f"/units/{site.cell.pk}/"))
    expect(phone.locator("main h1")).to_be_visible()
    shot(phone, "21-phone360-cell", full_page=False)
    assert_fits(phone)
    crumbs = phone.locator("main nav[aria-label=breadcrumb] li")
    expect(crumbs.first).to_be_visible()
    outside = crumbs.evaluate_all(
        "els => els.filter(el => el.getBoundingClientRect().right > innerWidth).map(el => el.textContent)"
    )
    assert outside == []
    # Wrapped between crumbs, not within one: every visible crumb is a single line.
    heights = crumbs.evaluate_all(
        "els => els.filter(el => el.offsetParent).map(el => el.getBoundingClientRect().height)"
    )
    assert max(heights) < 2 * min(heights), heights


def test_tree_rows_stay_on_one_line(phone: Page, site: DemoSite):
    signed_in(phone, site, "province")
    phone.goto(site("/units/"))
    phone.locator("#tree button.expand").first.click()
    expect(phone.locator("#tree > li > ul > li").first).to_be_visible()
    phone.locator("#tree > li > ul > li button.expand").first.click()
    expect(phone.locator("#tree > li > ul > li > ul > li").first).to_be_visible()
    shot(phone, "22-phone360-tree", full_page=False)
    assert_fits(phone)
    tall = phone.evaluate(
        """() => [...document.querySelectorAll('#tree .row')]
            .filter(row => row.getBoundingClientRect().height > 2.2 * parseFloat(getComputedStyle(row).fontSize))
            .map(row => row.textContent.trim().replace(/\\s+/g, ' '))"""
    )
    assert tall == []


def first_result_bottom(page: Page) -> float:
    first = page.locator("#results tbody td:first-child a").first
    expect(first).to_contain_text("Nguyễn")
    return first.evaluate("el => el.getBoundingClientRect().bottom")


def test_after_a_search_the_first_result_is_on_the_first_screen(phone: Page, site: DemoSite):
    signed_in(phone, site, "province")
    phone.goto(site("/members/"))
    filters = phone.locator("#filters details.more-filters")
    expect(filters).to_have_attribute("open", "")  # nothing searched yet: the filters are offered
    assert_fits(phone)
    shot(phone, "23-phone360-members", full_page=False)
    with phone.expect_response(lambda r: "q=" in r.url):
        phone.locator("#filters input[name=q]").fill("Nguyen")
    expect(filters).not_to_have_attribute("open", "")  # folded once the results came
    assert first_result_bottom(phone) <= HEIGHT
    shot(phone, "24-phone360-members-searched", full_page=False)
    assert_fits(phone)

    # A filter chosen in the unfolded panel: folded again, and its summary says filters are set.
    # Leaving the name box for the panel sends nothing (a repeated search would fold the panel).
    searches: list[str] = []
    phone.on("request", lambda request: searches.append(request.url) if "/members/?" in request.url else None)
    filters.locator("summary").click()
    expect(filters).to_have_attribute("open", "")
    with phone.expect_response(lambda r: "status=" in r.url):
        filters.locator("select[name=status]").select_option(index=1)
    assert len(searches) == 1, searches
    expect(filters).not_to_have_attribute("open", "")
    expect(filters.locator("summary .when-set")).to_be_visible()
    assert first_result_bottom(phone) <= HEIGHT


def test_a_searched_page_loads_with_the_filters_folded(phone: Page, site: DemoSite):
    """Reloaded, bookmarked or opened from "back": the same page as after the search."""
    signed_in(phone, site, "province")
    phone.goto(site("/members/?q=nguyen"))
    expect(phone.locator("#filters details.more-filters")).not_to_have_attribute("open", "")
    assert first_result_bottom(phone) <= HEIGHT
    assert_fits(phone)
