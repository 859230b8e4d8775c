"""Classes in the API: the same access checks, selectors and services as the pages."""

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router, Status

from sotay.core.api_responses import READ_ERRORS, WRITE_ERRORS, links_to_created, responses
from sotay.core.schemas import Id
from sotay.organizations.access import access_unit
from sotay.recruitment.access import access_course, access_course_session, visible_candidates
from sotay.recruitment.models import Attendance, Course
from sotay.recruitment.schemas_classes import (
    CourseCreateIn,
    CourseListQuery,
    CourseOut,
    CoursePatchIn,
    CourseSummary,
    EnrollIn,
    ResultsIn,
    SessionIn,
)
from sotay.recruitment.selectors import classes as selectors
from sotay.recruitment.services import classes as services

router = Router(tags=["classes"])

# Fields a PATCH may empty with null; the others always hold a value.
EMPTIABLE = {"place", "grants_education"}


def _summary(course: Course) -> dict:
    return {
        "id": course.pk,
        "unit_id": course.unit_id,
        "unit_name": course.unit.name,
        "kind": course.kind,
        "title": course.title,
        "starts_on": course.starts_on,
        "ends_on": course.ends_on,
        "grants_education": course.grants_education or None,
        "enrolled": course.enrolled,  # type: ignore[attr-defined]
        "passed": course.passed,  # type: ignore[attr-defined]
        "sessions": course.session_count,  # type: ignore[attr-defined]
    }


def _detail(course: Course) -> dict:
    sessions = list(selectors.course_sessions(course))
    attendance: dict[int, list[dict]] = {}
    for row in Attendance.objects.filter(session__course=course).order_by("enrollment_id"):
        attendance.setdefault(row.session_id, []).append({"enrollment_id": row.enrollment_id, "present": row.present})
    return {
        "id": course.pk,
        "unit_id": course.unit_id,
        "unit_name": course.unit.name,
        "kind": course.kind,
        "title": course.title,
        "starts_on": course.starts_on,
        "ends_on": course.ends_on,
        "place": course.place,
        "grants_education": course.grants_education or None,
        "enrollments": [
            {
                "id": e.pk,
                "candidate_id": e.candidate_id,
                "candidate_name": e.candidate.full_name,
                "enrolled_on": e.enrolled_on,
                "attended": e.attended,  # type: ignore[attr-defined]
                "result": e.result,
                "result_on": e.result_on,
                "certificate_number": e.certificate_number,
            }
            for e in selectors.course_enrollments(course)
        ],
        "sessions": [
            {"id": s.pk, "held_on": s.held_on, "topic": s.topic, "attendance": attendance.get(s.pk, [])}
            for s in sessions
        ],
    }


@router.get("", response=responses({200: list[CourseSummary]}, READ_ERRORS))
def list_courses(request: HttpRequest, filters: Query[CourseListQuery]):
    """Classes held in your scope (or under `unit`), newest first, with their counts."""
    unit = access_unit(request.user, filters.unit) if filters.unit else None
    criteria = selectors.CourseFilters(unit=unit, kind=filters.kind or "", year=filters.year)
    return [_summary(course) for course in selectors.course_list(request.user, criteria, limit=filters.limit)]


@router.get("/{course_id}", response=responses({200: CourseOut}, READ_ERRORS))
def get_course(request: HttpRequest, course_id: Id):
    """A class with its sources (attendance, result, certificate) and its sessions."""
    return _detail(access_course(request.user, course_id))


@router.post(
    "",
    response=responses({201: CourseOut}, WRITE_ERRORS),
    openapi_extra=links_to_created(
        "course_id",
        read="sotay_recruitment_api_classes_get_course",
        change="sotay_recruitment_api_classes_update_course",
    ),
)
def create_course(request: HttpRequest, payload: CourseCreateIn):
    unit = access_unit(request.user, payload.unit_id)
    data = payload.dict(exclude={"unit_id"})
    data["grants_education"] = data["grants_education"] or ""
    course = services.course_create(actor=request.user, unit=unit, **data)
    return Status(201, _detail(course))


@router.patch("/{course_id}", response=responses({200: CourseOut}, WRITE_ERRORS))
def update_course(request: HttpRequest, course_id: Id, payload: CoursePatchIn):
    course = access_course(request.user, course_id, for_write=True)
    changes = payload.dict(exclude_unset=True)
    refused = {f: _("This field cannot be empty.") for f, v in changes.items() if v is None and f not in EMPTIABLE}
    if refused:
        raise ValidationError(refused)
    changes = {field: "" if value is None else value for field, value in changes.items()}
    services.course_update(actor=request.user, course=course, changes=changes)
    return _detail(course)


@router.post("/{course_id}/enrollments", response=responses({201: CourseOut}, WRITE_ERRORS))
def enroll(request: HttpRequest, course_id: Id, payload: EnrollIn):
    """Enrol sources (all or none); an id you cannot see is refused as if it did not exist."""
    course = access_course(request.user, course_id, for_write=True)
    candidates, unknown = visible_candidates(request.user, payload.candidate_ids)
    if unknown:
        raise ValidationError(
            {"candidate_ids": _("No source you can see has the id %(ids)s.") % {"ids": ", ".join(map(str, unknown))}}
        )
    services.course_enroll(actor=request.user, course=course, candidates=candidates, enrolled_on=payload.enrolled_on)
    return Status(201, _detail(course))


@router.post("/{course_id}/sessions", response=responses({201: CourseOut}, WRITE_ERRORS))
def record_session(request: HttpRequest, course_id: Id, payload: SessionIn):
    """Record a session; `present` lists the enrolments of those who came, the rest are absent."""
    course = access_course(request.user, course_id, for_write=True)
    services.session_record(
        actor=request.user, course=course, held_on=payload.held_on, topic=payload.topic, present=set(payload.present)
    )
    return Status(201, _detail(course))


@router.put("/sessions/{session_id}", response=responses({200: CourseOut}, WRITE_ERRORS))
def correct_session(request: HttpRequest, session_id: Id, payload: SessionIn):
    """Correct a session: its date, topic and who was present (the attendance is written anew)."""
    session = access_course_session(request.user, session_id, for_write=True)
    services.session_update(
        actor=request.user, session=session, held_on=payload.held_on, topic=payload.topic, present=set(payload.present)
    )
    return _detail(session.course)


@router.post("/{course_id}/results", response=responses({200: CourseOut}, WRITE_ERRORS))
def record_results(request: HttpRequest, course_id: Id, payload: ResultsIn):
    """Record results (all or none). A pass is final; an awareness pass needs a certificate number;
    a supplementary pass raises the source's general education."""
    course = access_course(request.user, course_id, for_write=True)
    entries = [services.ResultEntry(r.enrollment_id, r.result, r.certificate_number) for r in payload.results]
    services.course_results_record(actor=request.user, course=course, result_on=payload.result_on, entries=entries)
    return _detail(course)
