"""Sources in a browser: a secretary adds one from their cell, on a phone, sees the form's
mistakes next to the fields, then the eligibility explained on the source's page."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import Browser, expect

from sotay.recruitment.models import Candidate
from tests.browser.conftest import TIMEOUT_MS, DemoSite, path_of, shot, signed_in
from tests.browser.test_members import expect_field_error, fill_and_submit

pytestmark = pytest.mark.browser

NAME = "Hà Thị Nguồn Thử"


def test_a_secretary_adds_a_source_on_a_phone_and_reads_its_eligibility(browser: Browser, site: DemoSite):
    context = browser.new_context(
        locale="vi-VN", viewport={"width": 390, "height": 844}, device_scale_factor=2, is_mobile=True, has_touch=True
    )
    context.set_default_timeout(TIMEOUT_MS)
    try:
        page = context.new_page()
        signed_in(page, site, "secretary")
        cell = site.cell
        page.goto(site(f"/units/{cell.pk}/"))
        with page.expect_navigation():
            page.locator(f"main a[href='/recruitment/sources/?unit={cell.pk}']").click()
        add = page.locator(f"main a[href='/recruitment/sources/new/{cell.pk}/']")
        with page.expect_navigation():
            add.click()
        seventeen = (timezone.localdate() - datetime.timedelta(days=17 * 365)).isoformat()
        fill_and_submit(
            page,
            full_name=NAME,
            gender="female",
            birth_date=seventeen,
            general_education="5/12",
            category="youth_union",
            identified_on=(timezone.localdate() + datetime.timedelta(days=3)).isoformat(),
        )
        expect_field_error(page, "identified_on")
        shot(page, "20-phone-source-form-errors")
        assert not Candidate.objects.filter(full_name=NAME).exists()
        fill_and_submit(page, identified_on=timezone.localdate().isoformat())
        source = Candidate.objects.get(full_name=NAME)
        assert path_of(page) == f"/recruitment/sources/{source.pk}/"
        rows = page.locator("#eligibility table tbody tr")
        expect(rows).to_have_count(4)
        expect(page.locator("#eligibility tr.outcome-fail")).to_have_count(2)  # too young, primary education
        shot(page, "21-phone-source-eligibility")
        width = page.evaluate("() => document.documentElement.scrollWidth")
        assert width <= 391, width
        page.goto(site(f"/recruitment/sources/?unit={cell.pk}"))
        expect(page.locator("#results tbody td:first-child a", has_text=NAME)).to_be_visible()
        shot(page, "22-phone-source-list")
        assert page.evaluate("() => document.documentElement.scrollWidth") <= 391
    finally:
        context.close()
