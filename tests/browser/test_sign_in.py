"""Signing in through the real form, and what each demo role then sees and may not see."""

import re

import pytest
from playwright.sync_api import Page, expect

from sotay.accounts.models import User
from sotay.devdata.demo import NINH_BINH
from sotay.members.choices import ON_ROLLS
from sotay.members.models import Member
from sotay.organizations.models import Unit
from sotay.organizations.rollups import counts_for
from tests.browser.conftest import DEMO_MEMBERS, DemoSite, path_of, shot, sign_in

pytestmark = pytest.mark.browser


def top_rows(page: Page):
    return page.locator("#tree > li")


def row_of(page: Page, name: str):
    """The tree row (its <div class=row>) whose link is exactly `name`."""
    return page.locator("#tree .row").filter(has=page.get_by_role("link", name=name, exact=True))


def digits(text: str) -> int:
    return int(re.sub(r"\D", "", text))


def test_province_officer_sees_the_province_and_expands_it(page: Page, site: DemoSite):
    sign_in(page, site, "province")
    assert path_of(page) == "/units/"
    expect(page.locator("html")).to_have_attribute("lang", "vi")

    expect(top_rows(page)).to_have_count(1)
    province = row_of(page, "Đảng bộ tỉnh Ninh Bình")
    expect(province).to_be_visible()
    on_rolls = counts_for([site.province], ON_ROLLS)[site.province.pk]
    assert on_rolls == Member.objects.in_subtree(site.province).filter(status__in=ON_ROLLS).count() >= DEMO_MEMBERS
    assert digits(province.locator(".count").inner_text()) == on_rolls

    expand = province.get_by_role("button")
    expect(expand).to_have_attribute("aria-expanded", "false")
    with page.expect_response(re.compile(rf"/units/{site.province.pk}/children/$")) as answer:
        expand.click()
    assert answer.value.status == 200
    districts = page.locator("#tree > li > ul > li")
    expect(districts).to_have_count(len(NINH_BINH))
    expect(districts.locator(".row > a")).to_have_text([plan.name for plan in NINH_BINH])
    expect(expand).to_have_attribute("aria-expanded", "true")
    # Each district-level committee shows its own count, and they add up to the province's.
    counts = [digits(text) for text in districts.locator(".row > .count").all_inner_texts()]
    assert sum(counts) == on_rolls
    shot(page, "01-province-tree-expanded")


def test_district_officer_sees_only_their_district(page: Page, site: DemoSite):
    sign_in(page, site, "kimson")
    assert path_of(page) == "/units/"

    expect(top_rows(page)).to_have_count(1)
    kim_son = row_of(page, "Đảng bộ huyện Kim Sơn")
    expect(kim_son).to_be_visible()
    kim_son.get_by_role("button").click()
    children = page.locator("#tree > li > ul > li")
    expect(children).to_have_count(
        Unit.objects.filter(path__startswith=site.kim_son.path, depth=site.kim_son.depth + 1).count()
    )
    expect(page.get_by_text("Đảng bộ huyện Yên Mô")).to_have_count(0)
    expect(page.get_by_text("Đảng bộ tỉnh Ninh Bình")).to_have_count(0)
    shot(page, "02-kimson-tree")

    for path in (f"/units/{site.yen_mo.pk}/", f"/units/{site.yen_mo.pk}/children/", f"/units/{site.province.pk}/"):
        response = page.goto(site(path))
        assert response is not None
        assert response.status == 404, path


def test_secretary_sees_exactly_their_cell(page: Page, site: DemoSite):
    sign_in(page, site, "secretary")
    assert path_of(page) == "/units/"

    expect(top_rows(page)).to_have_count(1)
    expect(top_rows(page).locator(".row > a")).to_have_text(site.cell.name)
    expect(top_rows(page).get_by_role("button")).to_have_count(0)  # a cell has nothing under it
    expect(page.get_by_text("Đảng bộ huyện Yên Mô")).to_have_count(0)
    shot(page, "03-secretary-tree")

    response = page.goto(site(f"/units/{site.yen_mo.pk}/"))
    assert response is not None
    assert response.status == 404


def test_member_lands_on_the_handbook_and_sees_their_own_record_only(page: Page, site: DemoSite):
    user = User.objects.get(username="member")
    own = user.member
    assert own is not None
    sign_in(page, site, "member")
    assert path_of(page) == "/handbook/"
    page.goto(site("/me/"))
    assert path_of(page) == f"/members/{own.pk}/"
    expect(page.locator("h1")).to_have_text(own.full_name)
    expect(page.get_by_role("link", name="Đảng bộ tỉnh Ninh Bình")).to_have_count(0)
    shot(page, "04-member-own-record")

    colleague = Member.objects.filter(unit=own.unit).exclude(pk=own.pk).first()
    assert colleague is not None
    for path in ("/units/", f"/units/{own.unit_id}/", "/members/", f"/members/{colleague.pk}/"):
        response = page.goto(site(path))
        assert response is not None
        assert response.status == 404, path


def test_wrong_password_shows_the_error_and_does_not_sign_in(page: Page, site: DemoSite):
    sign_in(page, site, "province", password="not-the-password")
    assert path_of(page) == "/login/"
    error = page.locator("main form [role=alert]")
    expect(error).to_be_visible()
    expect(error).not_to_be_empty()
    expect(page.locator("main input[name=username]")).to_have_value("province")
    expect(page.locator("main input[name=password]")).to_have_value("")
    shot(page, "05-wrong-password")

    page.goto(site("/units/"))
    assert path_of(page) == "/login/?next=/units/"
    expect(page.locator("main form [role=alert]")).to_have_count(0)
