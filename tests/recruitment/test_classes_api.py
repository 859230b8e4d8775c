import datetime

import pytest
from django.test import Client
from django.utils import timezone

from sotay.accounts.services import token_issue
from sotay.members.choices import Education
from sotay.recruitment.choices import CourseKind, CourseResult
from sotay.recruitment.models import Course, Enrollment
from tests.factories import make_candidate, make_course, make_enrollment, make_session

TODAY = timezone.localdate()
DAY = datetime.timedelta(days=1)
BASE = "/api/recruitment/classes"


@pytest.fixture
def client():
    """Checks CSRF as production does (as tests/api/conftest.py's)."""
    return Client(enforce_csrf_checks=True)


@pytest.fixture
def bearer_for():
    def headers(user):
        _token, raw = token_issue(actor=user, name="script")
        return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}

    return headers


@pytest.fixture
def api(client, bearer_for, tree):
    """Calls as the district-A officer with a bearer token."""
    headers = bearer_for(tree.district_officer)

    def call(method, path, body=None, **extra):
        return getattr(client, method)(BASE + path, body, content_type="application/json", **headers, **extra)

    return call


def test_a_script_runs_an_awareness_class_to_its_certificates(tree, api):
    source = make_candidate(tree.cell_a1, "Vũ Thị Hoa")
    created = api(
        "post",
        "",
        {
            "unit_id": tree.commune_a.pk,
            "kind": "awareness",
            "title": "Lớp cảm tình Đảng 2026",
            "starts_on": (TODAY - 5 * DAY).isoformat(),
            "ends_on": TODAY.isoformat(),
        },
    )
    assert created.status_code == 201, created.content
    course_id = created.json()["id"]
    assert created.json()["grants_education"] is None

    enrolled = api(
        "post", f"/{course_id}/enrollments", {"candidate_ids": [source.pk], "enrolled_on": TODAY.isoformat()}
    )
    assert enrolled.status_code == 201, enrolled.content
    enrollment_id = enrolled.json()["enrollments"][0]["id"]

    session = api(
        "post", f"/{course_id}/sessions", {"held_on": TODAY.isoformat(), "topic": "Bài 1", "present": [enrollment_id]}
    )
    assert session.status_code == 201, session.content
    assert session.json()["sessions"][0]["attendance"] == [{"enrollment_id": enrollment_id, "present": True}]

    results = api(
        "post",
        f"/{course_id}/results",
        {
            "result_on": TODAY.isoformat(),
            "results": [{"enrollment_id": enrollment_id, "result": "passed", "certificate_number": "CT-26-001"}],
        },
    )
    assert results.status_code == 200, results.content
    (row,) = results.json()["enrollments"]
    assert (row["result"], row["certificate_number"], row["attended"]) == ("passed", "CT-26-001", 1)

    listed = api("get", "").json()
    assert [(c["title"], c["enrolled"], c["passed"], c["sessions"]) for c in listed] == [
        ("Lớp cảm tình Đảng 2026", 1, 1, 1)
    ]


def test_a_rule_broken_is_a_422_naming_the_field(tree, api):
    response = api(
        "post",
        "",
        {
            "unit_id": tree.commune_a.pk,
            "kind": "supplementary",
            "title": "Lớp bổ túc",
            "starts_on": "2026-03-01",
            "ends_on": "2026-05-01",
        },
    )
    assert response.status_code == 422
    assert [e["loc"][-1] for e in response.json()["detail"]] == ["grants_education"]
    assert not Course.objects.exists()


def test_a_source_outside_your_scope_is_refused_as_unknown(tree, api):
    course = make_course(tree.commune_a)
    theirs = make_candidate(tree.cell_b1, "Lý Văn Tư")
    response = api(
        "post", f"/{course.pk}/enrollments", {"candidate_ids": [theirs.pk], "enrolled_on": TODAY.isoformat()}
    )
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "candidate_ids"]
    assert "Lý Văn Tư" not in response.content.decode()
    assert not Enrollment.objects.exists()


def test_a_supplementary_pass_raises_education_through_the_api(tree, api):
    course = make_course(tree.commune_a, kind=CourseKind.SUPPLEMENTARY, grants_education=Education.LOWER_SECONDARY)
    source = make_candidate(tree.cell_a1, general_education=Education.PRIMARY)
    enrollment = make_enrollment(course, source)
    response = api(
        "post",
        f"/{course.pk}/results",
        {"result_on": TODAY.isoformat(), "results": [{"enrollment_id": enrollment.pk, "result": "passed"}]},
    )
    assert response.status_code == 200, response.content
    source.refresh_from_db()
    assert source.general_education == Education.LOWER_SECONDARY


def test_patch_changes_only_what_is_sent_and_refuses_null_for_a_title(tree, api):
    course = make_course(tree.commune_a, place="Hội trường")
    response = api("patch", f"/{course.pk}", {"place": None, "title": "Lớp mới"})
    assert response.status_code == 200, response.content
    course.refresh_from_db()
    assert (course.place, course.title) == ("", "Lớp mới")
    response = api("patch", f"/{course.pk}", {"title": None})
    assert response.status_code == 422
    assert [e["loc"][-1] for e in response.json()["detail"]] == ["title"]


def test_a_viewer_reads_but_gets_403_on_writes(tree, client, bearer_for):
    course = make_course(tree.commune_a)
    headers = bearer_for(tree.district_viewer)
    assert client.get(f"{BASE}/{course.pk}", **headers).status_code == 200
    response = client.patch(f"{BASE}/{course.pk}", {"place": "Xã"}, content_type="application/json", **headers)
    assert response.status_code == 403


def test_the_detail_lists_sources_and_sessions_with_attendance(tree, api):
    course = make_course(tree.commune_a)
    enrollment = make_enrollment(
        course, make_candidate(tree.cell_a1, "Vũ Thị Hoa"), result=CourseResult.FAILED, result_on=TODAY
    )
    make_session(course, topic="Bài 1")
    body = api("get", f"/{course.pk}").json()
    assert body["enrollments"][0]["id"] == enrollment.pk
    assert body["sessions"][0]["topic"] == "Bài 1"


@pytest.mark.parametrize("rows", [3, 30])
def test_the_api_list_takes_the_same_queries_for_3_or_30(tree, api, django_assert_num_queries, rows):
    for n in range(rows):
        make_course(tree.commune_a, f"Lớp {n}")
    # token, its user's roles, the last-used stamp, the classes
    with django_assert_num_queries(4):
        assert len(api("get", "").json()) == rows


def test_a_session_is_corrected_with_put(tree, api):
    course = make_course(tree.commune_a)
    one = make_enrollment(course, make_candidate(tree.cell_a1, "Vũ Thị Hoa"))
    two = make_enrollment(course, make_candidate(tree.cell_a1, "Đỗ Văn Hùng"))
    session = make_session(course, held_on=TODAY)
    response = api("put", f"/sessions/{session.pk}", {"held_on": TODAY.isoformat(), "present": [two.pk]})
    assert response.status_code == 200, response.content
    (row,) = response.json()["sessions"]
    assert row["attendance"] == sorted(
        [{"enrollment_id": one.pk, "present": False}, {"enrollment_id": two.pk, "present": True}],
        key=lambda a: a["enrollment_id"],
    )
    response = api("put", f"/sessions/{session.pk}", {"held_on": (course.ends_on + DAY).isoformat()})
    assert [e["loc"][-1] for e in response.json()["detail"]] == ["held_on"]
