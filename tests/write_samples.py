"""A valid body for every write, page or API, with the object of the other subtree to aim it at.

The district-A officer sends each body twice: aimed at district B it must answer 404 and write
nothing; aimed at district A it must succeed, which proves the body is valid, so the first answer
came from the scope check and not from a form or schema error. A write without a sample here fails
tests/test_scoping_routes.py.
"""

import base64
import datetime
from dataclasses import dataclass, field

from django.utils import timezone

from sotay.accounts.models import HandbookSwitch, SignIn
from sotay.accounts.services import token_issue
from sotay.members.services import UPDATABLE_FIELDS
from sotay.organizations.models import UnitKind
from tests.factories import (
    make_candidate,
    make_comment,
    make_course,
    make_draft,
    make_enrollment,
    make_meeting,
    make_notice,
    make_session,
    make_unit,
    open_case,
    pass_awareness,
)


@dataclass
class Aim:
    """Where a request goes: the URL's path values and the body."""

    url: dict[str, int]
    data: dict


@dataclass
class Write:
    ours: Aim  # succeeds: the body is valid
    theirs: Aim  # the same request aimed at district B: 404, nothing written
    # The same request naming a district-B unit by code in its body: answered exactly as an unknown code.
    their_code: str | None = None
    code_field: str = field(default="target_code")


def today() -> str:
    return timezone.localdate().isoformat()


NEW_MEMBER = {
    "full_name": "Hoàng Thị Yến",
    "gender": "female",
    "birth_date": "1990-02-14",
    "religion": "none",
    "general_education": "12/12",
    "professional_level": "none",
    "political_theory": "none",
    "category": "worker",
    "admitted_on": "2025-06-01",
    "status": "probationary",
}


def profile_form(member) -> dict:
    values = {name: getattr(member, name) for name in UPDATABLE_FIELDS}
    return {
        name: value.isoformat() if isinstance(value, datetime.date) else ("" if value is None else value)
        for name, value in values.items()
    } | {"phone": "0912345678"}


def _unit_create(tree):
    data = {"code": "CNEW", "name": "Chi bộ Mới", "kind": "cell", "sector": "commune", "founded_on": "2020-01-01"}
    return Write(Aim({"unit_id": tree.commune_a.pk}, data), Aim({"unit_id": tree.commune_b.pk}, data))


def _unit_rename(tree):
    data = {"name": "Chi bộ Tên Mới", "occurred_on": today()}
    return Write(Aim({"unit_id": tree.cell_a1.pk}, data), Aim({"unit_id": tree.cell_b1.pk}, data))


def _unit_move(tree):
    make_unit(tree.district_a, "Xã Kim Tây", UnitKind.GRASSROOTS, code="GA2")
    data = {"target_code": "GA2", "occurred_on": today(), "confirm": "on"}
    return Write(Aim({"unit_id": tree.cell_a2.pk}, data), Aim({"unit_id": tree.cell_b1.pk}, data), their_code="GB")


def _unit_merge(tree):
    data = {"target_code": "CA1", "occurred_on": today(), "confirm": "on"}
    return Write(Aim({"unit_id": tree.cell_a2.pk}, data), Aim({"unit_id": tree.cell_b1.pk}, data), their_code="CB1")


def _unit_dissolve(tree):
    empty = make_unit(tree.commune_a, "Chi bộ thôn Bốn", code="CA4")
    data = {"occurred_on": today(), "confirm": "on"}
    return Write(Aim({"unit_id": empty.pk}, data), Aim({"unit_id": tree.cell_b1.pk}, data))


def _member_create(tree):
    return Write(Aim({"unit_id": tree.cell_a2.pk}, NEW_MEMBER), Aim({"unit_id": tree.cell_b1.pk}, NEW_MEMBER))


def _member_edit(tree):
    data = profile_form(tree.an)
    return Write(Aim({"member_id": tree.an.pk}, data), Aim({"member_id": tree.dung.pk}, data))


def _member_status(tree):
    data = {"status": "exempt", "valid_from": today(), "reason": "Sức khỏe"}
    return Write(Aim({"member_id": tree.an.pk}, data), Aim({"member_id": tree.dung.pk}, data))


def _member_transfer(tree):
    data = {"unit_code": "CA2", "valid_from": today(), "reason": "Chuyển sinh hoạt"}
    return Write(
        Aim({"member_id": tree.an.pk}, data),
        Aim({"member_id": tree.dung.pk}, data),
        their_code="CB1",
        code_field="unit_code",
    )


def _token_revoke(tree):
    own, _raw = token_issue(actor=tree.district_officer, name="mine")
    other, _raw = token_issue(actor=tree.outsider, name="someone else's")
    return Write(Aim({"token_id": own.pk}, {}), Aim({"token_id": other.pk}, {}))


def _session_end(tree):
    own = SignIn.objects.create(user=tree.district_officer, session_key="y" * 32, device="Firefox on Windows")
    other = SignIn.objects.create(user=tree.outsider, session_key="z" * 32, device="Chrome on Android")
    return Write(Aim({"sign_in_id": own.pk}, {}), Aim({"sign_in_id": other.pk}, {}))


def _rollout_unit(tree):
    return Write(Aim({"unit_id": tree.commune_a.pk}, {"on": "1"}), Aim({"unit_id": tree.commune_b.pk}, {"on": "1"}))


def _activation_codes(tree):
    HandbookSwitch.objects.create(unit=tree.province, on=True)
    return Write(Aim({"unit_id": tree.cell_a1.pk}, {}), Aim({"unit_id": tree.cell_b1.pk}, {}))


# Admission cases (R3): a case at its first step in each district, opened on a day both can follow.
CASE_OPENED = datetime.date(2025, 2, 3)


def our_case(tree):
    source = make_candidate(tree.cell_a1, "Đỗ Thị Hoa")
    pass_awareness(source, on=CASE_OPENED)
    return open_case(source, tree.district_officer, on=CASE_OPENED)


def their_case(tree):
    return open_case(make_candidate(tree.cell_b1, "Phạm Thị Lan"), tree.outsider, on=CASE_OPENED)


def _case_advance(tree):
    data = {"to_step": "awareness_certified", "occurred_on": today(), "document_ref": "GCN-01"}
    return Write(Aim({"case_id": our_case(tree).pk}, data), Aim({"case_id": their_case(tree).pk}, data))


def _case_move(tree):
    data = {"action": "withdraw", "from_step": "opened", "occurred_on": today(), "reason": "Chuyển công tác"}
    return Write(Aim({"case_id": our_case(tree).pk}, data), Aim({"case_id": their_case(tree).pk}, data))


def _case_responsible(tree):
    data = {"responsible": tree.province_officer.pk}
    return Write(Aim({"case_id": our_case(tree).pk}, data), Aim({"case_id": their_case(tree).pk}, data))


def _case_open(tree):
    data = {"opened_on": today()}
    ours, theirs = make_candidate(tree.cell_a1, "Đỗ Thị Hoa"), make_candidate(tree.cell_b1, "Phạm Thị Lan")
    return Write(Aim({"candidate_id": ours.pk}, data), Aim({"candidate_id": theirs.pk}, data))


# Classes (R2) --------------------------------------------------------------------------------


def _classes(tree):
    """A class in each district, with a source enrolled in ours."""
    ours = make_course(tree.commune_a, "Lớp cảm tình Đảng Kim Đông")
    theirs = make_course(tree.commune_b, "Lớp cảm tình Đảng Xã Yên Thắng")
    return ours, theirs


NEW_COURSE = {
    "kind": "awareness",
    "title": "Lớp cảm tình Đảng khóa 2",
    "starts_on": "2026-03-02",
    "ends_on": "2026-03-06",
}


def _course_create(tree):
    return Write(Aim({"unit_id": tree.commune_a.pk}, NEW_COURSE), Aim({"unit_id": tree.commune_b.pk}, NEW_COURSE))


def _course_edit(tree):
    ours, theirs = _classes(tree)
    data = {
        **NEW_COURSE,
        "starts_on": ours.starts_on.isoformat(),
        "ends_on": ours.ends_on.isoformat(),
        "place": "Hội trường xã",
    }
    return Write(Aim({"course_id": ours.pk}, data), Aim({"course_id": theirs.pk}, data))


def _course_enroll(tree):
    ours, theirs = _classes(tree)
    source = make_candidate(tree.cell_a1, "Vũ Thị Hoa")
    data = {"candidates": [source.pk], "enrolled_on": ours.starts_on.isoformat()}
    return Write(Aim({"course_id": ours.pk}, data), Aim({"course_id": theirs.pk}, data))


def _session_create(tree):
    ours, theirs = _classes(tree)
    enrollment = make_enrollment(ours, make_candidate(tree.cell_a1, "Vũ Thị Hoa"))
    data = {"held_on": today(), "topic": "Bài 1", "present": [enrollment.pk]}
    return Write(Aim({"course_id": ours.pk}, data), Aim({"course_id": theirs.pk}, data))


def _session_edit(tree):
    ours, theirs = _classes(tree)
    enrollment = make_enrollment(ours, make_candidate(tree.cell_a1, "Vũ Thị Hoa"))
    data = {"held_on": today(), "topic": "Bài 2", "present": [enrollment.pk]}
    return Write(Aim({"session_id": make_session(ours).pk}, data), Aim({"session_id": make_session(theirs).pk}, data))


def _course_results(tree):
    ours, theirs = _classes(tree)
    enrollment = make_enrollment(ours, make_candidate(tree.cell_a1, "Vũ Thị Hoa"))
    data = {"result_on": today(), f"result_{enrollment.pk}": "passed", f"certificate_{enrollment.pk}": "CT-01"}
    return Write(Aim({"course_id": ours.pk}, data), Aim({"course_id": theirs.pk}, data))


def _targets_set(tree):
    body = {"year": timezone.localdate().year, "kind": "students", "value": 3}
    return Write(
        Aim({"unit_id": tree.district_a.pk}, {**body, "unit": tree.commune_a.pk}),
        Aim({"unit_id": tree.district_b.pk}, {**body, "unit": tree.commune_b.pk}),
    )


NEW_NOTICE = {"title": "Họp chi bộ tháng 12", "body": "Kính mời các đồng chí.\nĐúng giờ.", "publish_at": ""}


def _scheduled_pair(tree):
    return (
        make_notice(tree.cell_a1, "Họp chi bộ thôn Một", days_ago=-2),
        make_notice(tree.commune_b, "Thông báo Xã Yên Thắng", days_ago=-2),
    )


def _notice_create(tree):
    return Write(Aim({"unit_id": tree.commune_a.pk}, NEW_NOTICE), Aim({"unit_id": tree.commune_b.pk}, NEW_NOTICE))


def _notice_edit(tree):
    ours, theirs = _scheduled_pair(tree)
    later = (timezone.localtime() + datetime.timedelta(days=3)).strftime("%Y-%m-%dT%H:%M")
    data = {**NEW_NOTICE, "publish_at": later}
    return Write(Aim({"notice_id": ours.pk}, data), Aim({"notice_id": theirs.pk}, data))


def _notice_withdraw(tree):
    ours, theirs = _scheduled_pair(tree)
    return Write(Aim({"notice_id": ours.pk}, {}), Aim({"notice_id": theirs.pk}, {}))


NEW_SOURCE = {
    "full_name": "Đỗ Thị Hương",
    "gender": "female",
    "birth_date": "1999-03-08",
    "vietnamese_citizen": "on",
    "religion": "none",
    "general_education": "12/12",
    "category": "worker",
    "mass_organization": "youth_union",
    "identified_on": "2026-02-01",
}


def _source_create(tree):
    return Write(Aim({"unit_id": tree.cell_a2.pk}, NEW_SOURCE), Aim({"unit_id": tree.cell_b1.pk}, NEW_SOURCE))


def _source_pair(tree):
    return make_candidate(tree.cell_a1, "Ngô Văn Tâm"), make_candidate(tree.cell_b1, "Vũ Thị Hạnh")


def _source_edit(tree):
    ours, theirs = _source_pair(tree)
    data = {**NEW_SOURCE, "full_name": "Ngô Văn Tâm", "phone": "0912345678"}
    return Write(Aim({"source_id": ours.pk}, data), Aim({"source_id": theirs.pk}, data))


def _source_drop(tree):
    ours, theirs = _source_pair(tree)
    data = {"on": today(), "reason": "Chuyển đi nơi khác"}
    return Write(Aim({"source_id": ours.pk}, data), Aim({"source_id": theirs.pk}, data))


def _unit_special_area(tree):
    data = {"special_area": "highland"}
    return Write(Aim({"unit_id": tree.cell_a1.pk}, data), Aim({"unit_id": tree.cell_b1.pk}, data))


# Documents and draft resolutions (issue 8, part 4) ------------------------------------------------

NEW_DOCUMENT = {"kind": "resolution", "number": "05-NQ/ĐU", "title": "Nghị quyết về công tác phát triển đảng viên"}


def _document_create(tree):
    data = {**NEW_DOCUMENT, "issued_on": today()}
    return Write(Aim({"unit_id": tree.commune_a.pk}, data), Aim({"unit_id": tree.commune_b.pk}, data))


def later(days: int = 5) -> str:
    return (timezone.localtime() + datetime.timedelta(days=days)).strftime("%Y-%m-%dT%H:%M")


def _draft_create(tree):
    data = {"title": "Dự thảo nghị quyết tháng 12", "text": "Điều 1.\nĐiều 2.", "comment_deadline": later()}
    return Write(Aim({"unit_id": tree.cell_a1.pk}, data), Aim({"unit_id": tree.cell_b1.pk}, data))


def _draft_pair(tree):
    return make_draft(tree.cell_a1, "Dự thảo nghị quyết thôn Một"), make_draft(tree.cell_b1, "Dự thảo Xã Yên Thắng")


def as_member(tree):
    """The district officer is also a member of cell A1 (officers are party members): they comment there."""
    tree.district_officer.member = tree.an
    tree.district_officer.save()


def _draft_comment(tree):
    as_member(tree)
    ours, theirs = _draft_pair(tree)
    data = {"text": "Đề nghị bổ sung chỉ tiêu kết nạp."}
    return Write(Aim({"draft_id": ours.pk}, data), Aim({"draft_id": theirs.pk}, data))


def _comment_edit(tree):
    as_member(tree)
    ours, theirs = _draft_pair(tree)
    data = {"text": "Đề nghị bổ sung chỉ tiêu kết nạp (sửa)."}
    return Write(
        Aim({"draft_id": ours.pk, "comment_id": make_comment(ours, tree.an).pk}, data),
        Aim({"draft_id": theirs.pk, "comment_id": make_comment(theirs, tree.dung).pk}, data),
    )


def _comment_outcome(tree):
    ours, theirs = _draft_pair(tree)
    data = {"outcome": "adopted", "reply": "Đã tiếp thu vào Điều 1."}
    return Write(
        Aim({"draft_id": ours.pk, "comment_id": make_comment(ours, tree.binh).pk}, data),
        Aim({"draft_id": theirs.pk, "comment_id": make_comment(theirs, tree.dung).pk}, data),
    )


def _draft_finalize(tree):
    ours, theirs = _draft_pair(tree)
    data = {"final_text": "Nghị quyết chính thức."}
    return Write(Aim({"draft_id": ours.pk}, data), Aim({"draft_id": theirs.pk}, data))


def _meeting_pair(tree, hours_from_now=24):
    return make_meeting(tree.cell_a1, hours_from_now=hours_from_now), make_meeting(
        tree.cell_b1, "Họp Chi bộ thôn Ba", hours_from_now=hours_from_now
    )


def _meeting_fields():
    start = timezone.localtime() + datetime.timedelta(days=2)
    return {
        "kind": "regular",
        "title": "Sinh hoạt chi bộ tháng 12",
        "starts_at": start.strftime("%Y-%m-%dT%H:%M"),
        "ends_at": (start + datetime.timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"),
        "place": "Nhà văn hoá",
        "agenda": "1. Kiểm điểm",
        "publish": "on",
    }


def _meeting_create(tree):
    data = _meeting_fields()
    return Write(Aim({"unit_id": tree.cell_a1.pk}, data), Aim({"unit_id": tree.cell_b1.pk}, data))


def _meeting_edit(tree):
    ours, theirs = _meeting_pair(tree)
    data = _meeting_fields()
    return Write(Aim({"meeting_id": ours.pk}, data), Aim({"meeting_id": theirs.pk}, data))


def _meeting_publish(tree):
    ours, theirs = _meeting_pair(tree)
    return Write(Aim({"meeting_id": ours.pk}, {}), Aim({"meeting_id": theirs.pk}, {}))


def _meeting_attendance(tree):
    ours, theirs = _meeting_pair(tree, hours_from_now=-1)
    return Write(
        Aim({"meeting_id": ours.pk}, {f"status-{tree.an.pk}": "present"}),
        Aim({"meeting_id": theirs.pk}, {f"status-{tree.dung.pk}": "present"}),
    )


def _meeting_minutes(tree):
    ours, theirs = _meeting_pair(tree, hours_from_now=-3)
    data = {"minutes": "Biên bản cuộc họp."}
    return Write(Aim({"meeting_id": ours.pk}, data), Aim({"meeting_id": theirs.pk}, data))


PAGE_WRITES = {
    "recruitment:case-advance": _case_advance,
    "recruitment:case-move": _case_move,
    "recruitment:case-open": _case_open,
    "recruitment:case-responsible": _case_responsible,
    "unit-create": _unit_create,
    "unit-rename": _unit_rename,
    "unit-move": _unit_move,
    "unit-merge": _unit_merge,
    "unit-dissolve": _unit_dissolve,
    "member-create": _member_create,
    "member-edit": _member_edit,
    "member-status": _member_status,
    "member-transfer": _member_transfer,
    "token-revoke": _token_revoke,
    "session-end": _session_end,
    "rollout-unit": _rollout_unit,
    "activation-codes": _activation_codes,
    "recruitment:course-create": _course_create,
    "recruitment:course-edit": _course_edit,
    "recruitment:course-enroll": _course_enroll,
    "recruitment:course-session-create": _session_create,
    "recruitment:course-session-edit": _session_edit,
    "recruitment:course-results": _course_results,
    "recruitment:targets": _targets_set,
    "unit-special-area": _unit_special_area,
    "recruitment:source-create": _source_create,
    "recruitment:source-edit": _source_edit,
    "recruitment:source-drop": _source_drop,
    "handbook:notice-create": _notice_create,
    "handbook:notice-edit": _notice_edit,
    "handbook:notice-withdraw": _notice_withdraw,
    "handbook:document-create": _document_create,
    "handbook:draft-create": _draft_create,
    "handbook:draft-comment": _draft_comment,
    "handbook:comment-edit": _comment_edit,
    "handbook:comment-outcome": _comment_outcome,
    "handbook:draft-finalize": _draft_finalize,
    "handbook:meeting-create": _meeting_create,
    "handbook:meeting-edit": _meeting_edit,
    "handbook:meeting-publish": _meeting_publish,
    "handbook:meeting-attendance": _meeting_attendance,
    "handbook:meeting-minutes": _meeting_minutes,
}


# Pages a POST does not change, and pages that act only on the caller's own account.
READ_ONLY_PAGES = {
    "home", "my-record", "unit-tree", "unit-detail", "unit-children", "member-list", "member-detail",
    "recruitment:case-board", "recruitment:case-mine", "recruitment:case-detail", "recruitment:case-attachment",
    "recruitment:case-form",
    "recruitment:course-list", "recruitment:course-detail",
    "recruitment:progress", "recruitment:progress-xlsx", "recruitment:progress-pdf",
    "recruitment:source-list", "recruitment:source-detail",
    "rollout", "activation-sheet",
    # Opening a notice marks it read for the member who opens it, and for nobody else.
    "handbook:home", "handbook:notice-detail", "handbook:notice-attachment", "handbook:manage",
    "handbook:notice-choose-unit",
    "handbook:document-list", "handbook:document-detail", "handbook:document-file", "handbook:document-choose-unit",
    "handbook:draft-list", "handbook:draft-detail", "handbook:draft-choose-unit", "handbook:draft-manage",
    "handbook:meetings", "handbook:meeting-detail", "handbook:meeting-material", "handbook:meeting-qr",
    "handbook:meeting-report", "handbook:meeting-report-start",
}  # fmt: skip
OWN_ACCOUNT_PAGES = {"login", "logout", "tokens", "password-change", "sessions", "sessions-end-others",
                     # A member's own attendance and contribution (their scope: tests/handbook).
                     "handbook:meeting-check-in", "handbook:meeting-contribute"}  # fmt: skip
# Open to anyone: how a member first gets an account (its limits are tested in tests/accounts).
PUBLIC_PAGES = {"activate"}
# The handbook as an app: what a browser fetches without the session, and the page shown offline.
PUBLIC_PAGES |= {"handbook:manifest", "handbook:service-worker", "handbook:offline"}
PUBLIC_API_WRITES = {"POST /api/auth/activate", "POST /api/auth/token"}
# A member's own attendance and contribution, as the pages' (their scope: tests/handbook/test_meetings_api.py).
OWN_API_WRITES = {
    "POST /api/handbook/meetings/{meeting_id}/check-in",
    "PUT /api/handbook/meetings/{meeting_id}/contribution",
}


def _api_unit_create(tree):
    body = {"code": "CNEW", "name": "Chi bộ Mới", "kind": "cell", "sector": "commune"}
    return Write(Aim({}, {**body, "parent_id": tree.commune_a.pk}), Aim({}, {**body, "parent_id": tree.commune_b.pk}))


def _api_unit_rename(tree):
    body = {"name": "Chi bộ Tên Mới", "occurred_on": today()}
    return Write(Aim({"unit_id": tree.cell_a1.pk}, body), Aim({"unit_id": tree.cell_b1.pk}, body))


def _api_member_create(tree):
    body = {key: value for key, value in NEW_MEMBER.items()}
    return Write(Aim({}, {**body, "unit_id": tree.cell_a2.pk}), Aim({}, {**body, "unit_id": tree.cell_b1.pk}))


def _api_member_patch(tree):
    body = {"phone": "0912345678", "gender": "male"}
    return Write(Aim({"member_id": tree.an.pk}, body), Aim({"member_id": tree.dung.pk}, body))


def _api_case_open(tree):
    ours, theirs = make_candidate(tree.cell_a1, "Đỗ Thị Hoa"), make_candidate(tree.cell_b1, "Phạm Thị Lan")
    body = {"opened_on": today()}
    return Write(Aim({}, {**body, "candidate_id": ours.pk}), Aim({}, {**body, "candidate_id": theirs.pk}))


def _api_case_patch(tree):
    body = {"responsible_id": tree.province_officer.pk}
    return Write(Aim({"case_id": our_case(tree).pk}, body), Aim({"case_id": their_case(tree).pk}, body))


def _api_case_attachment_add(tree):
    body = {"name": "bien-ban-hop-chi-bo.pdf", "content_base64": base64.b64encode(b"%PDF-1.4 scan").decode()}
    ours, theirs = our_case(tree), their_case(tree)
    return Write(
        Aim({"case_id": ours.pk, "event_id": ours.events.get().pk}, body),
        Aim({"case_id": theirs.pk, "event_id": theirs.events.get().pk}, body),
    )


def _api_case_advance(tree):
    body = {"to_step": "awareness_certified", "occurred_on": today()}
    return Write(Aim({"case_id": our_case(tree).pk}, body), Aim({"case_id": their_case(tree).pk}, body))


def _api_case_move(tree):
    body = {"action": "reject", "occurred_on": today(), "reason": "Không đủ tiêu chuẩn"}
    return Write(Aim({"case_id": our_case(tree).pk}, body), Aim({"case_id": their_case(tree).pk}, body))


def _api_course_create(tree):
    return Write(
        Aim({}, {**NEW_COURSE, "unit_id": tree.commune_a.pk}), Aim({}, {**NEW_COURSE, "unit_id": tree.commune_b.pk})
    )


def _api_course_patch(tree):
    ours, theirs = _classes(tree)
    body = {"place": "Nhà văn hóa thôn Một"}
    return Write(Aim({"course_id": ours.pk}, body), Aim({"course_id": theirs.pk}, body))


def _api_course_enroll(tree):
    ours, theirs = _classes(tree)
    body = {"candidate_ids": [make_candidate(tree.cell_a1, "Vũ Thị Hoa").pk], "enrolled_on": ours.starts_on.isoformat()}
    return Write(Aim({"course_id": ours.pk}, body), Aim({"course_id": theirs.pk}, body))


def _api_session_record(tree):
    ours, theirs = _classes(tree)
    enrollment = make_enrollment(ours, make_candidate(tree.cell_a1, "Vũ Thị Hoa"))
    body = {"held_on": today(), "topic": "Bài 1", "present": [enrollment.pk]}
    return Write(Aim({"course_id": ours.pk}, body), Aim({"course_id": theirs.pk}, body))


def _api_session_correct(tree):
    ours, theirs = _classes(tree)
    enrollment = make_enrollment(ours, make_candidate(tree.cell_a1, "Vũ Thị Hoa"))
    body = {"held_on": today(), "topic": "Bài 2", "present": [enrollment.pk]}
    return Write(Aim({"session_id": make_session(ours).pk}, body), Aim({"session_id": make_session(theirs).pk}, body))


def _api_results_record(tree):
    ours, theirs = _classes(tree)
    enrollment = make_enrollment(ours, make_candidate(tree.cell_a1, "Vũ Thị Hoa"))
    body = {
        "result_on": today(),
        "results": [{"enrollment_id": enrollment.pk, "result": "passed", "certificate_number": "CT-01"}],
    }
    return Write(Aim({"course_id": ours.pk}, body), Aim({"course_id": theirs.pk}, body))


def _api_target_set(tree):
    body = {"year": timezone.localdate().year, "kind": "new_organizations", "value": 2}
    return Write(Aim({}, {**body, "unit_id": tree.commune_a.pk}), Aim({}, {**body, "unit_id": tree.commune_b.pk}))


def _api_source_create(tree):
    body = {key: value for key, value in NEW_SOURCE.items() if key != "vietnamese_citizen"}
    return Write(Aim({}, {**body, "unit_id": tree.cell_a2.pk}), Aim({}, {**body, "unit_id": tree.cell_b1.pk}))


def _api_source_patch(tree):
    ours, theirs = _source_pair(tree)
    body = {"phone": "0912345678", "category": "student"}
    return Write(Aim({"source_id": ours.pk}, body), Aim({"source_id": theirs.pk}, body))


def _api_source_drop(tree):
    ours, theirs = _source_pair(tree)
    body = {"on": today(), "reason": "Chuyển đi nơi khác"}
    return Write(Aim({"source_id": ours.pk}, body), Aim({"source_id": theirs.pk}, body))


def _api_unit_special_area(tree):
    body = {"special_area": "border"}
    return Write(Aim({"unit_id": tree.cell_a1.pk}, body), Aim({"unit_id": tree.cell_b1.pk}, body))


def _api_notice_publish(tree):
    body = {"title": "Họp chi bộ tháng 12", "body": "Kính mời các đồng chí.", "kinds": ["cell"]}
    return Write(Aim({}, {**body, "unit_id": tree.commune_a.pk}), Aim({}, {**body, "unit_id": tree.commune_b.pk}))


def _api_notice_patch(tree):
    ours, theirs = _scheduled_pair(tree)
    body = {"title": "Họp chi bộ tháng 12 (đổi giờ)"}
    return Write(Aim({"notice_id": ours.pk}, body), Aim({"notice_id": theirs.pk}, body))


def _api_notice_read(tree):
    ours, theirs = make_notice(tree.commune_a, "Họp xã"), make_notice(tree.commune_b, "Thông báo Xã Yên Thắng")
    return Write(Aim({"notice_id": ours.pk}, {}), Aim({"notice_id": theirs.pk}, {}))


def _api_notice_withdraw(tree):
    ours, theirs = _scheduled_pair(tree)
    return Write(Aim({"notice_id": ours.pk}, {}), Aim({"notice_id": theirs.pk}, {}))


def _api_document_publish(tree):
    pdf = base64.b64encode(b"%PDF-1.4 nq").decode()
    body = {**NEW_DOCUMENT, "issued_on": today(), "attachments": [{"name": "nq.pdf", "content_base64": pdf}]}
    return Write(Aim({}, {**body, "unit_id": tree.commune_a.pk}), Aim({}, {**body, "unit_id": tree.commune_b.pk}))


def _api_draft_publish(tree):
    body = {"title": "Dự thảo nghị quyết", "text": "Điều 1.", "comment_deadline": later() + ":00+07:00"}
    return Write(Aim({}, {**body, "unit_id": tree.cell_a1.pk}), Aim({}, {**body, "unit_id": tree.cell_b1.pk}))


def _api_comment_add(tree):
    as_member(tree)
    ours, theirs = _draft_pair(tree)
    body = {"text": "Đề nghị bổ sung chỉ tiêu."}
    return Write(Aim({"draft_id": ours.pk}, body), Aim({"draft_id": theirs.pk}, body))


def _api_comment_edit(tree):
    as_member(tree)
    ours, theirs = _draft_pair(tree)
    body = {"text": "Đề nghị bổ sung chỉ tiêu (sửa)."}
    return Write(
        Aim({"draft_id": ours.pk, "comment_id": make_comment(ours, tree.an).pk}, body),
        Aim({"draft_id": theirs.pk, "comment_id": make_comment(theirs, tree.dung).pk}, body),
    )


def _api_meeting_fields():
    start = timezone.localtime() + datetime.timedelta(days=2)
    return {
        "kind": "thematic",
        "title": "Chuyên đề học tập và làm theo tư tưởng Hồ Chí Minh",
        "starts_at": start.isoformat(),
        "ends_at": (start + datetime.timedelta(hours=2)).isoformat(),
        "place": "Nhà văn hoá",
        "agenda": "1. Chuyên đề.\n2. Thảo luận.",
    }


def _api_meeting_schedule(tree):
    body = _api_meeting_fields()
    return Write(Aim({}, {**body, "cell_id": tree.cell_a1.pk}), Aim({}, {**body, "cell_id": tree.cell_b1.pk}))


def _api_meeting_patch(tree):
    ours, theirs = _meeting_pair(tree)
    body = {"place": "Hội trường xã", "agenda": "1. Kiểm điểm.\n2. Kết nạp."}
    return Write(Aim({"meeting_id": ours.pk}, body), Aim({"meeting_id": theirs.pk}, body))


def _api_meeting_publish(tree):
    ours, theirs = make_meeting(tree.cell_a1, published_at=None), make_meeting(tree.cell_b1, published_at=None)
    return Write(Aim({"meeting_id": ours.pk}, {}), Aim({"meeting_id": theirs.pk}, {}))


def _api_meeting_roll(tree):
    ours, theirs = _meeting_pair(tree, hours_from_now=-1)
    body = {"marks": [{"member_id": tree.an.pk, "status": "excused", "reason": "Đi công tác"}]}
    return Write(Aim({"meeting_id": ours.pk}, body), Aim({"meeting_id": theirs.pk}, body))


def _api_meeting_minutes(tree):
    ours, theirs = _meeting_pair(tree, hours_from_now=-3)
    body = {"minutes": "Biên bản cuộc họp."}
    return Write(Aim({"meeting_id": ours.pk}, body), Aim({"meeting_id": theirs.pk}, body))


API_WRITES = {
    "POST /api/recruitment/cases": _api_case_open,
    "PATCH /api/recruitment/cases/{case_id}": _api_case_patch,
    "POST /api/recruitment/cases/{case_id}/advance": _api_case_advance,
    "POST /api/recruitment/cases/{case_id}/events/{event_id}/attachments": _api_case_attachment_add,
    "POST /api/recruitment/cases/{case_id}/moves": _api_case_move,
    "POST /api/units": _api_unit_create,
    "PATCH /api/units/{unit_id}": _api_unit_rename,
    "POST /api/members": _api_member_create,
    "PATCH /api/members/{member_id}": _api_member_patch,
    "POST /api/recruitment/classes": _api_course_create,
    "PATCH /api/recruitment/classes/{course_id}": _api_course_patch,
    "POST /api/recruitment/classes/{course_id}/enrollments": _api_course_enroll,
    "POST /api/recruitment/classes/{course_id}/sessions": _api_session_record,
    "POST /api/recruitment/classes/{course_id}/results": _api_results_record,
    "PUT /api/recruitment/classes/sessions/{session_id}": _api_session_correct,
    "POST /api/recruitment/targets": _api_target_set,
    "PUT /api/units/{unit_id}/special-area": _api_unit_special_area,
    "POST /api/recruitment/sources": _api_source_create,
    "PATCH /api/recruitment/sources/{source_id}": _api_source_patch,
    "POST /api/recruitment/sources/{source_id}/drop": _api_source_drop,
    "POST /api/handbook/notices": _api_notice_publish,
    "PATCH /api/handbook/notices/{notice_id}": _api_notice_patch,
    "POST /api/handbook/notices/{notice_id}/read": _api_notice_read,
    "POST /api/handbook/notices/{notice_id}/withdraw": _api_notice_withdraw,
    "POST /api/handbook/documents": _api_document_publish,
    "POST /api/handbook/drafts": _api_draft_publish,
    "POST /api/handbook/drafts/{draft_id}/comments": _api_comment_add,
    "PATCH /api/handbook/drafts/{draft_id}/comments/{comment_id}": _api_comment_edit,
    "POST /api/handbook/drafts/{draft_id}/comments/{comment_id}/outcome": _comment_outcome,
    "POST /api/handbook/drafts/{draft_id}/final": _draft_finalize,
    "POST /api/handbook/meetings": _api_meeting_schedule,
    "PATCH /api/handbook/meetings/{meeting_id}": _api_meeting_patch,
    "POST /api/handbook/meetings/{meeting_id}/publish": _api_meeting_publish,
    "PUT /api/handbook/meetings/{meeting_id}/attendance": _api_meeting_roll,
    "PUT /api/handbook/meetings/{meeting_id}/minutes": _api_meeting_minutes,
}
