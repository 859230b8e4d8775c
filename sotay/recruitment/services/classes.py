"""Writes for classes: supplementary general-education classes and awareness classes on the Party.

A class is held by a unit and takes sources from that unit's subtree. Its sessions record who was
present; its results say who passed, with the certificate number. Passing a supplementary class
raises the source's general education to what the class gives, in `candidate_education_raise`,
the one place that changes it this way (the audit log keeps the old and new values).

Every service here takes the acting user, checks `recruitment.change` on the class's unit, and
raises ValidationError with messages by field, writing nothing, when something is wrong.
"""

from __future__ import annotations

import copy
import datetime
import re
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sotay.core.audit import acting_as
from sotay.core.permissions import RECRUITMENT_CHANGE, require
from sotay.core.text import short_date
from sotay.members.choices import Education
from sotay.organizations.models import Unit
from sotay.recruitment.choices import CourseKind, CourseResult
from sotay.recruitment.models import Attendance, Candidate, Course, CourseSession, Enrollment
from sotay.recruitment.selectors.classes import ENROLLABLE_STATUSES, education_raised

COURSE_FIELDS = ("kind", "title", "starts_on", "ends_on", "place", "grants_education")


# Rules shared by the forms, the services and the API ----------------------------------------


def course_errors(
    *,
    kind: str,
    starts_on: datetime.date | None,
    ends_on: datetime.date | None,
    grants_education: str,
    course: Course | None = None,
) -> dict[str, str]:
    """Field → message for a class's kind, dates and education; `course` is the class being edited."""
    errors: dict[str, str] = {}
    if kind == CourseKind.SUPPLEMENTARY and not grants_education:
        errors["grants_education"] = _("Say which education the class gives on graduation.")
    elif kind == CourseKind.SUPPLEMENTARY and grants_education == Education.PRIMARY:
        errors["grants_education"] = _("A supplementary class for sources gives lower or upper secondary education.")
    elif kind == CourseKind.AWARENESS and grants_education:
        errors["grants_education"] = _("An awareness class gives no general education.")
    if starts_on and ends_on and ends_on < starts_on:
        errors["ends_on"] = _("The class cannot end before it starts.")
    if course is None or course.pk is None:
        return errors
    if kind != course.kind and course.enrollments.exists():
        errors["kind"] = _("Sources are enrolled: the kind of the class can no longer change.")
    if grants_education != course.grants_education and course.enrollments.filter(result=CourseResult.PASSED).exists():
        errors["grants_education"] = _("Sources have passed: the education the class gives can no longer change.")
    if starts_on and ends_on and "ends_on" not in errors:
        outside = course.sessions.exclude(held_on__range=(starts_on, ends_on)).order_by("held_on").first()
        if outside is not None:
            errors["starts_on"] = _("A session was held on %(day)s, outside these dates.") % {
                "day": short_date(outside.held_on)
            }
    return errors


def _raise_errors(errors: Mapping[str, str | list[str]]) -> None:
    if errors:
        raise ValidationError(dict(errors))


def _check_day(day: datetime.date, field: str, *, label: str) -> dict[str, str]:
    if day > timezone.localdate():
        return {field: _("%(what)s cannot be in the future.") % {"what": label}}
    return {}


def _lock(course: Course) -> Course:
    """The class row, locked so two enrolments or two result sheets for it do not interleave."""
    return Course.objects.select_for_update().get(pk=course.pk)


# Classes -------------------------------------------------------------------------------------


def course_create(
    *,
    actor,
    unit: Unit,
    kind: str,
    title: str,
    starts_on: datetime.date,
    ends_on: datetime.date,
    place: str = "",
    grants_education: str = "",
) -> Course:
    """Open a class held by `unit`. Needs `recruitment.change` on the unit (PermissionDenied)."""
    require(actor, RECRUITMENT_CHANGE, unit)
    course = Course(
        unit=unit,
        kind=kind,
        title=title.strip(),
        starts_on=starts_on,
        ends_on=ends_on,
        place=place.strip(),
        grants_education=grants_education,
    )
    _check_course(course)
    with transaction.atomic(), acting_as(actor):
        course.save()
    return course


def course_update(*, actor, course: Course, changes: Mapping[str, object]) -> Course:
    """Change a class's fields (`COURSE_FIELDS`); needs `recruitment.change` on its unit."""
    require(actor, RECRUITMENT_CHANGE, course.unit)
    unknown = set(changes) - set(COURSE_FIELDS)
    _raise_errors({field: _("Unknown field.") for field in sorted(unknown)})
    with transaction.atomic(), acting_as(actor):
        stored = _lock(course)
        locked = copy.copy(stored)
        for field, value in changes.items():
            setattr(locked, field, value.strip() if isinstance(value, str) and field in ("title", "place") else value)
        _check_course(locked, stored=stored)
        locked.save()
    for field in COURSE_FIELDS:
        setattr(course, field, getattr(locked, field))
    return course


def _check_course(course: Course, *, stored: Course | None = None) -> None:
    """Every problem with `course` by field; `stored` is the class as it was before an edit."""
    errors: dict[str, list[ValidationError]] = {}
    try:
        course.full_clean(exclude=["unit"], validate_constraints=False)
    except ValidationError as error:
        error.update_error_dict(errors)
    rules = course_errors(
        kind=course.kind,
        starts_on=course.starts_on,
        ends_on=course.ends_on,
        grants_education=course.grants_education,
        course=stored,
    )
    for field, message in rules.items():
        errors.setdefault(field, [ValidationError(message)])
    if errors:
        raise ValidationError(errors)


# Enrolment -----------------------------------------------------------------------------------


def enrollment_refusal(course: Course, candidate: Candidate, *, passed_awareness: bool = False) -> str:
    """Why `candidate` cannot join `course`, or "". `passed_awareness` says whether they already
    hold an awareness certificate (the caller reads it for many sources at once)."""
    if not candidate.unit.path.startswith(course.unit.path):
        return _("%(name)s is a source of %(unit)s, outside the units of this class.") % {
            "name": candidate.full_name,
            "unit": candidate.unit.name,
        }
    if candidate.status not in ENROLLABLE_STATUSES:
        return _("%(name)s is no longer being prepared (%(status)s).") % {
            "name": candidate.full_name,
            "status": candidate.get_status_display(),
        }
    if course.kind == CourseKind.SUPPLEMENTARY and not education_raised(
        candidate.general_education, course.grants_education
    ):
        return _("%(name)s already has %(education)s education.") % {
            "name": candidate.full_name,
            "education": candidate.get_general_education_display(),
        }
    if course.kind == CourseKind.AWARENESS and passed_awareness:
        return _("%(name)s already holds an awareness class certificate.") % {"name": candidate.full_name}
    return ""


def course_enroll(
    *, actor, course: Course, candidates: Iterable[Candidate], enrolled_on: datetime.date
) -> list[Enrollment]:
    """Enrol sources in a class, all or none. Each must be a source of the class's unit or a unit
    under it, still being prepared, not enrolled yet, and (for a supplementary class) below the
    education it gives; nobody joins a class after it ended."""
    require(actor, RECRUITMENT_CHANGE, course.unit)
    chosen = list(candidates)
    errors: dict[str, list[str]] = {}
    if not chosen:
        errors["candidates"] = [_("Choose at least one source.")]
    errors.update({k: [v] for k, v in _check_day(enrolled_on, "enrolled_on", label=_("The enrolment date")).items()})
    if enrolled_on > course.ends_on:
        errors.setdefault("enrolled_on", []).append(
            _("The class ended on %(day)s.") % {"day": short_date(course.ends_on)}
        )
    with transaction.atomic(), acting_as(actor):
        course = _lock(course)
        ids = [candidate.pk for candidate in chosen]
        enrolled = set(
            Enrollment.objects.filter(course=course, candidate_id__in=ids).values_list("candidate_id", flat=True)
        )
        certified = set(
            Enrollment.objects.filter(
                candidate_id__in=ids, course__kind=CourseKind.AWARENESS, result=CourseResult.PASSED
            ).values_list("candidate_id", flat=True)
        )
        for candidate in chosen:
            refusal = (
                _("%(name)s is already enrolled.") % {"name": candidate.full_name}
                if candidate.pk in enrolled
                else enrollment_refusal(course, candidate, passed_awareness=candidate.pk in certified)
            )
            if refusal:
                errors.setdefault("candidates", []).append(refusal)
        _raise_errors(errors)
        return Enrollment.objects.bulk_create(
            [Enrollment(course=course, candidate=candidate, enrolled_on=enrolled_on) for candidate in chosen]
        )


# Sessions and attendance ---------------------------------------------------------------------


def _session_errors(course: Course, held_on: datetime.date) -> dict[str, str]:
    errors = _check_day(held_on, "held_on", label=_("The session date"))
    if not errors and not course.starts_on <= held_on <= course.ends_on:
        errors["held_on"] = _("The class runs from %(start)s to %(end)s.") % {
            "start": short_date(course.starts_on),
            "end": short_date(course.ends_on),
        }
    return errors


def _attendance_rows(session: CourseSession, course: Course, present: Collection[int]) -> list[Attendance]:
    """One row for every source of the class who had not left it by the session's day."""
    enrollments = Enrollment.objects.filter(course=course, enrolled_on__lte=session.held_on).exclude(
        result=CourseResult.LEFT, result_on__lte=session.held_on
    )
    ids = set(enrollments.values_list("pk", flat=True))
    strangers = set(present) - ids
    if strangers:
        raise ValidationError({"present": _("Only sources enrolled in this class on that day can be present.")})
    return [Attendance(session=session, enrollment_id=pk, present=pk in present) for pk in sorted(ids)]


def session_record(
    *, actor, course: Course, held_on: datetime.date, topic: str = "", present: Collection[int] = ()
) -> CourseSession:
    """Record a session held on `held_on` (within the class's dates, not in the future), with
    `present` the enrolment ids of those who came; every other enrolled source is absent."""
    require(actor, RECRUITMENT_CHANGE, course.unit)
    _raise_errors(_session_errors(course, held_on))
    with transaction.atomic(), acting_as(actor):
        course = _lock(course)
        session = CourseSession(course=course, held_on=held_on, topic=topic.strip())
        session.full_clean(exclude=["course"])
        session.save()
        Attendance.objects.bulk_create(_attendance_rows(session, course, present))
    return session


def session_update(
    *, actor, session: CourseSession, held_on: datetime.date, topic: str = "", present: Collection[int] = ()
) -> CourseSession:
    """Correct a session: its date, topic and who was present (the attendance is written anew)."""
    course = session.course
    require(actor, RECRUITMENT_CHANGE, course.unit)
    _raise_errors(_session_errors(course, held_on))
    with transaction.atomic(), acting_as(actor):
        _lock(course)
        session.held_on = held_on
        session.topic = topic.strip()
        session.full_clean(exclude=["course"])
        session.save()
        session.attendance.all().delete()
        Attendance.objects.bulk_create(_attendance_rows(session, course, present))
    return session


# Results, certificates, education ------------------------------------------------------------


@dataclass(frozen=True)
class ResultEntry:
    """What the result sheet says about one enrolled source."""

    enrollment_id: int
    result: str
    certificate_number: str = ""


def result_errors(course: Course, enrollment: Enrollment, result: str, certificate_number: str) -> tuple[str, str]:
    """(field, message) saying why this result cannot be recorded for `enrollment`, where field
    is "result" or "certificate_number"; ("", "") if it can."""
    name = enrollment.candidate.full_name
    if enrollment.result == CourseResult.PASSED and result != CourseResult.PASSED:
        return "result", _("%(name)s passed; a recorded pass cannot be taken back.") % {"name": name}
    if result == CourseResult.PASSED and course.kind == CourseKind.AWARENESS and not certificate_number:
        return "certificate_number", _("Give the certificate number of %(name)s.") % {"name": name}
    if result != CourseResult.PASSED and certificate_number:
        return "certificate_number", _("Only a source who passed gets a certificate number (%(name)s).") % {
            "name": name
        }
    return "", ""


_LAST_DIGITS = re.compile(r"(\d+)(\D*)$")


def certificate_numbers(first: str, *, count: int, taken: Collection[str] = ()) -> list[str]:
    """`count` certificate numbers from `first` on, counting up its last group of digits and keeping
    its width (CT-098, CT-099, CT-100), skipping those in `taken`. ValidationError on the field
    `first_number` if `first` has no digits to count."""
    match = _LAST_DIGITS.search(first.strip())
    if match is None:
        raise ValidationError({"first_number": _("The first number must contain digits to count up from.")})
    head, digits, tail = first.strip()[: match.start()], match.group(1), match.group(2)
    numbers: list[str] = []
    value = int(digits)
    while len(numbers) < count:
        number = f"{head}{value:0{len(digits)}d}{tail}"
        if number not in taken:
            numbers.append(number)
        value += 1
    return numbers


def course_results_record(
    *, actor, course: Course, result_on: datetime.date, entries: Iterable[ResultEntry]
) -> list[Enrollment]:
    """Record results for sources of the class, all or none, on `result_on` (not before the class
    started, not in the future). A pass is final; an awareness pass needs a certificate number,
    unique in the class; a supplementary pass raises the source's education. Unchanged entries
    are left as they are."""
    require(actor, RECRUITMENT_CHANGE, course.unit)
    entries = list(entries)
    errors: dict[str, list[str]] = {}
    for field, message in _check_day(result_on, "result_on", label=_("The result date")).items():
        errors[field] = [message]
    if result_on < course.starts_on:
        errors.setdefault("result_on", []).append(
            _("The class started on %(day)s.") % {"day": short_date(course.starts_on)}
        )
    with transaction.atomic(), acting_as(actor):
        course = _lock(course)
        by_id = {
            e.pk: e
            for e in Enrollment.objects.select_for_update()
            .select_related("candidate")
            .filter(course=course, pk__in=[entry.enrollment_id for entry in entries])
        }
        numbers = dict(
            Enrollment.objects.filter(course=course)
            .exclude(certificate_number="")
            .values_list("certificate_number", "pk")
        )
        changed: list[Enrollment] = []
        for entry in entries:
            enrollment = by_id.get(entry.enrollment_id)
            number = entry.certificate_number.strip()
            if enrollment is None:
                errors.setdefault("results", []).append(_("A result names a source who is not in this class."))
                continue
            if (enrollment.result, enrollment.certificate_number) == (entry.result, number):
                continue
            _field, problem = result_errors(course, enrollment, entry.result, number)
            holder = numbers.get(number)
            if not problem and number and holder not in (None, enrollment.pk):
                problem = _("Certificate number %(number)s is already given in this class.") % {"number": number}
            if problem:
                errors.setdefault("results", []).append(problem)
                continue
            numbers[number] = enrollment.pk
            enrollment.result, enrollment.certificate_number = entry.result, number
            enrollment.result_on = None if entry.result == CourseResult.PENDING else result_on
            changed.append(enrollment)
        _raise_errors(errors)
        for enrollment in changed:
            enrollment.full_clean(exclude=["course", "candidate"], validate_constraints=False)
            enrollment.save(update_fields=["result", "result_on", "certificate_number"])
            if enrollment.result == CourseResult.PASSED and course.kind == CourseKind.SUPPLEMENTARY:
                candidate_education_raise(actor=actor, enrollment=enrollment, course=course)
    return changed


def candidate_education_raise(*, actor, enrollment: Enrollment, course: Course | None = None) -> bool:
    """Give the source the education of the supplementary class they passed, if it is higher than
    what they have; the enrolment (class, result, date) is the record of why, and the audit log
    keeps the old value. Returns whether it changed. Called by `course_results_record`."""
    course = course or enrollment.course
    require(actor, RECRUITMENT_CHANGE, course.unit)
    if course.kind != CourseKind.SUPPLEMENTARY or enrollment.result != CourseResult.PASSED:
        raise ValidationError(_("Only a pass in a supplementary class raises a source's education."))
    candidate = enrollment.candidate
    if not education_raised(candidate.general_education, course.grants_education):
        return False
    with transaction.atomic(), acting_as(actor):
        candidate.general_education = course.grants_education
        candidate.save(update_fields=["general_education", "updated_at"])
    return True
