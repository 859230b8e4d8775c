"""The member list (search as you type, on a phone) and adding a member through the form."""

import datetime
import re
from urllib.parse import parse_qs, urlsplit

import pytest
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect

from sotay.accounts.models import User
from sotay.core.text import fold
from sotay.members.models import Member
from sotay.members.selectors import PAGE_SIZE
from tests.browser.conftest import TIMEOUT_MS, DemoSite, path_of, shot, signed_in

pytestmark = pytest.mark.browser


def visible_members(username: str):
    return Member.objects.visible_to(User.objects.get(username=username)).order_by("name_sort", "pk")


def a_name_to_search() -> Member:
    """A member whose name has diacritics and whose folded name matches only a few people."""
    for member in visible_members("province").order_by("pk")[:500]:
        key = fold(member.full_name)
        if not member.full_name.isascii() and 1 <= Member.objects.filter(name_key__contains=key).count() <= 5:
            return member
    raise AssertionError("the demo data has no suitable name")


def search(page: Page, text: str) -> None:
    """Type into the search box and wait for htmx to replace #results."""
    box = page.locator("#filters input[name=q]")
    with page.expect_response(lambda r: "/members/?" in r.url and "q=" in r.url) as answer:
        box.fill(text)
    assert answer.value.status == 200
    assert answer.value.request.headers.get("hx-request") == "true"


def result_links(page: Page):
    return page.locator("#results tbody td:first-child a")


def test_search_without_diacritics_finds_the_vietnamese_name(page: Page, site: DemoSite):
    signed_in(page, site, "province")
    page.goto(site("/members/"))
    everyone = visible_members("province")
    first_page = [m.full_name for m in everyone[:PAGE_SIZE]]
    expect(result_links(page)).to_have_text(first_page)

    target = a_name_to_search()
    typed = fold(target.full_name)
    assert typed != target.full_name.lower()
    expected = [m.full_name for m in everyone.name_matches(typed)]
    assert target.full_name in expected
    assert target.full_name not in first_page  # the update must come from the search

    search(page, typed)
    expect(result_links(page)).to_have_text(expected)
    expect(page).to_have_url(re.compile(r"[?&]q="))  # pushed into the history: the search can be bookmarked
    assert parse_qs(urlsplit(page.url).query)["q"] == [typed]
    expect(page.locator("#filters input[name=q]")).to_have_value(typed)
    shot(page, "06-search-folded")

    # The result links to the member's record.
    with page.expect_navigation():
        result_links(page).filter(has_text=target.full_name).first.click()
    assert path_of(page) == f"/members/{target.pk}/"


def test_search_with_diacritics(page: Page, site: DemoSite):
    signed_in(page, site, "province")
    page.goto(site("/members/"))
    matches = visible_members("province").name_matches("nguyen")
    assert matches.count() > PAGE_SIZE
    expected = [m.full_name for m in matches[:PAGE_SIZE]]
    expect(result_links(page)).not_to_have_text(expected)

    search(page, "Nguyễn")
    expect(result_links(page)).to_have_text(expected)
    assert any("Nguyễn" in name for name in expected)
    # More than a page: a link to the next one, keeping the search.
    expect(page.locator("#results a[href*='after=']")).to_have_attribute("href", re.compile(r"q=Nguy"))

    search(page, "zzzz khong co ai")
    expect(result_links(page)).to_have_count(0)
    expect(page.locator("#results tbody tr")).to_have_count(1)  # the "no member matches" row


PHONE_PAGES = {
    "login": "/login/",
    "member-list": "/members/",
    "unit-tree": "/units/",
    "member-detail": "/members/{member}/",
    "member-form": "/members/new/{cell}/",
}
LABELS_ON_MORE_THAN_ONE_LINE = """() => [...document.querySelectorAll("header nav a, header nav summary")]
    .filter(el => {
        const range = document.createRange();
        range.selectNodeContents(el);
        return new Set([...range.getClientRects()].map(rect => Math.round(rect.top))).size > 1;
    })
    .map(el => el.textContent.trim())"""


@pytest.mark.parametrize(
    ("username", "page_name"),
    [
        ("anonymous", "login"),
        *(("secretary", name) for name in ("member-list", "unit-tree", "member-detail", "member-form")),
        ("province", "unit-tree"),
    ],
)
def test_phone_sized_screen(browser: Browser, site: DemoSite, username: str, page_name: str):
    """Nothing wider than a 390 px phone, and the header's labels each on one line."""
    context = browser.new_context(
        locale="vi-VN", viewport={"width": 390, "height": 844}, device_scale_factor=2, is_mobile=True, has_touch=True
    )
    context.set_default_timeout(TIMEOUT_MS)
    try:
        page = context.new_page()
        if username != "anonymous":
            signed_in(page, site, username)
        member = visible_members("secretary").filter(unit=site.cell).first()
        assert member is not None
        page.goto(site(PHONE_PAGES[page_name].format(member=member.pk, cell=site.cell.pk)))
        assert page.locator("main h1").count() == 1
        if page_name == "member-list":
            expect(result_links(page).first).to_be_visible()
        if page_name == "unit-tree" and username == "province":
            page.locator("#tree button.expand").first.click()
            expect(page.locator("#tree > li > ul > li")).to_have_count(11)
        shot(page, f"07-phone-{username}-{page_name}")
        # A mobile browser zooms out to show wider content, and innerWidth grows with it: so
        # check that innerWidth stays the screen's width, and scrollWidth against both.
        width = page.evaluate(
            """() => ({scroll: document.documentElement.scrollWidth,
                       client: document.documentElement.clientWidth, inner: window.innerWidth})"""
        )
        assert width["client"] == 390, width
        assert width["inner"] <= 391, width
        assert width["scroll"] <= width["inner"] + 1, width
        assert width["scroll"] <= width["client"] + 1, width
        assert page.evaluate(LABELS_ON_MORE_THAN_ONE_LINE) == []
        # Two short rows at most, so the page's own content starts on the first screen.
        assert page.evaluate("document.querySelector('body > header').getBoundingClientRect().height") < 140
    finally:
        context.close()


NEW_NAME = "Trần Thị Thử Nghiệm"


def open_the_new_member_form(page: Page, site: DemoSite) -> None:
    """As the secretary, from the tree to the cell's page, then its "Add member" link."""
    cell = site.cell
    signed_in(page, site, "secretary")
    page.goto(site("/"))
    assert path_of(page) == "/units/"
    with page.expect_navigation():
        page.locator("#tree").get_by_role("link", name=cell.name, exact=True).click()
    assert path_of(page) == f"/units/{cell.pk}/"
    add = page.locator(f"main a[href='/members/new/{cell.pk}/']")
    expect(add).to_be_visible()
    with page.expect_navigation():
        add.click()
    assert path_of(page) == f"/members/new/{cell.pk}/"
    expect(page.locator("main form [name=full_name]")).to_be_visible()


def fill_and_submit(page: Page, **values: str) -> None:
    """Fill the named fields (inputs and selects) of the page's form and submit it."""
    form = page.locator("main form")
    for name, value in values.items():
        field = form.locator(f"[name={name}]")
        if field.evaluate("el => el.tagName") == "SELECT":
            field.select_option(value)
        else:
            field.fill(value)
    with page.expect_navigation():
        form.locator("button[type=submit]").click()


def expect_field_error(page: Page, field: str, timeout: float | None = None) -> None:
    """An error list right after the field's input."""
    errors = page.locator(f"#id_{field} + ul.errorlist")
    expect(errors).to_be_visible(timeout=timeout)
    expect(errors).not_to_be_empty(timeout=timeout)


def days_from_today(days: int) -> str:
    return (timezone.localdate() + datetime.timedelta(days=days)).isoformat()


def test_secretary_adds_a_member_through_the_form(page: Page, site: DemoSite):
    open_the_new_member_form(page, site)
    cell = site.cell
    form = page.locator("main form")
    expect(form.locator("[name=religion]")).to_have_count(0)  # a secretary may not see or set it
    before = Member.objects.count()

    # 1. No name, and an admission date in the future.
    fill_and_submit(page, gender="female", birth_date="1990-04-12", category="farmer", admitted_on=days_from_today(30))
    assert path_of(page) == f"/members/new/{cell.pk}/"
    expect_field_error(page, "full_name")
    expect_field_error(page, "admitted_on")
    expect(page.locator("main ul.errorlist")).to_have_count(2)  # every mistake shows in one round
    expect(form.locator("[name=birth_date]")).to_have_value("1990-04-12")  # what was typed is kept
    expect(form.locator("[name=admitted_on]")).to_have_value(days_from_today(30))
    shot(page, "08-member-form-name-missing")
    assert Member.objects.count() == before

    # 2. A name, but still the future admission date: only the date's error remains.
    fill_and_submit(page, full_name=NEW_NAME)
    assert path_of(page) == f"/members/new/{cell.pk}/"
    expect_field_error(page, "admitted_on")
    expect(page.locator("main ul.errorlist")).to_have_count(1)
    expect(form.locator("[name=full_name]")).to_have_value(NEW_NAME)
    shot(page, "09-member-form-future-admission")
    assert Member.objects.count() == before

    # 3. Corrected: the member is created and their page opens.
    fill_and_submit(page, admitted_on=days_from_today(-10))
    created = Member.objects.get(full_name=NEW_NAME)
    assert path_of(page) == f"/members/{created.pk}/"
    expect(page.locator("h1")).to_have_text(NEW_NAME)
    expect(page.locator("main [role=status]")).to_contain_text(NEW_NAME)
    expect(page.locator("main").get_by_role("link", name=cell.name, exact=True)).to_be_visible()
    assert created.unit_id == cell.pk
    assert created.admitted_on.isoformat() == days_from_today(-10)
    assert Member.objects.count() == before + 1
    shot(page, "10-member-created")


def test_every_field_error_shows_on_the_first_submit(page: Page, site: DemoSite):
    open_the_new_member_form(page, site)
    before = Member.objects.count()
    fill_and_submit(page, gender="male", birth_date="1985-01-02", category="worker", admitted_on=days_from_today(30))
    assert Member.objects.count() == before
    expect_field_error(page, "full_name")
    expect_field_error(page, "admitted_on", timeout=500)  # the page has loaded: no need to wait


def test_field_errors_are_announced_with_their_field(page: Page, site: DemoSite):
    open_the_new_member_form(page, site)
    fill_and_submit(page, gender="male", birth_date="1985-01-02", category="worker", admitted_on=days_from_today(-3))
    name = page.locator("main form [name=full_name]")
    expect(name).to_have_attribute("aria-invalid", "true")
    described_by = name.get_attribute("aria-describedby") or ""
    assert described_by
    for element_id in described_by.split():
        described = page.locator(f"[id='{element_id}']")
        assert described.count() == 1, f"aria-describedby names #{element_id}, which is not on the page"
        expect(described).not_to_be_empty()
