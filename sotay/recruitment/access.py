"""id → recruitment object for an actor, or 404. "Missing" and "not yours" are the same answer;
403 only for what the actor may see but not change."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _

from sotay.core.permissions import RECRUITMENT_CHANGE, can
from sotay.recruitment.models import Candidate, Course, CourseSession

# Classes -------------------------------------------------------------------------------------


def access_course(actor, course_id: int, *, for_write: bool = False) -> Course:
    """A class held by a unit of the actor's subtree; PermissionDenied if `for_write` and the
    actor may only read it."""
    course = Course.objects.visible_to(actor).select_related("unit").filter(pk=course_id).first()
    if course is None:
        raise Http404(_("No such class."))
    if for_write and not can(actor, RECRUITMENT_CHANGE, course.unit):
        raise PermissionDenied(_("You may view this class but not change it."))
    return course


def access_course_session(actor, session_id: int, *, for_write: bool = False) -> CourseSession:
    """A session of a class the actor may see; PermissionDenied if `for_write` and they may only read it."""
    session = CourseSession.objects.visible_to(actor).select_related("course__unit").filter(pk=session_id).first()
    if session is None:
        raise Http404(_("No such session."))
    if for_write and not can(actor, RECRUITMENT_CHANGE, session.course.unit):
        raise PermissionDenied(_("You may view this class but not change it."))
    return session


def visible_candidates(actor, candidate_ids: list[int]) -> tuple[list[Candidate], list[int]]:
    """The sources with these ids the actor may see, and the ids they may not (or that do not exist)."""
    found = {c.pk: c for c in Candidate.objects.visible_to(actor).select_related("unit").filter(pk__in=candidate_ids)}
    return [found[pk] for pk in dict.fromkeys(candidate_ids) if pk in found], [
        pk for pk in candidate_ids if pk not in found
    ]
