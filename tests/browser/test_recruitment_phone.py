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


def test_enrolling_finds_a_source_by_a_word_of_the_name(phone: Page, site: DemoSite):
    from sotay.accounts.models import User
    from sotay.recruitment.selectors.classes import enrollable_candidates

    province = User.objects.get(username="province")
    course = next(
        course
        for course in Course.objects.filter(unit__path__startswith=site.yen_mo.path).order_by("-starts_on", "pk")
        if len(enrollable_candidates(province, course, limit=3)) >= 3
    )
    word = enrollable_candidates(province, course)[0].full_name.split()[-1]
    signed_in(phone, site, "province")
    phone.goto(site(f"/recruitment/classes/{course.pk}/enroll/"))
    phone.locator("main input[name=q]").fill(word.lower())
    with phone.expect_navigation():
        phone.locator("main form#find-source button[type=submit]").click()
    labels = phone.locator("main fieldset label").all_inner_texts()
    assert labels and all(word in label for label in labels), (word, labels)
    shot(phone, "31-phone360-enrol-search")
    assert_fits(phone)


def test_a_secretary_opens_a_case_choosing_who_follows_it(phone: Page, site: DemoSite):
    from sotay.recruitment.models import AdmissionCase, Candidate

    source = Candidate.objects.filter(unit=site.cell, status="active").order_by("pk").first()
    assert source is not None
    signed_in(phone, site, "secretary")
    phone.goto(site(f"/recruitment/sources/{source.pk}/open-case/"))
    responsible = phone.locator("main select[name=responsible]")
    expect(responsible).to_be_visible()
    shot(phone, "32-phone360-open-case")
    assert_fits(phone)
    case = AdmissionCase.objects.filter(unit=site.cell, closed_on__isnull=True).order_by("pk").first()
    assert case is not None
    phone.goto(site(f"/recruitment/cases/{case.pk}/"))
    phone.locator("main details#responsible summary").click()
    expect(phone.locator("main details#responsible select[name=responsible]")).to_be_visible()
    shot(phone, "33-phone360-case-responsible", full_page=False)
    assert_fits(phone)


def test_the_progress_form_shows_the_year_and_day_reported(phone: Page, site: DemoSite):
    from django.utils import timezone

    signed_in(phone, site, "kimson")
    phone.goto(site("/recruitment/progress/"))
    today = timezone.localdate()
    expect(phone.locator("main input[name=year]")).to_have_value(str(today.year))
    expect(phone.locator("main input[name=as_of]")).to_have_value(today.isoformat())
    shot(phone, "34-phone360-progress", full_page=False)
    # Another year forgets the day shown, so that year opens on its own day.
    phone.locator("main input[name=year]").fill("2023")
    phone.locator("main input[name=year]").dispatch_event("change")
    expect(phone.locator("main input[name=as_of]")).to_have_value("")
