"""One candidate's way from source to probationary member, through the pages only.

The cell's secretary adds the source, holds the awareness class (created, enrolled and passed on
the class pages), opens the case from the source's page and records each of the cell's steps; the
district's organizing officer finds the case on the committee's board and records the committee's
steps and the admission decision. The admission decision prints as a PDF, and the district's
progress report counts one more admission.

Every date is in the past, in order, and the decision falls in the current year (the progress
report reads this year as of today), so each guard of the procedure passes.
"""

import datetime
import re

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone
from playwright.sync_api import Page, expect

from sotay.accounts.models import RoleAssignment
from sotay.accounts.roles import Role
from sotay.devdata.demo import DEMO_PASSWORD
from sotay.members.choices import Status
from sotay.members.models import Member
from sotay.recruitment.choices import Step
from sotay.recruitment.models import AdmissionCase, Candidate
from tests.browser.conftest import DemoSite, path_of, shot, signed_in
from tests.browser.test_members import fill_and_submit
from tests.pdfs import pdf_text

pytestmark = pytest.mark.browser

NAME = "Phạm Thị Kết Nạp"
CERTIFICATE = "NT-YM-0417"
OFFICER = "yenmo_officer"


def walk_dates(today: datetime.date) -> dict[str, datetime.date]:
    """The day of each move, counted back from the decision, which stays in today's year."""
    admitted = max(today - datetime.timedelta(days=3), datetime.date(today.year, 1, 1))
    back = {
        "identified": 95,
        "opened": 90,
        "class_starts": 80,
        "class_ends": 75,
        Step.AWARENESS_CERTIFIED: 60,
        Step.APPLIED: 50,
        Step.INTRODUCED: 40,
        Step.COMMENTS_COLLECTED: 30,
        Step.BACKGROUND_VERIFIED: 20,
        Step.CELL_VOTED: 10,
        Step.COMMITTEE_RESOLVED: 5,  # the decision is due within the policy's working days of this
        Step.ADMITTED: 0,
    }
    return {key: admitted - datetime.timedelta(days=days) for key, days in back.items()}


@pytest.fixture
def district_officer(site: DemoSite) -> str:
    """An organizing officer of the Yên Mô district committee, which decides the cell's admissions."""
    user, created = get_user_model().objects.get_or_create(username=OFFICER)
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save()
        RoleAssignment.objects.create(user=user, unit=site.yen_mo, role=Role.OFFICER)
    return OFFICER


def admitted_in_report(page: Page, site: DemoSite) -> int:
    """The "Admitted" figure of the summary of the report the officer's menu opens on."""
    page.goto(site("/recruitment/cases/"))
    with page.expect_navigation():
        page.locator("main nav.section-nav a[href='/recruitment/progress/']").click()
    expect(page.locator("main hgroup")).to_contain_text(site.yen_mo.name)
    summary = page.locator("section[aria-labelledby=summary] dl.record")
    admitted = summary.locator("dd").first
    expect(admitted).to_have_text(re.compile(r"^\s*[\d.,]+\s*$"))
    return int(re.sub(r"\D", "", admitted.inner_text()))


def record_step(page: Page, case_id: int, step: str, **values: str) -> None:
    """Fill in the case page's "record the next step" form and check the step was recorded."""
    form = page.locator("#advance form")
    expect(form.locator("input[name=to_step]")).to_have_value(step)
    for name, value in values.items():
        field = form.locator(f"[name={name}]")
        if field.evaluate("el => el.tagName") == "SELECT":
            field.select_option(value)
        else:
            field.fill(value)
    with page.expect_navigation():
        form.locator("button[type=submit]").click()
    problems = page.locator("main ul.errorlist, main p.message.error")
    assert problems.count() == 0, f"{step}: {problems.all_inner_texts()}"
    assert path_of(page) == f"/recruitment/cases/{case_id}/"
    assert AdmissionCase.objects.get(pk=case_id).step == step
    expect(page.locator("main p.message.success")).to_be_visible()


def test_a_candidate_walks_from_source_to_probationary_member(page: Page, site: DemoSite, district_officer: str):
    day = walk_dates(timezone.localdate())
    cell = site.cell

    # The district officer reads the progress report first, to compare.
    signed_in(page, site, district_officer)
    admitted_before = admitted_in_report(page, site)
    page.context.clear_cookies()

    # 1. The secretary adds the source from the cell's list of sources.
    signed_in(page, site, "secretary")
    page.goto(site(f"/recruitment/sources/?unit={cell.pk}"))
    with page.expect_navigation():
        page.locator(f"main a[href='/recruitment/sources/new/{cell.pk}/']").click()
    fill_and_submit(
        page,
        full_name=NAME,
        gender="female",
        birth_date="1996-05-10",
        general_education="12/12",
        category="worker",
        identified_on=day["identified"].isoformat(),
    )
    source = Candidate.objects.get(full_name=NAME)
    assert path_of(page) == f"/recruitment/sources/{source.pk}/"

    # 2. The awareness class on the Party: created, the source enrolled, the result recorded.
    page.goto(site("/recruitment/classes/"))
    with page.expect_navigation():
        page.locator(f"main a[href='/recruitment/classes/new/{cell.pk}/']").click()
    fill_and_submit(
        page,
        kind="awareness",
        title="Lớp nhận thức về Đảng cho quần chúng ưu tú",
        starts_on=day["class_starts"].isoformat(),
        ends_on=day["class_ends"].isoformat(),
        place="Hội trường xã",
    )
    course_path = path_of(page)
    with page.expect_navigation():
        page.locator(f"main a[href='{course_path}enroll/']").click()
    form = page.locator("main form[method=post]")  # the other form searches the sources
    form.get_by_role("checkbox", name=re.compile("^" + NAME)).check()
    form.locator("[name=enrolled_on]").fill(day["class_starts"].isoformat())
    with page.expect_navigation():
        form.locator("button[type=submit]").click()
    assert path_of(page) == course_path
    with page.expect_navigation():
        page.locator(f"main a[href='{course_path}results/']").click()
    form = page.locator("main form")
    form.locator("[name=result_on]").fill(day["class_ends"].isoformat())
    row = form.locator("tbody tr", has_text=NAME)
    row.locator("select").select_option("passed")
    row.locator("input[type=text]").fill(CERTIFICATE)
    with page.expect_navigation():
        form.locator("button[type=submit]").click()
    assert path_of(page) == course_path
    expect(page.locator("main table tbody tr", has_text=NAME)).to_contain_text(CERTIFICATE)

    # 3. From the source's page, which shows the certificate, the secretary opens the case.
    page.goto(site(f"/recruitment/sources/{source.pk}/"))
    expect(page.locator("#classes")).to_contain_text(CERTIFICATE)
    with page.expect_navigation():
        page.locator(f"main a[href='/recruitment/sources/{source.pk}/open-case/']").click()
    fill_and_submit(page, opened_on=day["opened"].isoformat(), document_ref="")
    case = AdmissionCase.objects.get(candidate=source)
    assert path_of(page) == f"/recruitment/cases/{case.pk}/"
    expect(page.locator("main h1")).to_have_text(NAME)

    # 4. The cell's steps.
    record_step(page, case.pk, Step.AWARENESS_CERTIFIED, occurred_on=day[Step.AWARENESS_CERTIFIED].isoformat())
    record_step(page, case.pk, Step.APPLIED, occurred_on=day[Step.APPLIED].isoformat())
    introduced_on = day[Step.INTRODUCED]
    introducers = list(
        Member.objects.with_status_on(introduced_on)
        .filter(unit=cell, status=Status.FULL, status_on=Status.FULL, unit_on=cell.pk)
        .order_by("id")
        .values_list("pk", flat=True)[:2]
    )
    assert len(introducers) == 2, "the demo cell has two members full on the day of the introductions"
    record_step(
        page,
        case.pk,
        Step.INTRODUCED,
        occurred_on=introduced_on.isoformat(),
        introducer_1=str(introducers[0]),
        months_1="24",
        organization="",
        introducer_2=str(introducers[1]),
        months_2="18",
    )
    expect(page.locator("main dl.record")).to_contain_text("24")
    record_step(page, case.pk, Step.COMMENTS_COLLECTED, occurred_on=day[Step.COMMENTS_COLLECTED].isoformat())
    # Verifying the background is the committee's: the secretary is told so, with no form.
    expect(page.locator("#advance")).to_have_count(0)
    # The application summary can be printed now.
    expect(page.locator(f"main a[href='/recruitment/cases/{case.pk}/forms/application.pdf']")).to_be_visible()
    page.context.clear_cookies()

    # 5. The district officer finds the case on the committee's board, filtered by step and cell.
    signed_in(page, site, district_officer)
    page.goto(site("/recruitment/cases/"))
    fill_and_submit(page, unit_code=cell.code, step=Step.COMMENTS_COLLECTED)
    with page.expect_navigation():
        page.locator(f"main table a[href='/recruitment/cases/{case.pk}/']").click()
    record_step(page, case.pk, Step.BACKGROUND_VERIFIED, occurred_on=day[Step.BACKGROUND_VERIFIED].isoformat())
    page.context.clear_cookies()

    # 6. The cell votes: every full member on the rolls in favour.
    signed_in(page, site, "secretary")
    page.set_viewport_size({"width": 360, "height": 780})  # the secretary's phone
    page.goto(site("/recruitment/cases/mine/"))
    board = page.locator("main .overflow-auto").first
    expect(board.locator("table.case-rows a", has_text=NAME)).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 361
    fits = board.evaluate("el => el.scrollWidth <= el.clientWidth + 1")
    assert fits, "on a phone the deadline column of the board is cut off"
    shot(page, "32-phone-my-candidates", full_page=False)
    page.set_viewport_size({"width": 1280, "height": 900})
    with page.expect_navigation():
        page.locator(f"main table a[href='/recruitment/cases/{case.pk}/']").click()
    voters = page.locator("#advance form [name=voters]")
    expect(voters).not_to_have_value("")
    record_step(
        page,
        case.pk,
        Step.CELL_VOTED,
        occurred_on=day[Step.CELL_VOTED].isoformat(),
        votes_for=voters.input_value(),
        votes_against="0",
    )
    shot(page, "30-case-cell-voted")
    page.context.clear_cookies()

    # 7. The committee's resolution and the admission decision.
    signed_in(page, site, district_officer)
    page.goto(site(f"/recruitment/cases/{case.pk}/"))
    record_step(
        page,
        case.pk,
        Step.COMMITTEE_RESOLVED,
        occurred_on=day[Step.COMMITTEE_RESOLVED].isoformat(),
        document_ref="15-NQ/ĐU",
        votes_for="9",
        votes_against="0",
        voters="9",
    )
    record_step(
        page,
        case.pk,
        Step.ADMITTED,
        occurred_on=day[Step.ADMITTED].isoformat(),
        document_ref="417-QĐ/HU",
        member_category="worker",
    )
    case.refresh_from_db()
    member = case.member
    assert member is not None and member.status == Status.PROBATIONARY and member.full_name == NAME
    expect(page.locator("main dl.record")).to_contain_text(NAME)
    shot(page, "31-case-admitted")

    # 8. The admission decision prints, with the case's number, date and person.
    link = page.locator(f"main a[href='/recruitment/cases/{case.pk}/forms/admission-decision.pdf']")
    expect(link).to_be_visible()
    response = page.context.request.get(site(link.get_attribute("href") or ""))
    assert response.status == 200 and response.headers["content-type"] == "application/pdf"
    text = pdf_text(response.body())
    assert "417-QĐ/HU" in text
    assert NAME.upper() in text.upper()
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in text

    # 9. The district's progress report counts one more admission.
    assert admitted_in_report(page, site) == admitted_before + 1
