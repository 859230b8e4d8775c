"""The meetings API: a member's meetings, check-in and contribution in a browser session with CSRF
enforced; the secretary's schedule, roll and minutes and the committee's report with bearer tokens."""

import base64
import datetime

import pytest
from django.test import Client
from django.utils import timezone

from sotay.accounts.services import token_issue
from sotay.handbook.models import Attendance, Contribution, Meeting
from sotay.handbook.services_meetings import checkin_code
from tests.factories import make_meeting

PDF = b"%PDF-1.7\n" + b"x" * 100


@pytest.fixture
def bearer_for():
    def headers(user):
        _token, raw = token_issue(actor=user, name="script")
        return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}

    return headers


def _csrf_client(user) -> tuple[Client, str]:
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    client.get("/handbook/")
    return client, client.cookies["csrftoken"].value


def test_a_member_reads_their_meetings_and_checks_in_with_the_csrf_token(tree, django_assert_num_queries):
    now = make_meeting(tree.cell_a1, "Sinh hoạt tháng này", hours_from_now=-0.25, agenda="1. Kiểm điểm")
    past = make_meeting(tree.cell_a1, "Tháng trước", hours_from_now=-24 * 30, minutes="Biên bản")
    Attendance.objects.create(meeting=past, member=tree.binh, status="excused", reason="Ốm", source="secretary")
    make_meeting(tree.cell_a1, "Nháp", published_at=None)
    make_meeting(tree.cell_b1, "Họp thôn Ba")
    client, token = _csrf_client(tree.member_user)
    # session, user, reader ×2, upcoming, their materials, past, own marks
    with django_assert_num_queries(8):
        mine = client.get("/api/handbook/meetings/mine").json()
    assert [m["title"] for m in mine["upcoming"]] == ["Sinh hoạt tháng này"]
    assert [(m["title"], m["my_status"], m["has_minutes"]) for m in mine["past"]] == [("Tháng trước", "excused", True)]
    detail = client.get(f"/api/handbook/meetings/{now.pk}").json()
    assert (detail["agenda"], detail["manages"], detail["my_status"]) == ("1. Kiểm điểm", False, None)
    url = f"/api/handbook/meetings/{now.pk}/check-in"
    body = {"code": checkin_code(now)}
    assert client.post(url, body, content_type="application/json").status_code == 403  # no CSRF token
    answer = client.post(url, body, content_type="application/json", HTTP_X_CSRFTOKEN=token)
    assert answer.status_code == 200, answer.content
    assert (answer.json()["status"], answer.json()["source"]) == ("present", "qr")
    assert client.get(f"/api/handbook/meetings/{now.pk}").json()["my_status"] == "present"


def test_check_in_is_refused_with_another_meetings_code_out_of_the_window_or_in_another_cell(tree, client_for):
    client = client_for(tree.member_user)
    open_now = make_meeting(tree.cell_a1, hours_from_now=-0.25)
    other = make_meeting(tree.cell_a1, "Chuyên đề", hours_from_now=-0.5)
    later = make_meeting(tree.cell_a1, "Tuần sau", hours_from_now=24 * 7)
    over = make_meeting(tree.cell_a1, "Hôm qua", hours_from_now=-24)

    def refused(meeting, code):
        answer = client.post(
            f"/api/handbook/meetings/{meeting.pk}/check-in", {"code": code}, content_type="application/json"
        )
        assert answer.status_code == 422, answer.content
        return answer.json()["detail"][0]["msg"]

    assert "not this meeting" in refused(open_now, checkin_code(other))
    assert "opens at" in refused(later, checkin_code(later))
    assert "closed" in refused(over, checkin_code(over))
    theirs = make_meeting(tree.cell_b1, hours_from_now=-0.25)
    answer = client.post(
        f"/api/handbook/meetings/{theirs.pk}/check-in", {"code": checkin_code(theirs)}, content_type="application/json"
    )
    assert answer.status_code == 404
    assert not Attendance.objects.exists()


def test_a_member_away_sends_a_contribution_and_the_secretary_reads_it(tree, client_for, bearer_for):
    meeting = make_meeting(tree.cell_a1, hours_from_now=48)
    client = client_for(tree.member_user)
    url = f"/api/handbook/meetings/{meeting.pk}/contribution"
    first = client.put(url, {"text": "Em đi làm xa, xin góp ý."}, content_type="application/json")
    assert first.status_code == 200, first.content
    again = client.put(url, {"text": "Góp ý đã sửa."}, content_type="application/json").json()
    assert (again["member_name"], again["text"]) == ("Trần Thị Bình", "Góp ý đã sửa.")
    assert Contribution.objects.count() == 1
    assert client.get(f"/api/handbook/meetings/{meeting.pk}").json()["my_contribution"] == "Góp ý đã sửa."
    # A member may not read the roll; the secretary reads it with the contributions.
    assert client.get(f"/api/handbook/meetings/{meeting.pk}/attendance").status_code == 403
    roll = Client().get(f"/api/handbook/meetings/{meeting.pk}/attendance", **bearer_for(tree.secretary)).json()
    assert [c["text"] for c in roll["contributions"]] == ["Góp ý đã sửa."]
    assert [(r["name"], r["status"]) for r in roll["rows"]] == [("Nguyễn Văn An", None), ("Trần Thị Bình", None)]


def test_the_secretary_schedules_publishes_records_the_roll_and_minutes_with_a_token(tree, bearer_for):
    client, auth = Client(enforce_csrf_checks=True), bearer_for(tree.secretary)
    start = timezone.localtime() + datetime.timedelta(days=3)
    body = {
        "cell_id": tree.cell_a1.pk,
        "kind": "thematic",
        "title": "Chuyên đề quý IV",
        "starts_at": start.isoformat(),
        "ends_at": (start + datetime.timedelta(hours=2)).isoformat(),
        "agenda": "1. Chuyên đề",
        "publish": False,
        "materials": [{"name": "tai-lieu.pdf", "content_base64": base64.b64encode(PDF).decode()}],
    }
    created = client.post("/api/handbook/meetings", body, content_type="application/json", **auth)
    assert created.status_code == 201, created.content
    meeting = created.json()
    assert (meeting["published_at"], meeting["manages"], meeting["materials"][0]["content_type"]) == (
        None,
        True,
        "application/pdf",
    )
    assert client_get_status(tree.member_user, f"/api/handbook/meetings/{meeting['id']}") == 404  # a draft
    url = f"/api/handbook/meetings/{meeting['id']}"
    assert client.post(f"{url}/publish", {}, content_type="application/json", **auth).json()["published_at"]
    assert client_get_status(tree.member_user, url) == 200
    # Move it to now: the roll is recorded once it has begun, then the minutes.
    begun = timezone.localtime() - datetime.timedelta(minutes=10)
    moved = client.patch(
        url,
        {"starts_at": begun.isoformat(), "ends_at": (begun + datetime.timedelta(hours=2)).isoformat()},
        content_type="application/json",
        **auth,
    )
    assert moved.status_code == 200, moved.content
    marks = {
        "marks": [
            {"member_id": tree.an.pk, "status": "present"},
            {"member_id": tree.binh.pk, "status": "excused", "reason": "Đi công tác"},
        ]
    }
    roll = client.put(f"{url}/attendance", marks, content_type="application/json", **auth)
    assert roll.status_code == 200, roll.content
    assert [(r["status"], r["reason"]) for r in roll.json()["rows"]] == [("present", ""), ("excused", "Đi công tác")]
    minutes = client.put(f"{url}/minutes", {"minutes": "Đủ số lượng."}, content_type="application/json", **auth)
    assert minutes.json()["minutes"] == "Đủ số lượng."
    code = client.get(f"{url}/check-in-code", **auth).json()
    assert code["url"].endswith(f"/handbook/meetings/{meeting['id']}/check-in/?code={code['code']}")


def client_get_status(user, url: str) -> int:
    client = Client()
    client.force_login(user)
    return client.get(url).status_code


def test_roll_rules_answer_as_rules(tree, bearer_for):
    meeting = make_meeting(tree.cell_a1, hours_from_now=-1)
    auth = bearer_for(tree.secretary)
    client = Client()
    excused = {"marks": [{"member_id": tree.an.pk, "status": "excused"}]}
    answer = client.put(
        f"/api/handbook/meetings/{meeting.pk}/attendance", excused, content_type="application/json", **auth
    )
    assert answer.status_code == 422 and answer.json()["detail"][0]["type"] == "rule"
    elsewhere = {"marks": [{"member_id": tree.dung.pk, "status": "present"}]}
    answer = client.put(
        f"/api/handbook/meetings/{meeting.pk}/attendance", elsewhere, content_type="application/json", **auth
    )
    assert answer.status_code == 422 and "roll" in answer.json()["detail"][0]["msg"]
    assert not Attendance.objects.exists()


def test_the_officers_list_pages_by_cursor_and_the_report_puts_misses_first(
    tree, bearer_for, django_assert_num_queries
):
    for days in range(5):
        make_meeting(tree.cell_a1, f"Họp {days}", hours_from_now=-24 * 35 * days - 1)
    make_meeting(tree.cell_b1, "Họp thôn Ba")
    client, auth = Client(), bearer_for(tree.district_officer)
    # token, user, roles, one page
    with django_assert_num_queries(4):
        first = client.get("/api/handbook/meetings?limit=3", **auth).json()
    second = client.get(f"/api/handbook/meetings?limit=3&after={first['next']}", **auth).json()
    titles = [m["title"] for m in first["items"] + second["items"]]
    assert titles == [f"Họp {d}" for d in range(5)] and second["next"] == ""
    assert client.get(f"/api/handbook/meetings?cell_id={tree.cell_b1.pk}", **auth).status_code == 404
    month = timezone.localdate() - datetime.timedelta(days=40)
    report = client.get(
        f"/api/handbook/meetings/report/{tree.commune_a.pk}?period={month.year}-{month.month:02d}", **auth
    ).json()
    assert report["rows"][0]["code"] == "CA2"  # cell A2 held none
    assert client.get(f"/api/handbook/meetings/report/{tree.commune_b.pk}", **auth).status_code == 404
    assert Meeting.objects.count() == 6
