"""The admission case pages: boards, the case with its history, and the forms that move it."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from sotay.recruitment.choices import Step
from sotay.recruitment.models import AdmissionCase, CaseAttachment, CaseEvent
from tests.factories import CASE_DATES, make_candidate, open_case, pass_awareness, walk_case

D = CASE_DATES


def detail_url(case):
    return f"/recruitment/cases/{case.pk}/"


def advance_url(case):
    return f"/recruitment/cases/{case.pk}/advance/"


def field_errors(response, field):
    return [str(e) for e in response.context["advance_form"].errors.get(field, [])]


def test_the_navigation_links_to_recruitment(tree, client_for):
    assert 'href="/recruitment/cases/"' in client_for(tree.secretary).get("/recruitment/cases/mine/").content.decode()


def test_the_case_page_shows_the_history_with_its_checks_and_sources(tree, case, client_for):
    walk_case(case, tree.district_officer, Step.INTRODUCED)
    body = client_for(tree.secretary).get(detail_url(case)).content.decode()
    assert "Đỗ Thị Hoa" in body and "Awareness class passed on" in body
    assert "Nguyễn Văn An, a full member, worked with the candidate for 24 months." in body
    assert "(Điều lệ Đảng, Điều 4)" in body
    assert "Record: Comments collected" in body


def test_a_secretary_records_a_step_from_the_case_page(tree, case, client_for):
    pass_awareness(case.candidate)
    response = client_for(tree.secretary).post(
        advance_url(case), {"to_step": "awareness_certified", "occurred_on": "2024-04-15", "document_ref": "GCN-1"}
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.step == Step.AWARENESS_CERTIFIED


def test_a_vote_short_of_two_thirds_shows_by_the_votes_and_writes_nothing(tree, case, client_for):
    walk_case(case, tree.district_officer, Step.BACKGROUND_VERIFIED)
    data = {"to_step": "cell_voted", "occurred_on": "2024-07-15", "votes_for": 5, "votes_against": 4, "voters": 9}
    response = client_for(tree.secretary).post(advance_url(case), data)
    assert response.status_code == 200
    assert "at least 6 are needed" in " ".join(field_errors(response, "votes_for"))
    assert 'id="id_votes_for_error"' in response.content.decode()
    assert CaseEvent.objects.filter(case=case).count() == 6


def test_a_short_introducer_shows_by_the_introducer(tree, case, client_for):
    walk_case(case, tree.district_officer, Step.APPLIED)
    data = {"to_step": "introduced", "occurred_on": "2024-05-20", "introducer_1": tree.an.pk, "months_1": 11,
            "introducer_2": tree.binh.pk, "months_2": 12}  # fmt: skip
    response = client_for(tree.secretary).post(advance_url(case), data)
    assert "worked with the candidate for 11 months" in " ".join(field_errors(response, "introducer_1"))
    data.pop("introducer_2")
    response = client_for(tree.secretary).post(advance_url(case), data)
    assert field_errors(response, "introducer_2") == ["Choose the second introducer, or the introducing organization."]
    data.update(organization="youth_union", months_1=12)
    assert client_for(tree.secretary).post(advance_url(case), data).status_code == 302


def test_a_typed_mistake_shows_by_its_field(tree, case, client_for):
    response = client_for(tree.secretary).post(
        advance_url(case), {"to_step": "awareness_certified", "occurred_on": "x"}
    )
    assert field_errors(response, "occurred_on")
    assert AdmissionCase.objects.get(pk=case.pk).step == Step.OPENED


def test_the_secretary_is_not_offered_the_committees_step(tree, case, client_for):
    walk_case(case, tree.district_officer, Step.COMMENTS_COLLECTED)
    response = client_for(tree.secretary).get(detail_url(case))
    assert response.context["advance_form"] is None
    assert "recorded by the committee's organizing officers" in response.content.decode()
    forced = client_for(tree.secretary).post(advance_url(case), {"to_step": "background_verified",
                                                                 "occurred_on": "2024-07-01"})  # fmt: skip
    assert forced.status_code == 200
    assert "Only the committee's organizing officers" in " ".join(forced.context["advance_form"].non_field_errors())
    assert AdmissionCase.objects.get(pk=case.pk).step == Step.COMMENTS_COLLECTED


def test_a_viewer_sees_the_case_but_cannot_move_it(tree, case, client_for):
    client = client_for(tree.district_viewer)
    response = client.get(detail_url(case))
    assert response.status_code == 200 and response.context["advance_form"] is None
    assert client.post(advance_url(case), {"to_step": "awareness_certified"}).status_code in (403, 404)


def test_rejecting_from_the_page_needs_a_reason(tree, case, client_for):
    client = client_for(tree.secretary)
    url = f"/recruitment/cases/{case.pk}/move/"
    response = client.post(url, {"action": "reject", "from_step": "opened", "occurred_on": "2024-03-01", "reason": ""})
    assert response.status_code == 200 and response.context["move_form"].errors["reason"]
    response = client.post(url, {"action": "reject", "from_step": "opened", "occurred_on": "2024-03-01",
                                 "reason": "Không đủ tiêu chuẩn"})  # fmt: skip
    assert response.status_code == 302
    assert AdmissionCase.objects.get(pk=case.pk).step == Step.REJECTED


def test_a_move_on_a_case_that_moved_meanwhile_says_so(tree, case, client_for):
    walk_case(case, tree.district_officer, Step.APPLIED)
    response = client_for(tree.secretary).post(
        f"/recruitment/cases/{case.pk}/move/",
        {"action": "send_back", "from_step": "awareness_certified", "occurred_on": "2024-05-02", "reason": "Sai"},
    )
    assert "has moved to “Application submitted” since you opened it" in " ".join(
        response.context["move_form"].errors["action"]
    )


def test_attachments_are_kept_with_the_step_and_downloaded_in_scope(tree, case, client_for):
    pass_awareness(case.candidate)
    upload = SimpleUploadedFile("giay-chung-nhan.pdf", b"%PDF-1.4 test", content_type="application/pdf")
    client = client_for(tree.secretary)
    client.post(advance_url(case), {"to_step": "awareness_certified", "occurred_on": "2024-04-15",
                                    "attachments": [upload]})  # fmt: skip
    attachment = CaseAttachment.objects.get()
    url = f"/recruitment/cases/{case.pk}/attachments/{attachment.pk}/"
    assert b"".join(client.get(url).streaming_content) == b"%PDF-1.4 test"
    assert client_for(tree.outsider).get(url).status_code == 404


def test_opening_a_case_from_the_source(tree, client_for):
    source = make_candidate(tree.cell_a1, "Vũ Văn Nam", identified_on=datetime.date(2024, 1, 8))
    client = client_for(tree.secretary)
    response = client.post(f"/recruitment/sources/{source.pk}/open-case/", {"opened_on": "2024-03-01"})
    assert response.status_code == 302
    assert AdmissionCase.objects.get(candidate=source).step == Step.OPENED
    unfit = make_candidate(
        tree.cell_a1, "Vũ Văn Bảy", vietnamese_citizen=False, identified_on=datetime.date(2024, 1, 8)
    )
    response = client.post(f"/recruitment/sources/{unfit.pk}/open-case/", {"opened_on": "2024-03-01"})
    assert "Only Vietnamese citizens may be admitted" in " ".join(response.context["form"].non_field_errors())
    assert not AdmissionCase.objects.filter(candidate=unfit).exists()


@pytest.fixture
def many_cases(tree):
    def make(n):
        cases = []
        for i in range(n):
            source = make_candidate(tree.cell_a2 if i % 2 else tree.cell_a1, f"Nguyễn Văn Số {i}",
                                    identified_on=datetime.date(2024, 1, 8))  # fmt: skip
            cases.append(
                open_case(source, tree.district_officer, on=datetime.date(2026, 11, 1) if i == 0 else D["opened"])
            )
        return cases

    return make


def test_the_committee_board_puts_overdue_cases_first_and_filters(tree, many_cases, client_for):
    cases = many_cases(4)
    client = client_for(tree.district_officer)
    rows = client.get("/recruitment/cases/").context["rows"]
    assert [row["case"].pk for row in rows][-1] == cases[0].pk  # the only one not overdue
    assert all(row["case"].overdue for row in rows[:-1])
    in_a2 = client.get("/recruitment/cases/?unit_code=CA2").context["rows"]
    assert {row["case"].unit_id for row in in_a2} == {tree.cell_a2.pk}
    overdue = client.get("/recruitment/cases/?overdue=on").context["rows"]
    assert len(overdue) == 3
    assert client.get("/recruitment/cases/?step=applied").context["rows"] == []
    unknown = client.get("/recruitment/cases/?unit_code=CB1")
    assert unknown.context["form"].errors["unit_code"] == ["No unit you can see has this code."]


def test_my_candidates_are_my_cells_cases(tree, many_cases, client_for):
    cases = many_cases(4)
    rows = client_for(tree.secretary).get("/recruitment/cases/mine/").context["rows"]
    assert {row["case"].pk for row in rows} == {cases[0].pk, cases[2].pk}
    assert client_for(tree.outsider).get("/recruitment/cases/mine/").context["rows"] == []


@pytest.mark.parametrize("n", [3, 9])
def test_the_board_reads_the_same_queries_for_few_or_many(tree, many_cases, client_for, django_assert_num_queries, n):
    many_cases(n)
    client = client_for(tree.district_officer)
    client.get("/recruitment/cases/")  # the session and scope are read once per request
    # The session, the user, the scope, the count, the page's cases, then their sources and
    # cells by id (no responsible person set here).
    with django_assert_num_queries(7):
        client.get("/recruitment/cases/")


def test_the_case_page_links_to_its_source_and_to_the_forms_its_record_can_print(tree, case, client_for):
    body = client_for(tree.secretary).get(detail_url(case)).content.decode()
    assert f'href="/recruitment/sources/{case.candidate_id}/"' in body
    assert "/forms/" not in body  # nothing to print before the application
    walk_case(case, tree.district_officer, Step.CELL_VOTED)
    body = client_for(tree.secretary).get(detail_url(case)).content.decode()
    assert f'href="/recruitment/cases/{case.pk}/forms/application.pdf"' in body
    assert f'href="/recruitment/cases/{case.pk}/forms/cell-resolution.pdf"' in body
    assert "committee-resolution.pdf" not in body


@pytest.mark.parametrize("path", ["/recruitment/cases/", "/recruitment/cases/mine/"])
def test_the_boards_link_to_the_other_recruitment_pages(tree, client_for, path):
    body = client_for(tree.secretary).get(path).content.decode()
    for link in ("/recruitment/cases/", "/recruitment/cases/mine/", "/recruitment/sources/", "/recruitment/classes/"):
        assert f'href="{link}"' in body
    assert 'href="/recruitment/progress/"' in body


def test_cancelling_the_opening_of_a_case_goes_back_to_the_source(tree, candidate, client_for):
    body = client_for(tree.secretary).get(f"/recruitment/sources/{candidate.pk}/open-case/").content.decode()
    assert f'href="/recruitment/sources/{candidate.pk}/"' in body


def test_the_advance_form_asks_for_a_reason_only_where_the_step_takes_one(tree, case, client_for):
    officer = client_for(tree.district_officer)
    response = officer.get(detail_url(case))
    assert "reason" not in response.context["advance_form"].fields
    assert "reason" in response.context["move_form"].fields  # sending back, rejecting, withdrawing: always
    walk_case(case, tree.district_officer, Step.COMMITTEE_RESOLVED)
    response = officer.get(detail_url(case))
    # The decision gives the reason for a delay past its deadline.
    assert "reason" in response.context["advance_form"].fields
    body = response.content.decode()
    assert body.count('id="id_reason"') == 1 and body.count('id="id_move_reason"') == 1


def test_only_moves_back_or_out_and_the_decision_take_a_reason():
    from sotay.recruitment import transitions
    from sotay.recruitment.services.cases import takes_reason

    taking = {(m.action, m.source) for m in transitions.TRANSITIONS if takes_reason(m)}
    advances = {m.source for m in transitions.ADVANCES if (m.action, m.source) in taking}
    assert advances == {Step.COMMITTEE_RESOLVED}
    assert all(takes_reason(m) for m in transitions.SEND_BACKS + transitions.REJECTIONS + transitions.WITHDRAWALS)


def test_opening_a_case_chooses_who_follows_it_among_those_above_the_cell(tree, candidate, client_for):
    client = client_for(tree.secretary)
    url = f"/recruitment/sources/{candidate.pk}/open-case/"
    choices = client.get(url).context["form"].fields["responsible"].queryset
    assert set(choices) == {tree.province_officer, tree.district_officer, tree.district_viewer, tree.secretary}
    refused = client.post(url, {"opened_on": "2024-03-01", "responsible": tree.outsider.pk})
    assert "responsible" in refused.context["form"].errors
    assert not AdmissionCase.objects.filter(candidate=candidate).exists()
    response = client.post(url, {"opened_on": "2024-03-01", "responsible": tree.district_officer.pk})
    assert response.status_code == 302
    assert AdmissionCase.objects.get(candidate=candidate).responsible == tree.district_officer


def test_the_responsible_person_is_changed_from_the_case_page(tree, case, client_for):
    client = client_for(tree.secretary)
    page = client.get(detail_url(case))
    url = f"/recruitment/cases/{case.pk}/responsible/"
    assert f'action="{url}"' in page.content.decode()
    response = client.post(url, {"responsible": tree.outsider.pk})
    assert response.status_code == 200 and "responsible" in response.context["responsible_form"].errors
    assert client.post(url, {"responsible": tree.province_officer.pk}).status_code == 302
    case.refresh_from_db()
    assert case.responsible == tree.province_officer
    assert client.post(url, {"responsible": ""}).status_code == 302
    case.refresh_from_db()
    assert case.responsible is None
    viewer = client_for(tree.district_viewer)
    assert viewer.get(detail_url(case)).context["responsible_form"] is None
    assert viewer.post(url, {"responsible": tree.province_officer.pk}).status_code in (403, 404)
    case.refresh_from_db()
    assert case.responsible is None


def test_a_step_s_attachment_gets_the_same_type_check_as_the_api(tree, case, client_for):
    pass_awareness(case.candidate)
    upload = SimpleUploadedFile("ghi-chu.txt", b"hello", content_type="text/plain")
    response = client_for(tree.secretary).post(
        advance_url(case), {"to_step": "awareness_certified", "occurred_on": "2024-04-15", "attachments": [upload]}
    )
    assert response.status_code == 200
    assert "ghi-chu.txt is not a PDF" in " ".join(field_errors(response, "attachments"))
    case.refresh_from_db()
    assert case.step == Step.OPENED and not CaseAttachment.objects.exists()
