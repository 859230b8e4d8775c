"""Member development pages on a phone 360 px wide: forms that were cramped or missing a field."""

from collections.abc import Iterator

import pytest
from django.db.models import Count
from playwright.sync_api import Browser, BrowserContext, Page, expect

from sotay.recruitment.models import Course
from tests.browser.conftest import TIMEOUT_MS, DemoSite, shot, signed_in

pytestmark = pytest.mark.browser

WIDTH, HEIGHT = 360, 740


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
    width = page.evaluate("() => ({scroll: document.documentElement.scrollWidth, inner: window.innerWidth})")
    assert width == {"scroll": WIDTH, "inner": WIDTH}, width


def test_a_class_s_results_sheet_stacks_its_rows_on_a_phone(phone: Page, site: DemoSite):
    course = Course.objects.annotate(n=Count("enrollments")).filter(n__gte=3).order_by("-starts_on", "pk").first()
    assert course is not None
    signed_in(phone, site, "province")
    phone.goto(site(f"/recruitment/classes/{course.pk}/results/"))
    expect(phone.locator("main h1")).to_be_visible()
    shot(phone, "30-phone360-class-results")
    assert_fits(phone)
    # Every row's result and certificate fields lie on the screen, each wide enough to read what it holds.
    boxes = (
        phone.locator("main form table tbody")
        .locator("select, input")
        .evaluate_all(
            "els => els.map(el => { const r = el.getBoundingClientRect(); return [r.left, r.right, r.width]; })"
        )
    )
    assert len(boxes) >= 6
    for left, right, width in boxes:
        assert left >= 0 and right <= WIDTH and width >= 250, (left, right, width)
