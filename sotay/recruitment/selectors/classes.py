"""Reads for classes: lists, a class with its sources and sessions, and the awareness certificate
the admission case's guard asks for."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet

from sotay.organizations.models import Unit
from sotay.recruitment.choices import CourseKind, CourseResult, SourceStatus
from sotay.recruitment.eligibility import EDUCATION_GRADE
from sotay.recruitment.models import Attendance, Candidate, Course, CourseSession, Enrollment
from sotay.recruitment.selectors.sources import name_matches

# Sources still being prepared may join a class; a dropped or admitted source may not.
ENROLLABLE_STATUSES = (SourceStatus.ACTIVE, SourceStatus.IN_CASE)


def education_raised(current: str, granted: str) -> bool:
    """Whether `granted` is a higher grade than `current`."""
    grades = {education.value: grade for education, grade in EDUCATION_GRADE.items()}
    return grades.get(granted, 0) > grades.get(current, 0)


def awareness_certificate(candidate: Candidate, *, on: datetime.date) -> Enrollment | None:
    """The source's passed awareness class on `on` (its certificate issued that day or before),
    the latest if several, with its class; None if they hold none. The admission case's guard
    and the source's page call this."""
    return (
        Enrollment.objects.filter(
            candidate=candidate,
            course__kind=CourseKind.AWARENESS,
            result=CourseResult.PASSED,
            result_on__lte=on,
        )
        .select_related("course")
        .order_by("-result_on", "-pk")
        .first()
    )


@dataclass(frozen=True)
class CourseFilters:
    unit: Unit | None = None
    kind: str = ""
    year: int | None = None


def course_list(actor, filters: CourseFilters = CourseFilters(), *, limit: int = 100) -> list[Course]:
    """Classes of the actor's subtree (or `filters.unit`'s), newest first, each with
    `enrolled`, `passed` and `session_count`."""
    courses = Course.objects.visible_to(actor).select_related("unit")
    if filters.unit is not None:
        courses = courses.in_subtree(filters.unit)
    if filters.kind:
        courses = courses.filter(kind=filters.kind)
    if filters.year:
        courses = courses.filter(starts_on__year__lte=filters.year, ends_on__year__gte=filters.year)
    courses = courses.annotate(
        enrolled=Count("enrollments", distinct=True),
        passed=Count("enrollments", filter=Q(enrollments__result=CourseResult.PASSED), distinct=True),
        session_count=Count("sessions", distinct=True),
    )
    return list(courses.order_by("-starts_on", "-pk")[:limit])


def course_enrollments(course: Course) -> QuerySet[Enrollment]:
    """The class's sources in name order, each with the number of sessions they attended (`attended`)."""
    return (
        Enrollment.objects.filter(course=course)
        .select_related("candidate__unit")
        .annotate(attended=Count("attendance", filter=Q(attendance__present=True)))
        .order_by("candidate__name_sort", "pk")
    )


def course_sessions(course: Course) -> QuerySet[CourseSession]:
    """The class's sessions in date order, each with `present_count` and `recorded_count`."""
    return course.sessions.annotate(
        present_count=Count("attendance", filter=Q(attendance__present=True)),
        recorded_count=Count("attendance"),
    ).order_by("held_on", "pk")


def session_with_attendance(session: CourseSession) -> CourseSession:
    """The session with its attendance rows and their sources (`attendance_rows`)."""
    rows = Attendance.objects.filter(session=session).select_related("enrollment__candidate")
    return (
        CourseSession.objects.filter(course=session.course_id, pk=session.pk)
        .select_related("course__unit")
        .prefetch_related(
            Prefetch(
                "attendance",
                queryset=rows.order_by("enrollment__candidate__name_sort", "pk"),
                to_attr="attendance_rows",
            )
        )
        .get()
    )


def session_roll(course: Course, held_on: datetime.date | None = None) -> list[Enrollment]:
    """The sources to call on a session day: enrolled by then and not gone from the class."""
    enrollments = Enrollment.objects.filter(course=course).select_related("candidate")
    if held_on is not None:
        enrollments = enrollments.filter(enrolled_on__lte=held_on).exclude(
            result=CourseResult.LEFT, result_on__lte=held_on
        )
    return list(enrollments.order_by("candidate__name_sort", "pk"))


def enrollable_candidates(actor, course: Course, *, q: str = "", limit: int = 500) -> list[Candidate]:
    """Sources the actor sees in the class's subtree who could join it now, in name order; with `q`,
    those whose name has a word starting with each word of it (the sources' and members' search)."""
    candidates = (
        Candidate.objects.visible_to(actor)
        .in_subtree(course.unit)
        .filter(status__in=ENROLLABLE_STATUSES)
        .exclude(enrollments__course=course)
        .select_related("unit")
        .order_by("name_sort", "pk")
    )
    if q:
        candidates = name_matches(candidates, q)
    if course.kind == CourseKind.AWARENESS:
        certified = Enrollment.objects.filter(
            candidate=OuterRef("pk"), course__kind=CourseKind.AWARENESS, result=CourseResult.PASSED
        )
        candidates = candidates.exclude(Exists(certified))
    found = list(candidates[:limit])
    if course.kind == CourseKind.SUPPLEMENTARY:
        found = [c for c in found if education_raised(c.general_education, course.grants_education)]
    return found


def candidate_enrollments(candidate: Candidate) -> list[Enrollment]:
    """The classes a source joined, newest first, for the source's page."""
    return list(
        Enrollment.objects.filter(candidate=candidate).select_related("course").order_by("-course__starts_on", "-pk")
    )
