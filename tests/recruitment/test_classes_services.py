import datetime

import pytest
from auditlog.context import set_actor
from auditlog.models import LogEntry
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from sotay.members.choices import Education
from sotay.recruitment.choices import CourseKind, CourseResult, SourceStatus
from sotay.recruitment.eligibility import assess
from sotay.recruitment.models import Attendance, Course, CourseSession, Enrollment
from sotay.recruitment.selectors.classes import awareness_certificate, enrollable_candidates
from sotay.recruitment.services.classes import (
    ResultEntry,
    certificate_numbers,
    course_create,
    course_enroll,
    course_results_record,
    course_update,
    session_record,
    session_update,
)
from tests.factories import make_candidate, make_course, make_enrollment, make_session

TODAY = timezone.localdate()
DAY = datetime.timedelta(days=1)


def errors_of(call) -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as raised:
        call()
    return raised.value.message_dict


# Opening and editing a class -----------------------------------------------------------------


def test_an_officer_opens_an_awareness_class(tree):
    course = course_create(
        actor=tree.district_officer,
        unit=tree.commune_a,
        kind=CourseKind.AWARENESS,
        title="  Lớp cảm tình Đảng khóa 1 ",
        starts_on=TODAY,
        ends_on=TODAY + 4 * DAY,
        place="Hội trường xã",
    )
    assert (course.title, course.unit, course.grants_education) == ("Lớp cảm tình Đảng khóa 1", tree.commune_a, "")
    assert LogEntry.objects.get_for_object(course).get().actor == tree.district_officer


@pytest.mark.parametrize(
    ("kind", "grants", "ends_in", "field"),
    [
        (CourseKind.SUPPLEMENTARY, "", 5, "grants_education"),
        (CourseKind.SUPPLEMENTARY, Education.PRIMARY, 5, "grants_education"),
        (CourseKind.AWARENESS, Education.LOWER_SECONDARY, 5, "grants_education"),
        (CourseKind.AWARENESS, "", -1, "ends_on"),
    ],
)
def test_a_class_that_cannot_be_right_is_refused_by_its_field(tree, kind, grants, ends_in, field):
    errors = errors_of(
        lambda: course_create(
            actor=tree.district_officer,
            unit=tree.commune_a,
            kind=kind,
            title="Lớp",
            starts_on=TODAY,
            ends_on=TODAY + ends_in * DAY,
            grants_education=grants,
        )
    )
    assert list(errors) == [field]
    assert not Course.objects.exists()


@pytest.mark.parametrize("who", ["district_viewer", "secretary", "outsider"])
def test_only_those_who_may_change_the_unit_open_a_class_there(tree, who):
    with pytest.raises(PermissionDenied):
        course_create(
            actor=getattr(tree, who),
            unit=tree.commune_a,
            kind=CourseKind.AWARENESS,
            title="Lớp",
            starts_on=TODAY,
            ends_on=TODAY,
        )


def test_a_secretary_opens_a_class_for_their_cell(tree):
    course = course_create(
        actor=tree.secretary, unit=tree.cell_a1, kind=CourseKind.AWARENESS, title="Lớp", starts_on=TODAY, ends_on=TODAY
    )
    assert course.unit == tree.cell_a1


def test_the_kind_is_fixed_once_sources_are_enrolled(tree):
    course = make_course(tree.commune_a)
    make_enrollment(course, make_candidate(tree.cell_a1))
    errors = errors_of(
        lambda: course_update(
            actor=tree.district_officer,
            course=course,
            changes={"kind": CourseKind.SUPPLEMENTARY, "grants_education": Education.LOWER_SECONDARY},
        )
    )
    assert list(errors) == ["kind"]
    course.refresh_from_db()
    assert course.kind == CourseKind.AWARENESS


def test_dates_cannot_leave_a_recorded_session_outside(tree):
    course = make_course(tree.commune_a)
    make_session(course, held_on=course.starts_on)
    errors = errors_of(
        lambda: course_update(actor=tree.district_officer, course=course, changes={"starts_on": course.starts_on + DAY})
    )
    assert list(errors) == ["starts_on"]
    updated = course_update(actor=tree.district_officer, course=course, changes={"title": "Lớp mới", "place": " Xã "})
    assert (updated.title, updated.place) == ("Lớp mới", "Xã")


# Enrolment ------------------------------------------------------------------------------------


def test_sources_of_the_subtree_are_enrolled(tree):
    course = make_course(tree.commune_a)
    sources = [make_candidate(tree.cell_a1, "Vũ Thị Hoa"), make_candidate(tree.cell_a2, "Đỗ Văn Hùng")]
    enrolled = course_enroll(actor=tree.district_officer, course=course, candidates=sources, enrolled_on=TODAY)
    assert {e.candidate for e in enrolled} == set(sources)
    assert all(e.result == CourseResult.PENDING for e in Enrollment.objects.filter(course=course))


def test_enrolment_is_all_or_nothing_and_lists_every_refusal(tree):
    course = make_course(tree.cell_a1)
    good = make_candidate(tree.cell_a1, "Vũ Thị Hoa")
    elsewhere = make_candidate(tree.cell_a2, "Đỗ Văn Hùng")
    dropped = make_candidate(tree.cell_a1, "Lý Thị Lan", status=SourceStatus.DROPPED)
    already = make_candidate(tree.cell_a1, "Hà Văn Minh")
    make_enrollment(course, already)
    errors = errors_of(
        lambda: course_enroll(
            actor=tree.district_officer,
            course=course,
            candidates=[good, elsewhere, dropped, already],
            enrolled_on=TODAY,
        )
    )
    messages = errors["candidates"]
    assert len(messages) == 3
    assert any("Đỗ Văn Hùng" in m and "Chi bộ thôn Hai" in m for m in messages)
    assert any("Lý Thị Lan" in m for m in messages)
    assert any("Hà Văn Minh" in m for m in messages)
    assert Enrollment.objects.filter(course=course).count() == 1


def test_a_supplementary_class_takes_only_sources_below_what_it_gives(tree):
    course = make_course(tree.commune_a, kind=CourseKind.SUPPLEMENTARY, grants_education=Education.LOWER_SECONDARY)
    low = make_candidate(tree.cell_a1, "Vũ Thị Hoa", general_education=Education.PRIMARY)
    high = make_candidate(tree.cell_a1, "Đỗ Văn Hùng", general_education=Education.LOWER_SECONDARY)
    assert enrollable_candidates(tree.district_officer, course) == [low]
    errors = errors_of(
        lambda: course_enroll(actor=tree.district_officer, course=course, candidates=[high], enrolled_on=TODAY)
    )
    assert "Đỗ Văn Hùng" in errors["candidates"][0]


def test_a_source_with_an_awareness_certificate_is_not_enrolled_again(tree):
    first = make_course(tree.commune_a)
    source = make_candidate(tree.cell_a1)
    make_enrollment(first, source, result=CourseResult.PASSED, result_on=TODAY, certificate_number="CT-1")
    second = make_course(tree.commune_a, "Lớp khóa 2")
    assert enrollable_candidates(tree.district_officer, second) == []
    errors = errors_of(
        lambda: course_enroll(actor=tree.district_officer, course=second, candidates=[source], enrolled_on=TODAY)
    )
    assert list(errors) == ["candidates"]


def test_nobody_joins_after_the_class_ended_or_on_a_future_day(tree):
    course = make_course(tree.commune_a, starts_on=TODAY - 10 * DAY, ends_on=TODAY - 5 * DAY)
    source = make_candidate(tree.cell_a1)
    errors = errors_of(
        lambda: course_enroll(actor=tree.district_officer, course=course, candidates=[source], enrolled_on=TODAY)
    )
    assert list(errors) == ["enrolled_on"]
    errors = errors_of(
        lambda: course_enroll(
            actor=tree.district_officer, course=make_course(tree.commune_a), candidates=[], enrolled_on=TODAY + DAY
        )
    )
    assert set(errors) == {"candidates", "enrolled_on"}


# Sessions and attendance ---------------------------------------------------------------------


def test_a_session_records_everyone_on_the_roll_present_or_absent(tree):
    course = make_course(tree.commune_a)
    came = make_enrollment(course, make_candidate(tree.cell_a1, "Vũ Thị Hoa"))
    missed = make_enrollment(course, make_candidate(tree.cell_a1, "Đỗ Văn Hùng"))
    gone = make_enrollment(
        course, make_candidate(tree.cell_a1, "Lý Thị Lan"), result=CourseResult.LEFT, result_on=course.starts_on
    )
    session = session_record(
        actor=tree.district_officer, course=course, held_on=TODAY, topic=" Bài 1 ", present={came.pk}
    )
    assert session.topic == "Bài 1"
    rows = dict(Attendance.objects.filter(session=session).values_list("enrollment_id", "present"))
    assert rows == {came.pk: True, missed.pk: False}
    assert gone.pk not in rows


@pytest.mark.parametrize("offset", [-31, 1])
def test_a_session_outside_the_class_or_in_the_future_is_refused(tree, offset):
    course = make_course(tree.commune_a, ends_on=TODAY + 30 * DAY)
    errors = errors_of(lambda: session_record(actor=tree.district_officer, course=course, held_on=TODAY + offset * DAY))
    assert list(errors) == ["held_on"]
    assert not CourseSession.objects.exists()


def test_only_enrolled_sources_can_be_present(tree):
    course = make_course(tree.commune_a)
    other = make_enrollment(make_course(tree.commune_a, "Lớp khác"), make_candidate(tree.cell_a1))
    errors = errors_of(
        lambda: session_record(actor=tree.district_officer, course=course, held_on=TODAY, present={other.pk})
    )
    assert list(errors) == ["present"]
    assert not CourseSession.objects.filter(course=course).exists()


def test_correcting_a_session_rewrites_its_attendance(tree):
    course = make_course(tree.commune_a)
    one = make_enrollment(course, make_candidate(tree.cell_a1, "Vũ Thị Hoa"))
    two = make_enrollment(course, make_candidate(tree.cell_a1, "Đỗ Văn Hùng"))
    session = session_record(actor=tree.district_officer, course=course, held_on=TODAY, present={one.pk})
    session_update(actor=tree.district_officer, session=session, held_on=TODAY - DAY, topic="Bài 2", present={two.pk})
    rows = dict(Attendance.objects.filter(session=session).values_list("enrollment_id", "present"))
    assert rows == {one.pk: False, two.pk: True}
    session.refresh_from_db()
    assert (session.held_on, session.topic) == (TODAY - DAY, "Bài 2")


def test_a_viewer_cannot_record_a_session(tree):
    course = make_course(tree.commune_a)
    with pytest.raises(PermissionDenied):
        session_record(actor=tree.district_viewer, course=course, held_on=TODAY)


# Results, certificates and education ---------------------------------------------------------


def test_an_awareness_pass_needs_a_certificate_number_unique_in_the_class(tree):
    course = make_course(tree.commune_a)
    one = make_enrollment(course, make_candidate(tree.cell_a1, "Vũ Thị Hoa"))
    two = make_enrollment(course, make_candidate(tree.cell_a1, "Đỗ Văn Hùng"))
    errors = errors_of(
        lambda: course_results_record(
            actor=tree.district_officer,
            course=course,
            result_on=TODAY,
            entries=[ResultEntry(one.pk, CourseResult.PASSED, "CT-1"), ResultEntry(two.pk, CourseResult.PASSED)],
        )
    )
    assert "Đỗ Văn Hùng" in errors["results"][0]
    assert not Enrollment.objects.filter(result=CourseResult.PASSED).exists()  # all or nothing
    errors = errors_of(
        lambda: course_results_record(
            actor=tree.district_officer,
            course=course,
            result_on=TODAY,
            entries=[
                ResultEntry(one.pk, CourseResult.PASSED, "CT-1"),
                ResultEntry(two.pk, CourseResult.PASSED, "CT-1"),
            ],
        )
    )
    assert "CT-1" in errors["results"][0]
    course_results_record(
        actor=tree.district_officer,
        course=course,
        result_on=TODAY,
        entries=[ResultEntry(one.pk, CourseResult.PASSED, " CT-1 "), ResultEntry(two.pk, CourseResult.FAILED)],
    )
    one.refresh_from_db()
    two.refresh_from_db()
    assert (one.result, one.result_on, one.certificate_number) == (CourseResult.PASSED, TODAY, "CT-1")
    assert (two.result, two.result_on, two.certificate_number) == (CourseResult.FAILED, TODAY, "")


def test_a_pass_is_final_but_a_failure_can_be_corrected(tree):
    course = make_course(tree.commune_a)
    passed = make_enrollment(
        course, make_candidate(tree.cell_a1, "Vũ Thị Hoa"), result=CourseResult.PASSED, result_on=TODAY,
        certificate_number="CT-1",
    )  # fmt: skip
    failed = make_enrollment(
        course, make_candidate(tree.cell_a1, "Đỗ Văn Hùng"), result=CourseResult.FAILED, result_on=TODAY
    )
    errors = errors_of(
        lambda: course_results_record(
            actor=tree.district_officer,
            course=course,
            result_on=TODAY,
            entries=[ResultEntry(passed.pk, CourseResult.FAILED)],
        )
    )
    assert "Vũ Thị Hoa" in errors["results"][0]
    changed = course_results_record(
        actor=tree.district_officer,
        course=course,
        result_on=TODAY,
        entries=[
            ResultEntry(passed.pk, CourseResult.PASSED, "CT-1"),
            ResultEntry(failed.pk, CourseResult.PASSED, "CT-2"),
        ],
    )
    assert [e.pk for e in changed] == [failed.pk]


@pytest.mark.parametrize("offset", [-31, 1])
def test_results_are_dated_within_the_class_and_not_in_the_future(tree, offset):
    course = make_course(tree.commune_a)
    enrollment = make_enrollment(course, make_candidate(tree.cell_a1))
    errors = errors_of(
        lambda: course_results_record(
            actor=tree.district_officer,
            course=course,
            result_on=TODAY + offset * DAY,
            entries=[ResultEntry(enrollment.pk, CourseResult.FAILED)],
        )
    )
    assert list(errors) == ["result_on"]


def test_a_result_for_someone_outside_the_class_is_refused(tree):
    course = make_course(tree.commune_a)
    other = make_enrollment(make_course(tree.commune_a, "Lớp khác"), make_candidate(tree.cell_a1))
    errors = errors_of(
        lambda: course_results_record(
            actor=tree.district_officer,
            course=course,
            result_on=TODAY,
            entries=[ResultEntry(other.pk, CourseResult.FAILED)],
        )
    )
    assert list(errors) == ["results"]
    other.refresh_from_db()
    assert other.result == CourseResult.PENDING


def test_passing_a_supplementary_class_raises_education_and_makes_the_source_eligible(tree):
    """The seed report's way: a village head with primary education graduates lower secondary."""
    head = make_candidate(tree.cell_a1, "Đinh Văn Sơn", general_education=Education.PRIMARY)
    assert [c.rule for c in assess(head, on=TODAY).failures] == ["education"]
    course = course_create(
        actor=tree.district_officer,
        unit=tree.commune_a,
        kind=CourseKind.SUPPLEMENTARY,
        title="Lớp bổ túc văn hóa THCS",
        starts_on=TODAY - 60 * DAY,
        ends_on=TODAY,
        grants_education=Education.LOWER_SECONDARY,
    )
    (enrollment,) = course_enroll(
        actor=tree.district_officer, course=course, candidates=[head], enrolled_on=TODAY - 60 * DAY
    )
    session_record(actor=tree.district_officer, course=course, held_on=TODAY - 30 * DAY, present={enrollment.pk})
    course_results_record(
        actor=tree.district_officer,
        course=course,
        result_on=TODAY,
        entries=[ResultEntry(enrollment.pk, CourseResult.PASSED, "BT-0056")],
    )
    head.refresh_from_db()
    assert head.general_education == Education.LOWER_SECONDARY
    assert assess(head, on=TODAY).eligible
    change = LogEntry.objects.get_for_object(head).get(action=LogEntry.Action.UPDATE)
    assert change.actor == tree.district_officer
    assert change.changes_dict["general_education"] == [Education.PRIMARY, Education.LOWER_SECONDARY]


def test_education_is_never_lowered_by_a_class(tree):
    course = make_course(tree.commune_a, kind=CourseKind.SUPPLEMENTARY, grants_education=Education.LOWER_SECONDARY)
    source = make_candidate(tree.cell_a1, general_education=Education.PRIMARY)
    enrollment = make_enrollment(course, source)
    source.general_education = Education.UPPER_SECONDARY  # learned elsewhere meanwhile
    source.save()
    course_results_record(
        actor=tree.district_officer,
        course=course,
        result_on=TODAY,
        entries=[ResultEntry(enrollment.pk, CourseResult.PASSED)],
    )
    source.refresh_from_db()
    assert source.general_education == Education.UPPER_SECONDARY


def test_a_failed_supplementary_class_leaves_education_alone(tree):
    course = make_course(tree.commune_a, kind=CourseKind.SUPPLEMENTARY)
    source = make_candidate(tree.cell_a1, general_education=Education.PRIMARY)
    enrollment = make_enrollment(course, source)
    course_results_record(
        actor=tree.district_officer,
        course=course,
        result_on=TODAY,
        entries=[ResultEntry(enrollment.pk, CourseResult.FAILED)],
    )
    source.refresh_from_db()
    assert source.general_education == Education.PRIMARY


def test_recording_results_takes_a_fixed_number_of_queries_per_row(tree, django_assert_num_queries):
    course = make_course(tree.commune_a)
    enrollments = [make_enrollment(course, make_candidate(tree.cell_a1, f"Vũ Thị Hoa {n}")) for n in range(3)]
    entries = [ResultEntry(e.pk, CourseResult.PASSED, f"CT-{e.pk}") for e in enrollments]
    # roles, savepoint, the class locked, the enrolments, the numbers taken, and per changed row the
    # audit log's read of the old row, its entry and the update; then the savepoint released.
    with django_assert_num_queries(5 + 3 * 3 + 1):
        course_results_record(actor=tree.district_officer, course=course, result_on=TODAY, entries=entries)


# The awareness certificate the admission case asks for ---------------------------------------


def test_awareness_certificate_is_the_latest_pass_issued_by_the_day(tree):
    source = make_candidate(tree.cell_a1)
    assert awareness_certificate(source, on=TODAY) is None
    failed = make_course(tree.commune_a, "Lớp khóa 1")
    make_enrollment(failed, source, result=CourseResult.FAILED, result_on=TODAY - 40 * DAY)
    supplementary = make_course(tree.commune_a, "Lớp bổ túc", kind=CourseKind.SUPPLEMENTARY)
    make_enrollment(supplementary, source, result=CourseResult.PASSED, result_on=TODAY - 20 * DAY)
    assert awareness_certificate(source, on=TODAY) is None
    course = make_course(tree.commune_a, "Lớp khóa 2")
    passed = make_enrollment(course, source, result=CourseResult.PASSED, result_on=TODAY - DAY, certificate_number="7")
    assert awareness_certificate(source, on=TODAY - 2 * DAY) is None
    found = awareness_certificate(source, on=TODAY - DAY)
    assert found == passed
    assert (found.course.title, found.certificate_number) == ("Lớp khóa 2", "7")


def test_certificate_numbers_count_up_keeping_the_width_and_skip_those_taken():
    assert certificate_numbers("2026-098/GCN", count=3, taken={"2026-099/GCN"}) == [
        "2026-098/GCN",
        "2026-100/GCN",
        "2026-101/GCN",
    ]
    assert certificate_numbers("7", count=2) == ["7", "8"]
    with pytest.raises(ValidationError) as raised:
        certificate_numbers("CT-", count=1)
    assert list(raised.value.message_dict) == ["first_number"]


def test_a_write_names_its_actor_after_an_earlier_attribution_ended(tree):
    """auditlog's set_actor leaves its value behind when it ends (a request's middleware does so
    too), without its signal: a later write by the same user must still be attributed."""
    with set_actor(tree.district_officer):
        pass
    course = course_create(
        actor=tree.district_officer,
        unit=tree.commune_a,
        kind=CourseKind.AWARENESS,
        title="Lớp một",
        starts_on=TODAY,
        ends_on=TODAY,
    )
    assert LogEntry.objects.get_for_object(course).get().actor == tree.district_officer
