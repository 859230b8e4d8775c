"""Meetings on a phone (360 × 740): a member checks in by opening the link the meeting's QR code
carries and lands on a confirmation; the secretary records the roll in one form."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone
from playwright.sync_api import Page, expect

from sotay.accounts.services import system_actor
from sotay.handbook.models import Attendance, Meeting
from sotay.handbook.services_meetings import checkin_code
from tests.browser.conftest import DemoSite, path_of, shot, signed_in
from tests.browser.test_phone import assert_fits, phone  # noqa: F401 - the 360 × 740 fixture

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def meeting_now(site: DemoSite) -> Meeting:
    """A meeting of the demo cell that began ten minutes ago: its check-in window is open."""
    start = timezone.now() - datetime.timedelta(minutes=10)
    return Meeting.objects.create(
        cell=site.cell,
        title="Sinh hoạt chi bộ đột xuất",
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=2),
        place="Nhà văn hoá thôn",
        agenda="1. Triển khai nhiệm vụ cấp bách.",
        published_at=start - datetime.timedelta(days=1),
        created_by=system_actor(),
    )


def test_a_member_checks_in_by_the_qr_link(phone: Page, site: DemoSite, meeting_now: Meeting):  # noqa: F811
    signed_in(phone, site, "member")
    phone.goto(site(f"/handbook/meetings/{meeting_now.pk}/check-in/?code={checkin_code(meeting_now)}"))
    button = phone.locator("main form button[type=submit]")
    expect(button).to_be_visible()
    shot(phone, "70-phone360-meeting-check-in", full_page=False)
    assert_fits(phone)
    button.click()
    expect(phone.locator(".message.success")).to_be_visible()
    assert path_of(phone) == f"/handbook/meetings/{meeting_now.pk}/"
    shot(phone, "71-phone360-meeting-checked-in", full_page=False)
    assert_fits(phone)
    member = get_user_model().objects.get(username="member").member
    row = Attendance.objects.get(meeting=meeting_now, member=member)
    assert (row.status, row.source) == ("present", "qr")


def test_a_secretary_records_the_roll_from_a_phone(phone: Page, site: DemoSite, meeting_now: Meeting):  # noqa: F811
    signed_in(phone, site, "secretary")
    phone.goto(site(f"/handbook/meetings/{meeting_now.pk}/attendance/"))
    rows = phone.locator("form.roll fieldset")
    expect(rows.first).to_be_visible()
    count = rows.count()
    assert count >= 3
    shot(phone, "72-phone360-meeting-roll", full_page=False)
    assert_fits(phone)
    first, second = rows.nth(0), rows.nth(1)
    first.locator("input[value=present]").check()
    second.locator("input[value=excused]").check()
    second.locator("input[type=text]").fill("Đi làm ăn xa")
    excused_id = int(second.get_attribute("data-member") or 0)
    for index in range(2, count):
        row = rows.nth(index)
        if not row.locator("input[type=radio]:checked").count():
            row.locator("input[value=absent]").check()
    shot(phone, "73-phone360-meeting-roll-filled", full_page=True)
    phone.locator("form.roll button[type=submit]").click()
    expect(phone).to_have_url(site(f"/handbook/meetings/{meeting_now.pk}/"))
    expect(phone.locator(".message.success")).to_be_visible()
    shot(phone, "74-phone360-meeting-roll-saved", full_page=False)
    assert_fits(phone)
    recorded = Attendance.objects.filter(meeting=meeting_now)
    assert recorded.count() == count
    excused = recorded.get(member_id=excused_id)
    assert (excused.status, excused.reason) == ("excused", "Đi làm ăn xa")
