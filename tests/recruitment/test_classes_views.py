import datetime
import re

import pytest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from sotay.members.choices import Education
from sotay.recruitment.choices import CourseKind, CourseResult
from sotay.recruitment.models import Attendance, Course, CourseSession, Enrollment
from sotay.recruitment.selectors.classes import candidate_enrollments
from tests.factories import make_candidate, make_course, make_enrollment, make_session

TODAY = timezone.localdate()
DAY = datetime.timedelta(days=1)


def url(name, **kwargs):
    return reverse(f"recruitment:{name}", kwargs=kwargs)


def test_a_user_runs_a_supplementary_class_from_opening_to_graduation(tree, client_for):
    """Open a class → enrol sources → record a session → record results → education raised."""
    client = client_for(tree.district_officer)
    head = make_candidate(tree.cell_a1, "Đinh Văn Sơn", general_education=Education.PRIMARY)
    make_candidate(tree.cell_a2, "Hà Thị Mai", general_education=Education.UPPER_SECONDARY)  # not offered

    listing = client.get(url("course-list"))
    assert url("course-create", unit_id=tree.district_a.pk) in listing.content.decode()
    response = client.post(
        url("course-create", unit_id=tree.commune_a.pk),
        {
            "kind": CourseKind.SUPPLEMENTARY,
            "title": "Lớp bổ túc văn hóa THCS Kim Đông",
            "starts_on": (TODAY - 30 * DAY).isoformat(),
            "ends_on": TODAY.isoformat(),
            "place": "Trường THCS Kim Đông",
            "grants_education": Education.LOWER_SECONDARY,
        },
    )
    course = Course.objects.get()
    assert response.url == url("course-detail", course_id=course.pk)

    form = client.get(url("course-enroll", course_id=course.pk)).content.decode()
    assert "Đinh Văn Sơn" in form and "Hà Thị Mai" not in form
    response = client.post(
        url("course-enroll", course_id=course.pk),
        {"candidates": [head.pk], "enrolled_on": (TODAY - 30 * DAY).isoformat()},
    )
    assert response.status_code == 302
    enrollment = Enrollment.objects.get()

    assert "Đinh Văn Sơn" in client.get(url("course-session-create", course_id=course.pk)).content.decode()
    response = client.post(
        url("course-session-create", course_id=course.pk),
        {"held_on": (TODAY - 20 * DAY).isoformat(), "topic": "Toán", "present": [enrollment.pk]},
    )
    assert response.status_code == 302
    assert Attendance.objects.get().present

    sheet = client.get(url("course-results", course_id=course.pk)).content.decode()
    assert "Đinh Văn Sơn" in sheet and "Lower secondary (9/12)" in sheet
    response = client.post(
        url("course-results", course_id=course.pk),
        {
            "result_on": TODAY.isoformat(),
            f"result_{enrollment.pk}": CourseResult.PASSED,
            f"certificate_{enrollment.pk}": "BT-56",
        },
    )
    assert response.status_code == 302
    head.refresh_from_db()
    assert head.general_education == Education.LOWER_SECONDARY

    page = client.get(url("course-detail", course_id=course.pk)).content.decode()
    assert "Đinh Văn Sơn" in page and "BT-56" in page and "1/1" in page


def test_bad_course_input_shows_the_message_by_the_field(tree, client_for):
    client = client_for(tree.district_officer)
    response = client.post(
        url("course-create", unit_id=tree.commune_a.pk),
        {"kind": CourseKind.SUPPLEMENTARY, "title": "Lớp", "starts_on": "2026-03-05", "ends_on": "2026-03-01"},
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert set(errors) == {"ends_on", "grants_education"}
    assert not Course.objects.exists()


def test_a_viewer_sees_classes_but_not_the_forms(tree, client_for):
    course = make_course(tree.commune_a)
    client = client_for(tree.district_viewer)
    page = client.get(url("course-detail", course_id=course.pk)).content.decode()
    assert course.title in page
    assert url("course-enroll", course_id=course.pk) not in page
    assert client.get(url("course-enroll", course_id=course.pk)).status_code == 404  # no change role anywhere


def test_a_secretary_reads_a_commune_class_but_may_not_change_it(tree, client_for):
    course = make_course(tree.cell_a2)
    client = client_for(tree.secretary)
    assert client.get(url("course-detail", course_id=course.pk)).status_code == 404  # another cell's class
    commune = make_course(tree.commune_a)
    assert client.get(url("course-detail", course_id=commune.pk)).status_code == 404
    own = make_course(tree.cell_a1)
    assert client.get(url("course-edit", course_id=own.pk)).status_code == 200
    assert client.get(url("course-create", unit_id=tree.commune_a.pk)).status_code == 404  # not their unit
    assert client.get(url("course-create", unit_id=tree.cell_a1.pk)).status_code == 200


def test_members_without_a_role_do_not_see_classes(tree, client_for):
    client = client_for(tree.member_user)
    assert client.get(url("course-list")).status_code == 404


def test_the_results_sheet_shows_each_problem_by_its_row(tree, client_for):
    course = make_course(tree.commune_a)
    one = make_enrollment(course, make_candidate(tree.cell_a1, "Vũ Thị Hoa"))
    two = make_enrollment(course, make_candidate(tree.cell_a1, "Đỗ Văn Hùng"))
    response = client_for(tree.district_officer).post(
        url("course-results", course_id=course.pk),
        {
            "result_on": TODAY.isoformat(),
            f"result_{one.pk}": CourseResult.PASSED,
            f"certificate_{one.pk}": "",
            f"result_{two.pk}": CourseResult.FAILED,
            f"certificate_{two.pk}": "CT-2",
        },
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert set(errors) == {f"certificate_{one.pk}", f"certificate_{two.pk}"}
    assert "Vũ Thị Hoa" in errors[f"certificate_{one.pk}"][0]
    assert not Enrollment.objects.exclude(result=CourseResult.PENDING).exists()


def test_duplicate_certificate_numbers_on_the_sheet_are_refused(tree, client_for):
    course = make_course(tree.commune_a)
    one = make_enrollment(course, make_candidate(tree.cell_a1, "Vũ Thị Hoa"))
    two = make_enrollment(course, make_candidate(tree.cell_a1, "Đỗ Văn Hùng"))
    data = {"result_on": TODAY.isoformat()}
    for enrollment in (one, two):
        data |= {f"result_{enrollment.pk}": CourseResult.PASSED, f"certificate_{enrollment.pk}": "CT-1"}
    response = client_for(tree.district_officer).post(url("course-results", course_id=course.pk), data)
    # The sheet is in name order (Đỗ before Vũ): the second to claim the number is told.
    assert list(response.context["form"].errors) == [f"certificate_{one.pk}"]


def test_a_session_is_corrected_from_its_page(tree, client_for):
    course = make_course(tree.commune_a)
    enrollment = make_enrollment(course, make_candidate(tree.cell_a1, "Vũ Thị Hoa"))
    session = make_session(course, held_on=TODAY)
    Attendance.objects.create(session=session, enrollment=enrollment, present=False)
    client = client_for(tree.district_officer)
    page = client.get(url("course-session-edit", session_id=session.pk)).content.decode()
    assert "Vũ Thị Hoa" in page
    response = client.post(
        url("course-session-edit", session_id=session.pk),
        {"held_on": TODAY.isoformat(), "topic": "Lịch sử Đảng", "present": [enrollment.pk]},
    )
    assert response.status_code == 302
    assert Attendance.objects.get().present
    assert CourseSession.objects.get().topic == "Lịch sử Đảng"


def test_a_session_outside_the_class_dates_is_refused_by_the_date(tree, client_for):
    course = make_course(tree.commune_a)
    response = client_for(tree.district_officer).post(
        url("course-session-create", course_id=course.pk), {"held_on": (course.starts_on - DAY).isoformat()}
    )
    assert list(response.context["form"].errors) == ["held_on"]
    assert not CourseSession.objects.exists()


def test_the_list_filters_by_unit_kind_and_year(tree, client_for):
    make_course(tree.cell_a1, "Lớp cảm tình thôn Một")
    make_course(tree.cell_a2, "Lớp bổ túc thôn Hai", kind=CourseKind.SUPPLEMENTARY)
    make_course(tree.cell_b1, "Lớp cảm tình thôn Ba")
    client = client_for(tree.district_officer)
    page = client.get(url("course-list")).content.decode()
    assert "Lớp cảm tình thôn Một" in page and "Lớp bổ túc thôn Hai" in page and "thôn Ba" not in page
    page = client.get(url("course-list"), {"unit_code": "ca2"}).content.decode()
    assert "Lớp bổ túc thôn Hai" in page and "Lớp cảm tình thôn Một" not in page
    page = client.get(url("course-list"), {"kind": CourseKind.AWARENESS}).content.decode()
    assert "Lớp cảm tình thôn Một" in page and "Lớp bổ túc thôn Hai" not in page
    page = client.get(url("course-list"), {"year": TODAY.year - 5}).content.decode()
    assert "Lớp cảm tình thôn Một" not in page
    response = client.get(url("course-list"), {"unit_code": "CB1"})
    assert response.context["form"].errors["unit_code"] == ["No unit you can see has this code."]


@pytest.mark.parametrize("rows", [3, 30])
def test_the_list_takes_the_same_queries_for_3_or_30_classes(tree, client_for, django_assert_num_queries, rows):
    for n in range(rows):
        course = make_course(tree.commune_a, f"Lớp {n}")
        make_enrollment(course, make_candidate(tree.cell_a1, f"Nguồn {n}"))
        make_session(course)
    client = client_for(tree.district_officer)
    # session, user, roles, classes, units for the "new class" buttons
    with django_assert_num_queries(5):
        assert client.get(url("course-list")).status_code == 200


@pytest.mark.parametrize("rows", [3, 30])
def test_a_class_page_takes_the_same_queries_for_3_or_30_sources(tree, client_for, django_assert_num_queries, rows):
    course = make_course(tree.commune_a)
    sessions = [make_session(course), make_session(course, held_on=TODAY)]
    for n in range(rows):
        enrollment = make_enrollment(course, make_candidate(tree.cell_a1, f"Nguồn {n}"))
        Attendance.objects.create(session=sessions[0], enrollment=enrollment, present=n % 2 == 0)
    client = client_for(tree.district_officer)
    # session, user, roles, the class, its sources, its sessions
    with django_assert_num_queries(6):
        page = client.get(url("course-detail", course_id=course.pk))
    assert page.status_code == 200


def test_a_long_list_says_only_the_newest_are_shown(tree, client_for, monkeypatch):
    monkeypatch.setattr("sotay.recruitment.views.classes.LIST_LIMIT", 2)
    for n in range(3):
        make_course(tree.commune_a, f"Lớp {n}", starts_on=TODAY - (n + 1) * DAY)
    response = client_for(tree.district_officer).get(url("course-list"))
    assert [c.title for c in response.context["courses"]] == ["Lớp 0", "Lớp 1"]
    assert "The 2 newest classes are shown" in response.content.decode()


def test_the_source_page_partial_lists_their_classes(tree):
    source = make_candidate(tree.cell_a1, "Vũ Thị Hoa")
    course = make_course(tree.commune_a, "Lớp cảm tình Đảng khóa 3")
    make_enrollment(course, source, result=CourseResult.PASSED, result_on=TODAY, certificate_number="CT-3")
    html = render_to_string("recruitment/classes/_source_classes.html", {"enrollments": candidate_enrollments(source)})
    assert "Lớp cảm tình Đảng khóa 3" in html and "CT-3" in html


def test_the_sheet_numbers_the_certificates_of_those_who_passed(tree, client_for):
    course = make_course(tree.commune_a)
    hung = make_enrollment(course, make_candidate(tree.cell_a1, "Đỗ Văn Hùng"))
    hoa = make_enrollment(course, make_candidate(tree.cell_a1, "Vũ Thị Hoa"))
    lan = make_enrollment(course, make_candidate(tree.cell_a1, "Lý Thị Lan"))
    data = {
        "result_on": TODAY.isoformat(),
        "first_number": "CT-001",
        f"result_{hung.pk}": CourseResult.PASSED,
        f"certificate_{hung.pk}": "",
        f"result_{lan.pk}": CourseResult.FAILED,
        f"certificate_{lan.pk}": "",
        f"result_{hoa.pk}": CourseResult.PASSED,
        f"certificate_{hoa.pk}": "CT-002",
    }
    response = client_for(tree.district_officer).post(url("course-results", course_id=course.pk), data)
    assert response.status_code == 302
    numbers = dict(Enrollment.objects.values_list("candidate__full_name", "certificate_number"))
    assert numbers == {"Đỗ Văn Hùng": "CT-001", "Vũ Thị Hoa": "CT-002", "Lý Thị Lan": ""}


def test_the_sources_to_enrol_are_a_group_each_with_its_own_label(tree, client_for):
    """One label around every checkbox made the list one control: a tap on the label ticked the first
    source, and screen readers read every name as the label of each box."""
    course = make_course(tree.commune_a)
    for name in ("Đinh Văn Sơn", "Hà Thị Mai"):
        make_candidate(tree.cell_a1, name)
    body = client_for(tree.district_officer).get(url("course-enroll", course_id=course.pk)).content.decode()
    group = re.search(r'<fieldset id="id_candidates_group"><legend>(.*?)</legend>(.*?)</fieldset>', body, re.S)
    assert group is not None and "Sources" in group.group(1)
    assert len(re.findall(r'<label for="id_candidates_\d+"><input type="checkbox"', group.group(2))) == 2
    assert not re.search(r"<label>\s*<div", body)


def enroll_page(client, course, query=""):
    return client.get(url("course-enroll", course_id=course.pk) + query)


def offered(response) -> list[str]:
    return [label.split(" (")[0] for _pk, label in response.context["form"].fields["candidates"].choices]


def test_the_enrol_page_finds_a_source_by_any_words_of_the_name_without_accents(tree, client_for):
    course = make_course(tree.commune_a)
    for name in ("Đinh Văn Sơn", "Hà Thị Mai", "Vũ Thị Hoa", "Sơn Thị Hoa"):
        make_candidate(tree.cell_a1, name)
    client = client_for(tree.district_officer)
    assert offered(enroll_page(client, course)) == ["Đinh Văn Sơn", "Hà Thị Mai", "Sơn Thị Hoa", "Vũ Thị Hoa"]
    assert offered(enroll_page(client, course, "?q=son")) == ["Đinh Văn Sơn", "Sơn Thị Hoa"]
    assert offered(enroll_page(client, course, "?q=hoa+thi")) == ["Sơn Thị Hoa", "Vũ Thị Hoa"]
    assert offered(enroll_page(client, course, "?q=son+d")) == ["Đinh Văn Sơn"]  # đ is found by d
    response = enroll_page(client, course, "?q=lan")
    assert offered(response) == []
    assert "No source who can join this class has a word of the name starting with each word of “lan”." in (
        response.content.decode()
    )
    assert 'name="q" value="lan"' in response.content.decode()


def test_sources_ticked_after_a_search_are_enrolled(tree, client_for):
    course = make_course(tree.commune_a)
    son = make_candidate(tree.cell_a1, "Đinh Văn Sơn")
    make_candidate(tree.cell_a1, "Hà Thị Mai")
    response = client_for(tree.district_officer).post(
        url("course-enroll", course_id=course.pk) + "?q=son", {"candidates": [son.pk], "enrolled_on": TODAY}
    )
    assert response.status_code == 302
    assert list(course.enrollments.values_list("candidate__full_name", flat=True)) == ["Đinh Văn Sơn"]


@pytest.mark.parametrize("rows", [3, 30])
def test_the_enrol_page_takes_the_same_queries_for_3_or_30_sources(tree, client_for, django_assert_num_queries, rows):
    course = make_course(tree.commune_a)
    for n in range(rows):
        make_candidate(tree.cell_a1, f"Nguồn {n}")
    client = client_for(tree.district_officer)
    # session, user, roles, the class, the sources with their units
    with django_assert_num_queries(5):
        response = enroll_page(client, course, "?q=nguon")
    assert len(offered(response)) == rows
