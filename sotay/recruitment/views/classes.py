"""Class pages: the list, a class with its sources and sessions, and the forms that change them."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from sotay.core.access import requires
from sotay.core.forms import apply_service_errors
from sotay.core.permissions import RECRUITMENT_CHANGE, RECRUITMENT_VIEW, can
from sotay.core.scoping import scope_paths
from sotay.core.text import short_date
from sotay.organizations.access import access_unit, access_unit_by_code
from sotay.organizations.models import Unit
from sotay.recruitment.access import access_course, access_course_session
from sotay.recruitment.forms_classes import (
    CourseFilterForm,
    CourseForm,
    EnrollForm,
    EnrollSearchForm,
    ResultsForm,
    SessionForm,
)
from sotay.recruitment.selectors import classes as selectors
from sotay.recruitment.services import classes as services

LIST_LIMIT = 100


def _units_to_open_in(user, unit: Unit | None) -> list[Unit]:
    """Where the "new class" buttons lead: the filtered unit, or the units the user's roles are on."""
    if unit is not None:
        return [unit] if can(user, RECRUITMENT_CHANGE, unit) else []
    paths = [path for path in scope_paths(user, RECRUITMENT_CHANGE) if path]
    return list(Unit.objects.visible_to(user, RECRUITMENT_CHANGE).filter(path__in=paths).order_by("path")[:10])


@requires(RECRUITMENT_VIEW)
def course_list(request):
    form = CourseFilterForm(request.GET or None)
    courses = None
    unit = None
    if form.is_valid() or not form.is_bound:
        data = form.cleaned_data if form.is_bound else {}
        if data.get("unit_code"):
            unit = access_unit_by_code(request.user, data["unit_code"])
            if unit is None:
                form.add_error("unit_code", _("No unit you can see has this code."))
        if not form.errors:
            filters = selectors.CourseFilters(unit=unit, kind=data.get("kind") or "", year=data.get("year"))
            courses = selectors.course_list(request.user, filters, limit=LIST_LIMIT + 1)
    more = courses is not None and len(courses) > LIST_LIMIT
    return render(
        request,
        "recruitment/classes/list.html",
        {
            "form": form,
            "courses": courses[:LIST_LIMIT] if courses else courses,
            "more": more,
            "limit": LIST_LIMIT,
            "unit": unit,
            "open_in": _units_to_open_in(request.user, unit),
        },
    )


@requires(RECRUITMENT_CHANGE)
def course_create(request, unit_id: int):
    unit = access_unit(request.user, unit_id)
    if not can(request.user, RECRUITMENT_CHANGE, unit):
        raise PermissionDenied(_("You may not hold classes in %(unit)s.") % {"unit": unit.name})
    form = CourseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with apply_service_errors(form):
            course = services.course_create(actor=request.user, unit=unit, **form.changes())
            messages.success(request, _("The class %(title)s was opened.") % {"title": course.title})
            return redirect("recruitment:course-detail", course_id=course.pk)
    title = _("New class held by %(unit)s") % {"unit": unit.name}
    return render(request, "recruitment/classes/form.html", {"form": form, "title": title, "unit": unit})


@requires(RECRUITMENT_VIEW)
def course_detail(request, course_id: int):
    course = access_course(request.user, course_id)
    return render(
        request,
        "recruitment/classes/detail.html",
        {
            "course": course,
            "enrollments": list(selectors.course_enrollments(course)),
            "sessions": list(selectors.course_sessions(course)),
            "can_change": can(request.user, RECRUITMENT_CHANGE, course.unit),
        },
    )


@requires(RECRUITMENT_CHANGE)
def course_edit(request, course_id: int):
    course = access_course(request.user, course_id, for_write=True)
    form = CourseForm(request.POST or None, instance=course)
    if request.method == "POST" and form.is_valid():
        with apply_service_errors(form):
            services.course_update(actor=request.user, course=course, changes=form.changes())
            messages.success(request, _("The class %(title)s was saved.") % {"title": course.title})
            return redirect("recruitment:course-detail", course_id=course.pk)
        course.refresh_from_db()
    title = _("Edit %(title)s") % {"title": course.title}
    return render(request, "recruitment/classes/form.html", {"form": form, "title": title, "course": course})


@requires(RECRUITMENT_CHANGE)
def course_enroll(request, course_id: int):
    course = access_course(request.user, course_id, for_write=True)
    # The search stays in the page's address, so the ticked sources are posted among those searched.
    search = EnrollSearchForm(request.GET or None)
    q = search.query()
    form = EnrollForm(request.POST or None, candidates=selectors.enrollable_candidates(request.user, course, q=q))
    if request.method == "POST" and form.is_valid():
        with apply_service_errors(form):
            enrolled = services.course_enroll(
                actor=request.user,
                course=course,
                candidates=form.chosen(),
                enrolled_on=form.cleaned_data["enrolled_on"],
            )
            messages.success(
                request,
                ngettext("%(count)d source was enrolled.", "%(count)d sources were enrolled.", len(enrolled))
                % {"count": len(enrolled)},
            )
            return redirect("recruitment:course-detail", course_id=course.pk)
    title = _("Enrol sources in %(title)s") % {"title": course.title}
    return render(
        request,
        "recruitment/classes/enroll.html",
        {"form": form, "search": search, "q": q, "title": title, "course": course},
    )


@requires(RECRUITMENT_CHANGE)
def session_create(request, course_id: int):
    course = access_course(request.user, course_id, for_write=True)
    form = SessionForm(request.POST or None, roll=selectors.session_roll(course))
    if request.method == "POST" and form.is_valid():
        with apply_service_errors(form):
            services.session_record(actor=request.user, course=course, **form.cleaned_data)
            messages.success(request, _("The session and its attendance were recorded."))
            return redirect("recruitment:course-detail", course_id=course.pk)
    title = _("Record a session of %(title)s") % {"title": course.title}
    return render(request, "recruitment/classes/session.html", {"form": form, "title": title, "course": course})


@requires(RECRUITMENT_CHANGE)
def session_edit(request, session_id: int):
    session = access_course_session(request.user, session_id, for_write=True)
    session = selectors.session_with_attendance(session)
    course = session.course
    initial = {
        "held_on": session.held_on,
        "topic": session.topic,
        "present": [row.enrollment_id for row in session.attendance_rows if row.present],  # type: ignore[attr-defined]
    }
    form = SessionForm(request.POST or None, initial=initial, roll=selectors.session_roll(course))
    if request.method == "POST" and form.is_valid():
        with apply_service_errors(form):
            services.session_update(actor=request.user, session=session, **form.cleaned_data)
            messages.success(request, _("The session and its attendance were saved."))
            return redirect("recruitment:course-detail", course_id=course.pk)
    title = _("Session of %(day)s") % {"day": short_date(session.held_on)}
    return render(
        request,
        "recruitment/classes/session.html",
        {"form": form, "title": title, "course": course, "session": session},
    )


@requires(RECRUITMENT_CHANGE)
def course_results(request, course_id: int):
    course = access_course(request.user, course_id, for_write=True)
    enrollments = list(selectors.course_enrollments(course))
    for enrollment in enrollments:
        enrollment.course = course  # the rules read the class; spare one query per row
    form = ResultsForm(request.POST or None, enrollments=enrollments)
    if request.method == "POST" and form.is_valid():
        with apply_service_errors(form):
            changed = services.course_results_record(
                actor=request.user, course=course, result_on=form.cleaned_data["result_on"], entries=form.entries()
            )
            messages.success(
                request,
                ngettext("%(count)d result was recorded.", "%(count)d results were recorded.", len(changed))
                % {"count": len(changed)},
            )
            return redirect("recruitment:course-detail", course_id=course.pk)
    title = _("Results of %(title)s") % {"title": course.title}
    return render(request, "recruitment/classes/results.html", {"form": form, "title": title, "course": course})
