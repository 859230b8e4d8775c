"""The demo's library and draft resolutions: a year of documents from each level above the
secretary's cell (and a few from every district and grassroots organization), a draft open for
comments in the secretary's cell with comments from several members (the `member` login among
them), and a past draft with outcomes and a final text. bulk_create; a fraction of a second."""

from __future__ import annotations

import datetime

from django.contrib.auth import get_user_model
from django.utils import timezone

from sotay.core.text import fold
from sotay.handbook.models import (
    Comment,
    CommentVersion,
    Document,
    DocumentKind,
    Draft,
    DraftStatus,
    Outcome,
)
from sotay.members.models import Member
from sotay.organizations.models import Unit, UnitKind

KINDS = {
    UnitKind.PROVINCE: [(DocumentKind.RESOLUTION, "Nghị quyết về phát triển kinh tế - xã hội", "NQ/TU"),
                        (DocumentKind.DIRECTIVE, "Chỉ thị về công tác phát triển đảng viên", "CT/TU")],
    UnitKind.DISTRICT: [(DocumentKind.RESOLUTION, "Nghị quyết Ban Chấp hành Đảng bộ huyện", "NQ/HU"),
                        (DocumentKind.DIRECTIVE, "Chỉ thị về kiểm điểm cuối năm", "CT/HU")],
    UnitKind.GRASSROOTS: [(DocumentKind.RESOLUTION, "Nghị quyết Đảng ủy", "NQ/ĐU"),
                          (DocumentKind.OTHER, "Kế hoạch phát triển đảng viên", "KH/ĐU")],
    UnitKind.CELL: [(DocumentKind.MEETING_MATERIAL, "Tài liệu sinh hoạt chi bộ", "TL/CB")],
}  # fmt: skip


def _document(unit: Unit, index: int, today: datetime.date, actor) -> Document:
    kind, title, suffix = KINDS[UnitKind(unit.kind)][index % len(KINDS[UnitKind(unit.kind)])]
    issued_on = today - datetime.timedelta(days=30 * index + 3)
    number = f"{index + 1:02d}-{suffix}"
    title = f"{title} tháng {issued_on.month}/{issued_on.year}"
    return Document(
        unit=unit,
        kind=kind,
        number=number,
        title=title,
        title_key=fold(f"{number} {title}"),
        issued_on=issued_on,
        year=issued_on.year,
        summary=f"{title} ({unit.name}).",
        created_by=actor,
    )


def seed_library(cell: Unit, *, now: datetime.datetime | None = None) -> dict[str, int]:
    """Documents for the year along `cell`'s line and at each district and grassroots organization
    of its province, and two drafts in `cell`; call after the demo logins exist."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    users = get_user_model().objects
    officer, secretary = users.get(username="province"), users.get(username="secretary")
    line = list(Unit.objects.filter(path__in=[cell.path[:end] for end in range(4, len(cell.path) + 1, 4)]))
    province = next((u for u in line if u.kind == UnitKind.PROVINCE), line[0])
    others = Unit.objects.filter(
        path__startswith=province.path, kind__in=[UnitKind.DISTRICT, UnitKind.GRASSROOTS], dissolved_on__isnull=True
    ).exclude(pk__in=[u.pk for u in line])
    documents = [_document(u, i, today, officer) for u in line if u.kind in KINDS for i in range(12)]
    documents += [_document(u, i, today, officer) for u in others.only("pk", "name", "kind") for i in range(2)]
    Document.objects.bulk_create(documents, batch_size=2_000)

    members = list(Member.objects.filter(unit=cell).order_by("id")[:6])
    open_draft = Draft.objects.create(
        unit=cell, title=f"Dự thảo nghị quyết chi bộ tháng {today.month}/{today.year}", created_by=secretary,
        text="Điều 1. Đánh giá kết quả lãnh đạo tháng qua.\nĐiều 2. Nhiệm vụ tháng tới: kết nạp 01 đảng viên.",
        comment_deadline=now + datetime.timedelta(days=5), published_at=now - datetime.timedelta(days=2),
    )  # fmt: skip
    past = Draft.objects.create(
        unit=cell, title="Dự thảo nghị quyết chi bộ quý trước", created_by=secretary,
        text="Điều 1. Nhiệm vụ quý.\nĐiều 2. Tổ chức thực hiện.", status=DraftStatus.FINAL,
        comment_deadline=now - datetime.timedelta(days=40), published_at=now - datetime.timedelta(days=50),
        final_text="Điều 1. Nhiệm vụ quý, có bổ sung chỉ tiêu kết nạp.\nĐiều 2. Tổ chức thực hiện.",
        finalized_at=now - datetime.timedelta(days=35),
    )  # fmt: skip
    texts = ["Đề nghị bổ sung chỉ tiêu kết nạp đảng viên.", "Nên ghi rõ thời hạn hoàn thành.",
             "Đồng ý với dự thảo.", "Đề nghị phân công cụ thể từng đồng chí."]  # fmt: skip
    comments: list[Comment] = []
    for index, member in enumerate(members[1:] or members):
        text = texts[index % len(texts)]
        at = now - datetime.timedelta(days=1, hours=index)
        comments.append(Comment(draft=open_draft, member=member, text=text, created_at=at, updated_at=at))
        decided = [Outcome.ADOPTED, Outcome.NOT_ADOPTED][index % 2]
        at = now - datetime.timedelta(days=45, hours=index)
        comments.append(Comment(draft=past, member=member, text=text, created_at=at, updated_at=at, outcome=decided,
                                reply="Đã tiếp thu." if decided == Outcome.ADOPTED else "Giữ như dự thảo.",
                                decided_at=now - datetime.timedelta(days=36), decided_by=secretary))  # fmt: skip
    Comment.objects.bulk_create(comments)
    CommentVersion.objects.bulk_create(CommentVersion(comment=c, text=c.text, saved_at=c.created_at) for c in comments)
    return {"documents": len(documents), "drafts": 2, "draft comments": len(comments)}
