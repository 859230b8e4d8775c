"""The demo's notices: a year of them from every level of the demo province (the province, each
district, each grassroots organization, each cell), a few scheduled for the coming days, and the
`member` login having read most of theirs. Written with bulk_create; a few seconds on SQLite."""

from __future__ import annotations

import datetime
import random

from django.contrib.auth import get_user_model
from django.utils import timezone

from sotay.handbook.models import Notice, NoticeRead, feed_q, kinds_key, reader
from sotay.organizations.models import Unit, UnitKind

BATCH = 2_000
# Notices a year from one unit of each kind, and what they are about.
PER_YEAR = {UnitKind.PROVINCE: 60, UnitKind.DISTRICT: 24, UnitKind.GRASSROOTS: 12, UnitKind.CELL: 6}
SUBJECTS: dict[str, list[tuple[str, tuple[str, ...]]]] = {
    UnitKind.PROVINCE: [
        ("Triển khai Nghị quyết Hội nghị Trung ương", ()),
        ("Hướng dẫn kiểm điểm, đánh giá, xếp loại chất lượng cuối năm", ("grassroots",)),
        ("Kế hoạch học tập chuyên đề năm", ()),
        ("Thông báo kết luận của Ban Thường vụ Tỉnh ủy", ()),
    ],
    UnitKind.DISTRICT: [
        ("Lịch tiếp xúc cử tri", ()),
        ("Hướng dẫn thu, nộp đảng phí", ("grassroots", "cell")),
        ("Tài liệu sinh hoạt chi bộ tháng", ("cell",)),
    ],
    UnitKind.GRASSROOTS: [
        ("Thông báo họp Đảng ủy mở rộng", ()),
        ("Kế hoạch phát triển đảng viên", ()),
        ("Phân công đảng viên phụ trách hộ gia đình", ("cell",)),
    ],
    UnitKind.CELL: [
        ("Thông báo sinh hoạt chi bộ định kỳ", ()),
        ("Sinh hoạt chuyên đề quý", ()),
        ("Dự thảo nghị quyết chi bộ — góp ý trước kỳ họp", ()),
    ],
}
BODY = (
    "Kính gửi các đồng chí đảng viên,\n\n{subject} ({unit}).\n"
    "Đề nghị các đồng chí nghiên cứu tài liệu kèm theo và tham dự đầy đủ, đúng giờ.\n\nT/M {unit}"
)


def seed_handbook(province: Unit, *, now: datetime.datetime | None = None, seed: int = 2026) -> dict[str, int]:
    """Create a year of notices up to `now` under `province`, a few scheduled after it, and the
    demo `member`'s read marks; call after the demo logins exist."""
    now = now or timezone.now()
    rng = random.Random(seed)
    actor = get_user_model().objects.get(username="province")
    units = list(
        Unit.objects.filter(path__startswith=province.path, kind__in=list(PER_YEAR), dissolved_on__isnull=True)
        .only("pk", "name", "kind")
        .order_by("path")
    )
    rows: list[Notice] = []
    scheduled = 0
    for unit in units:
        count = PER_YEAR[UnitKind(unit.kind)]
        for index in range(count):
            subject, kinds = SUBJECTS[UnitKind(unit.kind)][index % len(SUBJECTS[UnitKind(unit.kind)])]
            days_ago = rng.uniform(0, 365)
            if index == count - 1 and rng.random() < 0.3:  # the unit's next one, not out yet
                days_ago = -rng.uniform(0.5, 14)
                scheduled += 1
            rows.append(
                Notice(
                    unit_id=unit.pk,
                    title=subject,
                    body=BODY.format(subject=subject, unit=unit.name),
                    publish_at=now - datetime.timedelta(days=days_ago),
                    target_kinds=kinds_key(kinds),
                    created_by=actor,
                )
            )
    Notice.objects.bulk_create(rows, batch_size=BATCH)
    read = _read_most(now)
    return {"notices": len(rows), "notices scheduled": scheduled, "notices read by member": read}


def _read_most(now: datetime.datetime) -> int:
    """The demo member has read what came before the last fortnight and every other one since,
    but not the newest three: their home opens with something unread."""
    user = get_user_model().objects.filter(username="member").first()
    who = reader(user)
    if who is None:
        return 0
    fortnight = now - datetime.timedelta(days=14)
    feed = Notice.objects.filter(feed_q(who, now)).only("pk", "publish_at").order_by("-publish_at", "-pk")
    reads = [
        NoticeRead(notice_id=notice.pk, member_id=who.member_id, read_at=notice.publish_at)
        for index, notice in enumerate(feed)
        if index >= 3 and (notice.publish_at < fortnight or index % 2)
    ]
    NoticeRead.objects.bulk_create(reads, batch_size=BATCH, ignore_conflicts=True)
    return len(reads)
