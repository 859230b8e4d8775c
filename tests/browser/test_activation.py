"""A member activates the handbook on a phone, 360 × 740: open the QR code's link, enter the phone
number, choose a password, and land signed in."""

from collections.abc import Iterator
from urllib.parse import urlparse

import pytest
from playwright.sync_api import Browser, Page, expect

from sotay.accounts.models import User
from sotay.accounts.services.activation import codes_issue
from sotay.accounts.sheets import activation_link
from sotay.members.models import Member
from tests.browser.conftest import TIMEOUT_MS, DemoSite, path_of, shot

pytestmark = pytest.mark.browser


@pytest.fixture
def phone(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(
        locale="vi-VN", viewport={"width": 360, "height": 740}, device_scale_factor=2, is_mobile=True, has_touch=True
    )
    context.set_default_timeout(TIMEOUT_MS)
    try:
        yield context.new_page()
    finally:
        context.close()


def test_a_member_activates_from_the_qr_link_on_a_phone(phone: Page, site: DemoSite):
    secretary = User.objects.get(username="secretary")
    member = (
        Member.objects.filter(unit=site.cell, account__isnull=True, status__in=["full", "probationary"])
        .order_by("pk")
        .first()
    )
    assert member is not None, "the demo leaves some of the secretary's cell to activate"
    Member.objects.filter(pk=member.pk).update(phone="0987654321")
    code = codes_issue(actor=secretary, unit=site.cell, member_id=member.pk).issued[0].code
    link = activation_link(site.url + "/", code)  # what the QR code on the sheet encodes
    assert urlparse(link).query == f"code={code}"

    phone.goto(link)
    form = phone.locator("main form")
    expect(form.locator("input[name=code]")).to_have_value(code)
    form.locator("input[name=identifier]").fill("0987 654 321")
    form.locator("input[name=password]").fill("mat-khau-cua-toi-2026")
    form.locator("input[name=password_again]").fill("mat-khau-cua-toi-2026")
    shot(phone, "activation-form-360")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
    with phone.expect_navigation():
        form.locator("button[type=submit]").click()
    shot(phone, "activation-landed-360")
    # Signed in, on the handbook's home, which links to their own record.
    assert path_of(phone) == "/handbook/"
    expect(phone.locator("main a[href='/me/']")).to_be_visible()
    assert User.objects.get(member=member).check_password("mat-khau-cua-toi-2026")
