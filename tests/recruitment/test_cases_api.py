"""The admission case API: boards, a case with its history, and moves with the guards' messages by field."""

import pytest
from django.test import Client

from sotay.recruitment.choices import Step
from sotay.recruitment.models import AdmissionCase, CaseAttachment, CaseEvent
from tests.api.conftest import bearer_for  # noqa: F401 - the shared fixture
from tests.factories import CASE_DATES, make_candidate, open_case, walk_case

D = CASE_DATES


@pytest.fixture
def api(bearer_for):  # noqa: F811
    def as_user(user):
        client = Client(enforce_csrf_checks=True)
        headers = bearer_for(user)

        def call(method, url, body=None):
            if method == "get":
                return client.get(url, **headers)
            return getattr(client, method)(url, body, content_type="application/json", **headers)

        return call

    return as_user


def rule_messages(response, field):
    return [e["msg"] for e in response.json()["detail"] if e["loc"] == ["body", field]]


def test_opening_and_reading_a_case(tree, candidate, api):
    call = api(tree.district_officer)
    response = call("post", "/api/recruitment/cases", {"candidate_id": candidate.pk, "opened_on": "2024-03-01"})
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["step"], body["candidate_name"], body["overdue"]) == ("opened", "Đỗ Thị Hoa", True)
    assert body["events"][0]["checks"][0]["rule"] == "citizenship"
    assert {"action": "advance", "to_step": "awareness_certified", "allowed": True} in body["moves"]
    assert call("get", f"/api/recruitment/cases/{body['id']}").json()["id"] == body["id"]


def test_advancing_with_introducers_and_a_vote(tree, case, api):
    walk_case(case, tree.district_officer, Step.APPLIED)
    call = api(tree.secretary)
    url = f"/api/recruitment/cases/{case.pk}/advance"
    introducers = [{"member_id": tree.an.pk, "shared_months": 11}, {"organization": "youth_union"}]
    short = {"to_step": "introduced", "occurred_on": "2024-05-20", "introducers": introducers}
    response = call("post", url, short)
    assert response.status_code == 422
    assert "needs at least 12 (Điều lệ Đảng, Điều 4)" in rule_messages(response, "introducers")[0]
    short["introducers"][0]["shared_months"] = 12
    response = call("post", url, short)
    assert response.status_code == 200 and response.json()["step"] == "introduced"
    assert {i["organization"] for i in response.json()["introductions"]} == {"youth_union", ""}


def test_a_vote_short_of_two_thirds_is_a_422_on_the_votes(tree, case, api):
    walk_case(case, tree.district_officer, Step.BACKGROUND_VERIFIED)
    response = api(tree.secretary)(
        "post",
        f"/api/recruitment/cases/{case.pk}/advance",
        {"to_step": "cell_voted", "occurred_on": "2024-07-15", "votes_for": 5, "votes_against": 4, "voters": 9},
    )
    assert response.status_code == 422
    assert "at least 6 are needed" in rule_messages(response, "votes_for")[0]
    assert CaseEvent.objects.filter(case=case, to_step="cell_voted").count() == 0


def test_a_committee_step_is_403_for_a_secretary(tree, case, api):
    walk_case(case, tree.district_officer, Step.COMMENTS_COLLECTED)
    response = api(tree.secretary)(
        "post",
        f"/api/recruitment/cases/{case.pk}/advance",
        {"to_step": "background_verified", "occurred_on": "2024-07-01"},
    )
    assert response.status_code == 403
    assert "Only the committee's organizing officers" in response.json()["detail"]


def test_an_introducer_out_of_sight_is_a_field_error(tree, case, api):
    walk_case(case, tree.district_officer, Step.APPLIED)
    response = api(tree.secretary)(
        "post",
        f"/api/recruitment/cases/{case.pk}/advance",
        {"to_step": "introduced", "occurred_on": "2024-05-20",
         "introducers": [{"member_id": tree.dung.pk, "shared_months": 20}, {"organization": "youth_union"}]},
    )  # fmt: skip
    assert response.status_code == 422
    assert rule_messages(response, "introducers") == [f"No member you can see has the id {tree.dung.pk}."]


def test_moves_back_and_out(tree, case, api):
    walk_case(case, tree.district_officer, Step.APPLIED)
    call = api(tree.secretary)
    url = f"/api/recruitment/cases/{case.pk}/moves"
    no_reason = call("post", url, {"action": "send_back", "occurred_on": "2024-05-02", "reason": ""})
    assert rule_messages(no_reason, "reason") == ["Give the reason."]
    back = call("post", url, {"action": "send_back", "occurred_on": "2024-05-02", "reason": "Thiếu lý lịch",
                              "from_step": "applied"})  # fmt: skip
    assert back.json()["step"] == "awareness_certified"
    stale = call("post", url, {"action": "withdraw", "occurred_on": "2024-05-02", "reason": "Xin rút",
                               "from_step": "applied"})  # fmt: skip
    assert "has moved" in rule_messages(stale, "to_step")[0]
    assert AdmissionCase.objects.get(pk=case.pk).step == Step.AWARENESS_CERTIFIED


def test_the_board_lists_overdue_first_and_only_in_scope(tree, case, api):
    other = make_candidate(tree.cell_b1, "Phạm Thị Lan", identified_on=D["opened"])
    open_case(other, tree.outsider)
    body = api(tree.district_officer)("get", "/api/recruitment/cases").json()
    assert [item["id"] for item in body["items"]] == [case.pk] and body["total"] == 1
    assert api(tree.secretary)("get", "/api/recruitment/cases?mine=true").json()["total"] == 1
    assert api(tree.district_officer)("get", "/api/recruitment/cases?step=applied").json()["total"] == 0
    assert api(tree.district_officer)("get", f"/api/recruitment/cases?unit={tree.cell_b1.pk}").status_code == 404


def test_a_case_opens_with_a_responsible_person_and_changes_them(tree, candidate, api):
    call = api(tree.secretary)
    body = {"candidate_id": candidate.pk, "opened_on": "2024-03-01", "responsible_id": tree.district_officer.pk}
    response = call("post", "/api/recruitment/cases", body)
    assert response.status_code == 201, response.content
    case = response.json()
    assert (case["responsible_id"], case["responsible_name"]) == (tree.district_officer.pk, "district_officer")
    url = f"/api/recruitment/cases/{case['id']}"
    changed = call("patch", url, {"responsible_id": tree.province_officer.pk})
    assert changed.status_code == 200 and changed.json()["responsible_id"] == tree.province_officer.pk
    assert call("patch", url, {}).json()["responsible_id"] == tree.province_officer.pk  # left out: unchanged
    assert call("patch", url, {"responsible_id": None}).json()["responsible_id"] is None
    assert AdmissionCase.objects.get(pk=case["id"]).responsible is None


def test_a_responsible_person_out_of_reach_is_answered_as_one_who_does_not_exist(tree, candidate, case, api):
    call = api(tree.district_officer)
    expected = ["Choose someone who holds a role on Chi bộ thôn Một or a unit above it."]
    for user_id in (tree.outsider.pk, 10**9):
        response = call("patch", f"/api/recruitment/cases/{case.pk}", {"responsible_id": user_id})
        assert response.status_code == 422 and rule_messages(response, "responsible_id") == expected
        other = make_candidate(tree.cell_a1, "Vũ Văn Nam")
        body = {"candidate_id": other.pk, "opened_on": "2025-03-01", "responsible_id": user_id}
        response = call("post", "/api/recruitment/cases", body)
        assert response.status_code == 422 and rule_messages(response, "responsible_id") == expected
    case.refresh_from_db()
    assert case.responsible is None
    viewer = api(tree.district_viewer)
    response = viewer("patch", f"/api/recruitment/cases/{case.pk}", {"responsible_id": tree.secretary.pk})
    assert response.status_code == 403


def b64(content: bytes) -> str:
    import base64

    return base64.b64encode(content).decode()


def attachments_url(case, event=None):
    event = event or case.events.get()
    return f"/api/recruitment/cases/{case.pk}/events/{event.pk}/attachments"


def test_a_scan_is_attached_to_a_recorded_step_and_read_back(tree, case, api):
    call = api(tree.secretary)
    scan = b"\x89PNG\r\n\x1a\n" + b"\x00" * 100
    response = call("post", attachments_url(case), {"name": "scans/bien-ban.png", "content_base64": b64(scan)})
    assert response.status_code == 201, response.content
    [added] = response.json()
    assert added["name"] == "bien-ban.png"  # the name's last part only
    read = call("get", f"/api/recruitment/cases/{case.pk}/attachments/{added['id']}")
    assert read.status_code == 200 and read["Content-Type"] == "image/png"
    assert read["Content-Disposition"] == 'attachment; filename="bien-ban.png"'
    assert b"".join(read.streaming_content) == scan
    events = call("get", f"/api/recruitment/cases/{case.pk}").json()["events"]
    assert events[0]["attachments"] == [added]
    # Another district's officer: the case, its step and its file do not exist.
    outsider = api(tree.outsider)
    assert outsider("get", f"/api/recruitment/cases/{case.pk}/attachments/{added['id']}").status_code == 404
    body = {"name": "x.pdf", "content_base64": b64(b"%PDF-1.4")}
    assert outsider("post", attachments_url(case), body).status_code == 404
    assert api(tree.district_viewer)("post", attachments_url(case), body).status_code == 403


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("notes.txt", b"hello", "notes.txt is not a PDF, a JPEG or PNG image, or an office document"),
        ("bien-ban.pdf", b"\x89PNG\r\n\x1a\n", "bien-ban.pdf does not hold what its name says: it is not a PDF file."),
        ("to-trinh.docx", b"%PDF-1.4", "to-trinh.docx does not hold what its name says: it is not a DOCX file."),
        ("empty.pdf", b"", "empty.pdf is empty."),
    ],
)
def test_a_file_that_is_not_what_a_step_takes_is_refused(tree, case, api, name, content, message):
    response = api(tree.secretary)("post", attachments_url(case), {"name": name, "content_base64": b64(content)})
    assert response.status_code == 422
    assert message in " ".join(rule_messages(response, "content_base64"))
    assert not CaseAttachment.objects.exists()


def test_a_file_over_10_mb_is_refused_and_one_of_10_mb_taken(tree, case, api, settings):
    from sotay.recruitment.services.cases import ATTACHMENT_MAX_BYTES

    call = api(tree.secretary)
    largest = b"%PDF" + b"0" * (ATTACHMENT_MAX_BYTES - 4)
    # The largest file fits in the body Django accepts (base64 is 4/3 of it, with its name around it).
    body = {"name": "ho-so-day-du.pdf", "content_base64": b64(largest)}
    response = call("post", attachments_url(case), body)
    assert response.status_code == 201, response.content[:300]
    response = call("post", attachments_url(case), {"name": "qua-lon.pdf", "content_base64": b64(largest + b"0")})
    assert response.status_code == 422
    assert rule_messages(response, "content_base64") == ["Each attachment may be at most 10 MB."]
    assert CaseAttachment.objects.count() == 1


def test_a_step_of_another_case_is_404(tree, case, api):
    other = open_case(make_candidate(tree.cell_a1, "Vũ Văn Nam"), tree.district_officer, on=D["recognized"])
    body = {"name": "x.pdf", "content_base64": b64(b"%PDF-1.4")}
    response = api(tree.secretary)("post", attachments_url(case, other.events.get()), body)
    assert response.status_code == 404
