"""The meeting pages: the member's list and home, check-in by the QR link, the secretary's roll and
forms, the committee's report; everything outside the scope is a 404."""

import datetime

from django.utils import timezone

from sotay.handbook.models import Attendance, Contribution, Meeting
from sotay.handbook.services_meetings import checkin_code
from tests.factories import make_meeting


def test_the_home_shows_the_next_meeting_with_its_agenda(tree, client_for):
    make_meeting(tree.cell_a1, "Sinh hoạt tháng 12", agenda="Bầu tổ trưởng")
    make_meeting(tree.cell_a2, "Họp thôn Hai")
    body = client_for(tree.member_user).get("/handbook/").content.decode()
    assert "Sinh hoạt tháng 12" in body and "Bầu tổ trưởng" in body and "thôn Hai" not in body


def test_the_member_list_has_next_and_past_with_own_attendance(tree, client_for, django_assert_num_queries):
    past = make_meeting(tree.cell_a1, "Tháng trước", hours_from_now=-24 * 30, minutes="Biên bản")
    Attendance.objects.create(meeting=past, member=tree.binh, status="excused", reason="Ốm", source="secretary")
    make_meeting(tree.cell_a1, "Tháng này")
    make_meeting(tree.cell_a1, "Nháp", published_at=None)
    client = client_for(tree.member_user)
    # session, user, reader ×2, upcoming and their materials, past, own marks, the user's roles
    with django_assert_num_queries(9):
        body = client.get("/handbook/meetings/").content.decode()
    for index in range(5):
        make_meeting(tree.cell_a1, f"Cũ {index}", hours_from_now=-24 * (40 + index))
    with django_assert_num_queries(9):
        client.get("/handbook/meetings/")
    assert "Tháng trước" in body and "Tháng này" in body and "Nháp" not in body and "excused" in body


def test_check_in_by_the_qr_link(tree, client_for):
    meeting = make_meeting(tree.cell_a1, hours_from_now=-0.25)
    client = client_for(tree.member_user)
    url = f"/handbook/meetings/{meeting.pk}/check-in/?code={checkin_code(meeting)}"
    page = client.get(url)
    assert page.status_code == 200 and not Attendance.objects.exists()  # opening it writes nothing
    done = client.post(url, {"code": checkin_code(meeting)}, follow=True)
    assert "You are checked in" in done.content.decode()
    assert Attendance.objects.get().source == "qr"


def test_check_in_with_a_wrong_code_is_refused_plainly(tree, client_for):
    meeting = make_meeting(tree.cell_a1, hours_from_now=-0.25)
    other = make_meeting(tree.cell_a1, hours_from_now=-0.25)
    response = client_for(tree.member_user).post(
        f"/handbook/meetings/{meeting.pk}/check-in/", {"code": checkin_code(other)}
    )
    assert response.status_code == 200 and "not this meeting" in response.content.decode()
    assert not Attendance.objects.exists()
    # Another cell's meeting is not even found.
    theirs = make_meeting(tree.cell_b1, hours_from_now=-0.25)
    assert (
        client_for(tree.member_user)
        .post(f"/handbook/meetings/{theirs.pk}/check-in/", {"code": checkin_code(theirs)})
        .status_code
        == 404
    )


def test_the_secretary_schedules_records_the_roll_and_the_minutes(tree, client_for):
    client = client_for(tree.secretary)
    start = timezone.localtime() - datetime.timedelta(hours=1)
    response = client.post(
        f"/handbook/meetings/new/{tree.cell_a1.pk}/",
        {
            "kind": "regular",
            "title": "Sinh hoạt tháng 12",
            "starts_at": start.strftime("%Y-%m-%dT%H:%M"),
            "ends_at": (start + datetime.timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"),
            "agenda": "1. Kiểm điểm",
            "publish": "on",
        },
    )
    meeting = Meeting.objects.get()
    assert response.status_code == 302 and meeting.published_at is not None
    roll = client.get(f"/handbook/meetings/{meeting.pk}/attendance/").content.decode()
    assert tree.an.full_name in roll and tree.chi.full_name not in roll
    bad = client.post(
        f"/handbook/meetings/{meeting.pk}/attendance/", {f"status-{tree.an.pk}": "excused"}
    ).content.decode()
    assert "Give the reason" in bad and not Attendance.objects.exists()
    client.post(
        f"/handbook/meetings/{meeting.pk}/attendance/",
        {f"status-{tree.an.pk}": "excused", f"reason-{tree.an.pk}": "Ốm", f"status-{tree.binh.pk}": "present"},
    )
    assert dict(Attendance.objects.values_list("member_id", "status")) == {
        tree.an.pk: "excused",
        tree.binh.pk: "present",
    }
    client.post(f"/handbook/meetings/{meeting.pk}/minutes/", {"minutes": "Biên bản họp"})
    meeting.refresh_from_db()
    assert meeting.minutes == "Biên bản họp"
    qr = client.get(f"/handbook/meetings/{meeting.pk}/qr/").content.decode()
    assert "<svg" in qr


def test_a_member_sends_a_contribution_and_may_not_manage(tree, client_for):
    meeting = make_meeting(tree.cell_a1)
    client = client_for(tree.member_user)
    client.post(f"/handbook/meetings/{meeting.pk}/contribute/", {"text": "Tôi đang công tác xa, xin góp ý."})
    assert Contribution.objects.get().member_id == tree.binh.pk
    assert client.get(f"/handbook/meetings/{meeting.pk}/attendance/").status_code == 404
    secretary_page = client_for(tree.secretary).get(f"/handbook/meetings/{meeting.pk}/").content.decode()
    assert "Tôi đang công tác xa" in secretary_page


def test_the_committee_report_lists_cells_that_missed_first(tree, client_for):
    now = timezone.localtime()
    last_month = (now.replace(day=1) - datetime.timedelta(days=1)).strftime("%Y-%m")
    held = make_meeting(tree.cell_a1, hours_from_now=0)
    held.starts_at = timezone.make_aware(datetime.datetime.strptime(last_month + "-10 08:00", "%Y-%m-%d %H:%M"))
    held.ends_at = held.starts_at + datetime.timedelta(hours=2)
    held.save()
    thematic = make_meeting(tree.cell_a1, kind="thematic")
    thematic.starts_at, thematic.ends_at = (
        held.starts_at + datetime.timedelta(days=1),
        held.ends_at + datetime.timedelta(days=1),
    )
    thematic.save()
    client = client_for(tree.district_officer)
    body = client.get(f"/handbook/meetings/report/{tree.district_a.pk}/?period={last_month}").content.decode()
    assert body.index("Chi bộ thôn Hai") < body.index("Chi bộ thôn Một")
    assert client.get(f"/handbook/meetings/report/{tree.district_b.pk}/").status_code == 404
    assert client.get(f"/handbook/meetings/report/{tree.district_a.pk}/?period=2026-13").status_code == 200
    assert client.get("/handbook/meetings/report/").status_code == 302
