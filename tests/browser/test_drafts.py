"""A draft resolution on a phone (360 × 740): a member comments, the secretary marks the comment
adopted with a reply, and the member reads what became of it."""

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from sotay.handbook.models import Draft, DraftStatus
from tests.browser.conftest import DemoSite, shot, signed_in
from tests.browser.test_phone import assert_fits, phone  # noqa: F401 - the 360 × 740 fixture

pytestmark = pytest.mark.browser

COMMENT = "Đề nghị bổ sung chỉ tiêu kết nạp đoàn viên ưu tú vào Điều 2."
REPLY = "Chi ủy tiếp thu, đã sửa Điều 2."


def test_a_member_comments_on_a_draft_and_reads_its_outcome(phone: Page, site: DemoSite):  # noqa: F811
    draft = Draft.objects.filter(unit=site.cell, status=DraftStatus.OPEN, comment_deadline__gt=timezone.now()).first()
    assert draft is not None, "the demo has a draft open for comments in the secretary's cell"

    signed_in(phone, site, "member")
    phone.goto(site(f"/handbook/drafts/{draft.pk}/"))
    form = phone.locator("form.comment-form")
    form.locator("textarea[name=text]").fill(COMMENT)
    with phone.expect_navigation():
        form.locator("button[type=submit]").click()
    mine = phone.locator(".comment", has_text=COMMENT)
    expect(mine).to_be_visible()
    expect(mine.locator(".outcome-pending")).to_be_visible()
    shot(phone, "70-phone360-draft-commented", full_page=False)
    assert_fits(phone)

    phone.context.clear_cookies()  # one browser, two people: the member hands the phone over
    signed_in(phone, site, "secretary")
    phone.goto(site(f"/handbook/drafts/{draft.pk}/manage/"))
    thread = phone.locator(".thread", has=phone.locator(".comment", has_text=COMMENT))
    outcome = thread.locator("form.outcome-form").first
    outcome.locator("select[name$=outcome]").select_option("adopted")
    outcome.locator("textarea[name$=reply]").fill(REPLY)
    with phone.expect_navigation():
        outcome.locator("button[type=submit]").click()
    shot(phone, "71-phone360-draft-outcome", full_page=False)
    assert_fits(phone)

    phone.context.clear_cookies()
    signed_in(phone, site, "member")
    phone.goto(site(f"/handbook/drafts/{draft.pk}/"))
    mine = phone.locator(".comment", has_text=COMMENT)
    expect(mine.locator(".outcome-adopted")).to_contain_text(REPLY)
    shot(phone, "72-phone360-draft-outcome-seen", full_page=False)
