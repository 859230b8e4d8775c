"""Meetings: scheduling, the roll, QR check-in (only this meeting's code, in its window, by its cell's
members), minutes and contributions."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from sotay.handbook import services_meetings as services
from sotay.handbook.models import Attendance, Contribution
from sotay.handbook.services_meetings import Mark, check_in, checkin_code, checkin_window
from sotay.organizations.models import UnitKind
from tests.factories import make_meeting, make_member, make_unit

PDF = b"%PDF-1.7\n" + b"x" * 100


def schedule(tree, actor=None, cell=None, **fields):
    start = timezone.now() + datetime.timedelta(days=3)
    arguments = {
        "kind": "regular",
        "title": "Sinh hoạt chi bộ tháng 12",
        "starts_at": start,
        "ends_at": start + datetime.timedelta(hours=2),
        "agenda": "1. Kiểm điểm.\r\n2. Nhiệm vụ.",
    } | fields
    return services.meeting_schedule(actor=actor or tree.secretary, cell=cell or tree.cell_a1, **arguments)


def test_a_secretary_schedules_with_materials(tree):
    meeting = schedule(tree, materials=[SimpleUploadedFile("tai-lieu.pdf", PDF)])
    assert meeting.published_at is not None
    assert meeting.agenda == "1. Kiểm điểm.\n2. Nhiệm vụ."
    assert [(m.name, m.content_type) for m in meeting.materials.all()] == [("tai-lieu.pdf", "application/pdf")]


def test_scheduling_is_for_cells_in_scope_and_checked(tree):
    with pytest.raises(PermissionDenied):
        schedule(tree, cell=tree.cell_a2)  # the secretary of cell A1 only
    with pytest.raises(ValidationError) as error:
        schedule(tree, actor=tree.district_officer, cell=tree.commune_a, title=" ")
    assert set(error.value.message_dict) == {"cell", "title"}
    start = timezone.now()
    with pytest.raises(ValidationError) as error:
        schedule(tree, starts_at=start, ends_at=start)
    assert set(error.value.message_dict) == {"ends_at"}
    with pytest.raises(ValidationError):
        schedule(tree, materials=[SimpleUploadedFile("virus.pdf", b"MZ\x90\x00")])


def test_a_grassroots_organization_without_cells_meets_as_a_cell_and_no_further_than_ten_years(tree):
    alone = make_unit(tree.district_a, "Chi bộ Trường Tiểu học Kim Đông", UnitKind.GRASSROOTS, code="GA9")
    meeting = schedule(tree, actor=tree.district_officer, cell=alone)
    assert meeting.cell == alone
    far = timezone.now() + datetime.timedelta(days=3660)
    with pytest.raises(ValidationError) as error:
        schedule(tree, starts_at=far, ends_at=far + datetime.timedelta(hours=2))
    assert set(error.value.message_dict) == {"starts_at"}


def test_the_window_opens_half_an_hour_before_and_closes_at_the_end(tree):
    meeting = make_meeting(tree.cell_a1)
    window = checkin_window(meeting)
    assert window.opens == meeting.starts_at - datetime.timedelta(minutes=30)
    assert window.closes == meeting.ends_at


def test_a_member_checks_in_with_the_code_in_the_window(tree):
    meeting = make_meeting(tree.cell_a1, hours_from_now=-0.5)
    row = check_in(actor=tree.member_user, meeting=meeting, code=checkin_code(meeting))
    assert (row.member_id, row.status, row.source) == (tree.binh.pk, "present", "qr")
    # Again is harmless: still one row.
    check_in(actor=tree.member_user, meeting=meeting, code=checkin_code(meeting))
    assert Attendance.objects.filter(meeting=meeting).count() == 1


def refusal(tree, meeting, code, now=None) -> str:
    with pytest.raises(ValidationError) as error:
        check_in(actor=tree.member_user, meeting=meeting, code=code, now=now)
    assert not Attendance.objects.filter(meeting=meeting).exists()
    return error.value.message_dict["code"][0]


def test_check_in_refuses_another_meetings_code(tree):
    meeting = make_meeting(tree.cell_a1, hours_from_now=-0.5)
    other = make_meeting(tree.cell_a1, "Chuyên đề", hours_from_now=-0.5, kind="thematic")
    assert "not this meeting's" in refusal(tree, meeting, checkin_code(other))
    assert "not this meeting's" in refusal(tree, meeting, "")
    assert "not this meeting's" in refusal(tree, meeting, checkin_code(meeting)[:-1] + "x")


def test_check_in_refuses_before_and_after_the_window(tree):
    meeting = make_meeting(tree.cell_a1, hours_from_now=2)
    code = checkin_code(meeting)
    assert "opens at" in refusal(tree, meeting, code)
    window = checkin_window(meeting)
    assert "closed" in refusal(tree, meeting, code, now=window.closes + datetime.timedelta(seconds=1))
    assert "opens at" in refusal(tree, meeting, code, now=window.opens - datetime.timedelta(seconds=1))
    check_in(actor=tree.member_user, meeting=meeting, code=code, now=window.opens)
    assert Attendance.objects.get(meeting=meeting).status == "present"


def test_check_in_refuses_another_cells_meeting(tree):
    meeting = make_meeting(tree.cell_a2, hours_from_now=-0.5)  # binh is in cell A1
    assert "not one of your cell's" in refusal(tree, meeting, checkin_code(meeting))


def test_moving_the_meeting_voids_the_old_code(tree):
    meeting = make_meeting(tree.cell_a1, hours_from_now=-0.5)
    old = checkin_code(meeting)
    meeting.starts_at -= datetime.timedelta(minutes=10)
    meeting.save()
    assert "not this meeting's" in refusal(tree, meeting, old)


def test_the_roll_records_every_member_once(tree):
    meeting = make_meeting(tree.cell_a1, hours_from_now=-1)
    services.attendance_record(
        actor=tree.secretary,
        meeting=meeting,
        marks=[Mark(tree.an.pk, "excused", "Đi công tác"), Mark(tree.binh.pk, "present")],
    )
    services.attendance_record(actor=tree.secretary, meeting=meeting, marks=[Mark(tree.binh.pk, "absent", "x")])
    rows = {a.member_id: (a.status, a.reason, a.source) for a in Attendance.objects.filter(meeting=meeting)}
    assert rows == {tree.an.pk: ("excused", "Đi công tác", "secretary"), tree.binh.pk: ("absent", "", "secretary")}


def test_the_roll_refuses_outsiders_missing_reasons_and_early_calls(tree):
    meeting = make_meeting(tree.cell_a1, hours_from_now=-1)
    with pytest.raises(ValidationError) as error:
        services.attendance_record(
            actor=tree.secretary,
            meeting=meeting,
            marks=[Mark(tree.chi.pk, "present"), Mark(tree.an.pk, "excused", " ")],
        )
    assert set(error.value.message_dict) == {"marks.0", "marks.1"}
    with pytest.raises(ValidationError):
        services.attendance_record(
            actor=tree.secretary, meeting=make_meeting(tree.cell_a1), marks=[Mark(tree.an.pk, "present")]
        )
    with pytest.raises(PermissionDenied):
        services.attendance_record(actor=tree.member_user, meeting=meeting, marks=[Mark(tree.an.pk, "present")])
    assert not Attendance.objects.exists()


def test_minutes_after_the_start_only(tree):
    with pytest.raises(ValidationError):
        services.meeting_minutes(actor=tree.secretary, meeting=make_meeting(tree.cell_a1), minutes="Biên bản")
    meeting = services.meeting_minutes(
        actor=tree.secretary, meeting=make_meeting(tree.cell_a1, hours_from_now=-3), minutes="Biên bản họp"
    )
    assert meeting.minutes == "Biên bản họp"


def test_a_member_away_sends_a_contribution_until_the_end(tree):
    meeting = make_meeting(tree.cell_a1)
    services.contribution_send(actor=tree.member_user, meeting=meeting, text="Tôi đồng ý.")
    services.contribution_send(actor=tree.member_user, meeting=meeting, text="Tôi đồng ý, bổ sung.")
    assert list(Contribution.objects.values_list("member_id", "text")) == [(tree.binh.pk, "Tôi đồng ý, bổ sung.")]
    with pytest.raises(ValidationError):
        services.contribution_send(
            actor=tree.member_user, meeting=make_meeting(tree.cell_a1, hours_from_now=-5), text="Muộn"
        )
    with pytest.raises(PermissionDenied):
        services.contribution_send(actor=tree.member_user, meeting=make_meeting(tree.cell_a2), text="Khác")


def test_the_report_puts_cells_that_missed_first(tree):
    from sotay.handbook.selectors_meetings import meeting_report, parse_period

    now = timezone.now()
    period = parse_period(f"{now.year}-Q{(now.month - 1) // 3 + 1}")
    later = period.end + datetime.timedelta(days=1)
    for month in period.month_numbers:
        start = timezone.make_aware(datetime.datetime(period.year, month, 5, 8))
        meeting = make_meeting(tree.cell_a1, hours_from_now=0, kind="regular")
        meeting.starts_at, meeting.ends_at = start, start + datetime.timedelta(hours=2)
        meeting.save()
        Attendance.objects.create(meeting=meeting, member=tree.an, status="present", source="secretary")
        Attendance.objects.create(meeting=meeting, member=tree.binh, status="absent", source="secretary")
    thematic = make_meeting(tree.cell_a1, kind="thematic")
    thematic.starts_at = period.start + datetime.timedelta(days=20)
    thematic.ends_at = thematic.starts_at + datetime.timedelta(hours=1)
    thematic.save()
    make_member(tree.cell_a2, "Đỗ Văn Em")
    report = meeting_report(tree.district_a, period, now=later)
    assert [(r.code, r.missed_months, r.missed_thematic, r.rate) for r in report.rows] == [
        ("CA2", period.month_numbers, True, None),
        ("CA1", [], False, 0.5),
    ]
    assert report.missing == 1
