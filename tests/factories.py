"""Factories for the tests, and `OrgTree`: the small named tree every permission test shares."""

import datetime
from dataclasses import dataclass

import factory
from django.contrib.auth import get_user_model

from sotay.accounts.models import RoleAssignment
from sotay.accounts.roles import Role
from sotay.accounts.services import system_actor
from sotay.members.choices import Category, Education, Gender, Religion, Status
from sotay.members.models import Member
from sotay.members.services import member_create
from sotay.organizations.models import Sector, Unit, UnitKind
from sotay.recruitment.choices import CaseAction, CourseKind, MassOrganization, SourceCategory, Step
from sotay.recruitment.models import (
    AdmissionCase,
    Candidate,
    CaseEvent,
    Course,
    CourseSession,
    Enrollment,
    Introduction,
)
from sotay.recruitment.tallies import categories_of, count_admission


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.PostGenerationMethodCall("set_password", "pw-for-tests")

    @classmethod
    def _after_postgeneration(cls, instance, create, results=None):
        if create:
            instance.save()


def make_unit(parent: Unit | None, name: str, kind: str = UnitKind.CELL, code: str | None = None) -> Unit:
    unit = Unit(
        code=code or name.upper().replace(" ", "-")[:32],
        name=name,
        kind=kind,
        sector=Sector.COMMUNE,
        founded_on=datetime.date(2000, 1, 1),
    )
    if parent is None:
        return Unit.objects.add_root(instance=unit)
    unit = Unit.objects.add_child(parent, instance=unit)
    parent.refresh_from_db()
    return unit


_member_serial = iter(range(1, 10**9))


def make_member(unit: Unit, name: str = "Nguyễn Văn An", **profile) -> Member:
    serial = next(_member_serial)
    data = {
        "full_name": name,
        "gender": Gender.MALE,
        "birth_date": datetime.date(1980, 5, 17),
        "category": Category.FARMER,
        "admitted_on": datetime.date(2010, 3, 2),
        "recognized_on": datetime.date(2011, 3, 2),
        "religion": Religion.NONE,
        "card_number": f"T{serial:08d}",
        **profile,
    }
    status = Status.FULL if data.get("recognized_on") else Status.PROBATIONARY
    return member_create(actor=superuser(), unit=unit, profile=data, status=status)


def superuser():
    user, _ = get_user_model().objects.get_or_create(username="root", defaults={"is_superuser": True, "is_staff": True})
    return user


def grant(user, unit: Unit, role: str) -> None:
    RoleAssignment.objects.create(user=user, unit=unit, role=role)
    user.__dict__.pop("_scope_paths", None)


@dataclass
class OrgTree:
    """province ─┬─ district_a ── commune_a ─┬─ cell_a1 (an, binh)
    │                           └─ cell_a2 (chi)
    └─ district_b ── commune_b ─── cell_b1 (dung)"""

    province: Unit
    district_a: Unit
    commune_a: Unit
    cell_a1: Unit
    cell_a2: Unit
    district_b: Unit
    commune_b: Unit
    cell_b1: Unit
    an: Member
    binh: Member
    chi: Member
    dung: Member
    province_officer: object
    district_officer: object
    district_viewer: object
    secretary: object
    member_user: object
    outsider: object
    system: object


def build_org_tree() -> OrgTree:
    central = make_unit(None, "Trung ương", UnitKind.CENTRAL, code="TW")
    province = make_unit(central, "Tỉnh Thử", UnitKind.PROVINCE, code="P")
    district_a = make_unit(province, "Huyện Kim Sơn", UnitKind.DISTRICT, code="DA")
    commune_a = make_unit(district_a, "Xã Kim Đông", UnitKind.GRASSROOTS, code="GA")
    cell_a1 = make_unit(commune_a, "Chi bộ thôn Một", code="CA1")
    cell_a2 = make_unit(commune_a, "Chi bộ thôn Hai", code="CA2")
    district_b = make_unit(province, "Huyện Yên Mô", UnitKind.DISTRICT, code="DB")
    commune_b = make_unit(district_b, "Xã Yên Thắng", UnitKind.GRASSROOTS, code="GB")
    cell_b1 = make_unit(commune_b, "Chi bộ thôn Ba", code="CB1")
    an = make_member(cell_a1, "Nguyễn Văn An", religion=Religion.CATHOLICISM, ethnicity="Kinh")
    binh = make_member(cell_a1, "Trần Thị Bình", gender=Gender.FEMALE)
    chi = make_member(
        cell_a2,
        "Lê Minh Chí",
        birth_date=datetime.date(2000, 1, 1),
        recognized_on=None,
        admitted_on=datetime.date(2026, 1, 5),
        category=Category.STUDENT,
    )
    dung = make_member(cell_b1, "Phạm Đức Dũng", religion=Religion.BUDDHISM)
    users = {
        name: UserFactory(username=name)
        for name in ("province_officer", "district_officer", "district_viewer", "secretary", "member_user", "outsider")
    }
    grant(users["province_officer"], province, Role.OFFICER)
    grant(users["district_officer"], district_a, Role.OFFICER)
    grant(users["district_viewer"], district_a, Role.VIEWER)
    grant(users["secretary"], cell_a1, Role.SECRETARY)
    users["member_user"].member = binh
    users["member_user"].save()
    grant(users["outsider"], district_b, Role.OFFICER)
    for unit in (province, district_a, commune_a, cell_a1, cell_a2, district_b, commune_b, cell_b1):
        unit.refresh_from_db()
    return OrgTree(
        province,
        district_a,
        commune_a,
        cell_a1,
        cell_a2,
        district_b,
        commune_b,
        cell_b1,
        an,
        binh,
        chi,
        dung,
        system=system_actor(),
        **users,
    )


def make_candidate(unit: Unit, name: str = "Trần Thị Bình", **profile) -> Candidate:
    """A source in `unit`, eligible by default: 25 years old, upper-secondary education, no religion."""
    data = {
        "full_name": name,
        "gender": Gender.FEMALE,
        "birth_date": datetime.date(2000, 4, 9),
        "category": SourceCategory.YOUTH_UNION,
        "mass_organization": MassOrganization.YOUTH_UNION,
        "general_education": Education.UPPER_SECONDARY,
        "identified_on": datetime.date(2025, 1, 6),
        **profile,
    }
    return Candidate.objects.create(unit=unit, **data)


# --- Official forms (R4): admission cases and their recorded steps, written as rows ---------------
# The case services (R3) are not used here on purpose: the forms read only what the rows say.

# The procedure up to recognition, with the document and the votes each step records.
PROCEDURE_RECORD = [
    (Step.OPENED, "", None),
    (Step.AWARENESS_CERTIFIED, "GCN 112/TTCT", None),
    (Step.APPLIED, "", None),
    (Step.INTRODUCED, "", None),
    (Step.COMMENTS_COLLECTED, "", None),
    (Step.BACKGROUND_VERIFIED, "", None),
    (Step.CELL_VOTED, "05-NQ/CB", (8, 1, 9)),
    (Step.COMMITTEE_RESOLVED, "Số 12-NQ/ĐU", (11, 0, 13)),
    (Step.ADMITTED, "345-QĐ/HU", None),
    (Step.SWORN_IN, "", None),
    (Step.PROBATION_REVIEWED, "", None),
    (Step.RECOGNITION_VOTED, "21-NQ/CB", (9, 0, 9)),
    (Step.RECOGNIZED, "678-QĐ/HU", None),
]


def record_step(
    case: AdmissionCase,
    to_step: str,
    *,
    on: datetime.date,
    actor,
    action: str = CaseAction.ADVANCE,
    document_ref: str = "",
    votes: tuple[int, int, int] | None = None,
    reason: str = "",
) -> CaseEvent:
    """One recorded move of `case`, which then stands at `to_step`."""
    votes_for, votes_against, voters = votes or (None, None, None)
    event = CaseEvent.objects.create(
        case=case,
        action=action,
        from_step=case.step,
        to_step=to_step,
        occurred_on=on,
        document_ref=document_ref,
        reason=reason,
        votes_for=votes_for,
        votes_against=votes_against,
        voters=voters,
        actor=actor,
    )
    case.step, case.step_on = to_step, on
    if to_step == Step.ADMITTED:
        case.admitted_on = on
    case.save()
    return event


def make_case(candidate: Candidate, *, until: str = Step.RECOGNIZED, start: datetime.date, actor) -> AdmissionCase:
    """A case for `candidate` in their cell, every step up to `until` recorded a week after the one
    before it, the cell's vote landing on `start` + 6 weeks."""
    case = AdmissionCase.objects.create(
        candidate=candidate, unit=candidate.unit, step=Step.OPENED, step_on=start, opened_on=start
    )
    for week, (step, document_ref, votes) in enumerate(PROCEDURE_RECORD):
        on = start + datetime.timedelta(weeks=week)
        if step == Step.OPENED:
            CaseEvent.objects.create(case=case, action=CaseAction.ADVANCE, to_step=step, occurred_on=on, actor=actor)
        else:
            record_step(case, step, on=on, actor=actor, document_ref=document_ref, votes=votes)
        if step == until:
            break
    return case


def make_walked_case(tree: OrgTree, name: str = "Đỗ Thị Ngọc Diễm") -> AdmissionCase:
    """A teacher in cell_a1 walked from source (4 May 2026) to full member, the cell voting on
    15 June 2026, introduced by An and by the Youth Union."""
    start = datetime.date(2026, 5, 4)
    candidate = make_candidate(
        tree.cell_a1,
        name,
        birth_date=datetime.date(2001, 3, 8),
        address="Thôn Một, xã Kim Đông, huyện Kim Sơn",
        occupation="Giáo viên Trường Tiểu học Kim Đông",
    )
    case = make_case(candidate, start=start, actor=tree.secretary)
    Introduction.objects.create(case=case, introducer=tree.an, shared_months=14, introduced_on=start)
    Introduction.objects.create(case=case, organization=MassOrganization.YOUTH_UNION, introduced_on=start)
    return case


# Admission cases (R3) ------------------------------------------------------------------------------

# A case's steps on dates in order, all in the past, the probation over before the recognition.
CASE_DATES = {
    "opened": datetime.date(2024, 3, 1),
    "awareness_passed": datetime.date(2024, 4, 10),
    "awareness_certified": datetime.date(2024, 4, 15),
    "applied": datetime.date(2024, 5, 2),
    "introduced": datetime.date(2024, 5, 20),
    "comments_collected": datetime.date(2024, 6, 10),
    "background_verified": datetime.date(2024, 7, 1),
    "cell_voted": datetime.date(2024, 7, 15),
    "committee_resolved": datetime.date(2024, 8, 1),
    "admitted": datetime.date(2024, 8, 20),
    "sworn_in": datetime.date(2024, 9, 2),
    "probation_reviewed": datetime.date(2025, 8, 20),
    "recognition_voted": datetime.date(2025, 8, 25),
    "recognized": datetime.date(2025, 9, 10),
}


def pass_awareness(candidate: Candidate, on: datetime.date = CASE_DATES["awareness_passed"], number: str = "NT-001"):
    from sotay.recruitment.choices import CourseKind, CourseResult
    from sotay.recruitment.models import Course, Enrollment

    course = Course.objects.create(
        unit=candidate.unit,
        kind=CourseKind.AWARENESS,
        title="Lớp bồi dưỡng nhận thức về Đảng",
        starts_on=on - datetime.timedelta(days=5),
        ends_on=on,
    )
    return Enrollment.objects.create(
        course=course,
        candidate=candidate,
        enrolled_on=course.starts_on,
        result=CourseResult.PASSED,
        result_on=on,
        certificate_number=number,
    )


def open_case(candidate: Candidate, actor, on: datetime.date = CASE_DATES["opened"]):
    from sotay.recruitment.services.cases import case_open

    return case_open(actor=actor, candidate=candidate, opened_on=on)


def advance_args(case, to: str) -> dict:
    """A valid record of the step `to` for a case in a cell with two full members (the OrgTree's cell_a1)."""
    from sotay.recruitment.choices import Step
    from sotay.recruitment.services.cases import IntroducerIn, Votes

    full = list(Member.objects.filter(unit=case.unit, status=Status.FULL).order_by("id")[:2])
    args: dict = {"to_step": to, "occurred_on": CASE_DATES[to]}
    if to == Step.INTRODUCED:
        args["introducers"] = [IntroducerIn(member=m, shared_months=24) for m in full]
    if to in (Step.CELL_VOTED, Step.RECOGNITION_VOTED, Step.COMMITTEE_RESOLVED):
        args["votes"] = Votes(votes_for=2, votes_against=0, voters=2)
    if to in (Step.COMMITTEE_RESOLVED, Step.ADMITTED, Step.RECOGNIZED):
        args["document_ref"] = f"{to}-01"
    if to == Step.ADMITTED:
        args["member_category"] = Category.WORKER
    if to == Step.SWORN_IN:
        args["guide"] = full[0]
    return args


def walk_case(case, actor, to: str):
    """Record every step of `case` up to `to` (awareness class passed on the way)."""
    from sotay.recruitment.services.cases import case_advance
    from sotay.recruitment.transitions import next_step

    while case.step != to:
        step = next_step(case.step)
        assert step is not None, f"{to} is not ahead of {case.step}"
        if step == "awareness_certified" and not case.candidate.enrollments.exists():
            pass_awareness(case.candidate)
        case_advance(actor=actor, case=case, **advance_args(case, step))
    return case


# Classes (R2) ---------------------------------------------------------------------------------


def make_course(
    unit: Unit,
    title: str = "Lớp bồi dưỡng nhận thức về Đảng",
    kind: str = CourseKind.AWARENESS,
    starts_on: datetime.date | None = None,
    ends_on: datetime.date | None = None,
    **fields,
) -> Course:
    """A class held by `unit`; by default an awareness class running from 30 days ago to 30 days ahead."""
    today = datetime.date.today()
    if kind == CourseKind.SUPPLEMENTARY:
        fields.setdefault("grants_education", Education.LOWER_SECONDARY)
    return Course.objects.create(
        unit=unit,
        kind=kind,
        title=title,
        starts_on=starts_on or today - datetime.timedelta(days=30),
        ends_on=ends_on or today + datetime.timedelta(days=30),
        **fields,
    )


def make_enrollment(course: Course, candidate: Candidate, **fields) -> Enrollment:
    fields.setdefault("enrolled_on", course.starts_on)
    return Enrollment.objects.create(course=course, candidate=candidate, **fields)


def make_session(course: Course, held_on: datetime.date | None = None, topic: str = "") -> CourseSession:
    return CourseSession.objects.create(course=course, held_on=held_on or course.starts_on, topic=topic)


# -- targets and progress (R5) --------------------------------------------------------------------


def make_admission(cell: Unit, day: datetime.date, name: str = "Đỗ Thị Hoa", **profile) -> AdmissionCase:
    """A source admitted on `day` in `cell`, counted as the admission decision counts it: a
    candidate, the probationary member, the case at ADMITTED and the tallies."""
    member_category = profile.pop("member_category", Category.WORKER)
    candidate = make_candidate(cell, name, identified_on=day - datetime.timedelta(days=200), **profile)
    member = make_member(
        cell,
        name,
        birth_date=candidate.birth_date,
        gender=candidate.gender,
        religion=candidate.religion,
        category=member_category,
        admitted_on=day,
        recognized_on=None,
    )
    case = AdmissionCase.objects.create(
        candidate=candidate,
        unit=cell,
        step=Step.ADMITTED,
        step_on=day,
        opened_on=day - datetime.timedelta(days=100),
        member=member,
        admitted_on=day,
    )
    count_admission(unit_id=cell.pk, day=day, categories=categories_of(candidate, member.category, day))
    return case


# R1 sources


def source_profile(**overrides) -> dict:
    """A valid profile for `source_create`: an eligible young worker from the Youth Union."""
    return {
        "full_name": "Đỗ Thị Hương",
        "gender": Gender.FEMALE,
        "birth_date": datetime.date(1999, 3, 8),
        "general_education": Education.UPPER_SECONDARY,
        "category": SourceCategory.WORKER,
        "mass_organization": MassOrganization.YOUTH_UNION,
        "identified_on": datetime.date(2026, 2, 1),
        **overrides,
    }


def switch_handbook_on(unit: Unit):
    """The handbook switched on for `unit`'s subtree, as an officer would."""
    from sotay.accounts.models import HandbookSwitch

    return HandbookSwitch.objects.create(unit=unit, on=True)


def issue_code(member: Member, actor=None) -> str:
    """A fresh activation code for `member` (the handbook must be on for their cell); the raw code."""
    from sotay.accounts.services.activation import codes_issue

    issue = codes_issue(actor=actor or superuser(), unit=member.unit, member_id=member.pk)
    return issue.issued[0].code


# Handbook: notices


def make_notice(unit: Unit, title: str = "Thông báo họp chi bộ", *, days_ago: float = 1, **fields):
    """A notice of `unit`, out `days_ago` days ago (negative: scheduled for later), written as a row."""
    from django.utils import timezone

    from sotay.handbook.models import Notice, kinds_key

    kinds = fields.pop("kinds", ())
    created_by = fields.pop("created_by", None) or system_actor()
    return Notice.objects.create(
        unit=unit,
        title=title,
        body=fields.pop("body", "Nội dung thông báo.\nDòng thứ hai."),
        publish_at=timezone.now() - datetime.timedelta(days=days_ago),
        target_kinds=kinds_key(kinds),
        created_by=created_by,
        **fields,
    )


# Handbook: documents and draft resolutions


def make_document(unit: Unit, title: str = "Nghị quyết chi bộ", *, kind: str = "resolution", **fields):
    """A document of `unit` issued on `issued_on` (default 2026-01-15), written as a row."""
    from sotay.handbook.models import Document

    document = Document(
        unit=unit,
        kind=kind,
        title=title,
        number=fields.pop("number", ""),
        issued_on=fields.pop("issued_on", datetime.date(2026, 1, 15)),
        created_by=fields.pop("created_by", None) or system_actor(),
        **fields,
    )
    document.save()
    return document


def make_document_file(document, name: str = "nghi-quyet.pdf", content: bytes = b"%PDF-1.7 scan"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from sotay.handbook.models import DocumentFile

    return DocumentFile.objects.create(
        document=document,
        file=SimpleUploadedFile(name, content),
        name=name,
        size=len(content),
        content_type="application/pdf",
    )


def make_draft(unit: Unit, title: str = "Dự thảo nghị quyết chi bộ", *, days_left: float = 7, **fields):
    """A draft of `unit` open for comments for `days_left` more days (negative: closed)."""
    from django.utils import timezone

    from sotay.handbook.models import Draft

    return Draft.objects.create(
        unit=unit,
        title=title,
        text=fields.pop("text", "Điều 1. Nội dung dự thảo.\nĐiều 2. Tổ chức thực hiện."),
        comment_deadline=timezone.now() + datetime.timedelta(days=days_left),
        created_by=fields.pop("created_by", None) or system_actor(),
        **fields,
    )


def make_comment(draft, member: Member, text: str = "Đề nghị bổ sung chỉ tiêu.", **fields):
    from sotay.handbook.models import Comment, CommentVersion

    comment = Comment.objects.create(draft=draft, member=member, text=text, **fields)
    CommentVersion.objects.create(comment=comment, text=text)
    return comment


def make_meeting(cell: Unit, title: str = "Sinh hoạt chi bộ thường kỳ", *, hours_from_now: float = 24, **fields):
    """A published meeting of `cell` starting `hours_from_now` (negative: in the past), two hours long."""
    from django.utils import timezone

    from sotay.handbook.models import Meeting

    starts_at = timezone.now() + datetime.timedelta(hours=hours_from_now)
    return Meeting.objects.create(
        cell=cell,
        title=title,
        kind=fields.pop("kind", "regular"),
        starts_at=starts_at,
        ends_at=fields.pop("ends_at", starts_at + datetime.timedelta(hours=2)),
        place=fields.pop("place", "Nhà văn hoá thôn"),
        agenda=fields.pop("agenda", "1. Kiểm điểm tháng.\n2. Nhiệm vụ tháng tới."),
        published_at=fields.pop("published_at", timezone.now()),
        created_by=fields.pop("created_by", None) or system_actor(),
        **fields,
    )
