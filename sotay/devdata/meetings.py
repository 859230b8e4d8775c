"""The demo's meetings: a year of monthly meetings in every cell of Yên Mô (and grassroots organization
without cells) (the handbook pilot),
with attendance and minutes, a thematic meeting each quarter, a few cells that missed some, and each
cell's next meeting scheduled with its agenda (the `member` login's cell among them, with a
contribution from a member away). Written with bulk_create."""

from __future__ import annotations

import datetime
import random

from django.utils import timezone

from sotay.handbook.models import Attendance, AttendanceSource, Contribution, Meeting, MeetingKind, holds_meetings_q
from sotay.handbook.services_meetings import ON_ROLL
from sotay.members.models import Member
from sotay.organizations.models import Unit

BATCH = 2_000
MONTHS = 12
# Of the cells (the secretary's apart): those that missed some monthly meetings or a thematic one.
MISSING_SHARE = 0.12
EXCUSES = ("Đi công tác", "Ốm", "Đi làm ăn xa", "Việc gia đình")
THEMES = (
    "Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh",
    "Xây dựng nông thôn mới",
    "Phòng, chống tham nhũng, tiêu cực",
    "Công tác phát triển đảng viên",
)
AGENDA = (
    "1. Đánh giá tình hình thực hiện nhiệm vụ tháng {last}.\n"
    "2. Phổ biến thông báo, nghị quyết của cấp trên.\n"
    "3. Nhiệm vụ tháng {month}: thu đảng phí, phân công đảng viên phụ trách hộ.\n"
    "4. Ý kiến đảng viên."
)
MINUTES = (
    "Chủ trì: Bí thư chi bộ. Đảng viên có mặt {present}/{total}.\n"
    "Chi bộ đánh giá kết quả tháng {last}, thống nhất nhiệm vụ tháng {month}.\n"
    "Cuộc họp kết thúc lúc 21 giờ 30."
)


def _at(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime(day.year, day.month, day.day, hour, minute))


def _month(today: datetime.date, back: int) -> datetime.date:
    """The first day of the month `back` months before today's (negative: after)."""
    index = today.year * 12 + today.month - 1 - back
    return datetime.date(index // 12, index % 12 + 1, 1)


def seed_meetings(district: Unit, *, secretary, now: datetime.datetime | None = None, seed: int = 2026) -> dict:
    """A year of meetings up to `now` for `district`'s cells and the next one of each; the
    secretary's cell holds every one. Call after the demo logins exist."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    rng = random.Random(seed)
    own_cell = secretary.member.unit_id
    cells = list(
        Unit.objects.filter(holds_meetings_q(), path__startswith=district.path, dissolved_on__isnull=True)
        .order_by("path")
        .values_list("pk", flat=True)
    )
    if own_cell not in cells:
        cells.append(own_cell)
    roll: dict[int, list[tuple[int, datetime.date]]] = {}
    for pk, unit_id, admitted_on in Member.objects.filter(unit_id__in=cells, status__in=ON_ROLL).values_list(
        "pk", "unit_id", "admitted_on"
    ):
        roll.setdefault(unit_id, []).append((pk, admitted_on))
    missing = {pk for pk in cells if pk != own_cell and rng.random() < MISSING_SHARE}
    meetings: list[Meeting] = []
    for cell in cells:
        missed = set(rng.sample(range(1, MONTHS + 1), rng.randint(1, 3))) if cell in missing else set()
        for back in range(MONTHS, -2, -1):  # a year ago to next month
            first = _month(today, back)
            starts_at = _at(first.replace(day=5), 19, 30)
            upcoming = starts_at > now
            if back in missed or (back == -1 and _at(today.replace(day=5), 19, 30) > now):
                continue  # not held (or this month's is still to come: the next one is this month's)
            month, last = first.month, _month(today, back + 1).month
            meetings.append(
                Meeting(
                    cell_id=cell,
                    kind=MeetingKind.REGULAR,
                    title=f"Sinh hoạt chi bộ định kỳ tháng {month}/{first.year}",
                    starts_at=starts_at,
                    ends_at=starts_at + datetime.timedelta(hours=2),
                    place="Nhà văn hoá thôn",
                    agenda=AGENDA.format(month=month, last=last),
                    published_at=starts_at - datetime.timedelta(days=7),
                    created_by=secretary,
                )
            )
            # A thematic meeting in the middle month of each quarter (some cells skip one).
            if month % 3 == 2 and not upcoming and not (cell in missing and back in missed):
                theme = THEMES[(month // 3) % len(THEMES)]
                thematic = _at(first.replace(day=20), 19, 30)
                if thematic < now:
                    meetings.append(
                        Meeting(
                            cell_id=cell,
                            kind=MeetingKind.THEMATIC,
                            title=f"Sinh hoạt chuyên đề: {theme}",
                            starts_at=thematic,
                            ends_at=thematic + datetime.timedelta(hours=2),
                            place="Nhà văn hoá thôn",
                            agenda=f"1. Báo cáo chuyên đề: {theme}.\n2. Thảo luận, liên hệ thực tế.\n3. Kết luận.",
                            published_at=thematic - datetime.timedelta(days=10),
                            created_by=secretary,
                        )
                    )
    Meeting.objects.bulk_create(meetings, batch_size=BATCH)
    held = [m for m in meetings if m.ends_at < now]
    attendance: list[Attendance] = []
    for meeting in held:
        present = total = 0
        for member_id, admitted_on in roll.get(meeting.cell_id, []):
            if admitted_on > meeting.starts_at.date():
                continue
            draw = rng.random()
            status = "present" if draw < 0.87 else "excused" if draw < 0.96 else "absent"
            total += 1
            present += status == "present"
            attendance.append(
                Attendance(
                    meeting_id=meeting.pk,
                    member_id=member_id,
                    status=status,
                    reason=rng.choice(EXCUSES) if status == "excused" else "",
                    source=AttendanceSource.QR if status == "present" and draw < 0.5 else AttendanceSource.SECRETARY,
                    recorded_by=secretary if meeting.cell_id == own_cell else None,
                    recorded_at=meeting.ends_at,
                )
            )
        month = timezone.localtime(meeting.starts_at).month
        meeting.minutes = MINUTES.format(present=present, total=total, month=month, last=month - 1 or 12)
    Meeting.objects.bulk_update(held, ["minutes"], batch_size=BATCH)
    Attendance.objects.bulk_create(attendance, batch_size=BATCH)
    # A member of the secretary's cell working far away writes in to its next meeting.
    next_ones = [m for m in meetings if m.cell_id == own_cell and m.starts_at > now]
    away = [pk for pk, _admitted in roll.get(own_cell, [])][2:3]
    contributions = (
        [
            Contribution(
                meeting_id=next_ones[0].pk,
                member_id=away[0],
                text="Em đang đi làm ăn xa, không về dự họp được. Em đã nộp đảng phí qua chuyển khoản; "
                "đề nghị chi bộ quan tâm đường điện thôn.",
            )
        ]
        if next_ones and away
        else []
    )
    Contribution.objects.bulk_create(contributions)
    return {
        "meetings": len(meetings),
        "meetings held": len(held),
        "cells that missed a meeting": len(missing),
        "attendance records": len(attendance),
    }
